/** Colour scaling for rasters and coloured points: log scale and percentile clipping over finite values only. */

/**
 * The p-th percentile (0–100, linear interpolation) of the finite values; NaN when there are none.
 * @example percentile([1, 2, 3, 4, Number.NaN], 50) // 2.5
 */
export function percentile(values: ArrayLike<number>, p: number): number {
  const finite: number[] = [];
  for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i])) finite.push(values[i]);
  if (finite.length === 0) return Number.NaN;
  finite.sort((a, b) => a - b);
  const at = (Math.min(100, Math.max(0, p)) / 100) * (finite.length - 1);
  const lo = Math.floor(at);
  const hi = Math.min(finite.length - 1, lo + 1);
  return finite[lo] + (finite[hi] - finite[lo]) * (at - lo);
}

/**
 * log10 of every value; values ≤ 0 and no-data become NaN (no-data on a log map, never zero).
 * @example Array.from(log10Values(new Float32Array([100, 0, Number.NaN]))) // [2, NaN, NaN]
 */
export function log10Values(values: Float32Array): Float32Array {
  const out = new Float32Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = values[i] > 0 ? Math.log10(values[i]) : Number.NaN;
  return out;
}

/** Colour range options shared by raster and point layers. */
export interface ColourScaleOptions {
  /** Plotly colorscale name or list; default "Viridis". */
  colorscale?: string | [number, string][];
  /** Clip the colour range to these percentiles of the finite values (default [0, 100]: full range). */
  clip?: readonly [number, number];
  /** Fixed colour range; overrides clip. */
  range?: readonly [number, number];
  /** Colour by log10 of the value (values ≤ 0 become no-data). */
  log?: boolean;
  /** Colour bar title. */
  title?: string;
}

/**
 * The colour range for values: fixed, or the clip percentiles (min and max when no option is given).
 * @example colourRange(new Float32Array([1, 2, 3, 100]), { clip: [0, 50] }) // [1, 2.5]
 */
export function colourRange(values: ArrayLike<number>, options: ColourScaleOptions = {}): [number, number] {
  if (options.range) return [options.range[0], options.range[1]];
  const [lo, hi] = options.clip ?? [0, 100];
  return [percentile(values, lo), percentile(values, hi)];
}

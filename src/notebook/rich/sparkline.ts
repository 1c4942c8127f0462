/** Small inline histograms for profile tables, drawn from what the profile already holds (quantiles, counts). */

/** What a sparkline reads of a numeric profile. */
export interface QuantileSummary {
  min: number | null;
  max: number | null;
  quantiles?: Record<string, number | null>;
}

/**
 * The share of finite values in each of `bins` equal-width bins between min and max, from the profile's
 * quantiles: the CDF is taken as linear between the known points (min → 0, each quantile, max → 1), so a
 * point mass shows as one tall bar. Null when the profile has no quantiles or no finite values.
 * @example quantileHistogram({ min: 0, max: 4, quantiles: { "0.75": 2 } }, 2) // [0.75, 0.25]
 */
export function quantileHistogram(profile: QuantileSummary, bins = 16): number[] | null {
  const { min, max, quantiles } = profile;
  if (min === null || max === null || !Number.isFinite(min) || !Number.isFinite(max) || !quantiles)
    return null;
  const points: [number, number][] = [[min, 0]];
  const levels = Object.keys(quantiles)
    .map(Number)
    .filter((q) => q > 0 && q < 1)
    .sort((a, b) => a - b);
  for (const q of levels) {
    const v = quantiles[String(q)];
    if (typeof v === "number" && Number.isFinite(v)) points.push([Math.min(max, Math.max(min, v)), q]);
  }
  if (points.length === 1) return null;
  points.push([max, 1]);
  if (max === min) return [1];
  // F(x): the highest level reached at or below x, linear up to the next point.
  const cdf = (x: number): number => {
    let i = 0;
    while (i + 1 < points.length && points[i + 1][0] <= x) i++;
    if (i + 1 >= points.length) return 1;
    const [x0, q0] = points[i];
    const [x1, q1] = points[i + 1];
    return x1 > x0 ? q0 + ((q1 - q0) * (x - x0)) / (x1 - x0) : q1;
  };
  const width = (max - min) / bins;
  const out: number[] = [];
  let previous = 0;
  for (let b = 1; b <= bins; b++) {
    const at = b === bins ? 1 : cdf(min + b * width);
    out.push(Math.max(0, at - previous));
    previous = Math.max(previous, at);
  }
  return out;
}

/**
 * An inline SVG bar chart of non-negative values (heights relative to the largest), `title` as its tooltip.
 * @example sparklineSvg([1, 2], "x").startsWith('<svg class="skygate-spark"') // true
 */
export function sparklineSvg(values: readonly number[], title: string, width = 80, height = 16): string {
  const top = Math.max(...values, 0);
  const w = width / Math.max(1, values.length);
  const bars = values
    .map((v, i) => {
      const h = top > 0 ? Math.max(v > 0 ? 1 : 0, (v / top) * height) : 0;
      return `<rect x="${(i * w).toFixed(1)}" y="${(height - h).toFixed(1)}" width="${Math.max(1, w - 0.5).toFixed(1)}" height="${h.toFixed(1)}"/>`;
    })
    .join("");
  const safeTitle = title.replace(/&/g, "&amp;").replace(/</g, "&lt;");
  return `<svg class="skygate-spark" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" fill="#4c78a8"><title>${safeTitle}</title>${bars}</svg>`;
}

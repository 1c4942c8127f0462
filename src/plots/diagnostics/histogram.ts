/**
 * Per-column histogram: the range a check used drawn on it, values outside it in red, and NaN / null /
 * ±Inf / flag-set counts in a panel beside, so no value is silently dropped. Counts are computed here, so
 * the figure carries bins, never the raw values.
 */
import { type Provenance, withCaption } from "../caption.js";
import { percentile } from "../colour.js";
import type { PlotlyFigure } from "../types.js";

/** Bins, log scale and the checked range drawn on a column histogram. */
export interface HistogramOptions {
  /** The valid range of the check; values outside are failing. */
  range?: { min?: number; max?: number };
  bins?: number;
  /** Log y axis. */
  logY?: boolean;
  /** Rows that are null (not representable in a number array), counted beside. */
  nulls?: number;
  /** Rows with the column's flag set, counted beside. */
  flagged?: number;
  title?: string;
  provenance?: Provenance;
}

/** Binned counts of the finite values, split into inside and outside the range, plus the non-finite counts. */
export interface HistogramCounts {
  edges: Float64Array;
  inside: Float64Array;
  outside: Float64Array;
  nan: number;
  posInf: number;
  negInf: number;
  /** Finite values beyond the plotted span (the robust 0.1–99.9 percentile span plus the range bounds), folded into the end bins. */
  below: number;
  above: number;
}

function isOutside(v: number, range: HistogramOptions["range"]): boolean {
  return (
    range !== undefined &&
    ((range.min !== undefined && v < range.min) || (range.max !== undefined && v > range.max))
  );
}

/**
 * Histogram counts of a column.
 * @example histogramCounts([0, 1, 2, Number.NaN, Infinity], { bins: 2, range: { max: 1.5 } }).outside // Float64Array [0, 1]
 */
export function histogramCounts(values: ArrayLike<number>, options: HistogramOptions = {}): HistogramCounts {
  const bins = options.bins ?? 50;
  let nan = 0;
  let posInf = 0;
  let negInf = 0;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (Number.isNaN(v)) nan++;
    else if (v === Infinity) posInf++;
    else if (v === -Infinity) negInf++;
    else {
      if (v < min) min = v;
      if (v > max) max = v;
    }
  }
  let lo = min;
  let hi = max;
  if (values.length > 1000) {
    // Heavy tails (fluxes) would squash everything into one bin: plot the 0.1–99.9 % span plus the range.
    const sample = Float64Array.from(
      { length: Math.min(values.length, 20000) },
      (_, i) => values[Math.floor((i * values.length) / Math.min(values.length, 20000))],
    );
    lo = Math.max(min, percentile(sample, 0.1));
    hi = Math.min(max, percentile(sample, 99.9));
  }
  for (const b of [options.range?.min, options.range?.max])
    if (b !== undefined && Number.isFinite(b)) {
      lo = Math.min(lo, b);
      hi = Math.max(hi, b);
    }
  if (!(lo <= hi)) {
    lo = 0;
    hi = 1;
  }
  if (lo === hi) {
    lo -= 0.5;
    hi += 0.5;
  }
  const edges = Float64Array.from({ length: bins + 1 }, (_, i) => lo + ((hi - lo) * i) / bins);
  const inside = new Float64Array(bins);
  const outside = new Float64Array(bins);
  let below = 0;
  let above = 0;
  const scale = bins / (hi - lo);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) continue;
    let b = Math.floor((v - lo) * scale);
    if (v < lo) below++;
    if (v > hi) above++;
    b = b < 0 ? 0 : b >= bins ? bins - 1 : b;
    if (isOutside(v, options.range)) outside[b]++;
    else inside[b]++;
  }
  return { edges, inside, outside, nan, posInf, negInf, below, above };
}

/**
 * A histogram figure with the check's range and a side panel of non-finite, null and flag counts.
 * @example columnHistogram([1, 2, -1], { range: { min: 0 }, title: "Object.r_psfFluxErr" }).data.length // 3
 */
export function columnHistogram(values: ArrayLike<number>, options: HistogramOptions = {}): PlotlyFigure {
  const c = histogramCounts(values, options);
  const centres = Array.from({ length: c.inside.length }, (_, i) => (c.edges[i] + c.edges[i + 1]) / 2);
  const width = c.edges[1] - c.edges[0];
  const side: [string, number][] = [
    ["NaN", c.nan],
    ["null", options.nulls ?? 0],
    ["+Inf", c.posInf],
    ["−Inf", c.negInf],
  ];
  if (options.flagged !== undefined) side.push(["flag set", options.flagged]);
  const failing = c.outside.reduce((a, b) => a + b, 0);
  const shapes = [options.range?.min, options.range?.max]
    .filter((b): b is number => b !== undefined && Number.isFinite(b))
    .map((b) => ({
      type: "line",
      xref: "x",
      yref: "paper",
      x0: b,
      x1: b,
      y0: 0,
      y1: 1,
      line: { color: "#cf222e", dash: "dash", width: 1.5 },
    }));
  const annotations: Record<string, unknown>[] = [];
  if (c.below + c.above > 0)
    annotations.push({
      text: `${c.below} below / ${c.above} above the plotted span (in the end bins)`,
      xref: "x domain",
      yref: "y domain",
      x: 1,
      y: 1,
      xanchor: "right",
      showarrow: false,
      font: { size: 10, color: "#57606a" },
    });
  const figure: PlotlyFigure = {
    data: [
      {
        type: "bar",
        name: "in range",
        x: centres,
        y: Array.from(c.inside),
        width,
        marker: { color: "#0969da" },
      },
      {
        type: "bar",
        name: `outside range (${failing})`,
        x: centres,
        y: Array.from(c.outside),
        width,
        marker: { color: "#cf222e" },
      },
      {
        type: "bar",
        orientation: "h",
        name: "not finite / flagged",
        x: side.map((s) => s[1]),
        y: side.map((s) => s[0]),
        text: side.map((s) => String(s[1])),
        textposition: "auto",
        xaxis: "x2",
        yaxis: "y2",
        marker: { color: side.map((s) => (s[1] > 0 ? "#bf8700" : "#d0d7de")) },
        showlegend: false,
      },
    ],
    layout: {
      title: options.title ? { text: options.title, x: 0.01, xanchor: "left" } : undefined,
      barmode: "stack",
      width: 760,
      height: 340,
      xaxis: { domain: [0, 0.74], title: { text: "value" } },
      yaxis: { type: options.logY ? "log" : "linear", title: { text: "rows" } },
      xaxis2: { domain: [0.82, 1], anchor: "y2", showticklabels: false },
      yaxis2: { anchor: "x2", autorange: "reversed" },
      shapes,
      annotations,
      legend: { orientation: "h", y: -0.25 },
      margin: { l: 60, r: 20, t: 40, b: 60 },
    },
    config: { displaylogo: false },
  };
  return options.provenance ? withCaption(figure, options.provenance) : figure;
}

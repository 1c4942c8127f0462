/** Plotly figures as notebook output: the plotly JSON mime bundle JupyterLab and VS Code render. */

/** The MIME type of a plotly figure in Jupyter outputs. */
export const PLOTLY_MIME = "application/vnd.plotly.v1+json";

/** A plotly figure as plain JSON: traces, layout and config. */
export interface PlotlyFigure {
  data: ReadonlyArray<Record<string, unknown>>;
  layout?: Record<string, unknown>;
  config?: Record<string, unknown>;
}

/**
 * The figure as it goes into the notebook: a JSON-safe copy (NaN and ±Infinity become null, as plotly
 * treats them as gaps anyway; typed arrays become arrays; bigint becomes number).
 * @example plotlyJson({ data: [{ type: "bar", y: [1, Number.NaN] }] }).data[0].y // [1, null]
 */
export function plotlyJson(figure: PlotlyFigure): PlotlyFigure {
  const text = JSON.stringify(figure, (_key, value: unknown) => {
    if (typeof value === "number" && !Number.isFinite(value)) return null;
    if (typeof value === "bigint") return Number(value);
    if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
      return Array.from(value as unknown as ArrayLike<number | bigint>, (v) =>
        typeof v === "bigint" ? Number(v) : Number.isFinite(v) ? v : null,
      );
    }
    return value;
  });
  return JSON.parse(text) as PlotlyFigure;
}

/** Plotly figures as notebook output: the plotly JSON mime bundle JupyterLab and VS Code render. */
import { figureJson } from "../plots/html.js";

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

/** Options of plotlyBundle. */
export interface PlotlyBundleOptions {
  /** plotly.js source to inline before the figure (the first figure of a notebook carries it; later ones not). */
  library?: string;
  /** The div id (unique in the notebook). */
  id: string;
}

/** Marks the script element that carries plotly.js, so exporters can tell whether a notebook already has it. */
export const PLOTLY_LIBRARY_MARK = 'data-skygate="plotly.js"';

function figureTitle(figure: PlotlyFigure): string {
  const title = (figure.layout as { title?: string | { text?: string } } | undefined)?.title;
  return typeof title === "string" ? title : (title?.text ?? "");
}

/**
 * A figure as a Jupyter MIME bundle: the plotly JSON (JupyterLab with the plotly renderer, VS Code), an offline
 * HTML fallback that draws it with plotly.js (classic Notebook, exported HTML; plotly.js inlined when
 * `library` is given, never from a CDN), and a text line for consoles. If plotly.js is missing from the page,
 * the fallback says so instead of staying blank.
 * @example Object.keys(plotlyBundle({ data: [] }, { id: "f1" })) // ["application/vnd.plotly.v1+json", "text/html", "text/plain"]
 */
export function plotlyBundle(figure: PlotlyFigure, options: PlotlyBundleOptions): Record<string, unknown> {
  const id = JSON.stringify(options.id);
  const plain = plotlyJson(figure);
  // The fallback keeps typed arrays as base64 `bdata` (plotly.js ≥ 2.28 decodes it): rasters stay compact.
  const json = figureJson(figure);
  const library = options.library ? `<script ${PLOTLY_LIBRARY_MARK}>${options.library}</script>` : "";
  const html =
    `${library}<div class="skygate-figure" id=${id}></div><script>(function(){var f=${json};` +
    `var el=document.getElementById(${id});if(typeof Plotly==="undefined"){el.textContent=` +
    `"plotly.js is not loaded on this page: run the notebook from the top (the first figure loads it).";return;}` +
    `Plotly.newPlot(el,f.data,f.layout||{},f.config||{});})();</script>`;
  const title = figureTitle(figure);
  return {
    [PLOTLY_MIME]: plain,
    "text/html": html,
    "text/plain": `plotly figure${title ? `: ${title}` : ""} (${figure.data.length} traces)`,
  };
}

/**
 * Show tables and figures in a tslab notebook. tslab is loaded only when something is shown, so these
 * modules import fine outside a kernel (tests, CLI); showing there throws a clear error.
 */
import { createRequire } from "node:module";
import type { Table as ArrowTable } from "apache-arrow";
import type { SkyTable } from "../io/table.js";
import { PLOTLY_MIME, type PlotlyFigure, plotlyJson } from "./plotly.js";
import { type TableHtmlOptions, tableHtml } from "./table-html.js";

/** The part of tslab's `display` object skygate uses. */
export interface NotebookDisplay {
  html(html: string): void;
  raw(mimeType: string, data: unknown): void;
}

let cached: NotebookDisplay | undefined;

/**
 * tslab's display, loaded on first use from the notebook's project (a kernel must be running).
 * @example notebookDisplay().html("<b>hi</b>") // (inside a tslab notebook)
 */
export function notebookDisplay(): NotebookDisplay {
  if (cached) return cached;
  let tslab: { display: NotebookDisplay };
  try {
    // No import.meta here: tslab compiles src to CommonJS. Resolve from the notebook's folder instead.
    tslab = createRequire(`${process.cwd()}/`)("tslab") as { display: NotebookDisplay };
  } catch (error) {
    throw new Error(`skygate notebook display needs tslab (npm i -D tslab): ${(error as Error).message}`);
  }
  cached = tslab.display;
  return cached;
}

/**
 * Display the first rows of a table as HTML in the running notebook.
 * @example showTable(await (await openTable("Object", "fixtures/pilot/Object.parquet")).read(), { rows: 5 })
 */
export function showTable(table: SkyTable | ArrowTable, options: TableHtmlOptions = {}): void {
  notebookDisplay().html(tableHtml(table, options));
}

/**
 * Display a plotly figure, or a sky map (anything with `figure()`), as the plotly JSON mime bundle; `npm run
 * nb:html` adds a rendered copy for exported HTML (tools/inline-plotly.ts), so notebooks stay small.
 * @example showPlotly({ data: [{ type: "bar", x: ["g", "r"], y: [3, 5] }] })
 */
export function showPlotly(figure: PlotlyFigure | { figure(): PlotlyFigure }): void {
  const f =
    "figure" in figure && typeof figure.figure === "function" ? figure.figure() : (figure as PlotlyFigure);
  notebookDisplay().raw(PLOTLY_MIME, plotlyJson(f));
}

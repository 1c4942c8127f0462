/**
 * Show tables, figures and results in a tslab notebook. tslab is loaded only when something is shown, so these
 * modules import fine outside a kernel (tests, CLI); showing there throws a clear error.
 */
import { createRequire } from "node:module";
import { inspect } from "node:util";
import type { Table as ArrowTable } from "apache-arrow";
import type { SkyTable } from "../io/table.js";
import { plotlyJsSource } from "../plots/html.js";
import { type PlotlyFigure, plotlyBundle } from "./plotly.js";
import { type RichHtmlOptions, richHtml } from "./rich/rich.js";
import { type TableHtmlOptions, tableHtml } from "./table-html.js";

/** The part of tslab's `display` object skygate uses. */
export interface NotebookDisplay {
  html(html: string): void;
  raw(mimeType: string, data: unknown): void;
  text(text: string): void;
}

type WriteDisplayData = (
  content: {
    data: Record<string, unknown>;
    metadata: Record<string, unknown>;
    transient: Record<string, unknown>;
  },
  update: boolean,
) => void;

let cached: NotebookDisplay | undefined;

/** Loads a tslab module from the notebook's project (no import.meta here: tslab compiles src to CommonJS). */
function requireTslab<T>(path: string): T {
  try {
    return createRequire(`${process.cwd()}/`)(path) as T;
  } catch (error) {
    throw new Error(`skygate notebook display needs tslab (npm i -D tslab): ${(error as Error).message}`);
  }
}

/**
 * tslab's display, loaded on first use from the notebook's project (a kernel must be running).
 * @example notebookDisplay().html("<b>hi</b>") // (inside a tslab notebook)
 */
export function notebookDisplay(): NotebookDisplay {
  cached ??= requireTslab<{ display: NotebookDisplay }>("tslab").display;
  return cached;
}

/**
 * Sends one output carrying one or several MIME types (tslab's public `display` sends one type per output) through
 * the kernel's own writer, from the module instance tslab itself loaded.
 */
function showBundle(bundle: Record<string, unknown>): void {
  const jupyter = requireTslab<{ lastWriteDisplayData: WriteDisplayData | null }>("tslab/dist/jupyter.js");
  if (typeof jupyter.lastWriteDisplayData !== "function")
    throw new Error("skygate: no running tslab kernel to display in (display works inside a notebook cell)");
  jupyter.lastWriteDisplayData({ data: bundle, metadata: {}, transient: {} }, false);
}

/**
 * Display the first rows of a table as HTML in the running notebook.
 * @example showTable(await (await openTable("Object", "fixtures/pilot/Object.parquet")).read(), { rows: 5 })
 */
export function showTable(table: SkyTable | ArrowTable, options: TableHtmlOptions = {}): void {
  showBundle({ "text/html": tableHtml(table, options) });
}

let figures = 0;

function isFigureLike(value: unknown): value is PlotlyFigure | { figure(): PlotlyFigure } {
  if (typeof value !== "object" || value === null) return false;
  if (typeof (value as { figure?: unknown }).figure === "function") return true;
  return Array.isArray((value as { data?: unknown }).data);
}

/**
 * Display a plotly figure, or a sky map (anything with `figure()`): one output with the plotly JSON (rendered
 * natively by JupyterLab's plotly extension and VS Code) and an offline HTML fallback (classic Notebook, exported
 * HTML). plotly.js comes from the installed plotly.js-dist-min, inlined once per kernel, in the first figure.
 * @example showPlotly({ data: [{ type: "bar", x: ["g", "r"], y: [3, 5] }] })
 */
export function showPlotly(figure: PlotlyFigure | { figure(): PlotlyFigure }): void {
  const f =
    "figure" in figure && typeof figure.figure === "function" ? figure.figure() : (figure as PlotlyFigure);
  const library = figures === 0 ? plotlyJsSource() : undefined;
  showBundle(plotlyBundle(f, { id: `skygate-figure-${process.pid}-${figures}`, library }));
  figures++;
}

/** Options of display: how a table or result is shown. */
export interface DisplayOptions extends RichHtmlOptions, TableHtmlOptions {}

/**
 * Display any skygate value with one call: a check, gate or hole report, a profile, a comparison, a failure
 * analysis, metric outcomes (rich HTML, large parts folded), a table (first rows), a figure or sky map (plotly
 * with an offline fallback); anything else as text.
 * @example display(report) // (inside a tslab notebook)
 */
export function display(value: unknown, options: DisplayOptions = {}): void {
  if (isFigureLike(value)) {
    showPlotly(value);
    return;
  }
  if (
    typeof value === "object" &&
    value !== null &&
    ("numRows" in value || ("data" in value && "sources" in value))
  ) {
    showTable(value as SkyTable | ArrowTable, options);
    return;
  }
  const html = richHtml(value, options);
  const text = typeof value === "string" ? value : inspect(value, { depth: 2 });
  showBundle(
    html === undefined ? { "text/plain": text } : { "text/html": html, "text/plain": text.slice(0, 2000) },
  );
}

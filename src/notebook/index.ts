// Public API of src/notebook: tslab display helpers (tslab is loaded lazily, only when showing) and the rich
// HTML of every result type (pure functions, usable outside a kernel).

export {
  type DisplayOptions,
  display,
  type NotebookDisplay,
  notebookDisplay,
  showPlotly,
  showTable,
} from "./display.js";
export {
  PLOTLY_LIBRARY_MARK,
  PLOTLY_MIME,
  type PlotlyBundleOptions,
  type PlotlyFigure,
  plotlyBundle,
  plotlyJson,
} from "./plotly.js";
export { comparisonHtml } from "./rich/compare-html.js";
export { failuresHtml } from "./rich/failures-html.js";
export { gateHtml, metricsHtml } from "./rich/gate-html.js";
export { holesReportHtml, patchGridHtml } from "./rich/holes-html.js";
export type { Paging } from "./rich/parts.js";
export { type ProfileHtmlOptions, profileHtml } from "./rich/profile-html.js";
export { type ReportHtmlOptions, reportHtml } from "./rich/report-html.js";
export { type RichHtmlOptions, richHtml } from "./rich/rich.js";
export { quantileHistogram, sparklineSvg } from "./rich/sparkline.js";
export { type TableHtmlOptions, tableHtml } from "./table-html.js";

// Public API of src/notebook: tslab display helpers (tslab is loaded lazily, only when showing).

export { type NotebookDisplay, notebookDisplay, showPlotly, showTable } from "./display.js";
export { PLOTLY_MIME, type PlotlyFigure, plotlyJson } from "./plotly.js";
export { type TableHtmlOptions, tableHtml } from "./table-html.js";

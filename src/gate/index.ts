/** Pass/fail gates from versioned YAML files: inputs, the every-column suite, metrics, waivers, warn-only findings. */

export type { FailuresSection } from "./failures-step.js";
export { gateHtml, gateMarkdown, gateText } from "./format.js";
export {
  appendHistory,
  type HistoryPoint,
  type HistoryRow,
  historyNames,
  historyRows,
  metricSeries,
  readHistory,
} from "./history.js";
export { historyFigure, historyHtml, historyMarkdown, historyText } from "./history-format.js";
export type { HolesSection } from "./holes-step.js";
export { closest, editDistance, idMatches } from "./match.js";
export {
  COLUMN_STATS,
  type ColumnStat,
  compare,
  judgeMetric,
  type MetricTarget,
  measure,
  parseMetricName,
} from "./metrics.js";
export { notebookHtml } from "./notebook-html.js";
export type { NotebookOutcome } from "./notebook-step.js";
export { loadGate, parseGate } from "./parse.js";
export { type GateEngines, type GateReport, type GateSection, type RunGateOptions, runGate } from "./run.js";
export {
  type FailuresSpec,
  type GateSpec,
  type HolesSpec,
  LEVELS,
  type Level,
  type MetricOutcome,
  type MetricSpec,
  type NotebookSpec,
  type Operator,
  type Waiver,
} from "./types.js";
export { applyWaivers, gateStatus, type WaiverOutcome } from "./waivers.js";

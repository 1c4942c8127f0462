/** Pilot versus production: what changed between two runs, ranked by effect size. */
export { compareRuns } from "./compare.js";
export {
  cdfBounds,
  cohenH,
  ksLowerBound,
  logRatio,
  type QuantileSamples,
  standardizedMeanDifference,
} from "./effect-size.js";
export { comparisonMarkdown, comparisonText } from "./format.js";
export { comparisonHtml } from "./html.js";
export { type RunDocument, readRunDocument, runDocumentFromJson } from "./load.js";
export {
  compareColumnProfiles,
  comparePartitionRows,
  compareProfileTables,
  compareTableProfiles,
} from "./profiles.js";
export { compareReports } from "./reports.js";
export {
  DEFAULT_THRESHOLDS,
  exceedsThreshold,
  noiseFloor,
  parseThresholds,
  rankChanges,
} from "./thresholds.js";
export type { Change, ChangeKind, Comparison, Measure, Thresholds } from "./types.js";

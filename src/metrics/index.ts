// Public API of src/metrics: profiles, Deequ-style mergeable table states, and named metrics.
// Sketch internals (HLL registers, KLL compactors, hash scratch buffers, per-column states) stay internal.

export {
  columnMetrics,
  type DataId,
  formatDataId,
  type Metric,
  metric,
  parseDataId,
  partitionMetrics,
  tableMetrics,
} from "./metric.js";
export {
  computeScience,
  patchAreaArcmin2,
  SCIENCE_METRICS,
  type ScienceInputs,
  type ScienceKernel,
  type ScienceMetricDef,
  SUMMARIES,
  type Summary,
  scienceMetric,
  summarizeMetrics,
} from "./science/index.js";
export {
  addSource,
  createTableState,
  finalizeTableState,
  mergeTableStates,
  type TableState,
  updateTableState,
} from "./table-state.js";
export type { BooleanProfile, ColumnProfile, NumericProfile, StringProfile, TableProfile } from "./types.js";

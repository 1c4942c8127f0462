// Public API of src/metrics/science: the registry of science metrics, computing them, and reducing them for gates.
// The per-metric states and kernels stay internal.

export { patchAreaArcmin2 } from "./density.js";
export {
  computeScience,
  SCIENCE_METRICS,
  type ScienceInputs,
  type ScienceKernel,
  type ScienceMetricDef,
  scienceMetric,
} from "./registry.js";
export { SUMMARIES, type Summary, summarizeMetrics } from "./summary.js";

// Public API of src/core: the result types every stage shares and the one error module.

export { type FilePosition, InputError, type InputErrorKind, UsageError } from "./errors.js";
export { type PartitionBy, PartitionCounts } from "./partitions.js";
export {
  type CheckResult,
  type CheckStatus,
  type Coverage,
  exitCodeFor,
  type Report,
  type ReportStatus,
  reportStatus,
  resultId,
  type SampleRow,
  type TableSummary,
} from "./results.js";

// Public API of src/engines: the Engine contract, the two engines, the condition language and its SQL form.
// Engine internals (key buffers, sample builders, profile SQL plans, the Arrow condition evaluator) stay
// internal: import them from their module when a test needs them.

export { ArrowEngine, type ArrowEngineOptions } from "./arrow/arrow-engine.js";
export {
  AutoEngine,
  type EngineChoice,
  type EngineFallback,
  type EngineSet,
  engineChoice,
  engineFor,
} from "./auto.js";
export { createEnginePool, type EnginePool } from "./choose.js";
export { type Condition, conditionColumns, type Literal } from "./condition.js";
export { DuckDBEngine, type DuckDBEngineOptions } from "./duckdb/duckdb-engine.js";
export { PARTITION_ROW_COLUMNS, type PartitionRows, partitionRows } from "./partition-rows.js";
export { type AdqlFlavor, adqlTapDialect } from "./sql/adql-tap.js";
export { ConditionError, conditionToSql } from "./sql/condition-sql.js";
export { adqlDialect, duckdbDialect, type SqlDialect } from "./sql/dialect.js";
export { lintQservAdql, type QservLintIssue } from "./sql/qserv-lint.js";
export {
  type BoundedKeyCheckResult,
  openTapTable,
  parseTapSpec,
  TapClient,
  type TapClientOptions,
  TapEngine,
  type TapEngineOptions,
  TapError,
  type TapResult,
  TapTableSource,
} from "./tap/index.js";
export type {
  ConditionCount,
  ConditionRequest,
  CountRequest,
  DuplicateKeyOptions,
  Engine,
  KeyCheckResult,
  PartitionSpec,
  ProfileRequest,
  ProfileResult,
  Progress,
  ScanRequestOptions,
} from "./types.js";

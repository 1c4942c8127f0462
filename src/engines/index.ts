// Public API of src/engines.

export { ArrowEngine, type ArrowEngineOptions } from "./arrow/arrow-engine.js";
export { evaluateCondition } from "./arrow/evaluate.js";
export { partitionColumns } from "./arrow/partition.js";
export {
  AutoEngine,
  type EngineChoice,
  type EngineFallback,
  type EngineSet,
  engineChoice,
  engineFor,
} from "./auto.js";
export { createEnginePool, type EnginePool } from "./choose.js";
export * from "./condition.js";
export { DuckDBEngine, type DuckDBEngineOptions, duckdbPhysicalType } from "./duckdb/duckdb-engine.js";
export * from "./keys.js";
export * from "./sample.js";
export { ConditionError, conditionKind, conditionToSql } from "./sql/condition-sql.js";
export { adqlDialect, duckdbDialect, type SqlDialect } from "./sql/dialect.js";
export { type Aggregate, decodeProfile, type ProfilePlan, profilePlan } from "./sql/profile-sql.js";
export * from "./types.js";

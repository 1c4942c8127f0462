// Public API of src/engines.

export { ArrowEngine, type ArrowEngineOptions } from "./arrow/arrow-engine.js";
export { evaluateCondition } from "./arrow/evaluate.js";
export { partitionColumns } from "./arrow/partition.js";
export * from "./condition.js";
export * from "./keys.js";
export * from "./sample.js";
export * from "./types.js";

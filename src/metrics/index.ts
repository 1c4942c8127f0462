// Public API of src/metrics: each module here adds its exports.

export * from "./arrow-types.js";
export * from "./column-state.js";
export * from "./hash.js";
export * from "./hll.js";
export * from "./kll.js";
export * from "./metric.js";
export * from "./table-state.js";
export * from "./types.js";

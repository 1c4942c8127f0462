// Public API of src/metrics: each module here adds its exports.
export * from "./types.js";

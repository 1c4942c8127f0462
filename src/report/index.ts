// Public API of src/report: each module here adds its exports.
export * from "./types.js";

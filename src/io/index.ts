// Public API of src/io: each module here adds its exports.
export * from "./table.js";
export * from "./errors.js";

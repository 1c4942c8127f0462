// Public API of src/report: each module here adds its exports.

export * from "../core/results.js";
export * from "./escape.js";
export * from "./html.js";
export * from "./json.js";
export * from "./junit.js";
export * from "./markdown.js";
export * from "./summary.js";
export * from "./text.js";

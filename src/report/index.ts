// Public API of src/report: formatters of a Report (the result types live in src/core) and summaries of it.

export { toHtml } from "./html.js";
export { toJson } from "./json.js";
export { toJunit } from "./junit.js";
export { toMarkdown } from "./markdown.js";
export { type CheckRollup, problems, rollupByCheck, type StatusCounts, statusCounts } from "./summary.js";
export { type TextOptions, toText } from "./text.js";

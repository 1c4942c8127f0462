// Public API of src/holes: coverage holes, patch completeness and their reports.
export { backgroundOf, densityAt, interquartileMean } from "./background.js";
export { cellsFromRuns, coarsen, indexOfCell, membership, uniqueSorted } from "./cells.js";
export * from "./completeness.js";
export * from "./dc2Lists.js";
export * from "./detect.js";
export * from "./extent.js";
export * from "./footprint.js";
export { holesHtml } from "./html.js";
export * from "./levels.js";
export * from "./masks.js";
export * from "./positions.js";
export * from "./run.js";
export * from "./shape.js";
export * from "./specs.js";
export * from "./stats.js";
export * from "./where.js";

// Public API of src/failures: read production failure reports, group and judge them, place them on the sky,
// classify them against the reference footprint, daily summaries and registry inventories.
export * from "./analyze.js";
export * from "./butler/index.js";
export * from "./camera/index.js";
export * from "./classify.js";
export * from "./daily.js";
export * from "./dataId.js";
export * from "./footprint.js";
export * from "./geometry.js";
export * from "./group.js";
export * from "./inventory.js";
export * from "./known.js";
export * from "./locate.js";
export * from "./message.js";
export * from "./read.js";
export * from "./refcat.js";
export * from "./report.js";
export type * from "./types.js";

export * from "./types.js";
export * from "./condition.js";

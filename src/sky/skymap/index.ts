export * from "./maps.js";
export * from "./regions.js";
export * from "./rings.js";
export * from "./tanWcs.js";

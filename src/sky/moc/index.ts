export * from "./build.js";
export * from "./moc.js";
export * from "./serialize.js";
export * from "./topology.js";

// Public API of src/sky (the "skygate/sky" package export).

export * from "./angles.js";
export * from "./healpix/index.js";
export * from "./moc/index.js";
export * from "./polygon.js";
export * from "./skymap/index.js";

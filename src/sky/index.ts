// Public API of src/sky: each module here adds its exports.
export * from "./healpix/index.js";

// Butler data without the LSST stack: SQLite registries (sql.js), export YAML, sphgeom regions.
export * from "./exportYaml.js";
export * from "./registry.js";
export * from "./sphgeom.js";

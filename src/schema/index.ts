// Public API of src/schema: felis schemas, datatype mapping, column families, positions, classification.

export * from "./classify.js";
export * from "./datatypes.js";
export * from "./families.js";
export * from "./felis.js";
export * from "./load.js";
export * from "./lookup.js";
export * from "./positions.js";
export * from "./units.js";

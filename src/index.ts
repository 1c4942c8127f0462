/** skygate: quality assurance for astronomical survey data releases. Everything public is exported here. */

export * from "./checks/index.js";
export * from "./engines/index.js";
export * from "./holes/index.js";
export * from "./io/index.js";
export * from "./metrics/index.js";
export * from "./notebook/index.js";
export * from "./plots/index.js";
export * from "./report/index.js";
export * from "./schema/index.js";
export * from "./sky/index.js";

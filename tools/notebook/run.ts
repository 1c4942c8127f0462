// The notebook runner lives in src/notebook/kernel/run.ts; re-exported here for tools and tests.
export * from "../../src/notebook/kernel/run.js";

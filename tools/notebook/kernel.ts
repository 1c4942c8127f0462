// The Jupyter client lives in src/notebook/kernel/ (the CLI's `skygate notebook run` uses it); re-exported here
// for the tools and tests that import it from tools/.
export * from "../../src/notebook/kernel/client.js";

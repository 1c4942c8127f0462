// zeromq loading lives in src/notebook/kernel/zmq.ts; re-exported here for tools and tests.
export * from "../../src/notebook/kernel/zmq.js";

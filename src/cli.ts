#!/usr/bin/env node
// Entry point of the `skygate` command; the commands live in src/cli/. The version comes from package.json,
// one directory above this file both as src/cli.ts and as dist/cli.js (src/ modules must not use import.meta).
import { createRequire } from "node:module";
import { exitCodeOfError } from "./cli/exit.js";
import { processIO } from "./cli/io.js";
import { main } from "./cli/main.js";
import { HANDLED } from "./io/readers/wasm-guard.js";

const { version } = createRequire(import.meta.url)("../package.json") as { version: string };

// `skygate check … | head` closes stdout early: stop quietly instead of crashing on EPIPE.
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code === "EPIPE") process.exit(process.exitCode ?? 0);
  throw error;
});

const io = processIO(version);
const debug = process.argv.includes("--debug");
// main() maps every error it sees; what escapes it (an exception thrown outside any awaited promise, e.g. by a
// library callback) is still one line and the internal-error code, never a bare Node stack trace.
process.on("uncaughtException", (error) => {
  // A wasm decode trap the Parquet reader is waiting for is its to report (src/io/readers/wasm-guard.ts).
  if ((error as { [HANDLED]?: boolean })[HANDLED]) return;
  process.exit(exitCodeOfError(error, io, debug));
});
main(process.argv.slice(2), io).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.exitCode = exitCodeOfError(error, io, debug);
  },
);

#!/usr/bin/env node
// Entry point of the `skygate` command; the commands live in src/cli/. The version comes from package.json,
// one directory above this file both as src/cli.ts and as dist/cli.js (src/ modules must not use import.meta).
import { createRequire } from "node:module";
import { processIO } from "./cli/io.js";
import { main } from "./cli/main.js";

const { version } = createRequire(import.meta.url)("../package.json") as { version: string };

// `skygate check … | head` closes stdout early: stop quietly instead of crashing on EPIPE.
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code === "EPIPE") process.exit(process.exitCode ?? 0);
  throw error;
});

main(process.argv.slice(2), processIO(version)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(
      `skygate: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exitCode = 4;
  },
);

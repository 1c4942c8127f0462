import type { CliIO } from "../../src/cli/io.js";

/** A CliIO that keeps what a command prints, for tests that run commands in-process. */
export function captureIO(): CliIO & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return {
    version: "test",
    stdout: (t) => out.push(t),
    stderr: (t) => err.push(t),
    stderrIsTTY: false,
    out,
    err,
  };
}

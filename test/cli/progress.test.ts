// The progress bar writes to stderr only on a terminal and without --quiet.
import { describe, expect, it } from "vitest";
import type { CliIO } from "../../src/cli/io.js";
import { progressBar } from "../../src/cli/progress.js";

function io(tty: boolean): CliIO & { err: string[] } {
  const err: string[] = [];
  return { version: "t", stdout: () => {}, stderr: (t) => err.push(t), stderrIsTTY: tty, err };
}

describe("progressBar", () => {
  it("draws a bar with the fraction done on a terminal and clears it at the end", () => {
    const out = io(true);
    const bar = progressBar(out, false);
    bar.update({ done: 250, total: 1000, unit: "rows", label: "Object" });
    bar.done();
    expect(out.err[0]).toContain("Object [");
    expect(out.err[0]).toContain("25% 250/1000 rows");
    expect(out.err[1]).toBe("\r\u001b[K");
  });

  it("stays silent when stderr is not a terminal or with --quiet", () => {
    for (const [tty, quiet] of [
      [false, false],
      [true, true],
    ]) {
      const out = io(tty as boolean);
      const bar = progressBar(out, quiet as boolean);
      bar.update({ done: 1, total: 2, unit: "rows" });
      bar.done();
      expect(out.err).toEqual([]);
    }
  });
});

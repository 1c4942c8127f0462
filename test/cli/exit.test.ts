// Exit codes and messages of the CLI's error mapping (src/cli/exit.ts) and the up-front output check
// (src/cli/outputs.ts), in process.
import { mkdirSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { EXIT, exitCodeOfError, withoutDebug } from "../../src/cli/exit.js";
import type { CliIO } from "../../src/cli/io.js";
import { assertWritable } from "../../src/cli/outputs.js";
import { InputError, UsageError } from "../../src/core/errors.js";

function capture(): { io: CliIO; err: () => string } {
  let err = "";
  return {
    io: { version: "0", stdout: () => {}, stderr: (t) => (err += t), stderrIsTTY: false },
    err: () => err,
  };
}

describe("exitCodeOfError", () => {
  it("input and usage errors exit 2 with one line naming the input", () => {
    const c = capture();
    expect(
      exitCodeOfError(new InputError("/d/a\u0007.fits", "corrupt", "bad\nsecond line"), c.io, false),
    ).toBe(2);
    expect(c.err()).toBe("skygate: /d/a?.fits: bad\n");
    expect(exitCodeOfError(new UsageError("--range: no table X given"), c.io, false)).toBe(EXIT.input);
  });

  it("anything else is an internal error, exit 4: one line, the stack only with --debug", () => {
    const quiet = capture();
    expect(exitCodeOfError(new TypeError("x is undefined"), quiet.io, false)).toBe(4);
    expect(quiet.err()).toBe(
      "skygate: internal error: TypeError: x is undefined (run again with --debug for the stack trace)\n",
    );
    const loud = capture();
    expect(exitCodeOfError(new TypeError("x is undefined"), loud.io, true)).toBe(4);
    expect(loud.err()).toMatch(
      /^skygate: internal error: TypeError: x is undefined\nTypeError: x is undefined\n\s+at /,
    );
  });

  it("--debug is taken from anywhere on the command line", () => {
    expect(withoutDebug(["check", "--debug", "--table", "T=a.parquet"])).toEqual({
      argv: ["check", "--table", "T=a.parquet"],
      debug: true,
    });
    expect(withoutDebug(["profile"]).debug).toBe(false);
  });
});

describe("assertWritable", () => {
  const dir = mkdtempSync(join(tmpdir(), "skygate-out-"));
  mkdirSync(join(dir, "sub"));

  it("accepts files in existing folders and absent options", () => {
    expect(() => assertWritable({ "--json": join(dir, "r.json"), "--html": undefined })).not.toThrow();
  });

  it("refuses a missing folder, a folder as file, and two options writing one file", () => {
    expect(() => assertWritable({ "--html": join(dir, "nope", "r.html") })).toThrow(
      /--html .*folder .*nope does not exist/,
    );
    expect(() => assertWritable({ "--json": join(dir, "sub") })).toThrow(/is a folder, not a file/);
    expect(() => assertWritable({ "--json": join(dir, "r"), "--md": join(dir, "r") })).toThrow(/both write/);
  });
});

/**
 * Exit codes of every command and the one place errors become them: usage errors and unreadable input exit 2
 * with one line naming the input; anything unexpected is an internal error (exit 4), one line too, with the stack
 * only under `--debug`. Check outcomes (0, 1, 3) come from the report.
 */
import { INPUT_CHECK } from "../checks/run.js";
import { InputError, UsageError } from "../core/errors.js";
import { type CheckResult, exitCodeFor, type ReportStatus } from "../core/results.js";
import type { CliIO } from "./io.js";

export const EXIT = { pass: 0, failed: 1, input: 2, errored: 3, internal: 4 } as const;

/** One line: the first line of the message, control characters (a hostile file name) shown as `?`. */
function oneLine(text: string): string {
  const first = text.split(/\r?\n/)[0] ?? "";
  // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping them is the point
  return first.replace(/[\u0000-\u001f\u007f]/g, "?").trim();
}

/**
 * The exit code of an error thrown by a command, after telling the user on stderr.
 * @example
 * const io = { version: "0.1.0", stdout: () => {}, stderr: () => {}, stderrIsTTY: false };
 * exitCodeOfError(new UsageError("bad option"), io, false) // 2 (stderr: "skygate: bad option")
 */
export function exitCodeOfError(error: unknown, io: CliIO, debug: boolean): number {
  if (error instanceof UsageError || error instanceof InputError) {
    io.stderr(`skygate: ${oneLine(error.message)}\n`);
    if (debug && error.stack) io.stderr(`${error.stack}\n`);
    return EXIT.input;
  }
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  io.stderr(
    `skygate: internal error: ${oneLine(message)}${debug ? "" : " (run again with --debug for the stack trace)"}\n`,
  );
  if (debug && error instanceof Error && error.stack) io.stderr(`${error.stack}\n`);
  return EXIT.internal;
}

/**
 * Removes `--debug` from a command line (it applies to every command, anywhere on the line).
 * @example
 * withoutDebug(["check", "--debug", "--table", "T=a.parquet"]) // { argv: ["check", "--table", "T=a.parquet"], debug: true }
 */
export function withoutDebug(argv: readonly string[]): { argv: string[]; debug: boolean } {
  const rest = argv.filter((a) => a !== "--debug");
  return { argv: rest, debug: rest.length !== argv.length };
}

/**
 * The exit code of a finished run: 2 when a table's data turned out unreadable mid-run (each such result's
 * message on stderr; the reports, already written, hold the other tables' findings), else the report's status.
 * @example
 * const io = { version: "0.1.0", stdout: () => {}, stderr: () => {}, stderrIsTTY: false };
 * exitCodeOfReport({ status: "fail", results: [] }, io) // 1
 */
export function exitCodeOfReport(
  report: { status: ReportStatus; results: readonly CheckResult[] },
  io: CliIO,
): number {
  const unreadable = report.results.filter((r) => r.check === INPUT_CHECK);
  for (const r of unreadable) io.stderr(`skygate: ${oneLine(r.message)}\n`);
  return unreadable.length > 0 ? EXIT.input : exitCodeFor(report.status);
}

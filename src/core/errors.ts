/**
 * Errors for input that cannot be read at all (as opposed to data problems, which are findings).
 * The CLI maps every `InputError` and `UsageError` to exit code 2.
 */

/** Why an input could not be read. */
export type InputErrorKind =
  | "missing" // path does not exist
  | "permission" // the file or folder cannot be read by this user
  | "empty" // 0-byte file
  | "truncated" // file ends early (e.g. Parquet footer or FITS block cut off)
  | "corrupt" // bytes do not parse as the claimed format
  | "unsupported" // unknown extension or format feature
  | "noMatch" // a directory or glob with no matching files
  | "duplicateColumn" // a table with two columns of the same name
  | "schema" // a schema file that does not load (YAML syntax, unknown datatype, bad reference)
  | "service"; // a remote service (TAP) answered with an error or not at all

/** Where in a text file the problem is (1-based). */
export interface FilePosition {
  line: number;
  column?: number;
}

/** A file or service that could not be read; the message always names it. */
export class InputError extends Error {
  override readonly name = "InputError";
  constructor(
    readonly path: string,
    readonly kind: InputErrorKind,
    readonly detail: string,
    readonly position?: FilePosition,
    options?: { cause?: unknown },
  ) {
    const where = position
      ? `:${position.line}${position.column !== undefined ? `:${position.column}` : ""}`
      : "";
    super(`${path}${where}: ${detail}`, options);
  }
}

/** A command line or API call that makes no sense (unknown option, bad NAME=PATH). */
export class UsageError extends Error {
  override readonly name = "UsageError";
}

/**
 * First line of an error's message, so InputError messages stay one line.
 * @example firstLine(new Error("bad\nmore")) // "bad"
 */
export function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return (text.split("\n")[0] ?? "").trim();
}

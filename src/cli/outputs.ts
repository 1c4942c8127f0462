/** Report files of a command: checked before any work starts, written at the end. */
import { accessSync, constants, type Stats, statSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { UsageError } from "../core/errors.js";

/**
 * Throws a UsageError unless every given output path can be created: its folder exists and is a folder, the path
 * itself is not a folder, and no two options write the same file. Run before any input is read, so a typo in
 * `--html` does not fail after a long run (leaving a JSON report that claims a result).
 * @example
 * assertWritable({ "--json": "report.json", "--html": undefined }) // undefined
 * assertWritable({ "--json": "no/such/folder/report.json" }) // throws does not exist
 */
export function assertWritable(outputs: Readonly<Record<string, string | undefined>>): void {
  const seen = new Map<string, string>();
  for (const [option, path] of Object.entries(outputs)) {
    if (path === undefined) continue;
    if (path.trim() === "") throw new UsageError(`${option} needs a file name`);
    const full = resolve(path);
    const other = seen.get(full);
    if (other !== undefined) throw new UsageError(`${option} and ${other} both write ${path}`);
    seen.set(full, option);
    const folder = dirname(full);
    const dir = statOrNull(folder);
    if (dir === null) throw new UsageError(`${option} ${path}: folder ${folder} does not exist`);
    if (!dir.isDirectory()) throw new UsageError(`${option} ${path}: ${folder} is not a folder`);
    try {
      accessSync(folder, constants.W_OK);
    } catch {
      throw new UsageError(`${option} ${path}: folder ${folder} is not writable`);
    }
    if (statOrNull(full)?.isDirectory()) throw new UsageError(`${option} ${path} is a folder, not a file`);
  }
}

function statOrNull(path: string): Stats | null {
  try {
    return statSync(path);
  } catch {
    return null;
  }
}

/**
 * Writes a report file; an unwritable path is a usage error.
 * @example
 * const { mkdtempSync, rmSync } = await import("node:fs");
 * const dir = mkdtempSync((await import("node:os")).tmpdir() + "/skygate-");
 * writeOutput(dir + "/report.json", "{}");
 * readFileSync(dir + "/report.json", "utf8") // "{}"
 * writeOutput(dir + "/no/such/report.json", "{}") // throws UsageError: cannot write
 * rmSync(dir, { recursive: true });
 */
export function writeOutput(path: string, text: string): void {
  try {
    writeFileSync(path, text);
  } catch (error) {
    throw new UsageError(`cannot write ${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** Command-line helpers shared by the commands (they parse with node:util parseArgs, strict: unknown options are usage errors). */
import { UsageError } from "../core/errors.js";

/**
 * Runs a parse, turning every parse problem into a UsageError naming the command (exit 2).
 * @example
 * asUsage("check", () => { throw new Error("Unknown option '--bogus'"); }) // throws UsageError: check: Unknown option
 */
export function asUsage<T>(command: string, parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    throw new UsageError(`${command}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/**
 * Groups repeated `--table NAME=PATH` values by NAME, in order; splits at the first `=` only (Hive paths keep theirs).
 * @example
 * parseTables(["Object=a.parquet", "Object=tract=1/b.parquet"]) // Map { "Object" => ["a.parquet", "tract=1/b.parquet"] }
 */
export function parseTables(values: readonly string[]): Map<string, string[]> {
  const tables = new Map<string, string[]>();
  for (const value of values) {
    const at = value.indexOf("=");
    const name = at < 0 ? "" : value.slice(0, at).trim();
    const path = at < 0 ? "" : value.slice(at + 1);
    if (name === "" || path === "") throw new UsageError(`--table expects NAME=PATH, got "${value}"`);
    const list = tables.get(name) ?? [];
    list.push(path);
    tables.set(name, list);
  }
  return tables;
}

/**
 * Parses repeated `NAME=INTEGER` values (e.g. `--expect-rows Object=3000`).
 * @example
 * parseCounts("--expect-rows", ["Object=3000"]) // { Object: 3000 }
 */
export function parseCounts(option: string, values: readonly string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const value of values) {
    const m = /^([^=]+)=(\d+)$/.exec(value);
    if (!m) throw new UsageError(`${option} expects NAME=COUNT, got "${value}"`);
    out[m[1]] = Number(m[2]);
  }
  return out;
}

/**
 * What every Arrow-engine scan shares: checking the columns it needs exist, naming the columns to read once,
 * and progress reporting.
 */
import type { ColumnInfo, TableSource } from "../../io/table.js";
import type { Progress, ScanRequestOptions } from "../types.js";

/**
 * The distinct column names among `names`, nulls dropped, in first-seen order.
 * @example scanColumnNames(["a", null, "b", "a"]) // ["a", "b"]
 */
export function scanColumnNames(names: readonly (string | null | undefined)[]): string[] {
  return [...new Set(names.filter((n): n is string => typeof n === "string"))];
}

/**
 * Throws an error naming the table and the absent columns, if any of `names` is absent.
 * @example requireColumns([{ name: "a", type: "int32" }], ["b"], "T") // throws "table T has no column b"
 */
export function requireColumns(info: readonly ColumnInfo[], names: readonly string[], table: string): void {
  const present = new Set(info.map((c) => c.name));
  const missing = names.filter((n) => !present.has(n));
  if (missing.length > 0) throw new Error(`table ${table} has no column ${missing.join(", ")}`);
}

/** Rows a scan will read, for progress; null when nobody listens or the source cannot tell. */
export async function progressTotal(
  source: TableSource,
  options: ScanRequestOptions,
): Promise<number | null> {
  if (!options.onProgress) return null;
  try {
    return await source.rowCount();
  } catch {
    return null;
  }
}

/** Tells the listener, if any, how far a scan got. */
export function reportProgress(
  options: ScanRequestOptions,
  done: number,
  total: number | null,
  label: string,
): void {
  const progress: Progress = { done, total, unit: "rows", label };
  options.onProgress?.(progress);
}

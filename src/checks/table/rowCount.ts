import type { RowCountCheck } from "../types.js";

/**
 * Fails when the table does not hold the expected number of rows (from a manifest).
 * @example
 * rowCount("Object", 3000).check // "rowCount"
 */
export function rowCount(table: string, expected: number): RowCountCheck {
  return { kind: "rowCount", table, column: null, check: "rowCount", expected };
}

import type { RowCountCheck } from "../types.js";

/**
 * Fails when the table does not hold the expected number of rows (from a manifest).
 * @example
 * rowCount("Object", 3000).check // "rowCount"
 */
export function rowCount(table: string, expected: number): RowCountCheck {
  return { kind: "rowCount", table, column: null, check: "rowCount", expected };
}

/**
 * Fails when the table has no rows: an empty table is a finding unless the user says it may be empty.
 * @example
 * notEmpty("DiaForcedSource").check // "notEmpty"
 */
export function notEmpty(table: string): RowCountCheck {
  return { kind: "rowCount", table, column: null, check: "notEmpty", expected: null };
}

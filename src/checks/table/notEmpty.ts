import type { CheckResult } from "../../core/results.js";
import { makeResult } from "../result.js";

/**
 * An empty but well-formed table is a finding, never a pass: every other check would pass vacuously on it.
 * @example
 * notEmpty("Object", 0).status // "fail"
 */
export function notEmpty(table: string, rows: number): CheckResult {
  return rows === 0
    ? makeResult(
        table,
        null,
        "notEmpty",
        "fail",
        1,
        1,
        "the table has no rows: every other check passed vacuously",
      )
    : makeResult(table, null, "notEmpty", "pass", 0, 1, `${rows} row${rows === 1 ? "" : "s"}`);
}

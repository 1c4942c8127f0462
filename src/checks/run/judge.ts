/** Judging: engine answers (condition counts, key-check results) → check results with messages and samples. */

import type { CheckResult } from "../../core/results.js";
import type { ConditionCount, KeyCheckResult } from "../../engines/types.js";
import { makeResult } from "../result.js";
import type { AllNullCheck, RowCheck } from "../types.js";
import { SAMPLE_SIZE } from "./options.js";

/**
 * "1 row", "3 rows".
 * @example
 * plural(3, "row"); // "3 rows"
 */
export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

/**
 * A row condition's result: fails when any row matches, with the engine's sample rows and partitions.
 * @example
 * const check = planTable(spec).find((c) => c.kind === "rows");
 * judgeRows(check, { id: "0", count: 2, total: 10, sample: [] }).status; // "fail"
 */
export function judgeRows(check: RowCheck, count: ConditionCount): CheckResult {
  // Nothing was examined: a check on an empty table neither passes nor fails (the table's `notEmpty` finding says why).
  if (count.total === 0)
    return makeResult(check.table, check.column, check.check, "skip", 0, 0, "not run: table has no rows");
  const status = count.count > 0 ? "fail" : "pass";
  const message =
    count.count > 0
      ? `${count.count} of ${plural(count.total, "row")}: ${check.describe}`
      : `no ${check.describe} in ${plural(count.total, "row")}`;
  const result = makeResult(
    check.table,
    check.column,
    check.check,
    status,
    count.count,
    count.total,
    message,
  );
  result.sample = count.sample.slice(0, SAMPLE_SIZE);
  if (count.partitions && count.count > 0) result.partitions = count.partitions;
  if (count.partial) result.partial = true;
  return result;
}

/**
 * An allNull result from the count of missing values: fails when every value is missing, skips a 0-row table.
 * @example
 * const check = planTable(spec).find((c) => c.kind === "allNull");
 * judgeAllNull(check, { id: "0", count: 5, total: 5, sample: [] }).status; // "fail"
 */
export function judgeAllNull(check: AllNullCheck, count: ConditionCount): CheckResult {
  const { table, column } = check;
  if (count.total === 0) return makeResult(table, column, "allNull", "skip", 0, 0, "table has no rows");
  if (count.count === count.total) {
    return makeResult(
      table,
      column,
      "allNull",
      "fail",
      1,
      1,
      `every one of ${plural(count.total, "value")} is null or NaN`,
    );
  }
  return makeResult(
    table,
    column,
    "allNull",
    "pass",
    0,
    1,
    `${count.total - count.count} of ${count.total} values present`,
  );
}

/**
 * `rowCount` against an expected count, or `empty` (expected null): a table with no rows is a finding.
 * @example
 * judgeRowCount("T", null, 0).status; // "fail"
 */
export function judgeRowCount(table: string, expected: number | null, rows: number): CheckResult {
  if (expected === null) {
    return rows === 0
      ? makeResult(
          table,
          null,
          "notEmpty",
          "fail",
          1,
          1,
          "table has no rows (say --allow-empty if it may be empty)",
        )
      : makeResult(table, null, "notEmpty", "pass", 0, 1, `${plural(rows, "row")}`);
  }
  const ok = rows === expected;
  const message = ok ? `${rows} rows as expected` : `${rows} rows, expected ${expected}`;
  return makeResult(
    table,
    null,
    "rowCount",
    ok ? "pass" : "fail",
    ok ? 0 : Math.abs(rows - expected),
    expected,
    message,
  );
}

/**
 * The result of a key check: fails when any row offends, with the engine's sample rows.
 * @example
 * keyCheckResult("T", "id", "unique", { failing: 0, total: 4, sample: [] }, "repeat", "unique").status; // "pass"
 */
export function keyCheckResult(
  table: string,
  column: string | null,
  check: "unique" | "foreignKey",
  keys: KeyCheckResult,
  failingRowsDo: string,
  passMessage: string,
): CheckResult {
  if (keys.total === 0) return makeResult(table, column, check, "skip", 0, 0, "not run: table has no rows");
  const failed = keys.failing > 0;
  const atLeast = keys.bound === "lower" ? "at least " : "";
  const note = keys.note ? ` (${keys.note})` : "";
  const message = failed
    ? `${atLeast}${keys.failing} of ${plural(keys.total, "row")} ${failingRowsDo}${note}`
    : passMessage;
  const result = makeResult(
    table,
    column,
    check,
    failed ? "fail" : "pass",
    keys.failing,
    keys.total,
    message,
  );
  result.sample = keys.sample.slice(0, SAMPLE_SIZE);
  // A lower bound is a partial count: labelled so, though the failure itself is proven.
  if (keys.bound === "lower") result.partial = true;
  if (keys.partial) result.partial = true;
  return result;
}

/**
 * Why keys cannot be judged against a referenced table read only in part (null when it was read whole): a key
 * absent from the part read may be in the rest, so an orphan found proves nothing.
 * @example
 * partialParent("DiaObject", "first 150 of 469 rows (row limit)"); // "referenced table DiaObject was read in part (first 150 of 469 rows (row limit)): a key absent from it may be in the rest"
 */
export function partialParent(target: string, partial: string | undefined): string | null {
  return partial === undefined
    ? null
    : `referenced table ${target} was read in part (${partial}): a key absent from it may be in the rest`;
}

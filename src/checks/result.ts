/** Small constructors for CheckResults, so every check reports the same shape. */
import { type CheckResult, type CheckStatus, resultId } from "../core/results.js";

/**
 * A result with the contract's id and an empty sample.
 * @example
 * makeResult("Object", "r_psfFlux", "nan", "pass", 0, 10, "no NaN").id // "Object.r_psfFlux.nan"
 */
export function makeResult(
  table: string,
  column: string | null,
  check: string,
  status: CheckStatus,
  failing: number,
  total: number,
  message: string,
): CheckResult {
  return {
    id: resultId(table, column, check),
    table,
    column,
    check,
    status,
    failing,
    total,
    message,
    sample: [],
  };
}

/**
 * A check that could not run: status `error`, never a pass.
 * @example
 * errorResult("Object", "x", "nan", new Error("boom")).status // "error"
 */
export function errorResult(
  table: string,
  column: string | null,
  check: string,
  error: unknown,
): CheckResult {
  const message = error instanceof Error ? error.message : String(error);
  return makeResult(table, column, check, "error", 0, 0, `could not run: ${message}`);
}

import type { Literal } from "../../engines/condition.js";
import type { RowCheck } from "../types.js";

/**
 * Fails on values outside an allowed set (nulls are left to `notNull`). Reported under the `range` check name.
 * @example
 * allowedValues("Source", "band", ["u", "g", "r", "i", "z", "y"]).where.op // "notIn"
 */
export function allowedValues(table: string, column: string, values: readonly Literal[]): RowCheck {
  return {
    kind: "rows",
    table,
    column,
    check: "range",
    where: { op: "notIn", column, values },
    describe: `values not in {${values.join(", ")}}`,
  };
}

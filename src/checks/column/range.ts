import type { Condition } from "../../engines/condition.js";
import type { RowCheck } from "../types.js";

/** A valid interval in the column's own unit; a missing bound is open. Bounds are inclusive unless said otherwise. */
export interface ValueRange {
  min?: number;
  max?: number;
  minExclusive?: boolean;
  maxExclusive?: boolean;
  /** Why this range is physically right (shown in messages). */
  reason: string;
}

/**
 * Rows whose finite value lies outside the range. NaN, null and ±Inf are left to `nan`, `notNull` and `inf`,
 * so a bad value is reported once.
 * @example
 * outsideRange("x", { min: 0, reason: "" })
 * // { op: "and", args: [{ op: "isFinite", column: "x" }, { op: "lt", column: "x", value: 0 }] }
 */
export function outsideRange(column: string, range: ValueRange): Condition {
  const out: Condition[] = [];
  if (range.min !== undefined) out.push({ op: range.minExclusive ? "le" : "lt", column, value: range.min });
  if (range.max !== undefined) out.push({ op: range.maxExclusive ? "ge" : "gt", column, value: range.max });
  if (out.length === 0) return { op: "const", value: false };
  const outside: Condition = out.length === 1 ? out[0] : { op: "or", args: out };
  return { op: "and", args: [{ op: "isFinite", column }, outside] };
}

/**
 * Human form of a range, e.g. `[0, 360)`.
 * @example
 * formatRange({ min: 0, max: 360, maxExclusive: true, reason: "" }) // "[0, 360)"
 */
export function formatRange(range: ValueRange): string {
  const lo = range.min === undefined ? "(-inf" : `${range.minExclusive ? "(" : "["}${range.min}`;
  const hi = range.max === undefined ? "+inf)" : `${range.max}${range.maxExclusive ? ")" : "]"}`;
  return `${lo}, ${hi}`;
}

/**
 * Fails on finite values outside a physically valid range.
 * @example
 * range("Object", "footprintArea", { min: 0, reason: "an area" }).check // "range"
 */
export function range(table: string, column: string, valid: ValueRange): RowCheck {
  return {
    kind: "rows",
    table,
    column,
    check: "range",
    where: outsideRange(column, valid),
    describe: `values outside ${formatRange(valid)} (${valid.reason})`,
    passesWhen: [[{ column, within: valid }]],
    needs: [column],
  };
}

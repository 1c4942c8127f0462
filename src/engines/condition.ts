/**
 * Row conditions: a tiny expression language every engine can evaluate (vectorized JS loops,
 * SQL for DuckDB, ADQL for TAP). Checks describe offending rows with these; engines count them.
 *
 * Semantics are SQL-like but NaN-aware and explicit, because astronomy tables mix NULL, NaN and ±Inf:
 * - `isNull` is true only for missing values (validity bit 0), never for NaN.
 * - `isNaN`, `isPosInf`, `isNegInf` are false for nulls.
 * - comparisons (`lt`, `gt`, …) are false when the value is null or NaN, so a range condition
 *   never double-counts what `nan`/`notNull` report. ±Inf compares as usual.
 * - a boolean column used as `{ op: "isTrue" }` is false for null.
 */
export type Literal = number | bigint | string | boolean;

/** A row predicate in the engine-independent condition language; every engine counts it the same way. */
export type Condition =
  | { op: "isNull"; column: string }
  | { op: "isNaN"; column: string }
  | { op: "isPosInf"; column: string }
  | { op: "isNegInf"; column: string }
  /** Finite number: not null, not NaN, not ±Inf. */
  | { op: "isFinite"; column: string }
  | { op: "isTrue"; column: string }
  | { op: "isFalse"; column: string }
  | { op: "lt" | "le" | "gt" | "ge" | "eq" | "ne"; column: string; value: Literal }
  /** Value not in the allowed set (nulls are not counted). */
  | { op: "notIn"; column: string; values: readonly Literal[] }
  | { op: "and" | "or"; args: readonly Condition[] }
  | { op: "not"; arg: Condition }
  /** Constant, for conditions that reduce to nothing (e.g. a column that is always valid). */
  | { op: "const"; value: boolean };

/** Columns a condition reads, so engines load only those. */
export function conditionColumns(condition: Condition): string[] {
  const out = new Set<string>();
  const visit = (c: Condition): void => {
    if ("args" in c) c.args.forEach(visit);
    else if ("arg" in c) visit(c.arg);
    else if ("column" in c) out.add(c.column);
  };
  visit(condition);
  return [...out];
}

/**
 * Whether the condition holds for a row whose every column is null: `isNull` atoms are true there, every
 * other atom false, `not` is "every other row". A condition that does not hold there never matches a row
 * whose (single) column is null.
 * @example holdsForNull({ op: "not", arg: { op: "gt", column: "x", value: 1 } }) // true
 * @example holdsForNull({ op: "isNaN", column: "x" }) // false
 */
export function holdsForNull(condition: Condition): boolean {
  switch (condition.op) {
    case "const":
      return condition.value;
    case "isNull":
      return true;
    case "and":
      return condition.args.every(holdsForNull);
    case "or":
      return condition.args.some(holdsForNull);
    case "not":
      return !holdsForNull(condition.arg);
    default:
      return false;
  }
}

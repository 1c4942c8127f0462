/**
 * Metrics first: judge what a one-pass profile already proves. A column without nulls passes `notNull`, one
 * without NaN passes `nan`/`nanWithoutFlag`, finite values inside the range pass `range`/`raDec`, and `allNull`
 * is a profile fact outright. Only checks the profile cannot clear are sent to `countWhere` for exact counts
 * and sample rows, so a clean table costs one profile pass plus almost nothing.
 */
import type { ColumnProfile, TableProfile } from "../metrics/types.js";
import type { ValueRange } from "./column/range.js";
import type { ProfileTest, RowCheck } from "./types.js";

/** Counts of a column; null where the engine could not compute them ("could not measure" is never 0). */
function counts(p: ColumnProfile): { nulls: number; nan: number | null; inf: number | null; rows: number } {
  if ("nan" in p) {
    const inf = p.posInf === null || p.negInf === null ? null : p.posInf + p.negInf;
    return { nulls: p.nulls, nan: p.nan, inf, rows: p.rows };
  }
  return { nulls: p.nulls, nan: 0, inf: 0, rows: p.rows };
}

function inside(value: number, range: ValueRange): boolean {
  if (range.min !== undefined && (range.minExclusive ? value <= range.min : value < range.min)) return false;
  if (range.max !== undefined && (range.maxExclusive ? value >= range.max : value > range.max)) return false;
  return true;
}

/**
 * Whether a profile fact holds (false when the profile lacks the column or cannot tell).
 * @example
 * const state = createTableState([{ name: "x", type: "float64" }]);
 * updateTableState(state, tableFromArrays({ x: Float64Array.of(1, 2) }).batches[0]);
 * holds({ column: "x", zero: "nan" }, finalizeTableState(state)) // true (x has no NaN)
 */
export function holds(test: ProfileTest, profile: TableProfile): boolean {
  const p = profile.columns[test.column];
  if (p === undefined) return false;
  const c = counts(p);
  if ("zero" in test) return c[test.zero] === 0;
  if (c.nan === null || c.inf === null) return false;
  const finite = c.rows - c.nulls - c.nan - c.inf;
  if ("noFinite" in test) return finite === 0;
  if (finite === 0) return true;
  if (!("min" in p) || p.min === null || p.max === null) return false;
  return inside(Number(p.min), test.within) && inside(Number(p.max), test.within);
}

/**
 * Whether any of the alternatives holds in full.
 * @example
 * const state = createTableState([{ name: "x", type: "float64" }]);
 * updateTableState(state, tableFromArrays({ x: Float64Array.of(1, Number.NaN) }).batches[0]);
 * provenClean([[{ column: "x", zero: "nulls" }]], finalizeTableState(state)) // true
 */
export function provenClean(
  alternatives: readonly (readonly ProfileTest[])[],
  profile: TableProfile,
): boolean {
  return alternatives.some((all) => all.length > 0 && all.every((t) => holds(t, profile)));
}

/**
 * Rows, and rows whose value is null (or NaN for floating point), of one column; null when not profiled.
 * @example
 * const state = createTableState([{ name: "z_kronRad", type: "float64" }]);
 * updateTableState(state, tableFromArrays({ z_kronRad: Float64Array.of(Number.NaN, Number.NaN) }).batches[0]);
 * missingCount(finalizeTableState(state), "z_kronRad") // { rows: 2, missing: 2 }
 */
export function missingCount(
  profile: TableProfile,
  column: string,
): { rows: number; missing: number } | null {
  const p = profile.columns[column];
  if (p === undefined) return null;
  const c = counts(p);
  if (c.nan === null) return null;
  return { rows: c.rows, missing: c.nulls + c.nan };
}

/**
 * The rows a rule with `countIs` matches, read from the profile; null when the profile cannot tell.
 * @example
 * const state = createTableState([{ name: "x", type: "float64" }]);
 * updateTableState(state, tableFromArrays({ x: Float64Array.of(1, Number.NaN, Number.NaN) }).batches[0]);
 * profileCount(finalizeTableState(state), { column: "x", count: "nan" }) // 2
 */
export function profileCount(
  profile: TableProfile,
  countIs: NonNullable<RowCheck["countIs"]>,
): number | null {
  const p = profile.columns[countIs.column];
  return p === undefined ? null : counts(p)[countIs.count];
}

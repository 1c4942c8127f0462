/** Whether two sites' answers for one aggregate are the same number, allowing only for summation order. */
import type { FingerprintKind } from "./types.js";

function numberOf(text: string): number {
  const t = text.trim().toLowerCase();
  if (t === "nan") return Number.NaN;
  if (t === "inf" || t === "infinity" || t === "+inf" || t === "+infinity") return Number.POSITIVE_INFINITY;
  if (t === "-inf" || t === "-infinity") return Number.NEGATIVE_INFINITY;
  return Number(t);
}

function integerOf(text: string): bigint | null {
  const t = text.trim().replace(/\.0*$/, "");
  return /^-?\d+$/.test(t) ? BigInt(t) : null;
}

/**
 * Same answer: counts and integer extrema digit for digit (int64 beyond 2^53 included), float32 extrema as
 * float32, float64 extrema exactly, sums within the rounding that a different summation order can cause
 * (`rows × max|x| × 1e-13`, plus 1e-12 relative); NaN equals NaN, NULL equals NULL only.
 * @example sameAggregate("sum", "float64", "1.0000000000001", "1", { rows: 10, maxAbs: 1 }) // true
 * @example sameAggregate("max", "float32", "0.1", "0.10000000149011612", { rows: 1, maxAbs: 0.1 }) // true
 * @example sameAggregate("count", "integer", "12", "13", { rows: 13, maxAbs: 0 }) // false
 */
export function sameAggregate(
  aggregate: string,
  kind: FingerprintKind,
  a: string | null,
  b: string | null,
  scale: { rows: number; maxAbs: number },
): boolean {
  if (a === null || b === null) return a === b;
  if (aggregate === "count" || aggregate === "rows" || aggregate === "true" || kind === "integer") {
    if (aggregate !== "sum") {
      const x = integerOf(a);
      const y = integerOf(b);
      if (x !== null && y !== null) return x === y;
    }
  }
  const x = numberOf(a);
  const y = numberOf(b);
  if (Number.isNaN(x) || Number.isNaN(y)) return Number.isNaN(x) && Number.isNaN(y);
  if (x === y) return true;
  if (aggregate === "sum") {
    if (!Number.isFinite(x) || !Number.isFinite(y)) return false;
    const tolerance = Math.max(1e-12 * Math.max(Math.abs(x), Math.abs(y)), 1e-13 * scale.rows * scale.maxAbs);
    return Math.abs(x - y) <= tolerance;
  }
  if (kind === "float32") return Math.fround(x) === Math.fround(y);
  return false;
}

// Range algebra on sorted boundary lists. A coverage is stored flat as [s0, e0, s1, e1, ...]: half-open
// ranges [s, e), strictly increasing (touching ranges merged), so a value is inside iff the number of
// boundaries <= it is odd. The same sweep serves union, intersection, difference and symmetric difference.

/** A boolean combination of "inside A" and "inside B". */
export type RangeOp = (inA: boolean, inB: boolean) => boolean;

/** Union: inside A or inside B. @example RANGE_UNION(true, false) // true */
export const RANGE_UNION: RangeOp = (a, b) => a || b;
/** Intersection: inside both. @example RANGE_INTERSECTION(true, false) // false */
export const RANGE_INTERSECTION: RangeOp = (a, b) => a && b;
/** Difference: inside A, not B. @example RANGE_DIFFERENCE(true, false) // true */
export const RANGE_DIFFERENCE: RangeOp = (a, b) => a && !b;
/** Symmetric difference. @example RANGE_XOR(true, true) // false */
export const RANGE_XOR: RangeOp = (a, b) => a !== b;

/**
 * Combine two boundary lists (bigint, order-29 indices) with a boolean operation in one linear sweep.
 * @example combineRanges(BigUint64Array.of(0n, 4n), BigUint64Array.of(2n, 8n), RANGE_UNION) // [0n, 8n]
 */
export function combineRanges(a: BigUint64Array, b: BigUint64Array, op: RangeOp): BigUint64Array {
  const out: bigint[] = [];
  let i = 0;
  let j = 0;
  let inA = false;
  let inB = false;
  let inOut = false;
  while (i < a.length || j < b.length) {
    let v: bigint;
    if (j >= b.length || (i < a.length && a[i] <= b[j])) v = a[i];
    else v = b[j];
    // Consume every boundary equal to v from both lists before deciding, so touching ranges merge.
    while (i < a.length && a[i] === v) {
      inA = !inA;
      i++;
    }
    while (j < b.length && b[j] === v) {
      inB = !inB;
      j++;
    }
    const now = op(inA, inB);
    if (now !== inOut) {
      out.push(v);
      inOut = now;
    }
  }
  return BigUint64Array.from(out);
}

/**
 * Sorted, merged boundary list from arbitrary half-open ranges given as parallel start/end arrays.
 * @example normalizeRanges([5n, 0n], [9n, 5n]) // [0n, 9n]
 */
export function normalizeRanges(starts: readonly bigint[], ends: readonly bigint[]): BigUint64Array {
  const n = starts.length;
  const order = Array.from({ length: n }, (_, k) => k).sort((x, y) =>
    starts[x] < starts[y] ? -1 : starts[x] > starts[y] ? 1 : 0,
  );
  const out: bigint[] = [];
  for (const k of order) {
    const s = starts[k];
    const e = ends[k];
    if (e <= s) continue;
    if (out.length > 0 && s <= out[out.length - 1]) {
      if (e > out[out.length - 1]) out[out.length - 1] = e;
    } else {
      out.push(s, e);
    }
  }
  return BigUint64Array.from(out);
}

/**
 * Merged boundary list (numbers) from sorted cell indices at one order: runs of consecutive cells
 * become one range [first, last + 1). Input must be sorted ascending; duplicates are allowed.
 * @example runsFromSortedCells(Float64Array.of(1, 2, 3, 7)) // [1, 4, 7, 8]
 */
export function runsFromSortedCells(cells: ArrayLike<number>): Float64Array {
  const out: number[] = [];
  for (let i = 0; i < cells.length; i++) {
    const c = cells[i];
    if (out.length > 0 && c <= out[out.length - 1]) {
      if (c + 1 > out[out.length - 1]) out[out.length - 1] = c + 1;
    } else {
      out.push(c, c + 1);
    }
  }
  return Float64Array.from(out);
}

/**
 * Index of the first boundary greater than v (number of boundaries <= v); v is inside iff it is odd.
 * @example upperBound(Float64Array.of(0, 4), 2) // 1
 */
export function upperBound(boundaries: ArrayLike<number>, v: number): number {
  let lo = 0;
  let hi = boundaries.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (boundaries[mid] <= v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Same as {@link upperBound} for bigint boundaries.
 * @example upperBoundBig(BigUint64Array.of(0n, 4n), 2n) // 1
 */
export function upperBoundBig(boundaries: BigUint64Array, v: bigint): number {
  let lo = 0;
  let hi = boundaries.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (boundaries[mid] <= v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

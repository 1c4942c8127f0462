// Coverage maps (IVOA MOC-like): sets of HEALPix NEST cells stored as sorted ranges at order 29.
//
// Representation: order-29 NEST indices reach 12·4^29 ≈ 3.5e18 > 2^53, so boundaries are bigint in a
// BigUint64Array ([s0, e0, s1, e1, ...], half-open, merged). Every boundary is a multiple of
// 4^(29 − maxOrder), so for maxOrder ≤ 24 all hot paths (point lookups, flattening, neighbours) run on
// plain numbers at maxOrder, and bigint is only touched once per range.
import { ang2pixNest, ang2pixNestBatch, ang2pixNestBig, orderPixareaDeg2 } from "../healpix/index.js";
import {
  combineRanges,
  RANGE_DIFFERENCE,
  RANGE_INTERSECTION,
  RANGE_UNION,
  RANGE_XOR,
  runsFromSortedCells,
  upperBound,
  upperBoundBig,
} from "./ranges.js";

/** Deepest order a MOC can hold (IVOA MOC 2.0 limit). */
export const MOC_MAX_ORDER = 29;
/** Deepest order handled with `number` cell indices. */
export const MOC_MAX_ORDER_NUMBER = 24;

/** A coverage: the union of HEALPix NEST cells, exact to `maxOrder`. */
export interface Moc {
  /** Order the coverage is exact to (the MOC "depth"); all boundaries are aligned to its cells. */
  readonly maxOrder: number;
  /** Sorted merged boundaries [s0, e0, s1, e1, ...] of half-open ranges of order-29 NEST indices. */
  readonly ranges: BigUint64Array;
}

const TOTAL_29 = 12n * 4n ** 29n;
const SKY_DEG2 = 4 * Math.PI * (180 / Math.PI) ** 2;
const numberCache = new WeakMap<Moc, Float64Array>();

/** Throws RangeError unless order is an integer in [0, max]. @example checkMocOrder(30) // throws RangeError */
export function checkMocOrder(order: number, max = MOC_MAX_ORDER): void {
  if (!Number.isInteger(order) || order < 0 || order > max) {
    throw new RangeError(`MOC order must be an integer in [0, ${max}], got ${order}`);
  }
}

function shiftOf(order: number): bigint {
  return BigInt(2 * (MOC_MAX_ORDER - order));
}

/**
 * A MOC from its order-29 boundaries (already sorted and merged) and depth; checks both.
 * @example mocToAscii(mocFromRanges(0, BigUint64Array.of(0n, 4n ** 29n))) // "0/0" (cell 0 of order 0)
 */
export function mocFromRanges(maxOrder: number, ranges: BigUint64Array): Moc {
  checkMocOrder(maxOrder);
  if (ranges.length % 2 !== 0) throw new RangeError("MOC ranges need an even number of boundaries");
  const unit = 1n << shiftOf(maxOrder);
  for (let i = 0; i < ranges.length; i++) {
    if (i > 0 && ranges[i] <= ranges[i - 1]) throw new RangeError("MOC ranges must be strictly increasing");
    if (ranges[i] % unit !== 0n || ranges[i] > TOTAL_29) {
      throw new RangeError(`MOC boundary ${ranges[i]} is not a cell boundary at order ${maxOrder}`);
    }
  }
  return { maxOrder, ranges };
}

/**
 * The empty coverage.
 * @example mocArea(emptyMoc()) // 0
 */
export function emptyMoc(maxOrder = 0): Moc {
  checkMocOrder(maxOrder);
  return { maxOrder, ranges: new BigUint64Array(0) };
}

/**
 * The whole sky.
 * @example mocArea(fullSkyMoc()) // ≈ 41252.96
 */
export function fullSkyMoc(maxOrder = 0): Moc {
  checkMocOrder(maxOrder);
  return { maxOrder, ranges: BigUint64Array.of(0n, TOTAL_29) };
}

/**
 * A MOC from NEST cell indices at one order (any order, duplicates allowed; number indices: order ≤ 24).
 * @example mocFromCells(3, [1, 2, 3, 4, 5])
 */
export function mocFromCells(order: number, cells: ArrayLike<number>): Moc {
  checkMocOrder(order, MOC_MAX_ORDER_NUMBER);
  const npix = 12 * 4 ** order;
  const sorted = Float64Array.from(cells as ArrayLike<number>);
  for (let i = 0; i < sorted.length; i++) {
    const c = sorted[i];
    if (!Number.isInteger(c) || c < 0 || c >= npix) {
      throw new RangeError(`cell ${c} (position ${i}) is not a NEST index at order ${order}`);
    }
  }
  sorted.sort();
  return mocFromRuns(order, runsFromSortedCells(sorted));
}

/**
 * A MOC from bigint NEST cell indices at one order (for orders 25–29).
 * @example mocFromCellsBig(29, [0n, 1n])
 */
export function mocFromCellsBig(order: number, cells: readonly bigint[]): Moc {
  checkMocOrder(order);
  const npix = 12n * 4n ** BigInt(order);
  const sorted = cells.slice().sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const out: bigint[] = [];
  const shift = shiftOf(order);
  for (const c of sorted) {
    if (c < 0n || c >= npix) throw new RangeError(`cell ${c} is not a NEST index at order ${order}`);
    const s = c << shift;
    const e = (c + 1n) << shift;
    if (out.length > 0 && s <= out[out.length - 1]) {
      if (e > out[out.length - 1]) out[out.length - 1] = e;
    } else out.push(s, e);
  }
  return { maxOrder: order, ranges: BigUint64Array.from(out) };
}

/**
 * A MOC from merged number boundaries of cell runs at `order` (≤ 24): [first, last+1, ...].
 * @example mocToAscii(mocFromRuns(3, Float64Array.of(1, 6))) // "3/1-5"
 */
export function mocFromRuns(order: number, runs: ArrayLike<number>): Moc {
  checkMocOrder(order, MOC_MAX_ORDER_NUMBER);
  if (runs.length % 2 !== 0) throw new RangeError("MOC runs need an even number of boundaries");
  const npix = 12 * 4 ** order;
  for (let i = 0; i < runs.length; i++) {
    const v = runs[i];
    if (!Number.isInteger(v) || v < 0 || v > npix || (i > 0 && v <= runs[i - 1])) {
      throw new RangeError(`MOC run boundary ${v} (position ${i}) is not increasing within [0, ${npix}]`);
    }
  }
  const shift = shiftOf(order);
  const out = new BigUint64Array(runs.length);
  for (let i = 0; i < runs.length; i++) out[i] = BigInt(runs[i]) << shift;
  return { maxOrder: order, ranges: out };
}

/**
 * Boundaries as numbers at the MOC's own order (maxOrder ≤ 24), cached per MOC.
 * @example mocRunsAtMaxOrder(mocFromCells(3, [1, 2, 3])) // Float64Array [1, 4]
 */
export function mocRunsAtMaxOrder(moc: Moc): Float64Array {
  checkMocOrder(moc.maxOrder, MOC_MAX_ORDER_NUMBER);
  let runs = numberCache.get(moc);
  if (!runs) {
    const shift = shiftOf(moc.maxOrder);
    runs = new Float64Array(moc.ranges.length);
    for (let i = 0; i < runs.length; i++) runs[i] = Number(moc.ranges[i] >> shift);
    numberCache.set(moc, runs);
  }
  return runs;
}

function combine(a: Moc, b: Moc, op: typeof RANGE_UNION): Moc {
  return { maxOrder: Math.max(a.maxOrder, b.maxOrder), ranges: combineRanges(a.ranges, b.ranges, op) };
}

/** Cells in a or b. @example mocUnion(mocFromCells(0, [0]), mocFromCells(0, [1])) */
export function mocUnion(a: Moc, b: Moc): Moc {
  return combine(a, b, RANGE_UNION);
}

/** Union of many MOCs (pairwise tree, so n MOCs cost O(total · log n)). @example mocToAscii(mocUnionAll([mocFromCells(1, [0]), mocFromCells(1, [1]), mocFromCells(0, [5])])) // "0/5 1/0-1" */
export function mocUnionAll(mocs: readonly Moc[]): Moc {
  if (mocs.length === 0) return emptyMoc();
  let level = mocs.slice();
  while (level.length > 1) {
    const next: Moc[] = [];
    for (let i = 0; i < level.length; i += 2)
      next.push(i + 1 < level.length ? mocUnion(level[i], level[i + 1]) : level[i]);
    level = next;
  }
  return level[0];
}

/** Cells in both. @example mocToAscii(mocIntersection(mocFromCells(1, [0, 1]), mocFromCells(1, [1, 2]))) // "1/1" */
export function mocIntersection(a: Moc, b: Moc): Moc {
  return combine(a, b, RANGE_INTERSECTION);
}

/** Cells in a but not b. @example mocToAscii(mocDifference(mocFromCells(1, [0, 1]), mocFromCells(1, [1, 2]))) // "1/0" */
export function mocDifference(a: Moc, b: Moc): Moc {
  return combine(a, b, RANGE_DIFFERENCE);
}

/** Cells in exactly one of a, b. @example mocToAscii(mocSymmetricDifference(mocFromCells(1, [0, 1]), mocFromCells(1, [1, 2]))) // "1/0,2" */
export function mocSymmetricDifference(a: Moc, b: Moc): Moc {
  return combine(a, b, RANGE_XOR);
}

/** The rest of the sky. @example mocToAscii(mocComplement(emptyMoc())) // "0/0-11" (full sky) */
export function mocComplement(moc: Moc): Moc {
  return { maxOrder: moc.maxOrder, ranges: combineRanges(fullSkyMoc().ranges, moc.ranges, RANGE_DIFFERENCE) };
}

/**
 * Coarsen to `order`: every cell of that order touched by the coverage is included (a superset).
 * @example mocToAscii(mocDegrade(mocFromCells(1, [0]), 0)) // "0/0"
 */
export function mocDegrade(moc: Moc, order: number): Moc {
  checkMocOrder(order);
  if (order >= moc.maxOrder) return moc;
  const shift = shiftOf(order);
  const out: bigint[] = [];
  const r = moc.ranges;
  for (let i = 0; i < r.length; i += 2) {
    const s = (r[i] >> shift) << shift;
    const e = ((r[i + 1] + (1n << shift) - 1n) >> shift) << shift;
    if (out.length > 0 && s <= out[out.length - 1]) {
      if (e > out[out.length - 1]) out[out.length - 1] = e;
    } else out.push(s, e);
  }
  return { maxOrder: order, ranges: BigUint64Array.from(out) };
}

/** Whether two MOCs cover the same cells (depth ignored). @example mocEquals(mocFromCells(0, [0]), mocFromCells(1, [0, 1, 2, 3])) // true */
export function mocEquals(a: Moc, b: Moc): boolean {
  if (a.ranges.length !== b.ranges.length) return false;
  for (let i = 0; i < a.ranges.length; i++) if (a.ranges[i] !== b.ranges[i]) return false;
  return true;
}

/** Whether the MOC covers nothing. @example mocIsEmpty(emptyMoc()) // true */
export function mocIsEmpty(moc: Moc): boolean {
  return moc.ranges.length === 0;
}

/** Fraction of the sky covered, in [0, 1]. @example mocSkyFraction(fullSkyMoc()) // 1 */
export function mocSkyFraction(moc: Moc): number {
  let total = 0n;
  for (let i = 0; i < moc.ranges.length; i += 2) total += moc.ranges[i + 1] - moc.ranges[i];
  return Number(total) / Number(TOTAL_29);
}

/** Covered area in square degrees. @example mocArea(mocFromCells(0, [0])) // ≈ 3437.75 */
export function mocArea(moc: Moc): number {
  return mocSkyFraction(moc) * SKY_DEG2;
}

/** Number of cells at `order` (≥ maxOrder gives the exact count). @example mocCellCount(mocFromCells(0, [0]), 1) // 4 */
export function mocCellCount(moc: Moc, order = moc.maxOrder): number {
  const m = mocDegrade(moc, order);
  const shift = shiftOf(order);
  let total = 0n;
  for (let i = 0; i < m.ranges.length; i += 2) total += (m.ranges[i + 1] - m.ranges[i]) >> shift;
  return Number(total);
}

/**
 * Whether (ra, dec) in degrees falls in the coverage.
 * @example mocContains(mocFromCells(0, [4]), 0, 0) // true (cell 4 holds RA 0, Dec 0)
 */
export function mocContains(moc: Moc, ra: number, dec: number): boolean {
  if (moc.maxOrder <= MOC_MAX_ORDER_NUMBER) {
    return (upperBound(mocRunsAtMaxOrder(moc), ang2pixNest(moc.maxOrder, ra, dec)) & 1) === 1;
  }
  const pix = ang2pixNestBig(moc.maxOrder, ra, dec) << shiftOf(moc.maxOrder);
  return (upperBoundBig(moc.ranges, pix) & 1) === 1;
}

/**
 * Columnar containment: 1 where (ra[i], dec[i]) is covered, 0 elsewhere and for invalid positions
 * (NaN, |Dec| > 90): callers that must flag such rows check them separately.
 * @example mocContainsArray(mocFromCells(0, [4]), Float64Array.of(0, 180), Float64Array.of(0, 0)) // Uint8Array [1, 0]
 */
export function mocContainsArray(moc: Moc, ra: ArrayLike<number>, dec: ArrayLike<number>): Uint8Array {
  if (ra.length !== dec.length) throw new RangeError(`ra has ${ra.length} values but dec has ${dec.length}`);
  const out = new Uint8Array(ra.length);
  if (moc.maxOrder <= MOC_MAX_ORDER_NUMBER) {
    const runs = mocRunsAtMaxOrder(moc);
    const pix = ang2pixNestBatch(moc.maxOrder, ra, dec); // -1 for invalid positions: never covered
    for (let i = 0; i < ra.length; i++) out[i] = pix[i] < 0 ? 0 : upperBound(runs, pix[i]) & 1;
  } else {
    for (let i = 0; i < ra.length; i++) out[i] = mocContains(moc, ra[i], dec[i]) ? 1 : 0;
  }
  return out;
}

/**
 * Whether NEST cell `pix` of `order` (≤ 24) is entirely covered.
 * @example mocContainsCell(mocFromCells(0, [0]), 1, 2) // true
 */
export function mocContainsCell(moc: Moc, order: number, pix: number): boolean {
  checkMocOrder(order, MOC_MAX_ORDER_NUMBER);
  const shift = shiftOf(order);
  const s = BigInt(pix) << shift;
  const e = BigInt(pix + 1) << shift;
  const k = upperBoundBig(moc.ranges, s);
  return (k & 1) === 1 && moc.ranges[k] >= e;
}

/**
 * All cells at `order` (≤ 24, default maxOrder) as a sorted Float64Array; refuses more than `limit`.
 * @example mocCells(mocFromCells(0, [0]), 1) // [0, 1, 2, 3]
 */
export function mocCells(moc: Moc, order = moc.maxOrder, limit = 1e7): Float64Array {
  checkMocOrder(order, MOC_MAX_ORDER_NUMBER);
  const count = mocCellCount(moc, order);
  if (count > limit)
    throw new RangeError(`MOC has ${count} cells at order ${order}, above the limit of ${limit}`);
  const m = mocDegrade(moc, order);
  const shift = shiftOf(order);
  const out = new Float64Array(count);
  let k = 0;
  for (let i = 0; i < m.ranges.length; i += 2) {
    const s = Number(m.ranges[i] >> shift);
    const e = Number(m.ranges[i + 1] >> shift);
    for (let c = s; c < e; c++) out[k++] = c;
  }
  return out;
}

/**
 * The coverage as its fewest cells of mixed orders (largest aligned cells first), as [order, bigint pix].
 * @example mocToOrderCells(mocFromCells(1, [0, 1, 2, 3, 4])) // [[0, 0n], [1, 4n]]
 */
export function mocToOrderCells(moc: Moc): [number, bigint][] {
  const out: [number, bigint][] = [];
  const r = moc.ranges;
  for (let i = 0; i < r.length; i += 2) {
    let s = r[i];
    const e = r[i + 1];
    while (s < e) {
      let order = 0;
      for (; order < MOC_MAX_ORDER; order++) {
        const size = 1n << shiftOf(order);
        if (s % size === 0n && s + size <= e) break;
      }
      const shift = shiftOf(order);
      out.push([order, s >> shift]);
      s += 1n << shift;
    }
  }
  out.sort((a, b) => a[0] - b[0] || (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
  return out;
}

/** Area of one cell at `order` in deg² (re-exported convenience). @example mocCellAreaDeg2(0) // ≈ 3437.75 */
export function mocCellAreaDeg2(order: number): number {
  return orderPixareaDeg2(order);
}

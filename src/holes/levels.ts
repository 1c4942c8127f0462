/**
 * The multi-scale density map: counts of objects in footprint cells at a fine order, summed up to the
 * coarser orders the test looks at. Everything is columnar (sorted cell lists + typed arrays).
 */
import { ang2pixNestBatch } from "../sky/healpix/index.js";
import { coarsen, indexOfCell } from "./cells.js";

/** Counts per fine footprint cell. */
export interface FineMap {
  order: number;
  /** Sorted footprint cells. */
  cells: Float64Array;
  counts: Uint32Array;
  /** 1 where the cell touches a mask. */
  masked: Uint8Array;
  /** Objects outside the footprint. */
  outside: number;
}

/** One order of the map. */
export interface Level {
  order: number;
  cells: Float64Array;
  /** Objects in all sub-cells / in unmasked sub-cells. */
  countAll: Float64Array;
  countFree: Float64Array;
  /** Fraction of the cell inside the footprint / inside and unmasked. */
  fracAll: Float64Array;
  fracFree: Float64Array;
  /** Index of each fine cell's parent at this order. */
  parentOf: Int32Array;
}

/**
 * Counts objects into the footprint's cells at `order` (binary search per object; objects outside counted).
 * @example countFine(14, cells, masked, ra, dec).outside
 */
export function countFine(
  order: number,
  cells: Float64Array,
  masked: Uint8Array,
  ra: ArrayLike<number>,
  dec: ArrayLike<number>,
): FineMap {
  const counts = new Uint32Array(cells.length);
  let outside = 0;
  const chunk = 1 << 16;
  const pix = new Float64Array(Math.min(chunk, ra.length));
  for (let start = 0; start < ra.length; start += chunk) {
    const end = Math.min(start + chunk, ra.length);
    const part = ang2pixNestBatch(
      order,
      (ra as Float64Array).subarray
        ? (ra as Float64Array).subarray(start, end)
        : Array.prototype.slice.call(ra, start, end),
      (dec as Float64Array).subarray
        ? (dec as Float64Array).subarray(start, end)
        : Array.prototype.slice.call(dec, start, end),
      pix,
    );
    for (let i = 0; i < end - start; i++) {
      const k = indexOfCell(cells, part[i]);
      if (k >= 0) counts[k]++;
      else outside++;
    }
  }
  return { order, cells, counts, masked, outside };
}

/**
 * The map summed to a coarser order.
 * @example levelOf(fine, fine.order - 2).cells.length
 */
export function levelOf(fine: FineMap, order: number): Level {
  const levels = fine.order - order;
  const { parents, parentOf } = coarsen(fine.cells, levels);
  const n = parents.length;
  const countAll = new Float64Array(n);
  const countFree = new Float64Array(n);
  const fracAll = new Float64Array(n);
  const fracFree = new Float64Array(n);
  const sub = 4 ** levels;
  for (let i = 0; i < fine.cells.length; i++) {
    const p = parentOf[i];
    countAll[p] += fine.counts[i];
    fracAll[p] += 1 / sub;
    if (fine.masked[i] === 0) {
      countFree[p] += fine.counts[i];
      fracFree[p] += 1 / sub;
    }
  }
  return { order, cells: parents, countAll, countFree, fracAll, fracFree, parentOf };
}

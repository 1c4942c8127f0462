/**
 * The multi-scale density map: counts of objects in footprint cells at a fine order, summed up to the
 * coarser orders the test looks at. Everything is columnar (sorted cell lists + typed arrays).
 */
import { ang2pixNestBatch } from "../sky/healpix/index.js";
import { coarsen } from "./cells.js";

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

const BLOCK_BITS = 12; // 4096 cells per lookup block

/** O(1) lookup of a cell's index in a sorted cell list: a dense Int32Array per 4096-cell block. */
export interface CellIndex {
  /** Index of the cell in the list, or -1. */
  get(cell: number): number;
}

/**
 * Builds the lookup (one Map access and one array read per query; ~16 KB per occupied block).
 * @example cellIndex(Float64Array.of(5, 9000)).get(9000) // 1
 */
export function cellIndex(cells: Float64Array): CellIndex {
  const blocks = new Map<number, Int32Array>();
  const size = 2 ** BLOCK_BITS;
  for (let i = 0; i < cells.length; i++) {
    const b = Math.floor(cells[i] / size);
    let table = blocks.get(b);
    if (!table) {
      table = new Int32Array(size);
      blocks.set(b, table);
    }
    table[cells[i] - b * size] = i + 1;
  }
  return {
    get(cell) {
      const b = Math.floor(cell / size);
      const table = blocks.get(b);
      return table === undefined ? -1 : table[cell - b * size] - 1;
    },
  };
}

/**
 * NEST pixels at order 24 of every position (-1 for invalid ones); every coarser order is a division away.
 * @example pixels24(Float64Array.of(55.65), Float64Array.of(-32.2))
 */
export function pixels24(ra: ArrayLike<number>, dec: ArrayLike<number>): Float64Array {
  return ang2pixNestBatch(24, ra, dec) as Float64Array;
}

/**
 * Counts objects (given as order-24 pixels) into the footprint's cells at `order`; objects outside counted.
 * @example
 * const p = await readPositions(source, { where: parseWhere(["detect_isPrimary"]) });
 * const cells = footprintFromTracts(dc2SkyMap, new Map([[4431, null]])).cells(14);
 * countFine(14, cells, new Uint8Array(cells.length), pixels24(p.ra, p.dec)).outside // 2
 */
export function countFine(
  order: number,
  cells: Float64Array,
  masked: Uint8Array,
  pix24: Float64Array,
): FineMap {
  const counts = new Uint32Array(cells.length);
  const index = cellIndex(cells);
  const div = 4 ** (24 - order);
  let outside = 0;
  for (let i = 0; i < pix24.length; i++) {
    const p = pix24[i];
    const k = p < 0 ? -1 : index.get(Math.floor(p / div));
    if (k >= 0) counts[k]++;
    else outside++;
  }
  return { order, cells, counts, masked, outside };
}

/**
 * The map summed to a coarser order.
 * @example
 * const p = await readPositions(source, { where: parseWhere(["detect_isPrimary"]) });
 * const cells = footprintFromTracts(dc2SkyMap, new Map([[4431, null]])).cells(14);
 * const fine = countFine(14, cells, new Uint8Array(cells.length), pixels24(p.ra, p.dec));
 * levelOf(fine, fine.order - 2).cells.length // 10958
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

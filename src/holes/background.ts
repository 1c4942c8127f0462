/**
 * The density each cell is judged against: a robust local estimate, so holes, missing patches and
 * over-dense clusters do not drag it, and slow density changes across the survey (depth, dust) do not look
 * like holes. Cells of the detection order that are wholly inside the footprint, unmasked and not empty are
 * grouped into blocks 5 orders coarser (~1000 cells); each block's density is the interquartile mean of the
 * counts in it and its 8 neighbours, divided by the cell area. Empty cells are left out on purpose: at the
 * detection order a cell expects ≳ 10 objects, so an empty cell is a hole, not a fluctuation.
 */
import { neighboursNest, orderPixareaDeg2 } from "../sky/healpix/index.js";
import type { Level } from "./levels.js";

/** Density per block and the global fallback, in objects per deg². */
export interface Background {
  blockOrder: number;
  blocks: Map<number, number>;
  global: number;
}

/**
 * Mean of the middle half of the values (sorted copy).
 * @example interquartileMean([1, 2, 3, 4, 100, 0, 2, 3]) // 2.5
 */
export function interquartileMean(values: ArrayLike<number>): number {
  const s = Float64Array.from(values).sort();
  if (s.length === 0) return Number.NaN;
  if (s.length < 4) return s.reduce((a, b) => a + b, 0) / s.length;
  const lo = Math.floor(s.length / 4);
  const hi = s.length - lo;
  let sum = 0;
  for (let i = lo; i < hi; i++) sum += s[i];
  return sum / (hi - lo);
}

/**
 * Local densities from the detection level (see the module comment).
 * @example
 * const p = await readPositions(source, { where: parseWhere(["detect_isPrimary"]) });
 * const cells = footprintFromTracts(dc2SkyMap, new Map([[4431, null]])).cells(14);
 * const fine = countFine(14, cells, new Uint8Array(cells.length), pixels24(p.ra, p.dec));
 * backgroundOf(levelOf(fine, 12)).global // ≈ 4880.29 — objects per deg²
 */
export function backgroundOf(level: Level, blockLevels = 5): Background {
  const blockOrder = Math.max(level.order - blockLevels, 0);
  const div = 4 ** (level.order - blockOrder);
  const area = orderPixareaDeg2(level.order);
  // Counts are small integers: keep a histogram per block, so pooling 9 blocks and taking the interquartile
  // mean costs O(largest count) instead of a sort.
  let max = 0;
  for (let i = 0; i < level.cells.length; i++) max = Math.max(max, level.countFree[i]);
  const bins = max + 1;
  const byBlock = new Map<number, Float64Array>();
  const all = new Float64Array(bins);
  for (let i = 0; i < level.cells.length; i++) {
    if (level.fracFree[i] < 0.999 || level.countFree[i] === 0) continue;
    const b = Math.floor(level.cells[i] / div);
    let h = byBlock.get(b);
    if (!h) {
      h = new Float64Array(bins);
      byBlock.set(b, h);
    }
    h[level.countFree[i]]++;
    all[level.countFree[i]]++;
  }
  const global = histogramIqm(all) / area;
  const blocks = new Map<number, number>();
  const every = new Set<number>();
  for (let i = 0; i < level.cells.length; i++) every.add(Math.floor(level.cells[i] / div));
  const pooled = new Float64Array(bins);
  for (const b of every) {
    pooled.fill(0);
    let n = 0;
    for (const k of [b, ...neighboursNest(blockOrder, b)]) {
      const h = k >= 0 ? byBlock.get(k) : undefined;
      if (!h) continue;
      for (let v = 0; v < bins; v++) {
        pooled[v] += h[v];
        n += h[v];
      }
    }
    blocks.set(b, n >= 16 ? histogramIqm(pooled) / area : global);
  }
  return { blockOrder, blocks, global };
}

/** Interquartile mean of integer values given as a histogram (bin v holds how many values equal v). */
function histogramIqm(h: Float64Array): number {
  let n = 0;
  for (let v = 0; v < h.length; v++) n += h[v];
  if (n === 0) return 0;
  if (n < 4) {
    let s = 0;
    for (let v = 0; v < h.length; v++) s += v * h[v];
    return s / n;
  }
  // Same ranks as interquartileMean: sorted positions lo … hi − 1.
  const lo = Math.floor(n / 4);
  const hi = n - lo;
  let sum = 0;
  let seen = 0;
  for (let v = 0; v < h.length && seen < hi; v++) {
    const from = Math.max(seen, lo);
    const to = Math.min(seen + h[v], hi);
    if (to > from) sum += v * (to - from);
    seen += h[v];
  }
  return sum / (hi - lo);
}

/**
 * Density at a cell of any order ≥ the block order.
 * @example
 * const p = await readPositions(source, { where: parseWhere(["detect_isPrimary"]) });
 * const cells = footprintFromTracts(dc2SkyMap, new Map([[4431, null]])).cells(14);
 * const fine = countFine(14, cells, new Uint8Array(cells.length), pixels24(p.ra, p.dec));
 * const bg = backgroundOf(levelOf(fine, 12));
 * densityAt(bg, 14, cells[0]) // ≈ 4880.29
 */
export function densityAt(bg: Background, order: number, cell: number): number {
  const b = Math.floor(cell / 4 ** (order - bg.blockOrder));
  return bg.blocks.get(b) ?? bg.global;
}

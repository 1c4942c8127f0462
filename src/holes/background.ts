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
 * @example backgroundOf(level).global // objects per deg²
 */
export function backgroundOf(level: Level, blockLevels = 5): Background {
  const blockOrder = Math.max(level.order - blockLevels, 0);
  const div = 4 ** (level.order - blockOrder);
  const area = orderPixareaDeg2(level.order);
  const byBlock = new Map<number, number[]>();
  const all: number[] = [];
  for (let i = 0; i < level.cells.length; i++) {
    if (level.fracFree[i] < 0.999 || level.countFree[i] === 0) continue;
    const b = Math.floor(level.cells[i] / div);
    let list = byBlock.get(b);
    if (!list) {
      list = [];
      byBlock.set(b, list);
    }
    list.push(level.countFree[i]);
    all.push(level.countFree[i]);
  }
  const global = all.length > 0 ? interquartileMean(all) / area : 0;
  const blocks = new Map<number, number>();
  const every = new Set<number>();
  for (let i = 0; i < level.cells.length; i++) every.add(Math.floor(level.cells[i] / div));
  for (const b of every) {
    const pooled: number[] = [...(byBlock.get(b) ?? [])];
    for (const n of neighboursNest(blockOrder, b)) if (n >= 0) pooled.push(...(byBlock.get(n) ?? []));
    blocks.set(b, pooled.length >= 16 ? interquartileMean(pooled) / area : global);
  }
  return { blockOrder, blocks, global };
}

/**
 * Density at a cell of any order ≥ the block order.
 * @example densityAt(bg, 13, cell)
 */
export function densityAt(bg: Background, order: number, cell: number): number {
  const b = Math.floor(cell / 4 ** (order - bg.blockOrder));
  return bg.blocks.get(b) ?? bg.global;
}

/**
 * The data's own extent as a footprint, for when no expected footprint is given. Occupied cells at a coarse
 * order (about 200 objects per cell) are closed morphologically (dilated then eroded by `closing` cells, which
 * fills interior gaps up to about 2 × closing cells wide) and then eroded by one more cell so the survey edge,
 * where coarse cells are only partly covered, is never tested.
 *
 * What it cannot see: holes touching the edge of the data, holes wider than the closing fills (a whole missing
 * patch at DP0.2 density is usually wider), and missing tracts. Give a tract list or coverage map for those.
 */
import { ang2pixNestBatch, neighboursNest, orderPixareaDeg2 } from "../sky/healpix/index.js";
import { mocFromCells } from "../sky/moc/moc.js";
import { type Footprint, footprintFromMoc } from "./footprint.js";

/** Options of {@link footprintFromExtent}. */
export interface ExtentOptions {
  /** Closing radius in coarse cells (default 3). */
  closing?: number;
  /** Objects per coarse cell aimed at (default 200). */
  perCell?: number;
}

function grow(cells: Set<number>, order: number): Set<number> {
  const out = new Set(cells);
  for (const c of cells) for (const n of neighboursNest(order, c)) if (n >= 0) out.add(n);
  return out;
}

function shrink(cells: Set<number>, order: number): Set<number> {
  const out = new Set<number>();
  for (const c of cells) if (neighboursNest(order, c).every((n) => n < 0 || cells.has(n))) out.add(c);
  return out;
}

/**
 * Footprint = the closed, eroded occupancy of the positions (see the module comment).
 * @example
 * const p = await readPositions(source, { where: parseWhere(["detect_isPrimary"]) });
 * footprintFromExtent(p.ra, p.dec).description // "data extent (order 8, closing 3 cells, edge eroded)"
 */
export function footprintFromExtent(
  ra: ArrayLike<number>,
  dec: ArrayLike<number>,
  options: ExtentOptions = {},
): Footprint {
  const closing = options.closing ?? 3;
  // Sparse data: fewer objects per coarse cell, so the closed, eroded extent is not empty.
  for (let perCell = options.perCell ?? 200; perCell >= 12.5; perCell /= 2) {
    const fp = extentAt(ra, dec, closing, perCell);
    if (fp !== null) return fp;
  }
  return footprintFromMoc(
    mocFromCells(0, []),
    "data extent (too few objects for an extent: give --footprint)",
    "extent",
  );
}

function extentAt(
  ra: ArrayLike<number>,
  dec: ArrayLike<number>,
  closing: number,
  perCell: number,
): Footprint | null {
  // Density from the occupancy at order 8 (~0.05 deg² cells), then the coarse order.
  const probe = new Set<number>();
  const pix8 = ang2pixNestBatch(8, ra, dec);
  for (let i = 0; i < pix8.length; i++) if (pix8[i] >= 0) probe.add(pix8[i]);
  const density = ra.length / Math.max(probe.size * orderPixareaDeg2(8), 1e-12);
  let order = 8;
  while (order < 16 && density * orderPixareaDeg2(order + 1) >= perCell) order++;
  const occupied = new Set<number>();
  const pix = ang2pixNestBatch(order, ra, dec);
  for (let i = 0; i < pix.length; i++) if (pix[i] >= 0) occupied.add(pix[i]);
  let cells = occupied;
  for (let i = 0; i < closing; i++) cells = grow(cells, order);
  for (let i = 0; i < closing + 1; i++) cells = shrink(cells, order);
  if (cells.size === 0) return null;
  const moc = mocFromCells(order, [...cells]);
  return footprintFromMoc(
    moc,
    `data extent (order ${order}, closing ${closing} cells, edge eroded)`,
    "extent",
  );
}

// Building coverages from points, discs, convex polygons, HEALPix lists and CcdVisit corners.
import { radecToVector, type Vec3, vecDot, vectorAngle } from "../angles.js";
import {
  ang2pixNestBatch,
  ang2pixNestBig,
  maxPixrad,
  pix2angNest,
  queryDiscNestRanges,
  queryDiscRing,
  queryPolygonNestRanges,
  queryPolygonRing,
  ring2nest,
} from "../healpix/index.js";
import {
  convexPolygon,
  discOverlapsCell,
  polygonContainsVector,
  polygonOverlapsCell,
  type SphericalPolygon,
} from "../polygon.js";
import {
  checkMocOrder,
  MOC_MAX_ORDER_NUMBER,
  type Moc,
  mocFromCells,
  mocFromCellsBig,
  mocFromRuns,
  mocUnionAll,
} from "./moc.js";

/** Options of the region builders. */
export interface RegionOptions {
  /**
   * false (default): cells whose centre is inside, like healpy `inclusive=False`.
   * true: every cell that overlaps the region (cell edges approximated by 4 chords each).
   */
  inclusive?: boolean;
  /**
   * Use the healpy-compatible queries of src/sky/healpix instead: identical cells to healpy's
   * query_disc / query_polygon, whose inclusive mode (fact = 4) may add cells that do not quite overlap.
   * Use it to rebuild footprints that were made with healpy. healpy's inclusive answers depend on the
   * pixel scheme the query ran in, so pick the one the footprint was made with:
   * `"nest"` (or `true`): healpy `nest=True` (queryDiscNest / queryPolygonNest);
   * `"ring"`: healpy `nest=False` (queryDiscRing / queryPolygonRing), e.g. the DESC DC2 footprints,
   * which hold a corner cell more than the NEST answer.
   */
  healpy?: boolean | "nest" | "ring";
}

/**
 * A point coverage: the cells at `order` holding any of the points (NaN positions are refused).
 * @example mocFromPoints(10, Float64Array.of(55.65), Float64Array.of(-32.2))
 */
export function mocFromPoints(order: number, ra: ArrayLike<number>, dec: ArrayLike<number>): Moc {
  checkMocOrder(order);
  if (ra.length !== dec.length) throw new RangeError(`ra has ${ra.length} values but dec has ${dec.length}`);
  for (let i = 0; i < ra.length; i++) {
    if (!Number.isFinite(ra[i]) || !Number.isFinite(dec[i]) || dec[i] < -90 || dec[i] > 90) {
      throw new RangeError(`position ${i} is not a valid (ra, dec): (${ra[i]}, ${dec[i]})`);
    }
  }
  if (order > MOC_MAX_ORDER_NUMBER) {
    const cells: bigint[] = [];
    for (let i = 0; i < ra.length; i++) cells.push(ang2pixNestBig(order, ra[i], dec[i]));
    return mocFromCellsBig(order, cells);
  }
  return mocFromCells(order, ang2pixNestBatch(order, ra, dec));
}

/**
 * A MOC from RING cell indices at `order` ≤ 24 (e.g. a healpy footprint written with nest=False).
 * @example mocFromRingCells(10, [9169490, 9169491])
 */
export function mocFromRingCells(order: number, cells: ArrayLike<number>): Moc {
  checkMocOrder(order, MOC_MAX_ORDER_NUMBER);
  const nest = new Float64Array(cells.length);
  for (let i = 0; i < cells.length; i++) nest[i] = ring2nest(order, cells[i]);
  return mocFromCells(order, nest);
}

/** healpy's UNSEEN sentinel for empty map pixels. */
const HEALPY_UNSEEN = -1.6375e30;

/**
 * Coverage of a full-sky HEALPix map (length 12·4^order; RING order like healpy unless `nest: true`): cells
 * whose value is finite, non-zero and not healpy's UNSEEN (−1.6375e30). Throws when the length is not a
 * HEALPix pixel count.
 * @example mocToAscii(mocFromHealpixMap(Float64Array.from({ length: 12 }, (_, i) => (i === 4 ? 1 : 0)))) // "0/4"
 */
export function mocFromHealpixMap(values: ArrayLike<number>, options: { nest?: boolean } = {}): Moc {
  const order = Math.round(Math.log(values.length / 12) / Math.log(4));
  if (!(order >= 0 && order <= MOC_MAX_ORDER_NUMBER && 12 * 4 ** order === values.length)) {
    throw new RangeError(`a HEALPix map has 12·4^order values; got ${values.length}`);
  }
  const cells: number[] = [];
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (Number.isFinite(v) && v !== 0 && v !== HEALPY_UNSEEN) cells.push(i);
  }
  return options.nest ? mocFromCells(order, cells) : mocFromRingCells(order, cells);
}

/** Classification of a cell against a region: 0 outside, 1 straddling, 2 inside. */
type Classify = (centre: Vec3, radius: number, order: number, pix: number) => 0 | 1 | 2;

/**
 * Hierarchical coverage of a region: cells entirely inside are kept whole at coarse orders, straddling
 * cells are split down to `order`, where `keep` decides.
 */
function regionMoc(order: number, classify: Classify, keep: (centre: Vec3, pix: number) => boolean): Moc {
  checkMocOrder(order, MOC_MAX_ORDER_NUMBER);
  const runs: number[] = [];
  const radii = Array.from({ length: order + 1 }, (_, k) => maxPixrad(k) * 1.05);
  const addCell = (k: number, pix: number) => {
    const scale = 4 ** (order - k);
    runs.push(pix * scale, (pix + 1) * scale);
  };
  const visit = (k: number, pix: number) => {
    const [ra, dec] = pix2angNest(k, pix);
    const centre = radecToVector(ra, dec);
    const c = k === order ? 1 : classify(centre, radii[k], k, pix);
    if (c === 0 && k < order) return;
    if (c === 2) return addCell(k, pix);
    if (k === order) {
      if (keep(centre, pix)) addCell(k, pix);
      return;
    }
    for (let child = 4 * pix; child < 4 * pix + 4; child++) visit(k + 1, child);
  };
  for (let base = 0; base < 12; base++) visit(0, base);
  // Cells are visited in NEST order, so the runs are already sorted; merge touching ones.
  const merged: number[] = [];
  for (let i = 0; i < runs.length; i += 2) {
    if (merged.length > 0 && runs[i] <= merged[merged.length - 1]) {
      merged[merged.length - 1] = Math.max(merged[merged.length - 1], runs[i + 1]);
    } else merged.push(runs[i], runs[i + 1]);
  }
  return mocFromRuns(order, merged);
}

/**
 * Coverage of a disc (centre RA/Dec and radius in degrees) at `order` ≤ 24.
 * @example mocArea(mocFromDisc(10, 55.65, -32.2, 1)) // ≈ 3.15 (deg², a little more than π: whole cells)
 */
export function mocFromDisc(
  order: number,
  ra: number,
  dec: number,
  radius: number,
  options: RegionOptions = {},
): Moc {
  if (!(radius >= 0)) throw new RangeError(`disc radius must be >= 0 degrees, got ${radius}`);
  if (options.healpy === "ring") {
    return mocFromRingCells(
      order,
      queryDiscRing(order, ra, dec, radius, { inclusive: options.inclusive ?? false }),
    );
  }
  if (options.healpy) {
    return mocFromRuns(
      order,
      queryDiscNestRanges(order, ra, dec, radius, { inclusive: options.inclusive ?? false }),
    );
  }
  const p = radecToVector(ra, dec);
  const r = (radius * Math.PI) / 180;
  const cosR = Math.cos(r);
  const classify: Classify = (centre, cellRadius) => {
    const d = (vectorAngle(p, centre) * Math.PI) / 180;
    if (d > r + cellRadius) return 0;
    if (d + cellRadius <= r) return 2;
    return 1;
  };
  const keep = options.inclusive
    ? (centre: Vec3, pix: number) =>
        vecDot(centre, p) >= cosR || discOverlapsCell(ra, dec, radius, order, pix)
    : (centre: Vec3) => vecDot(centre, p) >= cosR;
  return regionMoc(order, classify, keep);
}

/**
 * Coverage of a convex polygon (a SphericalPolygon or its corners [ra, dec]) at `order` ≤ 24.
 * @example mocFromPolygon(10, [[52.25, -27.25], [71.46, -27.25], [73.79, -44.33], [49.92, -44.33]])
 */
export function mocFromPolygon(
  order: number,
  polygon: SphericalPolygon | readonly (readonly [number, number])[],
  options: RegionOptions = {},
): Moc {
  const poly = "normals" in polygon ? polygon : convexPolygon(polygon);
  if (options.healpy === "ring") {
    return mocFromRingCells(
      order,
      queryPolygonRing(order, poly.corners, { inclusive: options.inclusive ?? false }),
    );
  }
  if (options.healpy) {
    return mocFromRuns(
      order,
      queryPolygonNestRanges(order, poly.corners, { inclusive: options.inclusive ?? false }),
    );
  }
  const classify: Classify = (centre, cellRadius) => {
    // Convex polygon = intersection of half-spaces n·v ≥ 0: the cell's bounding circle is inside when it
    // clears every edge plane by sin(R), and outside when it lies beyond one of them.
    const sinR = Math.sin(cellRadius);
    let allInside = true;
    for (const n of poly.normals) {
      const s = vecDot(n, centre);
      if (s < -sinR) return 0;
      if (s < sinR) allInside = false;
    }
    return allInside ? 2 : 1;
  };
  const keep = options.inclusive
    ? (centre: Vec3, pix: number) =>
        polygonContainsVector(poly, centre) || polygonOverlapsCell(poly, order, pix)
    : (centre: Vec3) => polygonContainsVector(poly, centre);
  return regionMoc(order, classify, keep);
}

/**
 * Union coverage of many convex polygons (e.g. detector footprints) at `order` ≤ 24.
 * @example
 * const a = convexPolygon([[10, 0], [11, 0], [11, 1], [10, 1]]);
 * const b = convexPolygon([[20, 0], [21, 0], [21, 1], [20, 1]]);
 * mocArea(mocFromPolygons(8, [a, b], { inclusive: true })) > 2 // true
 */
export function mocFromPolygons(
  order: number,
  polygons: readonly (SphericalPolygon | readonly (readonly [number, number])[])[],
  options: RegionOptions = {},
): Moc {
  return mocUnionAll(polygons.map((p) => mocFromPolygon(order, p, options)));
}

/** CcdVisit-style corner columns (degrees), one row per detector visit. */
export interface CcdCornerColumns {
  llcra: ArrayLike<number>;
  llcdec: ArrayLike<number>;
  ulcra: ArrayLike<number>;
  ulcdec: ArrayLike<number>;
  urcra: ArrayLike<number>;
  urcdec: ArrayLike<number>;
  lrcra: ArrayLike<number>;
  lrcdec: ArrayLike<number>;
}

/**
 * Union coverage of detector footprints given as CcdVisit corner columns; rows with a non-finite corner
 * are refused with their row number (a bad row must never silently shrink the footprint).
 * @example
 * const c = { llcra: [10], llcdec: [0], ulcra: [10], ulcdec: [1], urcra: [11], urcdec: [1], lrcra: [11], lrcdec: [0] };
 * mocContains(mocFromCcdCorners(10, c), 10.5, 0.5) // true
 */
export function mocFromCcdCorners(order: number, c: CcdCornerColumns, options: RegionOptions = {}): Moc {
  const polygons: SphericalPolygon[] = [];
  for (let i = 0; i < c.llcra.length; i++) {
    const corners: [number, number][] = [
      [c.llcra[i], c.llcdec[i]],
      [c.ulcra[i], c.ulcdec[i]],
      [c.urcra[i], c.urcdec[i]],
      [c.lrcra[i], c.lrcdec[i]],
    ];
    if (!corners.every(([a, d]) => Number.isFinite(a) && Number.isFinite(d))) {
      throw new RangeError(`CcdVisit corners of row ${i} are not all finite`);
    }
    try {
      polygons.push(convexPolygon(corners));
    } catch (err) {
      throw new RangeError(`CcdVisit corners of row ${i}: ${(err as Error).message}`);
    }
  }
  return mocFromPolygons(order, polygons, options);
}

/**
 * Expected footprints: where objects should be. Each footprint answers "which NEST cells at order k have
 * their centre inside me", at whatever order the detector picks from the data density.
 *
 * - tracts/patches of a rings sky map: the *primary* region of each listed patch (inside its tract's inner
 *   RA/Dec region and its patch's inner box), so deduplicated (detect_isPrimary) catalogues fill it exactly and
 *   tract/patch boundaries and overlaps never look empty;
 * - a coverage map (MOC, or HEALPix pixel list such as DESC's DC2 WFD region pixels);
 * - CcdVisit detector corners (union of the detector footprints);
 * - the data's own extent (see extent.ts);
 * - the union of several of these (e.g. the processed tracts plus a survey-region map).
 */
import { raDifference } from "../sky/angles.js";
import {
  maxPixrad,
  orderPixareaDeg2,
  pix2angNestBatch,
  queryPolygonNestRanges,
} from "../sky/healpix/index.js";
import { type CcdCornerColumns, mocFromCcdCorners, mocFromRingCells } from "../sky/moc/build.js";
import { type Moc, mocArea, mocCells, mocFromCells } from "../sky/moc/moc.js";
import type { RingsSkyMap } from "../sky/skymap/types.js";
import { cellsFromRuns, uniqueSorted } from "./cells.js";

/** Where objects are expected. */
export interface Footprint {
  kind: "tracts" | "moc" | "ccdvisit" | "extent" | "union";
  /** One line saying what the footprint is, for reports. */
  description: string;
  /** Sorted NEST cells at `order` whose centre lies inside. */
  cells(order: number): Float64Array;
  /** Expected tract → patches, when the footprint is a tract/patch list. */
  expected?: Map<number, number[]>;
  /** The exact area in square degrees, where the footprint knows it (a coverage map). */
  areaDeg2?: number;
}

/**
 * The primary region of tracts (all their patches, or the listed ones) of a rings sky map.
 * @example
 * footprintFromTracts(dc2SkyMap, new Map([[4431, null]])).cells(10).length // 680 — about 2.4 deg²
 */
export function footprintFromTracts(
  map: RingsSkyMap,
  tracts: Map<number, readonly number[] | null>,
): Footprint {
  const expected = new Map<number, number[]>();
  for (const [id, patches] of tracts) {
    const info = map.tract(id); // throws RangeError for an unknown tract
    const all = info.numPatches[0] * info.numPatches[1];
    const list = patches === null ? Array.from({ length: all }, (_, i) => i) : [...patches];
    for (const p of list) {
      if (!Number.isInteger(p) || p < 0 || p >= all)
        throw new RangeError(`patch ${p} is not a patch of tract ${id} (0–${all - 1})`);
    }
    expected.set(
      id,
      list.sort((a, b) => a - b),
    );
  }
  const cache = new Map<number, Float64Array>();
  const names = [...expected.keys()];
  const wanted = new Map<number, Uint8Array>();
  for (const [id, patches] of expected) {
    const [nx, ny] = map.tract(id).numPatches;
    const w = new Uint8Array(nx * ny);
    for (const p of patches) w[p] = 1;
    wanted.set(id, w);
  }
  const footprint: Footprint = {
    kind: "tracts",
    description: `${map.name} tracts ${names.length <= 8 ? names.join(", ") : `${names.slice(0, 8).join(", ")} … (${names.length})`}`,
    expected,
    cells(order) {
      const hit = cache.get(order);
      if (hit) return hit;
      const out = order >= 10 ? deepCells(order) : directCells(order);
      cache.set(order, out);
      return out;
    },
  };

  /** Cells whose centre is in a wanted patch, tested one by one. */
  function keep(cells: Float64Array, order: number): Float64Array {
    const { ra, dec } = pix2angNestBatch(order, cells);
    const where = map.findTractPatchArray(ra, dec);
    let n = 0;
    for (let i = 0; i < cells.length; i++) {
      if (where.patch[i] >= 0 && wanted.get(where.tract[i])?.[where.patch[i]] === 1) cells[n++] = cells[i];
    }
    return cells.subarray(0, n);
  }

  function directCells(order: number): Float64Array {
    const parts: Float64Array[] = [];
    for (const id of expected.keys()) {
      parts.push(
        keep(
          cellsFromRuns(queryPolygonNestRanges(order, map.tract(id).outerOutline, { inclusive: true })),
          order,
        ),
      );
    }
    return uniqueSorted(concat(parts));
  }

  /**
   * Two orders up first: a parent cell lying (with its whole bounding circle) inside one wanted patch's primary
   * region gives its 16 children at once; only the children of the other parents are tested one by one.
   */
  function deepCells(order: number): Float64Array {
    const up = order - 2;
    const parents: Float64Array[] = [];
    for (const id of expected.keys()) {
      parents.push(
        cellsFromRuns(queryPolygonNestRanges(up, map.tract(id).outerOutline, { inclusive: true })),
      );
    }
    const all = uniqueSorted(concat(parents));
    const { ra, dec } = pix2angNestBatch(up, all);
    const where = map.findTractPatchArray(ra, dec);
    const radius = ((maxPixrad(up) * 180) / Math.PI) * 1.05;
    const radiusPx = (radius * 3600) / map.config.pixelScale;
    const [iw, ih] = map.config.patchInnerDimensions;
    const deepFlag = new Uint8Array(all.length);
    let deepCount = 0;
    for (let i = 0; i < all.length; i++) {
      const t = where.tract[i];
      const p = where.patch[i];
      if (p < 0 || wanted.get(t)?.[p] !== 1) continue;
      const info = map.tract(t);
      const [x, y] = info.wcs.skyToPixel(ra[i], dec[i]);
      const [px, py] = info.patchIndexPair(p);
      const dPx = Math.min(
        x + 0.5 - px * iw,
        (px + 1) * iw - 0.5 - x,
        y + 0.5 - py * ih,
        (py + 1) * ih - 0.5 - y,
      );
      const r = info.innerRegion;
      const cosDec = Math.cos((dec[i] * Math.PI) / 180);
      const dDec = Math.min(dec[i] - r.decMin, r.decMax - dec[i]);
      const cap = info.ring < 0 || info.ring >= map.tractsPerRing.length;
      const dRa = cap
        ? Number.POSITIVE_INFINITY
        : Math.min(raDifference(ra[i], r.raMin), raDifference(r.raMax, ra[i])) * cosDec;
      if (dPx > radiusPx && dDec > radius && dRa > radius) {
        deepFlag[i] = 1;
        deepCount++;
      }
    }
    // Children of the other parents, tested one by one (sorted in, so sorted out).
    const check = new Float64Array((all.length - deepCount) * 16);
    let k = 0;
    for (let i = 0; i < all.length; i++)
      if (deepFlag[i] === 0) for (let c = 0; c < 16; c++) check[k++] = all[i] * 16 + c;
    const kept = keep(check, order);
    // Merge in parent order: no sort needed.
    const out = new Float64Array(deepCount * 16 + kept.length);
    let n = 0;
    let j = 0;
    for (let i = 0; i < all.length; i++) {
      const first = all[i] * 16;
      if (deepFlag[i] === 1) for (let c = 0; c < 16; c++) out[n++] = first + c;
      else while (j < kept.length && kept[j] < first + 16) out[n++] = kept[j++];
    }
    return out;
  }

  return footprint;
}

function concat(parts: readonly Float64Array[]): Float64Array {
  const out = new Float64Array(parts.reduce((s, p) => s + p.length, 0));
  let k = 0;
  for (const p of parts) {
    out.set(p, k);
    k += p.length;
  }
  return out;
}

/**
 * A footprint from a coverage map (cells finer than the map's own order subdivide it).
 * @example footprintFromMoc(mocFromDisc(10, 55.65, -32.2, 1), "1° disc").cells(12).length
 */
export function footprintFromMoc(moc: Moc, description: string, kind: Footprint["kind"] = "moc"): Footprint {
  return {
    kind,
    description,
    cells: (order) => mocCells(moc, order, 5e7),
    areaDeg2: mocArea(moc),
  };
}

/**
 * A footprint from a HEALPix pixel list (e.g. DESC's `DC2RegionPixels_*` files: nside 1024, RING).
 * @example footprintFromHealpixPixels(1024, [9169490, 9169491], { nest: false })
 */
export function footprintFromHealpixPixels(
  nside: number,
  pixels: ArrayLike<number>,
  options: { nest?: boolean; description?: string } = {},
): Footprint {
  const order = Math.log2(nside);
  if (!Number.isInteger(order) || order < 0 || order > 24)
    throw new RangeError(`nside ${nside} is not a power of two up to 2^24`);
  const moc = options.nest ? mocFromCells(order, pixels) : mocFromRingCells(order, pixels);
  return footprintFromMoc(
    moc,
    options.description ??
      `${pixels.length} HEALPix pixels at nside ${nside} (${options.nest ? "NEST" : "RING"})`,
  );
}

/**
 * The union of detector footprints from CcdVisit corner columns (built at order 14, ~13″ cells, inclusive).
 * @example
 * const corners = { llcra: [55], llcdec: [-30], ulcra: [55], ulcdec: [-29.8], urcra: [55.2], urcdec: [-29.8], lrcra: [55.2], lrcdec: [-30] };
 * footprintFromCcdCorners(corners).cells(14).length // 2885
 */
export function footprintFromCcdCorners(
  corners: CcdCornerColumns,
  description = "CcdVisit detector footprints",
): Footprint {
  return footprintFromMoc(mocFromCcdCorners(14, corners, { inclusive: true }), description, "ccdvisit");
}

/**
 * The union of footprints: a cell is expected when any of them expects it. Expected tract/patch lists are merged
 * (a tract listed with all its patches in one and some in another expects all of them).
 * @example
 * const a = footprintFromTracts(dc2SkyMap, new Map([[4431, [0, 1]]]));
 * const b = footprintFromTracts(dc2SkyMap, new Map([[4431, [1, 2]], [4432, [5]]]));
 * [...(footprintUnion([a, b]).expected ?? new Map())] // [[4431, [0, 1, 2]], [4432, [5]]]
 */
export function footprintUnion(footprints: readonly Footprint[]): Footprint {
  if (footprints.length === 0) throw new RangeError("a footprint union needs at least one footprint");
  if (footprints.length === 1) return footprints[0];
  const lists = footprints.map((f) => f.expected).filter((e): e is Map<number, number[]> => e !== undefined);
  let expected: Map<number, number[]> | undefined;
  if (lists.length > 0) {
    const merged = new Map<number, Set<number>>();
    for (const list of lists)
      for (const [tract, patches] of list) {
        const set = merged.get(tract) ?? new Set<number>();
        for (const p of patches) set.add(p);
        merged.set(tract, set);
      }
    expected = new Map([...merged].map(([t, ps]) => [t, [...ps].sort((x, y) => x - y)]));
  }
  const cache = new Map<number, Float64Array>();
  return {
    kind: "union",
    description: footprints.map((f) => f.description).join(" ∪ "),
    ...(expected ? { expected } : {}),
    cells(order) {
      const hit = cache.get(order);
      if (hit) return hit;
      const out = uniqueSorted(concat(footprints.map((f) => f.cells(order))));
      cache.set(order, out);
      return out;
    },
  };
}

/** Cells at most for an area estimate: 0.1 s for 166 DC2 tracts at order 10. */
const AREA_CELLS = 3e5;

/**
 * A footprint's area in square degrees: exact where it knows it (a coverage map: DC2's 300 deg² WFD region, whose
 * order-5 cells touching it make 372.6 deg²), else from its cells (centre inside) at the finest order up to 12
 * (~52″ cells) whose count stays under 300 000, starting from `order` where it has `count` cells.
 * @example
 * const f = footprintFromHealpixPixels(1024, Array.from({ length: 4096 }, (_, i) => i), { nest: true });
 * footprintAreaDeg2(f, 3, f.cells(3).length).toFixed(3) // "13.429" (4096 pixels of 0.00328 deg², not the order-3 cell's 53.7)
 * footprintAreaDeg2(footprintFromTracts(dc2SkyMap, new Map([[4431, null]])), 10, 680).toFixed(3) // "2.185" (order-12 cells)
 */
export function footprintAreaDeg2(footprint: Footprint, order: number, count: number): number {
  if (footprint.areaDeg2 !== undefined) return footprint.areaDeg2;
  let finest = order;
  let estimate = count;
  while (finest < 12 && estimate * 4 <= AREA_CELLS) {
    finest++;
    estimate *= 4;
  }
  const cells = finest === order ? count : footprint.cells(finest).length;
  return cells * orderPixareaDeg2(finest);
}

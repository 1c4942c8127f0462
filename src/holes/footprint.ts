/**
 * Expected footprints: where objects should be. Each footprint answers "which NEST cells at order k have
 * their centre inside me", at whatever order the detector picks from the data density.
 *
 * - tracts/patches of a rings sky map: the *primary* region of each listed patch (inside its tract's inner
 *   RA/Dec region and its patch's inner box), so deduplicated (detect_isPrimary) catalogues fill it exactly and
 *   tract/patch boundaries and overlaps never look empty;
 * - a coverage map (MOC, or HEALPix pixel list such as DESC's DC2 WFD region pixels);
 * - CcdVisit detector corners (union of the detector footprints);
 * - the data's own extent (see extent.ts).
 */
import { pix2angNestBatch, queryPolygonNestRanges } from "../sky/healpix/index.js";
import { type CcdCornerColumns, mocFromCcdCorners, mocFromRingCells } from "../sky/moc/build.js";
import { type Moc, mocCells, mocFromCells } from "../sky/moc/moc.js";
import type { RingsSkyMap } from "../sky/skymap/rings.js";
import { cellsFromRuns, uniqueSorted } from "./cells.js";

/** Where objects are expected. */
export interface Footprint {
  kind: "tracts" | "moc" | "ccdvisit" | "extent";
  /** One line saying what the footprint is, for reports. */
  description: string;
  /** Sorted NEST cells at `order` whose centre lies inside. */
  cells(order: number): Float64Array;
  /** Expected tract → patches, when the footprint is a tract/patch list. */
  expected?: Map<number, number[]>;
}

/**
 * The primary region of tracts (all their patches, or the listed ones) of a rings sky map.
 * @example
 * footprintFromTracts(dc2SkyMap, new Map([[4431, null]])).cells(10).length // ≈ 2.4 deg² of order-10 cells
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
  return {
    kind: "tracts",
    description: `${map.name} tracts ${names.length <= 8 ? names.join(", ") : `${names.slice(0, 8).join(", ")} … (${names.length})`}`,
    expected,
    cells(order) {
      const hit = cache.get(order);
      if (hit) return hit;
      const parts: Float64Array[] = [];
      for (const [id, patches] of expected) {
        const tract = map.tract(id);
        const wanted = new Uint8Array(tract.numPatches[0] * tract.numPatches[1]);
        for (const p of patches) wanted[p] = 1;
        const candidates = cellsFromRuns(
          queryPolygonNestRanges(order, tract.outerOutline, { inclusive: true }),
        );
        const { ra, dec } = pix2angNestBatch(order, candidates);
        const where = map.findTractPatchArray(ra, dec);
        let n = 0;
        for (let i = 0; i < candidates.length; i++) {
          if (where.tract[i] === id && where.patch[i] >= 0 && wanted[where.patch[i]] === 1)
            candidates[n++] = candidates[i];
        }
        parts.push(candidates.subarray(0, n));
      }
      const merged = new Float64Array(parts.reduce((s, p) => s + p.length, 0));
      let k = 0;
      for (const p of parts) {
        merged.set(p, k);
        k += p.length;
      }
      const out = uniqueSorted(merged);
      cache.set(order, out);
      return out;
    },
  };
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
 * @example footprintFromCcdCorners({ llcra, llcdec, ulcra, ulcdec, urcra, urcdec, lrcra, lrcdec })
 */
export function footprintFromCcdCorners(
  corners: CcdCornerColumns,
  description = "CcdVisit detector footprints",
): Footprint {
  return footprintFromMoc(mocFromCcdCorners(14, corners, { inclusive: true }), description, "ccdvisit");
}

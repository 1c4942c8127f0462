/**
 * The reference catalog's footprint and what a detector sees of it: from catalog positions (exact counts of
 * reference objects inside a region, coverage = HEALPix cells holding objects), from a MOC, or from a HEALPix map.
 */
import { ang2pixNestBatch, orderPixareaDeg2, ring2nest } from "../sky/healpix/index.js";
import { type Moc, mocContains } from "../sky/moc/index.js";
import {
  convexPolygon,
  polygonAreaDeg2,
  polygonContainsVector,
  type SphericalPolygon,
  sphericalPolygonAreaSr,
} from "../sky/polygon.js";

/** A reference footprint. */
export type ReferenceFootprint = CatalogFootprint | CoverageFootprint;

/**
 * Footprint from catalog positions, indexed on an RA/Dec grid over the catalog's bounding box (counting sort, cells
 * ordered by Dec band then RA; cell size from the density, ~8 objects per cell), so a region's objects are found in
 * the cells of its bounding box: cells wholly inside add their counts, cells on its edge are tested object by object.
 */
export interface CatalogFootprint {
  kind: "catalog";
  sources: string[];
  objects: number;
  /** The grid: cell size (deg), origin, number of RA columns and Dec bands. */
  grid: { size: number; ra0: number; dec0: number; nra: number; ndec: number };
  /** cellStart[c]..cellStart[c+1] are the objects of grid cell c = band · nra + column. */
  cellStart: Uint32Array;
  /** Unit vectors of the objects in the same order (Float32: 0.02″, for the exact polygon tests). */
  x: Float32Array;
  y: Float32Array;
  z: Float32Array;
}

/** At most this many grid cells in a catalog index (memory: 4 bytes each). */
const MAX_CELLS = 8_000_000;

/** Footprint from a MOC or a HEALPix map (no object counts, unless the map holds counts). */
export interface CoverageFootprint {
  kind: "coverage";
  sources: string[];
  contains: (ra: number, dec: number) => boolean;
  /** Objects per square degree at (ra, dec), when the map holds counts. */
  density?: (ra: number, dec: number) => number;
}

const DEG = Math.PI / 180;

/**
 * A footprint from reference positions in degrees (NaN positions are skipped and counted in `skipped`).
 * @example footprintFromPositions(Float64Array.of(55, 55.01), Float64Array.of(-32, -32.01), "refcat").objects // 2
 */
export function footprintFromPositions(
  ra: ArrayLike<number>,
  dec: ArrayLike<number>,
  source: string,
): CatalogFootprint & { skipped: number } {
  const n = ra.length;
  // Bounding box of the data (RA kept unwrapped in [0, 360); a catalog across RA 0 gets the full RA range).
  let rMin = 360;
  let rMax = 0;
  let dMin = 90;
  let dMax = -90;
  let good = 0;
  for (let i = 0; i < n; i++) {
    const r = ra[i];
    const d = dec[i];
    if (!Number.isFinite(r) || !(d >= -90 && d <= 90)) continue;
    const rr = ((r % 360) + 360) % 360;
    if (rr < rMin) rMin = rr;
    if (rr > rMax) rMax = rr;
    if (d < dMin) dMin = d;
    if (d > dMax) dMax = d;
    good++;
  }
  if (good === 0) {
    rMin = 0;
    rMax = 1;
    dMin = 0;
    dMax = 1;
  }
  const areaDeg2 = Math.max(
    1e-6,
    (rMax - rMin) * (dMax - dMin) * Math.cos((Math.max(Math.abs(dMin), Math.abs(dMax)) * Math.PI) / 180),
  );
  let size = Math.min(1, Math.max(0.005, Math.sqrt((8 * areaDeg2) / Math.max(1, good))));
  while (Math.ceil((rMax - rMin) / size + 1) * Math.ceil((dMax - dMin) / size + 1) > MAX_CELLS) size *= 1.25;
  const nra = Math.ceil((rMax - rMin) / size) + 1;
  const ndec = Math.ceil((dMax - dMin) / size) + 1;
  const grid = { size, ra0: rMin, dec0: dMin, nra, ndec };
  const cell = new Int32Array(n);
  const ncell = nra * ndec;
  const cellStart = new Uint32Array(ncell + 1);
  let skipped = 0;
  for (let i = 0; i < n; i++) {
    const r = ra[i];
    const d = dec[i];
    if (!Number.isFinite(r) || !(d >= -90 && d <= 90)) {
      cell[i] = -1;
      skipped++;
      continue;
    }
    const a = Math.floor(((((r % 360) + 360) % 360) - rMin) / size);
    const b = Math.floor((d - dMin) / size);
    const c = b * nra + a;
    cell[i] = c;
    cellStart[c + 1]++;
  }
  for (let c = 0; c < ncell; c++) cellStart[c + 1] += cellStart[c];
  const m = n - skipped;
  const fill = cellStart.slice(0, ncell);
  const x = new Float32Array(m);
  const y = new Float32Array(m);
  const z = new Float32Array(m);
  for (let i = 0; i < n; i++) {
    const c = cell[i];
    if (c < 0) continue;
    const o = fill[c]++;
    const r = ra[i] * DEG;
    const d = dec[i] * DEG;
    const cd = Math.cos(d);
    x[o] = cd * Math.cos(r);
    y[o] = cd * Math.sin(r);
    z[o] = Math.sin(d);
  }
  return {
    kind: "catalog",
    sources: [source],
    objects: m,
    grid,
    cellStart,
    x,
    y,
    z,
    skipped,
  };
}

/**
 * A footprint from a MOC.
 * @example
 * const fp = footprintFromMoc(mocFromPoints(8, [55], [-32]), "refcat.moc.json");
 * fp.kind // "coverage"
 * fp.contains(55, -32) // true
 * fp.contains(150, 10) // false
 */
export function footprintFromMoc(moc: Moc, source: string): CoverageFootprint {
  return { kind: "coverage", sources: [source], contains: (ra, dec) => mocContains(moc, ra, dec) };
}

/**
 * A footprint from a NEST or RING HEALPix map: covered where the value is finite and > 0 (UNSEEN is not);
 * with `counts: true` the values are object counts per pixel and give densities.
 * @example
 * const values = new Float64Array(12).fill(1);
 * values[0] = 0;
 * const fp = footprintFromHealpixMap(values, { nest: true, source: "map.fits" });
 * fp.contains(45, 41.8) // false (pixel 0 is 0)
 * fp.contains(45, -41.8) // true
 */
export function footprintFromHealpixMap(
  values: ArrayLike<number>,
  options: { nest?: boolean; counts?: boolean; source: string },
): CoverageFootprint {
  const npix = values.length;
  const order = Math.round(Math.log(npix / 12) / Math.log(4));
  if (12 * 4 ** order !== npix) throw new RangeError(`a HEALPix map has 12·4^k values, got ${npix}`);
  const nestValues = new Float64Array(npix);
  if (options.nest === false) {
    // Reorder RING to NEST once so lookups use ang2pixNest.
    for (let p = 0; p < npix; p++) nestValues[ring2nest(order, p)] = values[p];
  } else for (let p = 0; p < npix; p++) nestValues[p] = values[p];
  const at = (ra: number, dec: number) => nestValues[ang2pixNestBatch(order, [ra], [dec])[0]];
  const area = orderPixareaDeg2(order);
  return {
    kind: "coverage",
    sources: [options.source],
    contains: (ra, dec) => {
      const v = at(ra, dec);
      return Number.isFinite(v) && v > 0 && v > -1e30;
    },
    ...(options.counts ? { density: (ra: number, dec: number) => Math.max(0, at(ra, dec)) / area } : {}),
  };
}

/** What a region sees of the reference footprint. */
export interface RegionCoverage {
  /** Fraction of the region's area inside the footprint (from a grid of sample points). */
  coveredFraction: number;
  /** Reference objects inside the region (catalog footprints: counted exactly), else null. */
  referenceObjects: number | null;
  /** Expected reference objects (the count for catalogs, density × covered area for count maps), else null. */
  expectedReferenceObjects: number | null;
  areaDeg2: number;
}

/**
 * Sample points and weights over a convex polygon: a fan of triangles from vertex 0, k² points per triangle
 * (cells of the unit square folded onto the triangle), each weighted by its triangle's share of the area.
 * Returns RA/Dec in degrees (for cell lookups) and the weights.
 */
function samplePolygon(p: SphericalPolygon, k = 5): { ra: Float64Array; dec: Float64Array; w: Float64Array } {
  const v = p.vertices;
  const nt = v.length - 2;
  const areas = new Float64Array(nt);
  let total = 0;
  for (let i = 0; i < nt; i++) {
    areas[i] = Math.abs(sphericalPolygonAreaSr([v[0], v[i + 1], v[i + 2]]));
    total += areas[i];
  }
  const m = nt * k * k;
  const ra = new Float64Array(m);
  const dec = new Float64Array(m);
  const w = new Float64Array(m);
  let o = 0;
  const a = v[0];
  for (let i = 0; i < nt; i++) {
    const b = v[i + 1];
    const c = v[i + 2];
    const share = areas[i] / total / (k * k);
    for (let s = 0; s < k; s++) {
      for (let t = 0; t < k; t++) {
        let u = (s + 0.5) / k;
        let q = (t + 0.5) / k;
        if (u + q > 1) {
          u = 1 - u;
          q = 1 - q;
        }
        const x = a[0] + u * (b[0] - a[0]) + q * (c[0] - a[0]);
        const y = a[1] + u * (b[1] - a[1]) + q * (c[1] - a[1]);
        const z = a[2] + u * (b[2] - a[2]) + q * (c[2] - a[2]);
        const r = Math.atan2(y, x) / DEG;
        ra[o] = r < 0 ? r + 360 : r;
        dec[o] = Math.atan2(z, Math.hypot(x, y)) / DEG;
        w[o++] = share;
      }
    }
  }
  return { ra, dec, w };
}

/**
 * Count of catalog objects inside a convex polygon (exact: the grid cells of its padded RA/Dec bounding box, then
 * half-space tests).
 * @example
 * const [footprint] = await loadReferenceFootprints(["fixtures/pilot/refcat.parquet"]);
 * const camera = lsstCamImSim();
 * const visit = (await readVisitPointings("fixtures/pilot/Visit.parquet")).pointings.get(419121);
 * const corners = detectorSkyCorners(camera, visit, camera.detectors[94]);
 * countInPolygon(footprint, convexPolygon(corners)) // 6
 */
export function countInPolygon(fp: CatalogFootprint, polygon: SphericalPolygon): number {
  // RA/Dec bounding box of the polygon, padded for great-circle edges bowing away from their corners.
  const corners = polygon.corners;
  const v = polygon.vertices;
  let span = 0;
  for (let i = 0; i < v.length; i++)
    for (let k = i + 1; k < v.length; k++)
      span = Math.max(
        span,
        Math.acos(Math.min(1, v[i][0] * v[k][0] + v[i][1] * v[k][1] + v[i][2] * v[k][2])),
      );
  let dMin = 90;
  let dMax = -90;
  for (const [, d] of corners) {
    dMin = Math.min(dMin, d);
    dMax = Math.max(dMax, d);
  }
  const tanMax = Math.tan(Math.min(89.9, Math.max(Math.abs(dMin), Math.abs(dMax))) * DEG);
  const pad = (((span * span) / 8) * tanMax) / DEG + 1e-4;
  dMin = Math.max(-90, dMin - pad);
  dMax = Math.min(90, dMax + pad);
  const [c0] = corners[0];
  let rLo = 0;
  let rHi = 0;
  for (const [r] of corners) {
    let dr = r - c0;
    if (dr > 180) dr -= 360;
    if (dr < -180) dr += 360;
    rLo = Math.min(rLo, dr);
    rHi = Math.max(rHi, dr);
  }
  const cosD = Math.cos(Math.max(Math.abs(dMin), Math.abs(dMax)) * DEG);
  const raPad = cosD > 1e-3 ? pad / cosD : 360;
  // Polar or very wide regions: scan every RA.
  const fullRa =
    raPad >= 180 ||
    rHi - rLo + 2 * raPad >= 360 ||
    polygonContainsVector(polygon, [0, 0, 1]) ||
    polygonContainsVector(polygon, [0, 0, -1]);
  const lo = c0 + rLo - raPad;
  const hi = c0 + rHi + raPad;
  const ranges: [number, number][] = fullRa
    ? [[0, 360]]
    : lo < 0
      ? [
          [lo + 360, 360],
          [0, hi],
        ]
      : hi >= 360
        ? [
            [lo, 360],
            [0, hi - 360],
          ]
        : [[lo, hi]];
  const normals = polygon.normals;
  const nn = normals.length;
  const flat = new Float64Array(nn * 3);
  for (let e = 0; e < nn; e++) {
    flat[3 * e] = normals[e][0];
    flat[3 * e + 1] = normals[e][1];
    flat[3 * e + 2] = normals[e][2];
  }
  const { cellStart, x, y, z, grid } = fp;
  const { size, ra0, dec0, nra, ndec } = grid;
  const b0 = Math.max(0, Math.floor((dMin - dec0) / size));
  const b1 = Math.min(ndec - 1, Math.floor((dMax - dec0) / size));
  // A cell wholly inside the polygon adds its count; one wholly outside an edge is skipped; the rest are tested.
  let count = 0;
  for (const [r0, r1] of ranges) {
    const a0 = Math.max(0, Math.floor((r0 - ra0) / size));
    const a1 = Math.min(nra - 1, Math.floor((r1 - ra0) / size));
    if (a1 < a0 || b1 < b0) continue;
    const w = a1 - a0 + 2;
    // Outside-edge masks of the lattice of cell corners (bit e set: outside edge e).
    const masks = new Int32Array(w * (b1 - b0 + 2));
    const useMasks = nn <= 30;
    if (useMasks) {
      // Trigonometry once per lattice column and row; each corner is then three products.
      const cr = new Float64Array(w);
      const sr = new Float64Array(w);
      for (let a = a0; a <= a1 + 1; a++) {
        cr[a - a0] = Math.cos((ra0 + a * size) * DEG);
        sr[a - a0] = Math.sin((ra0 + a * size) * DEG);
      }
      for (let b = b0; b <= b1 + 1; b++) {
        const d = Math.min(90, dec0 + b * size) * DEG;
        const cd = Math.cos(d);
        const sd = Math.sin(d);
        for (let a = 0; a < w; a++) {
          const vx = cd * cr[a];
          const vy = cd * sr[a];
          let mask = 0;
          for (let e = 0; e < nn; e++)
            if (flat[3 * e] * vx + flat[3 * e + 1] * vy + flat[3 * e + 2] * sd < 0) mask |= 1 << e;
          masks[(b - b0) * w + a] = mask;
        }
      }
    }
    for (let b = b0; b <= b1; b++) {
      for (let a = a0; a <= a1; a++) {
        const c = b * nra + a;
        const s0 = cellStart[c];
        const s1 = cellStart[c + 1];
        if (s1 === s0) continue;
        if (useMasks) {
          const k = (b - b0) * w + (a - a0);
          const m0 = masks[k];
          const m1 = masks[k + 1];
          const m2 = masks[k + w];
          const m3 = masks[k + w + 1];
          if ((m0 | m1 | m2 | m3) === 0) {
            count += s1 - s0;
            continue;
          }
          if ((m0 & m1 & m2 & m3) !== 0) continue;
        }
        for (let i = s0; i < s1; i++) {
          const px = x[i];
          const py = y[i];
          const pz = z[i];
          let inside = true;
          for (let e = 0; e < nn; e++) {
            // Float32 positions: allow ~1e-7 rad (0.02″) of slack on edges.
            if (flat[3 * e] * px + flat[3 * e + 1] * py + flat[3 * e + 2] * pz < -1e-7) {
              inside = false;
              break;
            }
          }
          if (inside) count++;
        }
      }
    }
  }
  return count;
}

/**
 * What a convex region (corners [ra, dec]) sees of a footprint: covered fraction, reference objects, area.
 * @example
 * const [footprint] = await loadReferenceFootprints(["fixtures/pilot/refcat.parquet"]);
 * const camera = lsstCamImSim();
 * const visit = (await readVisitPointings("fixtures/pilot/Visit.parquet")).pointings.get(419121);
 * const corners = detectorSkyCorners(camera, visit, camera.detectors[94]);
 * measureRegion(footprint, corners) // { coveredFraction: 1, referenceObjects: 6, expectedReferenceObjects: 6, … }
 */
export function measureRegion(
  fp: ReferenceFootprint,
  corners: readonly (readonly [number, number])[],
): RegionCoverage {
  const polygon = convexPolygon(corners);
  const areaDeg2 = polygonAreaDeg2(polygon);
  const { ra, dec, w } = samplePolygon(polygon);
  let covered = 0;
  let expected = 0;
  if (fp.kind === "catalog") {
    // Coverage = grid cells holding objects (the grid is sized for ~8 objects per cell).
    const { size, ra0, dec0, nra, ndec } = fp.grid;
    for (let i = 0; i < w.length; i++) {
      const a = Math.floor((ra[i] - ra0) / size);
      const b = Math.floor((dec[i] - dec0) / size);
      if (a < 0 || b < 0 || a >= nra || b >= ndec) continue;
      const c = b * nra + a;
      if (fp.cellStart[c + 1] > fp.cellStart[c]) covered += w[i];
    }
    const n = countInPolygon(fp, polygon);
    return {
      coveredFraction: Math.min(1, covered),
      referenceObjects: n,
      expectedReferenceObjects: n,
      areaDeg2,
    };
  }
  for (let i = 0; i < w.length; i++) {
    if (fp.contains(ra[i], dec[i])) covered += w[i];
    if (fp.density) expected += fp.density(ra[i], dec[i]) * w[i] * areaDeg2;
  }
  return {
    coveredFraction: Math.min(1, covered),
    referenceObjects: null,
    expectedReferenceObjects: fp.density ? expected : null,
    areaDeg2,
  };
}

/**
 * Plot-ready outline of a catalog footprint: the occupied grid cells merged onto a coarser square grid so at most
 * `maxCells` boxes remain, each `[raMin, decMin, sizeDeg]` with its object count.
 * @example
 * const [footprint] = await loadReferenceFootprints(["fixtures/pilot/refcat.parquet"]);
 * footprintCells(footprint, 2000)[0] // ≈ { ra: 52.62, dec: -33.49, size: 0.26, objects: 8 }
 */
export function footprintCells(
  fp: CatalogFootprint,
  maxCells = 2000,
): { ra: number; dec: number; size: number; objects: number }[] {
  const { size, ra0, dec0, nra, ndec } = fp.grid;
  for (let f = 1; ; f *= 2) {
    const cells = new Map<number, number>();
    const wide = Math.ceil(nra / f);
    for (let b = 0; b < ndec; b++) {
      for (let a = 0; a < nra; a++) {
        const c = b * nra + a;
        const n = fp.cellStart[c + 1] - fp.cellStart[c];
        if (n === 0) continue;
        const key = Math.floor(b / f) * wide + Math.floor(a / f);
        cells.set(key, (cells.get(key) ?? 0) + n);
      }
    }
    if (cells.size <= maxCells || f > nra + ndec) {
      return [...cells.entries()].map(([key, objects]) => ({
        ra: ra0 + (key % wide) * f * size,
        dec: dec0 + Math.floor(key / wide) * f * size,
        size: f * size,
        objects,
      }));
    }
  }
}

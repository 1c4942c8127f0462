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
 * Footprint from catalog positions, indexed on an RA/Dec grid of GRID_DEG cells (counting sort, cells ordered by
 * Dec band then RA), so the objects of a region's RA/Dec bounding box are a few contiguous runs per band.
 */
export interface CatalogFootprint {
  kind: "catalog";
  sources: string[];
  objects: number;
  /** cellStart[c]..cellStart[c+1] are the objects of grid cell c = band · NRA + raBin. */
  cellStart: Uint32Array;
  /** Unit vectors of the objects in the same order (Float32: 0.02″, for the exact polygon tests). */
  x: Float32Array;
  y: Float32Array;
  z: Float32Array;
  /** Order of the coverage map: the finest (≤ 10) at which occupied cells hold ≥ 4 objects on average. */
  coverageOrder: number;
  /** Sorted occupied cells at coverageOrder. */
  covered: Float64Array;
}

/** Size in degrees (Dec, and RA) of the grid cells of a catalog index. */
export const GRID_DEG = 0.1;
const NBANDS = Math.ceil(180 / GRID_DEG);
const NRA = Math.ceil(360 / GRID_DEG);

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
  const cell = new Int32Array(n);
  const ncell = NBANDS * NRA;
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
    const b = Math.min(NBANDS - 1, Math.floor((d + 90) / GRID_DEG));
    const a = Math.min(NRA - 1, Math.floor((((r % 360) + 360) % 360) / GRID_DEG));
    const c = b * NRA + a;
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
  // Coverage: cells holding objects, from order 10 (~3.4′) degraded until occupied cells hold ≥ 4 objects on
  // average (sparse catalogs leave empty cells inside their footprint at fine orders).
  const FINE = 10;
  const occupied: number[] = [];
  const fine = ang2pixNestBatch(FINE, ra, dec).filter((c) => c >= 0).sort();
  for (let i = 0; i < fine.length; i++) if (i === 0 || fine[i] !== fine[i - 1]) occupied.push(fine[i]);
  let cells = occupied;
  let coverageOrder = FINE;
  while (coverageOrder > 0 && cells.length > 0 && m / cells.length < 4) {
    coverageOrder--;
    const next: number[] = [];
    for (const c of cells) {
      const p = Math.floor(c / 4);
      if (next.length === 0 || next[next.length - 1] !== p) next.push(p);
    }
    cells = next;
  }
  return {
    kind: "catalog",
    sources: [source],
    objects: m,
    cellStart,
    x,
    y,
    z,
    coverageOrder,
    covered: Float64Array.from(cells),
    skipped,
  };
}

/**
 * A footprint from a MOC.
 * @example footprintFromMoc(moc, "refcat.moc.json").kind // "coverage"
 */
export function footprintFromMoc(moc: Moc, source: string): CoverageFootprint {
  return { kind: "coverage", sources: [source], contains: (ra, dec) => mocContains(moc, ra, dec) };
}

/**
 * A footprint from a NEST or RING HEALPix map: covered where the value is finite and > 0 (UNSEEN is not);
 * with `counts: true` the values are object counts per pixel and give densities.
 * @example footprintFromHealpixMap(values, { nest: true, source: "map.fits" })
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
function samplePolygon(p: SphericalPolygon, k = 6): { ra: Float64Array; dec: Float64Array; w: Float64Array } {
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

function binarySearch(sorted: Float64Array, value: number): boolean {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] < value) lo = mid + 1;
    else hi = mid;
  }
  return lo < sorted.length && sorted[lo] === value;
}

/**
 * Count of catalog objects inside a convex polygon (exact: the grid cells of its padded RA/Dec bounding box, then
 * half-space tests).
 * @example countInPolygon(footprint, convexPolygon(corners)) // 17
 */
export function countInPolygon(fp: CatalogFootprint, polygon: SphericalPolygon): number {
  // RA/Dec bounding box of the polygon, padded for great-circle edges bowing away from their corners.
  const corners = polygon.corners;
  const v = polygon.vertices;
  let span = 0;
  for (let i = 0; i < v.length; i++) for (let k = i + 1; k < v.length; k++) span = Math.max(span, Math.acos(Math.min(1, v[i][0] * v[k][0] + v[i][1] * v[k][1] + v[i][2] * v[k][2])));
  let dMin = 90;
  let dMax = -90;
  for (const [, d] of corners) {
    dMin = Math.min(dMin, d);
    dMax = Math.max(dMax, d);
  }
  const tanMax = Math.tan(Math.min(89.9, Math.max(Math.abs(dMin), Math.abs(dMax))) * DEG);
  const pad = ((span * span) / 8) * tanMax / DEG + 1e-4;
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
  const fullRa = raPad >= 180 || rHi - rLo + 2 * raPad >= 360 || polygonContainsVector(polygon, [0, 0, 1]) || polygonContainsVector(polygon, [0, 0, -1]);
  const lo = c0 + rLo - raPad;
  const hi = c0 + rHi + raPad;
  const ranges: [number, number][] = fullRa ? [[0, 360]] : lo < 0 ? [[lo + 360, 360], [0, hi]] : hi >= 360 ? [[lo, 360], [0, hi - 360]] : [[lo, hi]];
  const normals = polygon.normals;
  const nn = normals.length;
  const flat = new Float64Array(nn * 3);
  for (let e = 0; e < nn; e++) {
    flat[3 * e] = normals[e][0];
    flat[3 * e + 1] = normals[e][1];
    flat[3 * e + 2] = normals[e][2];
  }
  const { cellStart, x, y, z } = fp;
  const b0 = Math.max(0, Math.floor((dMin + 90) / GRID_DEG));
  const b1 = Math.min(NBANDS - 1, Math.floor((dMax + 90) / GRID_DEG));
  let count = 0;
  for (let b = b0; b <= b1; b++) {
    for (const [r0, r1] of ranges) {
      const a0 = Math.max(0, Math.floor(r0 / GRID_DEG));
      const a1 = Math.min(NRA - 1, Math.floor(r1 / GRID_DEG));
      const end = cellStart[b * NRA + a1 + 1];
      for (let i = cellStart[b * NRA + a0]; i < end; i++) {
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
  return count;
}


/**
 * What a convex region (corners [ra, dec]) sees of a footprint: covered fraction, reference objects, area.
 * @example measureRegion(footprint, detectorCorners) // { coveredFraction: 0.4, referenceObjects: 12, … }
 */
export function measureRegion(fp: ReferenceFootprint, corners: readonly (readonly [number, number])[]): RegionCoverage {
  const polygon = convexPolygon(corners);
  const areaDeg2 = polygonAreaDeg2(polygon);
  const { ra, dec, w } = samplePolygon(polygon);
  let covered = 0;
  let expected = 0;
  if (fp.kind === "catalog") {
    const cells = ang2pixNestBatch(fp.coverageOrder, ra, dec);
    for (let i = 0; i < w.length; i++) if (binarySearch(fp.covered, cells[i])) covered += w[i];
    const n = countInPolygon(fp, polygon);
    return { coveredFraction: Math.min(1, covered), referenceObjects: n, expectedReferenceObjects: n, areaDeg2 };
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

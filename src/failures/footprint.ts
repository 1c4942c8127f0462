/**
 * The reference catalog's footprint and what a detector sees of it: from catalog positions (exact counts of
 * reference objects inside a region, coverage = HEALPix cells holding objects), from a MOC, or from a HEALPix map.
 */
import { ang2pixNestBatch, orderPixareaDeg2, queryPolygonNestRanges, ring2nest } from "../sky/healpix/index.js";
import { type Moc, mocContains } from "../sky/moc/index.js";
import { convexPolygon, polygonAreaDeg2, type SphericalPolygon } from "../sky/polygon.js";

/** A reference footprint. */
export type ReferenceFootprint = CatalogFootprint | CoverageFootprint;

/** Footprint from catalog positions, indexed by NEST cell (objects sorted by cell, CSR offsets). */
export interface CatalogFootprint {
  kind: "catalog";
  sources: string[];
  objects: number;
  /** Order of the cell index. */
  indexOrder: number;
  /** starts[c]..starts[c+1] are the objects of cell c (length 12·4^indexOrder + 1). */
  starts: Uint32Array;
  /** Unit vectors of the objects in cell order. */
  x: Float32Array;
  y: Float32Array;
  z: Float32Array;
  /** Order of the coverage map: the finest (≤ 10) at which occupied cells hold ≥ 4 objects on average. */
  coverageOrder: number;
  /** Sorted occupied cells at coverageOrder. */
  covered: Float64Array;
}

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
  options: { indexOrder?: number } = {},
): CatalogFootprint & { skipped: number } {
  const n = ra.length;
  const order = options.indexOrder ?? Math.min(10, Math.max(4, Math.floor(Math.log(Math.max(n, 1) / 12) / Math.log(4)) + 1));
  const cells = ang2pixNestBatch(order, ra, dec);
  const npix = 12 * 4 ** order;
  const starts = new Uint32Array(npix + 1);
  let skipped = 0;
  for (let i = 0; i < n; i++) {
    const c = cells[i];
    if (c < 0) skipped++;
    else starts[c + 1]++;
  }
  for (let c = 0; c < npix; c++) starts[c + 1] += starts[c];
  const m = n - skipped;
  const fill = starts.slice(0, npix);
  const x = new Float32Array(m);
  const y = new Float32Array(m);
  const z = new Float32Array(m);
  for (let i = 0; i < n; i++) {
    const c = cells[i];
    if (c < 0) continue;
    const k = fill[c]++;
    const r = ra[i] * DEG;
    const d = dec[i] * DEG;
    const cd = Math.cos(d);
    x[k] = cd * Math.cos(r);
    y[k] = cd * Math.sin(r);
    z[k] = Math.sin(d);
  }
  // Coverage: cells holding objects, from order 10 (~3.4′) degraded until occupied cells hold ≥ 4 objects on
  // average (sparse catalogs leave empty cells inside their footprint at fine orders).
  const FINE = 10;
  let occupied: number[] = [];
  if (order === FINE) {
    for (let c = 0; c < npix; c++) if (starts[c + 1] > starts[c]) occupied.push(c);
  } else {
    const fine = ang2pixNestBatch(FINE, ra, dec).filter((c) => c >= 0).sort();
    for (let i = 0; i < fine.length; i++) if (i === 0 || fine[i] !== fine[i - 1]) occupied.push(fine[i]);
  }
  let coverageOrder = FINE;
  while (coverageOrder > 0 && occupied.length > 0 && m / occupied.length < 4) {
    coverageOrder--;
    const next: number[] = [];
    for (const c of occupied) {
      const p = Math.floor(c / 4);
      if (next.length === 0 || next[next.length - 1] !== p) next.push(p);
    }
    occupied = next;
  }
  return {
    kind: "catalog",
    sources: [source],
    objects: m,
    indexOrder: order,
    starts,
    x,
    y,
    z,
    coverageOrder,
    covered: Float64Array.from(occupied),
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

/** Sample points (unit vectors) and weights over a convex polygon: a fan of triangles, k² points per triangle. */
function samplePolygon(p: SphericalPolygon, k = 8): { pts: [number, number, number][]; w: number[] } {
  const v = p.vertices;
  const pts: [number, number, number][] = [];
  const w: number[] = [];
  const areas: number[] = [];
  let total = 0;
  for (let i = 1; i + 1 < v.length; i++) {
    const a = polygonAreaDeg2(convexPolygonFromTriangle(v[0], v[i], v[i + 1]));
    areas.push(a);
    total += a;
  }
  for (let i = 1; i + 1 < v.length; i++) {
    const share = areas[i - 1] / total / (k * k);
    for (let s = 0; s < k; s++) {
      for (let t = 0; t < k; t++) {
        // k² cells of the unit square folded onto the triangle (reflection keeps equal areas).
        let u = (s + 0.5) / k;
        let q = (t + 0.5) / k;
        if (u + q > 1) {
          u = 1 - u;
          q = 1 - q;
        }
        const a = v[0];
        const b = v[i];
        const c = v[i + 1];
        const x = a[0] + u * (b[0] - a[0]) + q * (c[0] - a[0]);
        const y = a[1] + u * (b[1] - a[1]) + q * (c[1] - a[1]);
        const z = a[2] + u * (b[2] - a[2]) + q * (c[2] - a[2]);
        const n = Math.hypot(x, y, z);
        pts.push([x / n, y / n, z / n]);
        w.push(share);
      }
    }
  }
  return { pts, w };
}

function convexPolygonFromTriangle(a: readonly number[], b: readonly number[], c: readonly number[]): SphericalPolygon {
  const toRadec = (v: readonly number[]): [number, number] => [
    ((Math.atan2(v[1], v[0]) / DEG) % 360 + 360) % 360,
    Math.asin(Math.max(-1, Math.min(1, v[2]))) / DEG,
  ];
  return convexPolygon([toRadec(a), toRadec(b), toRadec(c)]);
}

function vecToRadec(v: readonly number[]): [number, number] {
  return [((Math.atan2(v[1], v[0]) / DEG) % 360 + 360) % 360, Math.asin(Math.max(-1, Math.min(1, v[2]))) / DEG];
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
 * Count of catalog objects inside a convex polygon (exact, by cell index then half-space tests).
 * @example countInPolygon(footprint, convexPolygon(corners)) // 17
 */
export function countInPolygon(fp: CatalogFootprint, polygon: SphericalPolygon): number {
  const ranges = queryPolygonNestRanges(fp.indexOrder, polygon.corners, { inclusive: true });
  const normals = polygon.normals;
  const nn = normals.length;
  const flat = new Float64Array(nn * 3);
  for (let e = 0; e < nn; e++) {
    flat[3 * e] = normals[e][0];
    flat[3 * e + 1] = normals[e][1];
    flat[3 * e + 2] = normals[e][2];
  }
  const { starts, x, y, z } = fp;
  let count = 0;
  for (let r = 0; r < ranges.length; r += 2) {
    const end = starts[ranges[r + 1]];
    for (let i = starts[ranges[r]]; i < end; i++) {
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
  return count;
}

/**
 * What a convex region (corners [ra, dec]) sees of a footprint: covered fraction, reference objects, area.
 * @example measureRegion(footprint, detectorCorners) // { coveredFraction: 0.4, referenceObjects: 12, … }
 */
export function measureRegion(fp: ReferenceFootprint, corners: readonly (readonly [number, number])[]): RegionCoverage {
  const polygon = convexPolygon(corners);
  const areaDeg2 = polygonAreaDeg2(polygon);
  const { pts, w } = samplePolygon(polygon);
  let covered = 0;
  let expected = 0;
  if (fp.kind === "catalog") {
    const ra = new Float64Array(pts.length);
    const dec = new Float64Array(pts.length);
    pts.forEach((p, i) => {
      [ra[i], dec[i]] = vecToRadec(p);
    });
    const cells = ang2pixNestBatch(fp.coverageOrder, ra, dec);
    for (let i = 0; i < pts.length; i++) if (binarySearch(fp.covered, cells[i])) covered += w[i];
    const n = countInPolygon(fp, polygon);
    return { coveredFraction: Math.min(1, covered), referenceObjects: n, expectedReferenceObjects: n, areaDeg2 };
  }
  for (let i = 0; i < pts.length; i++) {
    const [ra, dec] = vecToRadec(pts[i]);
    if (fp.contains(ra, dec)) covered += w[i];
    if (fp.density) expected += fp.density(ra, dec) * w[i] * areaDeg2;
  }
  return {
    coveredFraction: Math.min(1, covered),
    referenceObjects: null,
    expectedReferenceObjects: fp.density ? expected : null,
    areaDeg2,
  };
}

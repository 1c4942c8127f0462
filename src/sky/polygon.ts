// Convex spherical polygons (edges are great-circle arcs) from corner lists: containment, area, overlaps.

import {
  radecToVector,
  type Vec3,
  vecCross,
  vecDot,
  vecNormalize,
  vectorAngle,
  vectorToRadec,
} from "./angles.js";
import { ang2pixNest, boundariesNestVectors } from "./healpix/index.js";

/** A convex spherical polygon; vertices counter-clockwise seen from outside (interior on the left). */
export interface SphericalPolygon {
  /** Unit vectors of the vertices, counter-clockwise. */
  readonly vertices: readonly Vec3[];
  /** Unit inward normals of the edges: edge i runs from vertex i to vertex i+1. */
  readonly normals: readonly Vec3[];
  /** Corner list [ra, dec] in degrees, counter-clockwise. */
  readonly corners: readonly [number, number][];
}

const SR_TO_DEG2 = (180 / Math.PI) ** 2;
/** Points this close (radians, ~0.2 µas) outside an edge still count as inside, so shared edges are inclusive. */
const EDGE_EPS = 1e-15;

/**
 * A convex polygon from corners [ra, dec] (degrees) in either winding order; throws RangeError when the
 * corners are fewer than 3, repeated, not convex, or span a hemisphere or more.
 * @example
 * const p = convexPolygon([[0, 0], [10, 0], [10, 10], [0, 10]]);
 * polygonContains(p, 5, 5); // true
 */
export function convexPolygon(corners: readonly (readonly [number, number])[]): SphericalPolygon {
  return convexPolygonFromVectors(corners.map(([ra, dec]) => radecToVector(ra, dec)));
}

/**
 * A convex polygon from vertex unit vectors in either winding order (see {@link convexPolygon}).
 * @example convexPolygonFromVectors([[1, 0, 0], [0, 1, 0], [0, 0, 1]]).vertices.length // 3
 */
export function convexPolygonFromVectors(input: readonly (readonly number[])[]): SphericalPolygon {
  const n = input.length;
  if (n < 3) throw new RangeError(`a polygon needs at least 3 corners, got ${n}`);
  let vertices: Vec3[] = input.map((v) => {
    if (v.length !== 3 || !v.every(Number.isFinite))
      throw new RangeError(`polygon corner is not finite: ${String(v)}`);
    return vecNormalize([v[0], v[1], v[2]]);
  });
  // Orientation: the summed edge normals point into a small convex polygon's interior when counter-clockwise.
  const centre = vertices.reduce<Vec3>((s, v) => [s[0] + v[0], s[1] + v[1], s[2] + v[2]], [0, 0, 0]);
  let turn = 0;
  for (let i = 0; i < n; i++) turn += vecDot(vecCross(vertices[i], vertices[(i + 1) % n]), centre);
  if (turn < 0) vertices = vertices.slice().reverse();
  const normals: Vec3[] = [];
  for (let i = 0; i < n; i++) {
    // (a+b)×(b−a) = 2 a×b, but keeps full relative precision for short edges (b−a is exact).
    const a = vertices[i];
    const b = vertices[(i + 1) % n];
    const c = vecCross([a[0] + b[0], a[1] + b[1], a[2] + b[2]], [b[0] - a[0], b[1] - a[1], b[2] - a[2]]);
    const len = Math.hypot(c[0], c[1], c[2]);
    if (!(len > 1e-15))
      throw new RangeError(`polygon corners ${i} and ${(i + 1) % n} coincide or are antipodal`);
    normals.push([c[0] / len, c[1] / len, c[2] / len]);
  }
  // Convexity: every vertex lies on the inner side of every edge (with rounding slack).
  for (let e = 0; e < n; e++) {
    for (let k = 0; k < n; k++) {
      if (k === e || k === (e + 1) % n) continue;
      if (vecDot(normals[e], vertices[k]) < -1e-12) {
        throw new RangeError(
          `polygon is not convex (corner ${k} lies outside edge ${e}) or spans a hemisphere`,
        );
      }
    }
  }
  return { vertices, normals, corners: vertices.map((v) => vectorToRadec(v)) };
}

/**
 * The polygon of a CcdVisit from its corner columns (llc, ulc, urc, lrc RA/Dec, degrees).
 * @example polygonFromCcdCorners(0, 0, 0, 1, 1, 1, 1, 0).corners.length // 4
 */
export function polygonFromCcdCorners(
  llcra: number,
  llcdec: number,
  ulcra: number,
  ulcdec: number,
  urcra: number,
  urcdec: number,
  lrcra: number,
  lrcdec: number,
): SphericalPolygon {
  return convexPolygon([
    [llcra, llcdec],
    [ulcra, ulcdec],
    [urcra, urcdec],
    [lrcra, lrcdec],
  ]);
}

/**
 * Whether the unit vector v lies inside or on the polygon.
 * @example polygonContainsVector(convexPolygon([[0, 0], [10, 0], [5, 8]]), [1, 0, 0]) // true (a corner)
 */
export function polygonContainsVector(polygon: SphericalPolygon, v: Readonly<Vec3>): boolean {
  for (const n of polygon.normals) if (n[0] * v[0] + n[1] * v[1] + n[2] * v[2] < -EDGE_EPS) return false;
  return true;
}

/**
 * Whether (ra, dec) in degrees lies inside or on the polygon.
 * @example polygonContains(convexPolygon([[0, 0], [10, 0], [10, 10], [0, 10]]), 5, 5) // true
 */
export function polygonContains(polygon: SphericalPolygon, ra: number, dec: number): boolean {
  return polygonContainsVector(polygon, radecToVector(ra, dec));
}

/**
 * Columnar containment: 1 where (ra[i], dec[i]) is inside or on the polygon, else 0.
 * @example polygonContainsArray(convexPolygon([[0, 0], [10, 0], [10, 10], [0, 10]]), Float64Array.of(5, 20), Float64Array.of(5, 5)) // Uint8Array [1, 0]
 */
export function polygonContainsArray(
  polygon: SphericalPolygon,
  ra: ArrayLike<number>,
  dec: ArrayLike<number>,
): Uint8Array {
  const out = new Uint8Array(ra.length);
  const d = Math.PI / 180;
  for (let i = 0; i < ra.length; i++) {
    const c = Math.cos(dec[i] * d);
    const x = c * Math.cos(ra[i] * d);
    const y = c * Math.sin(ra[i] * d);
    const z = Math.sin(dec[i] * d);
    let inside = 1;
    for (const n of polygon.normals) {
      if (n[0] * x + n[1] * y + n[2] * z < -EDGE_EPS) {
        inside = 0;
        break;
      }
    }
    out[i] = inside;
  }
  return out;
}

/**
 * Signed area in steradians of a simple spherical polygon given by unit vectors (positive when
 * counter-clockwise), summing Van Oosterom–Strackee triangle excesses over a fan from the first vertex.
 * Accurate for tiny polygons, valid for any simple polygon smaller than a hemisphere (convex or not).
 * @example sphericalPolygonAreaSr([[1, 0, 0], [0, 1, 0], [0, 0, 1]]) // ≈ 1.5707963268 (π/2)
 */
export function sphericalPolygonAreaSr(vertices: readonly Readonly<Vec3>[]): number {
  const a = vertices[0];
  let sum = 0;
  for (let i = 1; i + 1 < vertices.length; i++) {
    const b = vertices[i];
    const c = vertices[i + 1];
    // a·(b×c) = a·((b−a)×(c−a)); the differences are exact, so small triangles keep their precision.
    const triple = vecDot(
      a,
      vecCross([b[0] - a[0], b[1] - a[1], b[2] - a[2]], [c[0] - a[0], c[1] - a[1], c[2] - a[2]]),
    );
    const denom = 1 + vecDot(a, b) + vecDot(b, c) + vecDot(c, a);
    sum += 2 * Math.atan2(triple, denom);
  }
  return sum;
}

/**
 * Area of a convex polygon in square degrees.
 * @example polygonAreaDeg2(convexPolygon([[0, 0], [90, 0], [0, 90]])) // ≈ 5156.62 (one octant)
 */
export function polygonAreaDeg2(polygon: SphericalPolygon): number {
  return sphericalPolygonAreaSr(polygon.vertices) * SR_TO_DEG2;
}

/**
 * Unit vector of the polygon's vertex centroid (a point inside a convex polygon).
 * @example vectorToRadec(polygonCentroid(convexPolygon([[0, 0], [10, 0], [10, 10], [0, 10]])))
 */
export function polygonCentroid(polygon: SphericalPolygon): Vec3 {
  const s: Vec3 = [0, 0, 0];
  for (const v of polygon.vertices) for (let k = 0; k < 3; k++) s[k] += v[k];
  return vecNormalize(s);
}

/**
 * Angular distance in degrees from unit vector p to the great-circle arc a→b.
 * @example distanceToArc([0, 0, 1], [1, 0, 0], [0, 1, 0]) // 90
 */
export function distanceToArc(p: Readonly<Vec3>, a: Readonly<Vec3>, b: Readonly<Vec3>): number {
  const n = arcNormal(a, b);
  const nn = Math.hypot(n[0], n[1], n[2]);
  if (nn > 0) {
    // The foot of the perpendicular from p lies on the arc when p is between the planes through n and a, b.
    if (vecDot(vecCross(a, p), n) >= 0 && vecDot(vecCross(p, b), n) >= 0) {
      const s = Math.abs(vecDot(p, n)) / nn;
      return (Math.asin(Math.min(1, s)) * 180) / Math.PI;
    }
  }
  return Math.min(vectorAngle(p, a), vectorAngle(p, b));
}

/** a×b computed as (a+b)×(b−a)/2, which keeps full relative precision for short arcs (b−a is exact). */
function arcNormal(a: Readonly<Vec3>, b: Readonly<Vec3>): Vec3 {
  const c = vecCross([a[0] + b[0], a[1] + b[1], a[2] + b[2]], [b[0] - a[0], b[1] - a[1], b[2] - a[2]]);
  return [c[0] / 2, c[1] / 2, c[2] / 2];
}

/** Whether unit vector p lies on the (shorter) arc a→b of the great circle with normal n = a×b. */
function onArc(p: Readonly<Vec3>, a: Readonly<Vec3>, b: Readonly<Vec3>, n: Readonly<Vec3>): boolean {
  return vecDot(vecCross(a, p), n) >= 0 && vecDot(vecCross(p, b), n) >= 0 && vecDot(p, a) + vecDot(p, b) > 0;
}

/**
 * Angular distance in degrees from (ra, dec) to the polygon (0 inside).
 * @example polygonDistance(convexPolygon([[0, 0], [10, 0], [10, 10], [0, 10]]), 12, 5) // ≈ 1.99
 */
export function polygonDistance(polygon: SphericalPolygon, ra: number, dec: number): number {
  const p = radecToVector(ra, dec);
  if (polygonContainsVector(polygon, p)) return 0;
  const { vertices } = polygon;
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0; i < vertices.length; i++) {
    best = Math.min(best, distanceToArc(p, vertices[i], vertices[(i + 1) % vertices.length]));
  }
  return best;
}

/**
 * Whether the disc of `radius` degrees around (ra, dec) touches the polygon.
 * @example polygonOverlapsDisc(convexPolygon([[0, 0], [10, 0], [10, 10], [0, 10]]), 12, 5, 2.5) // true
 */
export function polygonOverlapsDisc(
  polygon: SphericalPolygon,
  ra: number,
  dec: number,
  radius: number,
): boolean {
  return polygonDistance(polygon, ra, dec) <= radius;
}

/** Whether great-circle arcs a→b and c→d cross (touching counts). */
function arcsIntersect(a: Readonly<Vec3>, b: Readonly<Vec3>, c: Readonly<Vec3>, d: Readonly<Vec3>): boolean {
  const n1 = arcNormal(a, b);
  const n2 = arcNormal(c, d);
  const x = vecCross(n1, n2);
  const scale = Math.hypot(n1[0], n1[1], n1[2]) * Math.hypot(n2[0], n2[1], n2[2]);
  if (Math.hypot(x[0], x[1], x[2]) <= 1e-15 * scale) {
    // Both arcs on one great circle: they meet when an endpoint of one lies on the other.
    if (Math.abs(vecDot(n1, c)) > 1e-15 * Math.hypot(n1[0], n1[1], n1[2])) return false;
    return onArc(c, a, b, n1) || onArc(d, a, b, n1) || onArc(a, c, d, n2) || onArc(b, c, d, n2);
  }
  const sc = vecDot(n1, c);
  const sd = vecDot(n1, d);
  const sa = vecDot(n2, a);
  const sb = vecDot(n2, b);
  // c, d on opposite sides of circle ab and a, b on opposite sides of circle cd ...
  if (sc * sd > 0 || sa * sb > 0) return false;
  // ... and both arcs hold the same one of the two crossing points ±x.
  const s1 = vecDot(x, [a[0] + b[0], a[1] + b[1], a[2] + b[2]]);
  const s2 = vecDot(x, [c[0] + d[0], c[1] + d[1], c[2] + d[2]]);
  return (s1 >= 0 && s2 >= 0) || (s1 <= 0 && s2 <= 0);
}

/**
 * Whether a convex polygon and a closed outline (unit vectors, edges as great-circle arcs, any winding) overlap:
 * a vertex of either inside the other or two edges crossing. `insideOutline` decides point-in-outline
 * exactly (e.g. a HEALPix ang2pix test) when the outline is a densified curved boundary.
 * @example
 * const p = convexPolygon([[0, 0], [10, 0], [10, 10], [0, 10]]);
 * const q = convexPolygon([[5, 5], [15, 5], [15, 15], [5, 15]]);
 * polygonOverlapsOutline(p, q.vertices, (v) => polygonContainsVector(q, v)) // true
 */
export function polygonOverlapsOutline(
  polygon: SphericalPolygon,
  outline: readonly Readonly<Vec3>[],
  insideOutline: (v: Readonly<Vec3>) => boolean,
): boolean {
  for (const v of outline) if (polygonContainsVector(polygon, v)) return true;
  for (const v of polygon.vertices) if (insideOutline(v)) return true;
  const pv = polygon.vertices;
  for (let i = 0; i < pv.length; i++) {
    const a = pv[i];
    const b = pv[(i + 1) % pv.length];
    for (let j = 0; j < outline.length; j++) {
      if (arcsIntersect(a, b, outline[j], outline[(j + 1) % outline.length])) return true;
    }
  }
  return false;
}

/**
 * Whether two convex polygons overlap (share at least one point).
 * @example polygonsOverlap(convexPolygon([[0, 0], [2, 0], [2, 2], [0, 2]]), convexPolygon([[1, 1], [3, 1], [3, 3], [1, 3]])) // true
 */
export function polygonsOverlap(a: SphericalPolygon, b: SphericalPolygon): boolean {
  return polygonOverlapsOutline(a, b.vertices, (v) => polygonContainsVector(b, v));
}

/** Boundary of a NEST cell as unit vectors, densified with `step` points per edge. */
function cellOutline(order: number, pix: number, step: number): Vec3[] {
  const flat = boundariesNestVectors(order, pix, step);
  const out: Vec3[] = [];
  for (let i = 0; i < flat.length; i += 3) out.push([flat[i], flat[i + 1], flat[i + 2]]);
  return out;
}

/**
 * Whether a convex polygon overlaps NEST cell `pix` of `order` (≤ 24). The cell's curved edges are
 * approximated by `step` great-circle chords per edge (healpy boundaries); points are assigned to the cell
 * exactly with ang2pix.
 * @example polygonOverlapsCell(convexPolygon([[40, 10], [50, 10], [45, 20]]), 0, 0) // true
 */
export function polygonOverlapsCell(
  polygon: SphericalPolygon,
  order: number,
  pix: number,
  step = 4,
): boolean {
  return polygonOverlapsOutline(polygon, cellOutline(order, pix, step), (v) => {
    const [ra, dec] = vectorToRadec(v);
    return ang2pixNest(order, ra, dec) === pix;
  });
}

/**
 * Whether the disc of `radius` degrees around (ra, dec) overlaps NEST cell `pix` of `order` (≤ 24),
 * with the cell's edges approximated by `step` chords per edge.
 * @example discOverlapsCell(45, 0, 1, 0, 4) // true
 */
export function discOverlapsCell(
  ra: number,
  dec: number,
  radius: number,
  order: number,
  pix: number,
  step = 4,
): boolean {
  if (ang2pixNest(order, ra, dec) === pix) return true;
  const p = radecToVector(ra, dec);
  const outline = cellOutline(order, pix, step);
  for (let i = 0; i < outline.length; i++) {
    if (distanceToArc(p, outline[i], outline[(i + 1) % outline.length]) <= radius) return true;
  }
  return false;
}

import { HALF_PI, JPLL, JRLL } from "./loc.js";
import { checkOrder, MAX_ORDER, MAX_ORDER_NUMBER } from "./order.js";
import { maxPixrad } from "./pixrad.js";
import {
  discCentre,
  orderTables,
  oversampling,
  type QueryOptions,
  walkNest,
  walkNestBig,
  type ZoneOf,
} from "./queryDisc.js";
import type { RangeList } from "./rangeList.js";
import { cosWide, sinWide } from "./trig.js";

type Vec = [number, number, number];

// Local copies of the base-face tables: imported bindings can compile to getter calls (tsx, CommonJS).
const JR = Int32Array.from(JRLL);
const JP = Int32Array.from(JPLL);
// (0.75 * HALF_PI) * tmp and (0.5 * HALF_PI) * tmp, in healpy's left-to-right order
const C75 = 0.75 * HALF_PI;
const C50 = 0.5 * HALF_PI;

function cross(a: Vec, b: Vec): Vec {
  return [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
}
function dot(a: Vec, b: Vec): number {
  return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
}
function norm(a: Vec): Vec {
  const f = 1 / Math.sqrt(dot(a, a));
  return [a[0] * f, a[1] * f, a[2] * f];
}

// Smallest circle holding all points (healpy's find_enclosing_circle, an incremental Welzl scheme).
function circleThrough2(p: Vec[], q1: number, q2: number): { c: Vec; cosrad: number } {
  let c = norm([p[q1][0] + p[q2][0], p[q1][1] + p[q2][1], p[q1][2] + p[q2][2]]);
  let cosrad = dot(p[q1], c);
  for (let i = 0; i < q1; i++) {
    if (dot(p[i], c) < cosrad) {
      const a: Vec = [p[q1][0] - p[i][0], p[q1][1] - p[i][1], p[q1][2] - p[i][2]];
      const b: Vec = [p[q2][0] - p[i][0], p[q2][1] - p[i][1], p[q2][2] - p[i][2]];
      c = norm(cross(a, b));
      cosrad = dot(p[i], c);
      if (cosrad < 0) {
        c = [-c[0], -c[1], -c[2]];
        cosrad = -cosrad;
      }
    }
  }
  return { c, cosrad };
}

function circleThrough1(p: Vec[], q: number): { c: Vec; cosrad: number } {
  let res = { c: norm([p[0][0] + p[q][0], p[0][1] + p[q][1], p[0][2] + p[q][2]]), cosrad: 0 };
  res.cosrad = dot(p[0], res.c);
  for (let i = 1; i < q; i++) if (dot(p[i], res.c) < res.cosrad) res = circleThrough2(p, i, q);
  return res;
}

function enclosingCircle(p: Vec[]): { c: Vec; cosrad: number } {
  let res = { c: norm([p[0][0] + p[1][0], p[0][1] + p[1][1], p[0][2] + p[1][2]]), cosrad: 0 };
  res.cosrad = dot(p[0], res.c);
  for (let i = 2; i < p.length; i++) if (dot(p[i], res.c) < res.cosrad) res = circleThrough1(p, i);
  return res;
}

/**
 * Unit normals (pointing inside) of a convex polygon's edges, each a hemisphere of radius pi/2, plus
 * the enclosing circle when inclusive (healpy's query_polygon setup); `bound` is that circle in any mode. `correct` turns the corners
 * into vectors with correctly rounded trig, as healpy (glibc) does (see discCentre).
 */
export function polygonDiscs(
  vertices: readonly (readonly [number, number])[],
  inclusive: boolean,
  correct = false,
): { normals: Vec[]; rad: number[]; bound: { c: Vec; cosrad: number } } {
  const nv = vertices.length;
  if (nv < 3) throw new RangeError("a polygon needs at least 3 vertices");
  const vv: Vec[] = vertices.map(([ra, dec]) => {
    const c = discCentre(ra, dec, correct);
    return [c.x, c.y, c.z];
  });
  const normals: Vec[] = [];
  let flip = 0;
  for (let i = 0; i < nv; i++) {
    // normalise before the corner test, as healpy: |cross| ~ edge length, so an unnormalised test
    // would call corners of sub-arcsecond polygons degenerate
    const n = norm(cross(vv[i], vv[(i + 1) % nv]));
    const hnd = dot(n, vv[(i + 2) % nv]);
    if (!(Math.abs(hnd) > 1e-10)) throw new RangeError(`degenerate polygon corner at vertex ${(i + 1) % nv}`);
    if (i === 0) flip = hnd < 0 ? -1 : 1;
    else if (!(flip * hnd > 0)) throw new RangeError("polygon is not convex");
    normals.push([n[0] * flip, n[1] * flip, n[2] * flip]);
  }
  const rad = normals.map(() => Math.PI / 2);
  const bound = enclosingCircle(vv);
  if (inclusive) {
    normals.push(bound.c);
    rad.push(Math.acos(bound.cosrad));
  }
  return { normals, rad, bound };
}

/**
 * Zone classifier of a convex polygon for walkNest (healpy's query_multidisc NEST tests). With
 * `correct` (the bigint path) every cos/sin is correctly rounded as glibc's: at orders 25-29 the
 * inclusive bound circle's cos(radius +- max_pixrad) lies a few ulps below 1, so its last bit counts.
 */
function polygonZones(
  order: number,
  vertices: readonly (readonly [number, number])[],
  oplus: number,
  inclusive: boolean,
  correct: boolean,
): ZoneOf {
  const cos = correct ? cosWide : Math.cos;
  const sin = correct ? sinWide : Math.sin;
  const { normals, rad } = polygonDiscs(vertices, inclusive, correct);
  const nd = normals.length;
  const omax = order + oplus;
  // limits[(o * nd + i) * 3 + zone]: cosine thresholds of disc i at order o
  // plain arrays: allocating small typed arrays costs more than the walk of a small polygon
  const limits: number[] = [];
  for (let o = 0; o <= omax; o++) {
    const dr = maxPixrad(o);
    for (let i = 0; i < nd; i++) {
      limits.push(rad[i] + dr > Math.PI ? -1 : cos(rad[i] + dr));
      limits.push(cos(rad[i]));
      limits.push(rad[i] - dr < 0 ? 1 : cos(rad[i] - dr));
    }
  }
  const nx = normals.map((n) => n[0]);
  const ny = normals.map((n) => n[1]);
  const nz = normals.map((n) => n[2]);
  const { nsides, fact1, fact2 } = orderTables(omax);
  return (f, x, y, o) => {
    // xyfToLoc (healpy's pix2loc) inlined with per-order fact1/fact2
    const nside = nsides[o];
    const f2 = fact2[o];
    const jr = JR[f] * nside - x - y - 1;
    let nr: number;
    let z: number;
    let s: number;
    if (jr < nside) {
      nr = jr;
      const tmp = nr * nr * f2;
      z = 1 - tmp;
      s = z > 0.99 ? Math.sqrt(tmp * (2 - tmp)) : Math.sqrt((1 - z) * (1 + z));
    } else if (jr > 3 * nside) {
      nr = nside * 4 - jr;
      const tmp = nr * nr * f2;
      z = tmp - 1;
      s = z < -0.99 ? Math.sqrt(tmp * (2 - tmp)) : Math.sqrt((1 - z) * (1 + z));
    } else {
      nr = nside;
      z = (2 * nside - jr) * fact1[o];
      s = Math.sqrt((1 - z) * (1 + z));
    }
    let tmp = JP[f] * nr + x - y;
    if (tmp < 0) tmp += 8 * nr;
    const phi = nr === nside ? C75 * tmp * fact1[o] : (C50 * tmp) / nr;
    const px = s * cos(phi);
    const py = s * sin(phi);
    const pz = z;
    let zone = 3;
    for (let i = 0; i < nd; i++) {
      const crad = px * nx[i] + py * ny[i] + pz * nz[i];
      const k = (o * nd + i) * 3;
      for (let iz = 0; iz < zone; iz++) {
        if (crad < limits[k + iz]) {
          zone = iz;
          if (zone === 0) return 0;
        }
      }
    }
    return zone;
  };
}

function polygonRanges(
  order: number,
  vertices: readonly (readonly [number, number])[],
  options?: QueryOptions,
): RangeList {
  checkOrder(order);
  const oplus = oversampling(order, options);
  const inclusive = options?.inclusive === true;
  return walkNest(order, oplus, inclusive, polygonZones(order, vertices, oplus, inclusive, false));
}

/**
 * NEST pixels (orders 0-24) whose centres lie inside a convex spherical polygon given by its
 * [ra, dec] corners in degrees (either winding), sorted; `{ inclusive: true }` returns every
 * pixel overlapping it, as healpy's query_polygon(nest=True). Throws for non-convex or degenerate polygons.
 * Inclusive answers depend on healpy's scheme: its RING algorithm tests each edge on its own and may
 * add a corner pixel that nest=True leaves out; to rebuild a footprint made with nest=False, convert
 * queryPolygonRing's pixels with ring2nest.
 * @example queryPolygonNest(3, [[10, 10], [12, 10], [12, 12], [10, 12]], { inclusive: true }) // [283, 286, 305, 308]
 */
export function queryPolygonNest(
  order: number,
  vertices: readonly (readonly [number, number])[],
  options?: QueryOptions,
): number[] {
  return polygonRanges(order, vertices, options).toPixels(options?.out);
}

/**
 * Same as queryPolygonNest, as sorted half-open ranges [start0, end0, ...].
 * @example queryPolygonNestRanges(3, [[10, 10], [12, 10], [12, 12], [10, 12]])
 */
export function queryPolygonNestRanges(
  order: number,
  vertices: readonly (readonly [number, number])[],
  options?: QueryOptions,
): Float64Array {
  return polygonRanges(order, vertices, options).toRanges();
}

/**
 * queryPolygonNest for orders 0-29 as sorted bigint half-open ranges [start0, end0, ...] (equal to
 * queryPolygonNest's at orders <= 24); at order 29 inclusive mode needs `fact: 1` (order +
 * log2(fact) <= 29, as healpy). Like healpy, inclusive answers for polygons of a few mas can hold
 * fewer pixels than exact ones (the bound circle's 1 - cos(radius) is below one ulp).
 * @example queryPolygonNestRangesBig(29, [[10, 20], [10.000001, 20], [10.000001, 20.000001]]).length // 28 (bigint run bounds [s0, e0, …])
 */
export function queryPolygonNestRangesBig(
  order: number,
  vertices: readonly (readonly [number, number])[],
  options?: QueryOptions,
): bigint[] {
  checkOrder(order, MAX_ORDER);
  const oplus = oversampling(order, options);
  const inclusive = options?.inclusive === true;
  // correctly rounded trig only where it decides pixels (orders 25-29); below, the number path's
  // arithmetic, so that answers equal queryPolygonNest's bit for bit
  const correct = order > MAX_ORDER_NUMBER;
  return walkNestBig(order, oplus, inclusive, polygonZones(order, vertices, oplus, inclusive, correct));
}

/**
 * queryPolygonNest for orders 0-29 as a sorted bigint pixel list (meant for small polygons: a
 * 1" square holds ~7·10^6 pixels at order 29; use queryPolygonNestRangesBig for large ones).
 * @example queryPolygonNestBig(25, [[10, 20], [10.00001, 20], [10.00001, 20.00001], [10, 20.00001]]).length // 28
 */
export function queryPolygonNestBig(
  order: number,
  vertices: readonly (readonly [number, number])[],
  options?: QueryOptions,
): bigint[] {
  const ranges = queryPolygonNestRangesBig(order, vertices, options);
  const out: bigint[] = [];
  for (let i = 0; i < ranges.length; i += 2) {
    for (let p = ranges[i]; p < ranges[i + 1]; p++) out.push(p);
  }
  return out;
}

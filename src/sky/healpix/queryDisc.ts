import { DEG2RAD, HALF_PI, JPLL, JRLL, TWO_PI } from "./loc.js";

export { DEG2RAD };

import { checkOrder, MAX_ORDER } from "./order.js";
import { maxPixrad } from "./pixrad.js";
import { RangeList } from "./rangeList.js";
import { atan2Correct, cosWide, sinWide } from "./trig.js";
import { xyfToNest, xyfToNestBig } from "./xyf.js";

/** Options of the disc and polygon queries. */
export interface QueryOptions {
  /** Return every pixel overlapping the shape (and maybe a few more), as healpy's inclusive=True. */
  inclusive?: boolean;
  /**
   * Oversampling factor of the inclusive test, a power of 2 (healpy's default 4); 1 keeps every pixel
   * the cheap bound-circle test cannot exclude (no sub-pixel test), as healpy does with fact=1.
   */
  fact?: number;
  /**
   * An array the number[] queries write their pixels into (resized to the count) and return, instead
   * of a new one. Above ~16k pixels a new array costs V8 freshly mapped pages on every call (about
   * 1 ms for 2.5·10^5 pixels); a caller running many queries can hand back the previous answer once
   * done with it. Ignored by the *Ranges and *Big functions.
   */
  out?: number[];
}

/**
 * Centre z = cos(theta) and phi of (ra, dec), following healpy's ang2vec -> pointing round trip.
 * With `correct`, sin, cos and atan2 are correctly rounded like glibc's (which healpy calls): at
 * orders 25-29 a disc of a few pixels is decided by the last bits of these values.
 */
export function discCentre(
  ra: number,
  dec: number,
  correct = false,
): { z: number; phi: number; x: number; y: number; theta: number } {
  if (!(dec >= -90 && dec <= 90) || !Number.isFinite(ra)) {
    throw new RangeError(`invalid disc centre (ra ${ra}, dec ${dec})`);
  }
  const sin = correct ? sinWide : Math.sin;
  const cos = correct ? cosWide : Math.cos;
  const atan2 = correct ? atan2Correct : Math.atan2;
  const theta0 = HALF_PI - dec * DEG2RAD;
  const phi0 = ra * DEG2RAD;
  const st = sin(theta0);
  const vx = st * cos(phi0);
  const vy = st * sin(phi0);
  const vz = cos(theta0);
  const theta = atan2(Math.sqrt(vx * vx + vy * vy), vz);
  let phi = vx === 0 && vy === 0 ? 0 : atan2(vy, vx);
  if (phi < 0) phi += TWO_PI;
  const s = sin(theta);
  return { z: cos(theta), phi, x: s * cos(phi), y: s * sin(phi), theta };
}

/** log2 of the inclusive oversampling factor; checks it is a power of 2 fitting the order. */
export function oversampling(order: number, options: QueryOptions | undefined): number {
  if (!options?.inclusive) return 0;
  const fact = options.fact ?? 4;
  const oplus = Math.log2(fact);
  if (!Number.isInteger(oplus) || oplus < 0 || order + oplus > 29) {
    throw new RangeError(`fact must be a power of 2 with order + log2(fact) <= 29, got ${fact}`);
  }
  return oplus;
}

// Local copies of the base-face tables: imported bindings can compile to getter calls (tsx, CommonJS).
const JR = Int32Array.from(JRLL);
const JP = Int32Array.from(JPLL);
// (0.75 * HALF_PI) * tmp and (0.5 * HALF_PI) * tmp, in healpy's left-to-right order
const C75 = 0.75 * HALF_PI;
const C50 = 0.5 * HALF_PI;

/**
 * z and phi of the centre of cell (face, ix, iy) at nside, as healpy's pix2zphi (NEST geometry without
 * the sin(theta) refinement), written to out[0], out[1]. fact2 = 4 / (12 nside^2), fact1 = 2 nside fact2.
 */
export function xyfCentre(
  nside: number,
  fact1: number,
  fact2: number,
  face: number,
  ix: number,
  iy: number,
  out: Float64Array,
): void {
  const jr = JR[face] * nside - ix - iy - 1;
  let nr: number;
  if (jr < nside) {
    nr = jr;
    out[0] = 1 - nr * nr * fact2;
  } else if (jr > 3 * nside) {
    nr = nside * 4 - jr;
    out[0] = nr * nr * fact2 - 1;
  } else {
    nr = nside;
    out[0] = (2 * nside - jr) * fact1;
  }
  let tmp = JP[face] * nr + ix - iy;
  if (tmp < 0) tmp += 8 * nr;
  out[1] = nr === nside ? C75 * tmp * fact1 : (C50 * tmp) / nr;
}

// Per-order constants of the walk for orders 0-29, built once (queries used to allocate them per call).
const ORDER_TABLES = (() => {
  const nsides = new Float64Array(MAX_ORDER + 1);
  const fact1 = new Float64Array(MAX_ORDER + 1);
  const fact2 = new Float64Array(MAX_ORDER + 1);
  for (let o = 0; o <= MAX_ORDER; o++) {
    const nside = 2 ** o;
    nsides[o] = nside;
    fact2[o] = 4 / (12 * nside * nside);
    fact1[o] = 2 * nside * fact2[o];
  }
  return { nsides, fact1, fact2 };
})();
const POW4 = Float64Array.from({ length: MAX_ORDER + 1 }, (_, o) => 4 ** o);

/** Per-order constants of the walk (shared, read-only tables for orders 0-29): nside, fact1 and fact2 of xyfCentre. */
export function orderTables(omax: number): {
  nsides: Float64Array;
  fact1: Float64Array;
  fact2: Float64Array;
} {
  if (omax > MAX_ORDER) throw new RangeError(`order ${omax} > ${MAX_ORDER}`);
  return ORDER_TABLES;
}

/** Classifies a cell at order o: 0 outside, 1 touching (centre outside), 2 centre inside, 3 fully inside. */
export type ZoneOf = (face: number, ix: number, iy: number, o: number) => number;

/**
 * Hierarchical walk shared by the disc and polygon queries (healpy's check_pixel logic). Calls
 * `emit(face, ix, iy, o, pix)` in increasing NEST order for each selected cell at order o <= `order`
 * (a cell at o < order stands for all its descendants at `order`); `pix`, its NEST index, is exact
 * while 12 * 4^(order + oplus) < 2^53 (4^26 = 2^52: orders up to 24 with fact up to 4). `inclusive` with oplus = 0
 * is healpy's fact = 1: touching cells at `order` are kept without oversampling. The stack carries
 * each cell's index inside its face (a child's is 4 * parent + c), so no bit interleaving is needed.
 */
export function walkNestCells(
  order: number,
  oplus: number,
  inclusive: boolean,
  zoneOf: ZoneOf,
  emit: (face: number, ix: number, iy: number, o: number, pix: number) => void,
): void {
  const omax = order + oplus;
  // the stack holds at most 12 + 3 (omax + 1) cells; a walk started from inside emit gets its own
  const reuse = !walking;
  const sf = reuse ? STACK_F : new Int32Array(STACK_CAP);
  const sx = reuse ? STACK_X : new Int32Array(STACK_CAP);
  const sy = reuse ? STACK_Y : new Int32Array(STACK_CAP);
  const so = reuse ? STACK_O : new Int32Array(STACK_CAP);
  const si = reuse ? STACK_I : new Float64Array(STACK_CAP); // index inside the face, < 4^29
  const pow4 = POW4;
  walking = true;
  try {
    walkStack(order, omax, inclusive, zoneOf, emit, sf, sx, sy, so, si, pow4);
  } finally {
    if (reuse) walking = false;
  }
}

// Scratch stacks of walkNestCells, reused by every walk that is not nested in another.
const STACK_CAP = 12 + 4 * (MAX_ORDER + 3);
const STACK_F = new Int32Array(STACK_CAP);
const STACK_X = new Int32Array(STACK_CAP);
const STACK_Y = new Int32Array(STACK_CAP);
const STACK_O = new Int32Array(STACK_CAP);
const STACK_I = new Float64Array(STACK_CAP);
let walking = false;

function walkStack(
  order: number,
  omax: number,
  inclusive: boolean,
  zoneOf: ZoneOf,
  emit: (face: number, ix: number, iy: number, o: number, pix: number) => void,
  sf: Int32Array,
  sx: Int32Array,
  sy: Int32Array,
  so: Int32Array,
  si: Float64Array,
  pow4: Float64Array,
): void {
  let top = 0;
  for (let f = 11; f >= 0; f--) {
    sf[top] = f;
    sx[top] = 0;
    sy[top] = 0;
    so[top] = 0;
    si[top] = 0;
    top++;
  }
  let stacktop = 0;
  while (top > 0) {
    top--;
    const f = sf[top];
    const x = sx[top];
    const y = sy[top];
    const o = so[top];
    const zone = zoneOf(f, x, y, o);
    if (zone === 0) continue;
    let push = false;
    if (o < order) {
      if (zone >= 3) emit(f, x, y, o, f * pow4[o] + si[top]);
      else push = true;
    } else if (o > order) {
      if (zone >= 2 || o >= omax) {
        const shift = o - order;
        emit(f, x >> shift, y >> shift, order, f * pow4[order] + Math.floor(si[top] / pow4[shift]));
        top = stacktop;
      } else {
        push = true;
      }
    } else if (zone >= 2) {
      emit(f, x, y, o, f * pow4[o] + si[top]);
    } else if (inclusive) {
      if (order < omax) {
        stacktop = top;
        push = true;
      } else {
        emit(f, x, y, o, f * pow4[o] + si[top]);
      }
    }
    if (push) {
      const i4 = si[top] * 4;
      const x2 = 2 * x;
      const y2 = 2 * y;
      const o1 = o + 1;
      if (o1 === order && order === omax) {
        // children at the last order are decided here, in NEST order, without the stack round trip
        const keep = inclusive ? 1 : 2;
        const base = f * pow4[o1] + i4;
        for (let c = 0; c < 4; c++) {
          const cx = x2 + (c & 1);
          const cy = y2 + (c >> 1);
          if (zoneOf(f, cx, cy, o1) >= keep) emit(f, cx, cy, o1, base + c);
        }
        continue;
      }
      if (o1 === omax && o1 > order) {
        // sub-pixels at the last order: the first one touching the shape keeps its pixel at `order`
        // and abandons the rest of that pixel's subtree, as popping them one by one would
        const shift = o1 - order;
        for (let c = 0; c < 4; c++) {
          const cx = x2 + (c & 1);
          const cy = y2 + (c >> 1);
          if (zoneOf(f, cx, cy, o1) !== 0) {
            emit(f, cx >> shift, cy >> shift, order, f * pow4[order] + Math.floor((i4 + c) / pow4[shift]));
            top = stacktop;
            break;
          }
        }
        continue;
      }
      for (let c = 3; c >= 0; c--) {
        sf[top] = f;
        sx[top] = x2 + (c & 1);
        sy[top] = y2 + (c >> 1);
        so[top] = o1;
        si[top] = i4 + c;
        top++;
      }
    }
  }
}

/** walkNestCells collecting NEST ranges at `order` <= 24 as numbers. */
export function walkNest(order: number, oplus: number, inclusive: boolean, zoneOf: ZoneOf): RangeList {
  const out = new RangeList();
  const pow4 = POW4;
  // the carried index is exact up to order 26 (4^26 = 2^52); beyond (large fact), interleave
  const carried = order + oplus <= 26;
  try {
    walkNestCells(order, oplus, inclusive, zoneOf, (f, x, y, o, p) => {
      const pix = carried ? p : xyfToNest(o, f, x, y);
      const scale = pow4[order - o];
      out.append(pix * scale, (pix + 1) * scale);
    });
  } catch (e) {
    out.release();
    throw e;
  }
  return out;
}

/** walkNestCells collecting NEST ranges at any order <= 29 as bigint [start0, end0, ...]. */
export function walkNestBig(order: number, oplus: number, inclusive: boolean, zoneOf: ZoneOf): bigint[] {
  const out: bigint[] = [];
  walkNestCells(order, oplus, inclusive, zoneOf, (f, x, y, o) => {
    const shift = BigInt(2 * (order - o));
    const start = xyfToNestBig(o, f, x, y) << shift;
    const end = start + (1n << shift);
    if (out.length > 0 && out[out.length - 1] === start) out[out.length - 1] = end;
    else out.push(start, end);
  });
  return out;
}

// Scratch output of xyfCentre in the disc zones (read right after each write).
const ZPHI = new Float64Array(2);

/**
 * Zone classifier of a disc (healpy's query_disc NEST tests), or null when it covers the sphere;
 * `correct` uses correctly rounded cos/sin/atan2 (see discCentre).
 */
function discZones(
  order: number,
  ra: number,
  dec: number,
  radiusDeg: number,
  oplus: number,
  correct = false,
): ZoneOf | null {
  if (!(radiusDeg >= 0)) throw new RangeError(`disc radius must be >= 0 degrees, got ${radiusDeg}`);
  const cos = correct ? cosWide : Math.cos;
  const radius = radiusDeg * DEG2RAD;
  const c = discCentre(ra, dec, correct);
  if (radius >= Math.PI) return null;
  const omax = order + oplus;
  // plain arrays: allocating small typed arrays costs more than the whole walk of a small disc
  const crpdr: number[] = [];
  const crmdr: number[] = [];
  for (let o = 0; o <= omax; o++) {
    const dr = maxPixrad(o);
    crpdr.push(radius + dr > Math.PI ? -1 : cos(radius + dr));
    crmdr.push(radius - dr < 0 ? 1 : cos(radius - dr));
  }
  const { nsides, fact1, fact2 } = orderTables(omax);
  const cosrad = cos(radius);
  const z0 = c.z;
  const phi0 = c.phi;
  const s0sq = 1.0 - z0 * z0;
  const zphi = ZPHI;
  return (f, x, y, o) => {
    xyfCentre(nsides[o], fact1[o], fact2[o], f, x, y, zphi);
    const cz = zphi[0];
    const cang = z0 * cz + cos(phi0 - zphi[1]) * Math.sqrt(s0sq * (1.0 - cz * cz));
    if (!(cang > crpdr[o])) return 0;
    return cang < cosrad ? 1 : cang <= crmdr[o] ? 2 : 3;
  };
}

function discRanges(
  order: number,
  ra: number,
  dec: number,
  radiusDeg: number,
  options?: QueryOptions,
): RangeList {
  checkOrder(order);
  const oplus = oversampling(order, options);
  const zones = discZones(order, ra, dec, radiusDeg, oplus);
  if (zones === null) {
    const all = new RangeList();
    all.append(0, 12 * 4 ** order);
    return all;
  }
  return walkNest(order, oplus, options?.inclusive === true, zones);
}

/**
 * NEST pixels (orders 0-24) whose centres lie within `radiusDeg` of (ra, dec), sorted; with
 * `{ inclusive: true }` every pixel overlapping the disc (healpy's inclusive=True, fact=4).
 * @example queryDiscNest(0, 0, 90, 10, { inclusive: true }) // [0, 1, 2, 3]
 */
export function queryDiscNest(
  order: number,
  ra: number,
  dec: number,
  radiusDeg: number,
  options?: QueryOptions,
): number[] {
  return discRanges(order, ra, dec, radiusDeg, options).toPixels(options?.out);
}

/**
 * Same as queryDiscNest, as sorted half-open ranges [start0, end0, start1, end1, ...].
 * @example queryDiscNestRanges(3, 10, 20, 5) // Float64Array [310, 312]
 */
export function queryDiscNestRanges(
  order: number,
  ra: number,
  dec: number,
  radiusDeg: number,
  options?: QueryOptions,
): Float64Array {
  return discRanges(order, ra, dec, radiusDeg, options).toRanges();
}

/**
 * queryDiscNest for orders 0-29 as sorted bigint half-open ranges [start0, end0, ...]. healpy
 * compares cos(distance) with cos(radius), so radii below ~3 mas select nothing (as in healpy);
 * at order 29 inclusive mode needs `fact: 1` (order + log2(fact) <= 29).
 * @example queryDiscNestRangesBig(29, 55.65, -32.2, 0.005 / 3600).length // 94 (bigint run bounds [s0, e0, …])
 */
export function queryDiscNestRangesBig(
  order: number,
  ra: number,
  dec: number,
  radiusDeg: number,
  options?: QueryOptions,
): bigint[] {
  checkOrder(order, MAX_ORDER);
  const oplus = oversampling(order, options);
  const zones = discZones(order, ra, dec, radiusDeg, oplus, true);
  if (zones === null) return [0n, 12n << BigInt(2 * order)];
  return walkNestBig(order, oplus, options?.inclusive === true, zones);
}

/**
 * queryDiscNest for orders 0-29 as a sorted bigint pixel list (meant for small discs: a 1" disc
 * holds ~2·10^7 pixels at order 29; use queryDiscNestRangesBig for large ones).
 * @example queryDiscNestBig(25, 10, 20, 0.01 / 3600).length // 8 (bigint pixels, as healpy)
 */
export function queryDiscNestBig(
  order: number,
  ra: number,
  dec: number,
  radiusDeg: number,
  options?: QueryOptions,
): bigint[] {
  const ranges = queryDiscNestRangesBig(order, ra, dec, radiusDeg, options);
  const out: bigint[] = [];
  for (let i = 0; i < ranges.length; i += 2) {
    for (let p = ranges[i]; p < ranges[i + 1]; p++) out.push(p);
  }
  return out;
}

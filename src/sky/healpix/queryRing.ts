// Disc and convex-polygon queries in the RING scheme: healpy's ring-by-ring algorithm (per ring,
// the phi interval inside each disc), with its pixel-corner refinement in inclusive mode.
import { HALF_PI, JPLL, JRLL, locToRingPos, type RingCell } from "./loc.js";
import { checkOrder, MAX_ORDER, MAX_ORDER_NUMBER } from "./order.js";
import { maxPixrad } from "./pixrad.js";
import { DEG2RAD, discCentre, type QueryOptions } from "./queryDisc.js";
import { polygonDiscs } from "./queryPolygon.js";
import { RangeList } from "./rangeList.js";
import { atan2Correct, cosWide } from "./trig.js";
import { newXyf, ringIsShifted, ringPixelCount, ringPosToXyf, ringStart, ringStartBig } from "./xyf.js";

// Scratch outputs, private to this file (no allocation per call).
const XYF = newXyf();
const CELL: RingCell = { region: 0, ir: 0, ip: 0 };

/** cos and atan2 of a query: V8's, or correctly rounded as glibc's (healpy) for orders 25-29. */
interface Trig {
  cos: (x: number) => number;
  atan2: (y: number, x: number) => number;
}
const FAST_TRIG: Trig = { cos: Math.cos, atan2: Math.atan2 };
const CORRECT_TRIG: Trig = { cos: cosWide, atan2: atan2Correct };

/**
 * Receives the selected pixels as the half-open run from (ringA, offset offA) to (ringB, offB),
 * offsets 0-based in the ring; ring 4 nside with offset 0 stands for npix. Runs arrive in increasing
 * order, so that only the caller turns them into absolute (number or bigint) indices.
 */
type RunSink = (ringA: number, offA: number, ringB: number, offB: number) => void;

const INV_TWO_PI = 0.15915494309189535;
/** Enclosing circles at least this wide (radians, a bit under pi/2) are not used to bound the rings. */
const HALF_PI_BOUND = 1.5;

function ifloor(x: number): number {
  return x >= 0 ? Math.trunc(x) : Math.trunc(x) - 1;
}

function ringAbove(nside: number, z: number): number {
  const az = Math.abs(z);
  if (az <= 2 / 3) return Math.trunc(nside * (2 - 1.5 * z));
  const iring = Math.trunc(nside * Math.sqrt(3 * (1 - az)));
  return z > 0 ? iring : 4 * nside - iring - 1;
}

function ring2z(nside: number, ring: number): number {
  const fact2 = 4 / (12 * nside * nside);
  const fact1 = 2 * nside * fact2;
  if (ring < nside) return 1 - ring * ring * fact2;
  if (ring <= 3 * nside) return (2 * nside - ring) * fact1;
  const r = 4 * nside - ring;
  return r * r * fact2 - 1;
}

/** Ring number of the RING pixel holding (z, phi); its 0-based offset in the ring is then CELL.ip. */
function ringOf(nside: number, z: number, phi: number): number {
  locToRingPos(nside, z, phi, 0, false, CELL);
  if (CELL.region === 1) return nside + CELL.ir - 1;
  if (CELL.region === 0) return CELL.ir;
  return 4 * nside - CELL.ir;
}

// Local copies: imported bindings can compile to getter calls (tsx, CommonJS), costly per sub-pixel.
const JR = Int32Array.from(JRLL);
const JP = Int32Array.from(JPLL);
const HALF = HALF_PI;

/**
 * True when the centre of the RING pixel (at n2) holding face coordinates (x, y) of face f is within
 * the disc of centre (cz, cphi), sq = 1 - cz^2, whose cosine radius is cosr (healpy's cosdist_zphi
 * test). xyfToRingPos then ringToLoc inlined, operation for operation; fact2 = 4 / (12 n2^2), fact1 = 2 n2 fact2.
 */
function subInside(
  n2: number,
  fact1: number,
  fact2: number,
  f: number,
  x: number,
  y: number,
  cz: number,
  cphi: number,
  sq: number,
  cosr: number,
  cos: (x: number) => number,
): boolean {
  const jr = JR[f] * n2 - x - y - 1;
  let nr: number;
  let kshift: number;
  if (jr < n2) {
    nr = jr;
    kshift = 0;
  } else if (jr < 3 * n2) {
    nr = n2;
    kshift = (jr - n2) & 1; // parity by bits: % on doubles is a libm call
  } else {
    nr = 4 * n2 - jr;
    kshift = 0;
  }
  let jp = Math.trunc((JP[f] * nr + x - y + 1 + kshift) / 2);
  if (jp < 1) jp += 4 * n2;
  let z: number;
  let phi: number;
  if (jr < n2) {
    z = 1.0 - jr * jr * fact2;
    phi = ((jp - 0.5) * HALF) / jr;
  } else if (jr <= 3 * n2) {
    const fodd = ((jr + n2) & 1) === 1 ? 1 : 0.5;
    z = (2 * n2 - jr) * fact1;
    phi = (jp - fodd) * Math.PI * 0.75 * fact1;
  } else {
    const r = 4 * n2 - jr;
    z = r * r * fact2 - 1.0;
    phi = ((jp - 0.5) * HALF) / r;
  }
  return z * cz + cos(phi - cphi) * Math.sqrt((1.0 - z * z) * sq) > cosr;
}

/**
 * healpy's check_pixel_ring: true when no sub-pixel (at fct * nside) on the border of pixel
 * `pixInRing` of ring `iz` is within disc d's rsmall, i.e. the pixel can be dropped. Works on
 * (ring, offset) pairs, so it needs no absolute index (which passes 2^53 at order 29).
 */
function outsideRingPixel(
  nside: number,
  fct: number,
  pixInRing: number,
  nr: number,
  iz: number,
  d: RingDisc,
): boolean {
  let pix = pixInRing;
  if (pix >= nr) pix -= nr;
  if (pix < 0) pix += nr;
  if (iz === d.cring && pix === d.coff) return false;
  const cz = d.z0;
  const cphi = d.phi;
  const cosr = d.cosrsmall;
  const cos = d.trig.cos;
  ringPosToXyf(nside, iz, pix + 1, XYF);
  const pf = XYF.face;
  const ox = fct * XYF.x;
  const oy = fct * XYF.y;
  const n2 = fct * nside;
  const f2 = 4 / (12 * n2 * n2);
  const f1 = 2 * n2 * f2;
  const sq = 1 - cz * cz;
  const e = fct - 1;
  for (let i = 0; i < e; i++) {
    if (subInside(n2, f1, f2, pf, ox + i, oy, cz, cphi, sq, cosr, cos)) return false;
    if (subInside(n2, f1, f2, pf, ox + e, oy + i, cz, cphi, sq, cosr, cos)) return false;
    if (subInside(n2, f1, f2, pf, ox + e - i, oy + e, cz, cphi, sq, cosr, cos)) return false;
    if (subInside(n2, f1, f2, pf, ox, oy + e - i, cz, cphi, sq, cosr, cos)) return false;
  }
  return true;
}

function factOf(order: number, options?: QueryOptions): number {
  if (!options?.inclusive) return 1;
  const fact = options.fact ?? 4;
  if (!Number.isInteger(fact) || fact < 1 || fact * 2 ** order > 2 ** 29) {
    throw new RangeError(`fact must be a positive integer with fact * nside <= 2^29, got ${fact}`);
  }
  return fact;
}

interface RingDisc {
  theta: number;
  phi: number;
  z0: number;
  xa: number;
  cosrsmall: number;
  cosrbig: number;
  /** Ring and 0-based offset of the pixel holding the centre (fct > 1 only; ring -1 otherwise). */
  cring: number;
  coff: number;
  trig: Trig;
  /** cos(rsmall + 1.5 max_pixrad(order)), or -1 when that reaches pi. */
  cosrfar: number;
  /** cos(rsmall - 2 max_pixrad(order)), or 2 when that is below 0: pixels whose centres are this close are kept. */
  cosrnear: number;
  /** rfar >= rbig: the rfar window only clips rings the rbig circle does not cross. */
  farWider: boolean;
}

/** Pixel interval [ipLo, ipHi] (indices in the ring, may wrap) of ring iz inside disc d. */
let ipLo = 0;
let ipHi = 0;
function ringInterval(
  nside: number,
  fct: number,
  iz: number,
  d: RingDisc,
  nr: number,
  shifted: boolean,
  skipUncrossed: boolean,
) {
  ringWindow(nside, fct, iz, d, nr, shifted, skipUncrossed);
  if (fct > 1 && ipLo <= ipHi) trimWindow(nside, fct, iz, d, nr, shifted, null, 0);
}

/**
 * ringInterval before healpy's sub-pixel trimming: the interval of the rbig disc, clipped to the
 * rfar window when fct > 1 (into ipLo, ipHi; empty as ipLo = 1, ipHi = 0).
 */
function ringWindow(
  nside: number,
  fct: number,
  iz: number,
  d: RingDisc,
  nr: number,
  shifted: boolean,
  skipUncrossed: boolean,
) {
  const z = ring2z(nside, iz);
  const x = (d.cosrbig - z * d.z0) * d.xa;
  const ysq = 1 - z * z - x * x;
  if (ysq <= 0 && skipUncrossed) {
    // healpy's query_disc with fact 1 skips a ring the disc edge does not cross (dphi = 0); at
    // orders 25-29 rounding makes that happen on the first or last ring of a mas disc
    ipLo = 1;
    ipHi = 0;
    return;
  }
  const dphi = ysq <= 0 ? Math.PI - 1e-15 : d.trig.atan2(Math.sqrt(ysq), x);
  const shift = shifted ? 0.5 : 0;
  ipLo = ifloor(nr * INV_TWO_PI * (d.phi - dphi) - shift) + 1;
  ipHi = ifloor(nr * INV_TWO_PI * (d.phi + dphi) - shift);
  if (fct > 1 && d.cosrfar > -1 && (ysq <= 0 || !d.farWider)) {
    // Only pixels whose centres are within rfar = rsmall + 1.5 max_pixrad(order) of the disc centre
    // can keep a sub-pixel within rsmall, so healpy's pixel-by-pixel trimming below may start at the
    // edges of the rfar window: same result without testing up to 4 nside pixels of a ring. When the
    // ring crosses the rbig circle and rfar >= rbig (always, as rsmall + 1.5 max_pixrad(order) >
    // radius + max_pixrad(order)), the rbig window lies inside the rfar one: nothing to clip.
    const xf = (d.cosrfar - z * d.z0) * d.xa;
    const ysqf = 1 - z * z - xf * xf;
    if (ysqf <= 0) {
      if (xf > 0) {
        ipLo = 1;
        ipHi = 0;
        return;
      }
    } else {
      const dphif = d.trig.atan2(Math.sqrt(ysqf), xf);
      const loFar = ifloor(nr * INV_TWO_PI * (d.phi - dphif) - shift) + 1 - 1;
      const hiFar = ifloor(nr * INV_TWO_PI * (d.phi + dphif) - shift) + 1;
      if (loFar > ipLo) ipLo = loFar;
      if (hiFar < ipHi) ipHi = hiFar;
      if (ipLo > ipHi) {
        ipLo = 1;
        ipHi = 0;
        return;
      }
    }
  }
}

/**
 * healpy's trimming of the window [ipLo, ipHi] (fct > 1): drops end pixels none of whose border
 * sub-pixels lies within rsmall, from each end up to the first kept one. With `bound`, runs holding
 * every pixel the query can return on this ring (the windows' intersection), an end is left
 * untrimmed when `bound` holds nothing between it and the near window (pixels whose centres lie
 * within rsmall - 2 max_pixrad keep all their sub-pixels inside, so trimming stops there at the
 * latest): the pixels trimming would drop are then dropped by the intersection anyway.
 */
function trimWindow(
  nside: number,
  fct: number,
  iz: number,
  d: RingDisc,
  nr: number,
  shifted: boolean,
  bound: Float64Array | null,
  boundLength: number,
) {
  let trimLo = true;
  let trimHi = true;
  if (bound !== null) {
    const tr = bound;
    const trLength = boundLength;
    const z = ring2z(nside, iz);
    const shift = shifted ? 0.5 : 0;
    {
      const xn = (d.cosrnear - z * d.z0) * d.xa;
      const ysqn = d.cosrnear > 1 ? 0 : 1 - z * z - xn * xn;
      if (ysqn <= 0) {
        if (!runsHit(tr, trLength, ipLo, ipHi + 1, nr)) trimLo = trimHi = false;
      } else {
        const dphin = d.trig.atan2(Math.sqrt(ysqn), xn);
        const loNear = ifloor(nr * INV_TWO_PI * (d.phi - dphin) - shift) + 1;
        const hiNear = ifloor(nr * INV_TWO_PI * (d.phi + dphin) - shift);
        if (loNear > hiNear) {
          if (!runsHit(tr, trLength, ipLo, ipHi + 1, nr)) trimLo = trimHi = false;
        } else {
          if (!runsHit(tr, trLength, ipLo, loNear, nr)) trimLo = false;
          if (!runsHit(tr, trLength, hiNear + 1, ipHi + 1, nr)) trimHi = false;
        }
      }
    }
  }
  if (trimLo) while (ipLo <= ipHi && outsideRingPixel(nside, fct, ipLo, nr, iz, d)) ipLo++;
  if (trimHi) while (ipHi > ipLo && outsideRingPixel(nside, fct, ipHi, nr, iz, d)) ipHi--;
}

/** Whether the runs r[0..n) (sorted offsets in [0, nr)) hold a pixel of the unwrapped run [a, b), taken modulo nr. */
function runsHit(r: Float64Array, n: number, a: number, b: number, nr: number): boolean {
  if (b <= a) return false;
  if (b - a >= nr) return n > 0;
  let a0 = a % nr;
  if (a0 < 0) a0 += nr;
  const b0 = a0 + (b - a);
  if (b0 <= nr) return runsOverlap(r, n, a0, b0);
  return runsOverlap(r, n, a0, nr) || runsOverlap(r, n, 0, b0 - nr);
}

function runsOverlap(r: Float64Array, n: number, a: number, b: number): boolean {
  for (let i = 0; i < n; i += 2) if (r[i] < b && r[i + 1] > a) return true;
  return false;
}

function makeDisc(
  nside: number,
  fct: number,
  theta: number,
  phi: number,
  rsmall: number,
  rbig: number,
  trig: Trig,
): RingDisc {
  const z0 = trig.cos(theta);
  const rfar = rsmall + 1.5 * maxPixrad(Math.log2(nside)) + 1e-9;
  const rnear = rsmall - 2 * maxPixrad(Math.log2(nside)) - 1e-9;
  const cring = fct > 1 ? ringOf(nside, z0, phi) : -1;
  return {
    theta,
    phi,
    z0,
    xa: 1 / Math.sqrt((1 - z0) * (1 + z0)),
    cosrsmall: trig.cos(rsmall),
    cosrbig: trig.cos(rbig),
    cring,
    coff: fct > 1 ? CELL.ip : -1,
    trig,
    cosrfar: rfar >= Math.PI ? -1 : trig.cos(rfar),
    cosrnear: rnear <= 0 ? 2 : trig.cos(rnear),
    farWider: rfar >= rbig,
  };
}

/** Trig of a query at `order`: correctly rounded at orders 25-29 only, so orders <= 24 match the number API bit for bit. */
function trigOf(order: number): Trig {
  return order > MAX_ORDER_NUMBER ? CORRECT_TRIG : FAST_TRIG;
}

/** healpy's RING query_disc as runs of (ring, offset) pairs. */
function walkDiscRing(
  order: number,
  ra: number,
  dec: number,
  radiusDeg: number,
  options: QueryOptions | undefined,
  sink: RunSink,
): void {
  if (!(radiusDeg >= 0)) throw new RangeError(`disc radius must be >= 0 degrees, got ${radiusDeg}`);
  const nside = 2 ** order;
  const fct = factOf(order, options);
  const inclusive = options?.inclusive === true;
  const trig = trigOf(order);
  const correct = trig === CORRECT_TRIG;
  const radius = radiusDeg * DEG2RAD;
  const c = discCentre(ra, dec, correct);
  let rsmall: number;
  let rbig: number;
  if (fct > 1) {
    rsmall = radius + maxPixrad(order + Math.log2(fct));
    rbig = radius + maxPixrad(order);
  } else {
    rsmall = rbig = inclusive ? radius + maxPixrad(order) : radius;
  }
  if (rsmall >= Math.PI) {
    sink(1, 0, 4 * nside, 0);
    return;
  }
  rbig = Math.min(Math.PI, rbig);
  // the number path keeps its historical round trip through (x, y, z); the big one uses healpy's
  // pointing theta as is
  const theta = correct ? c.theta : Math.atan2(Math.sqrt(c.x * c.x + c.y * c.y), c.z);
  const d = makeDisc(nside, fct, theta, c.phi, rsmall, rbig, trig);
  const rlat1 = theta - rsmall;
  let irmin = ringAbove(nside, trig.cos(rlat1)) + 1;
  if (rlat1 <= 0 && irmin > 1) sink(1, 0, irmin, 0);
  if (fct > 1 && rlat1 > 0) irmin = Math.max(1, irmin - 1);
  const rlat2 = theta + rsmall;
  let irmax = ringAbove(nside, trig.cos(rlat2));
  if (fct > 1 && rlat2 < Math.PI) irmax = Math.min(4 * nside - 1, irmax + 1);
  for (let iz = irmin; iz <= irmax; iz++) {
    const nr = ringPixelCount(nside, iz);
    ringInterval(nside, fct, iz, d, nr, ringIsShifted(nside, iz), fct === 1);
    let lo = ipLo;
    let hi = ipHi;
    if (lo <= hi) {
      if (hi >= nr) {
        lo -= nr;
        hi -= nr;
      }
      if (lo < 0) {
        sink(iz, 0, iz, hi + 1);
        sink(iz, lo + nr, iz, nr);
      } else {
        sink(iz, lo, iz, hi + 1);
      }
    }
  }
  if (rlat2 >= Math.PI && irmax + 1 < 4 * nside) sink(irmax + 1, 0, 4 * nside, 0);
}

/** RangeList of number RING indices (orders <= 24) from runs. */
function numberRuns(order: number, walk: (sink: RunSink) => void): RangeList {
  const nside = 2 ** order;
  const out = new RangeList();
  try {
    walk((ra, oa, rb, ob) => out.append(ringStart(nside, ra) + oa, ringStart(nside, rb) + ob));
  } catch (e) {
    out.release(); // bad input throws inside the walk: give the scratch store back
    throw e;
  }
  return out;
}

/** Sorted bigint RING pixels (orders <= 29) from runs. */
function bigPixels(order: number, walk: (sink: RunSink) => void): bigint[] {
  const nside = 2 ** order;
  const out: bigint[] = [];
  walk((ra, oa, rb, ob) => {
    const end = ringStartBig(nside, rb) + BigInt(ob);
    for (let p = ringStartBig(nside, ra) + BigInt(oa); p < end; p++) out.push(p);
  });
  return out;
}

/**
 * RING pixels (orders 0-24) whose centres lie within `radiusDeg` of (ra, dec), sorted; with
 * `{ inclusive: true }` every overlapping pixel, as healpy's RING query_disc (fact may be any integer).
 * @example queryDiscRing(0, 0, 90, 10, { inclusive: true }) // [0, 1, 2, 3]
 */
export function queryDiscRing(
  order: number,
  ra: number,
  dec: number,
  radiusDeg: number,
  options?: QueryOptions,
): number[] {
  checkOrder(order);
  return numberRuns(order, (sink) => walkDiscRing(order, ra, dec, radiusDeg, options, sink)).toPixels(
    options?.out,
  );
}

/**
 * Same as queryDiscRing, as sorted half-open ranges [start0, end0, start1, end1, ...] of RING pixels
 * (no pixel list: a ring's run is one range).
 * @example queryDiscRingRanges(3, 10, 20, 5) // Float64Array [209, 210, 240, 241]
 */
export function queryDiscRingRanges(
  order: number,
  ra: number,
  dec: number,
  radiusDeg: number,
  options?: QueryOptions,
): Float64Array {
  checkOrder(order);
  return numberRuns(order, (sink) => walkDiscRing(order, ra, dec, radiusDeg, options, sink)).toRanges();
}

/**
 * queryDiscRing for orders 0-29 as a sorted bigint pixel list (healpy's RING query_disc; equal to
 * queryDiscRing at orders <= 24). Meant for small discs; at order 29 inclusive mode needs `fact: 1`
 * (fact * nside <= 2^29, as healpy), and radii below ~3 mas select nothing (as in healpy).
 * At orders 25-29 its edge pixels can differ from queryDiscNestBig's converted with nest2ringBig,
 * as healpy's RING and NEST answers do (both reproduced).
 * @example queryDiscRingBig(25, 10, 20, 0.01 / 3600).length // 7 (bigint pixels, as healpy)
 */
export function queryDiscRingBig(
  order: number,
  ra: number,
  dec: number,
  radiusDeg: number,
  options?: QueryOptions,
): bigint[] {
  checkOrder(order, MAX_ORDER);
  return bigPixels(order, (sink) => walkDiscRing(order, ra, dec, radiusDeg, options, sink));
}

// Runs inside one ring as [a, b) offset pairs in a scratch array; these write `out` and return its length.
function intersectRanges(r: Float64Array, n: number, a: number, b: number, out: Float64Array): number {
  let k = 0;
  for (let i = 0; i < n; i += 2) {
    const lo = r[i] > a ? r[i] : a;
    const hi = r[i + 1] < b ? r[i + 1] : b;
    if (lo < hi) {
      out[k++] = lo;
      out[k++] = hi;
    }
  }
  return k;
}

function removeRange(r: Float64Array, n: number, a: number, b: number, out: Float64Array): number {
  let k = 0;
  for (let i = 0; i < n; i += 2) {
    if (b <= a) {
      out[k++] = r[i];
      out[k++] = r[i + 1];
      continue;
    }
    if (r[i] < a) {
      out[k++] = r[i];
      out[k++] = r[i + 1] < a ? r[i + 1] : a;
    }
    if (r[i + 1] > b) {
      out[k++] = r[i] > b ? r[i] : b;
      out[k++] = r[i + 1];
    }
  }
  return k;
}

/** healpy's RING query_polygon (query_multidisc) as runs of (ring, offset) pairs. */
function walkPolygonRing(
  order: number,
  vertices: readonly (readonly [number, number])[],
  options: QueryOptions | undefined,
  sink: RunSink,
): void {
  const nside = 2 ** order;
  const fct = factOf(order, options);
  const inclusive = options?.inclusive === true;
  const trig = trigOf(order);
  const { normals, rad, bound } = polygonDiscs(vertices, inclusive, trig === CORRECT_TRIG);
  let rpsmall: number;
  let rpbig: number;
  if (fct > 1) {
    rpsmall = maxPixrad(order + Math.log2(fct));
    rpbig = maxPixrad(order);
  } else {
    rpsmall = rpbig = inclusive ? maxPixrad(order) : 0;
  }
  let irmin = 1;
  let irmax = 4 * nside - 1;
  const discs: RingDisc[] = [];
  for (let i = 0; i < normals.length; i++) {
    const rsmall = rad[i] + rpsmall;
    if (!(rsmall < Math.PI)) continue;
    const rbig = Math.min(Math.PI, rad[i] + rpbig);
    const [x, y, z] = normals[i];
    const theta = trig.atan2(Math.sqrt(x * x + y * y), z);
    let phi = x === 0 && y === 0 ? 0 : trig.atan2(y, x);
    if (phi < 0) phi += 2 * Math.PI;
    const d = makeDisc(nside, fct, theta, phi, rsmall, rbig, trig);
    discs.push(d);
    const rlat1 = theta - rsmall;
    let irminT = rlat1 <= 0 ? 1 : ringAbove(nside, trig.cos(rlat1)) + 1;
    if (fct > 1 && rlat1 > 0) irminT = Math.max(1, irminT - 1);
    const rlat2 = theta + rsmall;
    let irmaxT = rlat2 >= Math.PI ? 4 * nside - 1 : ringAbove(nside, trig.cos(rlat2));
    if (fct > 1 && rlat2 < Math.PI) irmaxT = Math.min(4 * nside - 1, irmaxT + 1);
    if (irmaxT < irmax) irmax = irmaxT;
    if (irminT > irmin) irmin = irminT;
  }
  if (!inclusive) {
    // Exact mode tests pixel centres against the edges' hemispheres only, whose ring bounds can span
    // half the sphere; a selected centre lies in the polygon, hence in the vertices' enclosing circle
    // (convex when below pi/2), so rings beyond that circle (plus one ring) hold nothing.
    const rb = Math.acos(Math.min(1, bound.cosrad)) + 1e-9;
    if (rb < HALF_PI_BOUND) {
      const [x, y, z] = bound.c;
      const theta = Math.atan2(Math.sqrt(x * x + y * y), z);
      const rlat1 = theta - rb;
      const rlat2 = theta + rb;
      const lo = rlat1 <= 0 ? 1 : Math.max(1, ringAbove(nside, Math.cos(rlat1)));
      const hi =
        rlat2 >= Math.PI ? 4 * nside - 1 : Math.min(4 * nside - 1, ringAbove(nside, Math.cos(rlat2)) + 1);
      if (lo > irmin) irmin = lo;
      if (hi < irmax) irmax = hi;
    }
  }
  const cap = 2 * discs.length + 4;
  let tr = new Float64Array(cap);
  let spare = new Float64Array(cap);
  let reach = new Float64Array(cap);
  const windowLo = new Float64Array(discs.length);
  const windowHi = new Float64Array(discs.length);
  for (let iz = irmin; iz <= irmax; iz++) {
    const nr = ringPixelCount(nside, iz);
    const shifted = ringIsShifted(nside, iz);
    let nb = 0;
    if (fct > 1) {
      // Trimming only shrinks the windows, so their intersection reachs the answer: trimming is
      // skipped where it cannot matter (trimWindow), and a ring whose windows miss each other is empty.
      reach[0] = 0;
      reach[1] = nr;
      nb = 2;
      for (let j = 0; j < discs.length && nb > 0; j++) {
        ringWindow(nside, fct, iz, discs[j], nr, shifted, false);
        windowLo[j] = ipLo;
        windowHi[j] = ipHi;
        nb = clipRuns(reach, nb, ipLo, ipHi, nr, spare);
        const t = reach;
        reach = spare;
        spare = t;
      }
      if (nb === 0) continue;
    }
    tr[0] = 0;
    tr[1] = nr;
    let n = 2;
    for (let j = 0; j < discs.length && n > 0; j++) {
      if (fct > 1) {
        ipLo = windowLo[j];
        ipHi = windowHi[j];
        if (ipLo <= ipHi) trimWindow(nside, fct, iz, discs[j], nr, shifted, reach, nb);
      } else {
        ringInterval(nside, fct, iz, discs[j], nr, shifted, false);
      }
      n = clipRuns(tr, n, ipLo, ipHi, nr, spare);
      const t = tr;
      tr = spare;
      spare = t;
    }
    for (let i = 0; i < n; i += 2) sink(iz, tr[i], iz, tr[i + 1]);
  }
}

/** Runs r[0..n) of a ring clipped to the interval [lo, hi] (may wrap), as healpy's rangeset intersect/remove; into out. */
function clipRuns(r: Float64Array, n: number, lo: number, hi: number, nr: number, out: Float64Array): number {
  let a = lo;
  let b = hi;
  if (b >= nr) {
    a -= nr;
    b -= nr;
  }
  return a < 0 ? removeRange(r, n, b + 1, a + nr, out) : intersectRanges(r, n, a, b + 1, out);
}

/**
 * RING pixels (orders 0-24) inside a convex polygon of [ra, dec] corners (healpy's RING query_polygon).
 * Its inclusive mode may hold a few corner pixels more than queryPolygonNest (healpy's nest=True).
 * @example queryPolygonRing(6, [[10, 10], [12, 10], [12, 12], [10, 12]]).length // 4
 */
export function queryPolygonRing(
  order: number,
  vertices: readonly (readonly [number, number])[],
  options?: QueryOptions,
): number[] {
  checkOrder(order);
  return numberRuns(order, (sink) => walkPolygonRing(order, vertices, options, sink)).toPixels(options?.out);
}

/**
 * Same as queryPolygonRing, as sorted half-open ranges [start0, end0, ...] of RING pixels.
 * @example queryPolygonRingRanges(6, [[10, 10], [12, 10], [12, 12], [10, 12]]) // Float64Array [19592, 19593, 19847, 19849, 20104, 20105]
 */
export function queryPolygonRingRanges(
  order: number,
  vertices: readonly (readonly [number, number])[],
  options?: QueryOptions,
): Float64Array {
  checkOrder(order);
  return numberRuns(order, (sink) => walkPolygonRing(order, vertices, options, sink)).toRanges();
}

/**
 * queryPolygonRing for orders 0-29 as a sorted bigint pixel list (healpy's RING query_polygon; equal
 * to queryPolygonRing at orders <= 24). Meant for small polygons; at order 29 inclusive mode needs
 * `fact: 1`. Like healpy's, the exact mode walks every ring between the edge circles' latitude
 * bounds, which for slanted edges of a mas polygon at orders 25-29 is millions of rings (minutes);
 * inclusive mode is bounded by the enclosing circle and fast.
 * @example queryPolygonRingBig(29, [[10, 20], [10.000005, 20], [10.000005, 20.000005], [10, 20.000005]], { inclusive: true, fact: 1 })
 */
export function queryPolygonRingBig(
  order: number,
  vertices: readonly (readonly [number, number])[],
  options?: QueryOptions,
): bigint[] {
  checkOrder(order, MAX_ORDER);
  return bigPixels(order, (sink) => walkPolygonRing(order, vertices, options, sink));
}

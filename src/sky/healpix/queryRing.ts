// Disc and convex-polygon queries in the RING scheme: healpy's ring-by-ring algorithm (per ring,
// the phi interval inside each disc), with its pixel-corner refinement in inclusive mode.
import { locToRingPos, pixPhi, pixZ, ringIp, ringIr, ringRegion, ringToLoc } from "./loc.js";
import { checkOrder } from "./order.js";
import { maxPixrad } from "./pixrad.js";
import { DEG2RAD, discCentre, type QueryOptions } from "./queryDisc.js";
import { polygonDiscs } from "./queryPolygon.js";
import { RangeList } from "./rangeList.js";
import {
  outFace,
  outX,
  outY,
  posPhi,
  posRing,
  ringPixels,
  ringPosToXyf,
  ringShape,
  ringShifted,
  ringStart,
  ringToRingPos,
  xyfToRingPos,
} from "./xyf.js";

const INV_TWO_PI = 0.15915494309189535;

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

function ringPixelOf(nside: number, z: number, phi: number): number {
  locToRingPos(nside, z, phi, 0, false);
  if (ringRegion === 1) return 2 * nside * (nside - 1) + (ringIr - 1) * 4 * nside + ringIp;
  if (ringRegion === 0) return 2 * ringIr * (ringIr - 1) + ringIp;
  return 12 * nside * nside - 2 * ringIr * (ringIr + 1) + ringIp;
}

/** z, phi of the RING pixel (at nside2) holding face coordinates (x, y) of face f. */
function subCentre(nside2: number, f: number, x: number, y: number): void {
  xyfToRingPos(nside2, f, x, y);
  ringToLoc(nside2, posRing, posPhi);
}

/**
 * healpy's check_pixel_ring: true when no sub-pixel (at fct * nside) on the border of ring pixel
 * `pix` is within the disc (cz, cphi, cosrp2), i.e. the pixel can be dropped.
 */
function outsideRingPixel(
  nside: number,
  fct: number,
  pixInRing: number,
  nr: number,
  ipix1: number,
  cz: number,
  cphi: number,
  cosrp2: number,
  cpix: number,
): boolean {
  let pix = pixInRing;
  if (pix >= nr) pix -= nr;
  if (pix < 0) pix += nr;
  pix += ipix1;
  if (pix === cpix) return false;
  ringToRingPos(nside, pix);
  ringPosToXyf(nside, posRing, posPhi);
  const pf = outFace;
  const ox = fct * outX;
  const oy = fct * outY;
  const nside2 = fct * nside;
  const sq = 1 - cz * cz;
  const inside = () => pixZ * cz + Math.cos(pixPhi - cphi) * Math.sqrt((1.0 - pixZ * pixZ) * sq) > cosrp2;
  for (let i = 0; i < fct - 1; i++) {
    subCentre(nside2, pf, ox + i, oy);
    if (inside()) return false;
    subCentre(nside2, pf, ox + fct - 1, oy + i);
    if (inside()) return false;
    subCentre(nside2, pf, ox + fct - 1 - i, oy + fct - 1);
    if (inside()) return false;
    subCentre(nside2, pf, ox, oy + fct - 1 - i);
    if (inside()) return false;
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
  cpix: number;
  /** cos(rsmall + 1.5 max_pixrad(order)), or -1 when that reaches pi. */
  cosrfar: number;
}

/** Pixel interval [ipLo, ipHi] (indices in the ring, may wrap) of ring iz inside disc d. */
let ipLo = 0;
let ipHi = 0;
function ringInterval(
  nside: number,
  fct: number,
  iz: number,
  d: RingDisc,
  ipix1: number,
  nr: number,
  shifted: boolean,
) {
  const z = ring2z(nside, iz);
  const x = (d.cosrbig - z * d.z0) * d.xa;
  const ysq = 1 - z * z - x * x;
  const dphi = ysq <= 0 ? Math.PI - 1e-15 : Math.atan2(Math.sqrt(ysq), x);
  const shift = shifted ? 0.5 : 0;
  ipLo = ifloor(nr * INV_TWO_PI * (d.phi - dphi) - shift) + 1;
  ipHi = ifloor(nr * INV_TWO_PI * (d.phi + dphi) - shift);
  if (fct > 1 && d.cosrfar > -1) {
    // Only pixels whose centres are within rfar = rsmall + 1.5 max_pixrad(order) of the disc centre
    // can keep a sub-pixel within rsmall, so healpy's pixel-by-pixel trimming below may start at the
    // edges of the rfar window: same result without testing up to 4 nside pixels of a ring.
    const xf = (d.cosrfar - z * d.z0) * d.xa;
    const ysqf = 1 - z * z - xf * xf;
    if (ysqf <= 0) {
      if (xf > 0) {
        ipLo = 1;
        ipHi = 0;
        return;
      }
    } else {
      const dphif = Math.atan2(Math.sqrt(ysqf), xf);
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
  if (fct > 1) {
    while (ipLo <= ipHi && outsideRingPixel(nside, fct, ipLo, nr, ipix1, d.z0, d.phi, d.cosrsmall, d.cpix))
      ipLo++;
    while (ipHi > ipLo && outsideRingPixel(nside, fct, ipHi, nr, ipix1, d.z0, d.phi, d.cosrsmall, d.cpix))
      ipHi--;
  }
}

function makeDisc(
  nside: number,
  fct: number,
  theta: number,
  phi: number,
  rsmall: number,
  rbig: number,
): RingDisc {
  const z0 = Math.cos(theta);
  const rfar = rsmall + 1.5 * maxPixrad(Math.log2(nside)) + 1e-9;
  return {
    theta,
    phi,
    z0,
    xa: 1 / Math.sqrt((1 - z0) * (1 + z0)),
    cosrsmall: Math.cos(rsmall),
    cosrbig: Math.cos(rbig),
    cpix: fct > 1 ? ringPixelOf(nside, z0, phi) : -1,
    cosrfar: rfar >= Math.PI ? -1 : Math.cos(rfar),
  };
}

function discRingRanges(
  order: number,
  ra: number,
  dec: number,
  radiusDeg: number,
  options?: QueryOptions,
): RangeList {
  checkOrder(order);
  if (!(radiusDeg >= 0)) throw new RangeError(`disc radius must be >= 0 degrees, got ${radiusDeg}`);
  const nside = 2 ** order;
  const npix = 12 * nside * nside;
  const fct = factOf(order, options);
  const inclusive = options?.inclusive === true;
  const radius = radiusDeg * DEG2RAD;
  const c = discCentre(ra, dec);
  const out = new RangeList();
  let rsmall: number;
  let rbig: number;
  if (fct > 1) {
    rsmall = radius + maxPixrad(order + Math.log2(fct));
    rbig = radius + maxPixrad(order);
  } else {
    rsmall = rbig = inclusive ? radius + maxPixrad(order) : radius;
  }
  if (rsmall >= Math.PI) {
    out.append(0, npix);
    return out;
  }
  rbig = Math.min(Math.PI, rbig);
  const theta = Math.atan2(Math.sqrt(c.x * c.x + c.y * c.y), c.z);
  const d = makeDisc(nside, fct, theta, c.phi, rsmall, rbig);
  const rlat1 = theta - rsmall;
  let irmin = ringAbove(nside, Math.cos(rlat1)) + 1;
  if (rlat1 <= 0 && irmin > 1) {
    ringShape(nside, irmin - 1);
    out.append(0, ringStart(nside, irmin - 1) + ringPixels);
  }
  if (fct > 1 && rlat1 > 0) irmin = Math.max(1, irmin - 1);
  const rlat2 = theta + rsmall;
  let irmax = ringAbove(nside, Math.cos(rlat2));
  if (fct > 1 && rlat2 < Math.PI) irmax = Math.min(4 * nside - 1, irmax + 1);
  for (let iz = irmin; iz <= irmax; iz++) {
    ringShape(nside, iz);
    const nr = ringPixels;
    const shifted = ringShifted;
    const ipix1 = ringStart(nside, iz);
    ringInterval(nside, fct, iz, d, ipix1, nr, shifted);
    let lo = ipLo;
    let hi = ipHi;
    if (lo <= hi) {
      if (hi >= nr) {
        lo -= nr;
        hi -= nr;
      }
      if (lo < 0) {
        out.append(ipix1, ipix1 + hi + 1);
        out.append(ipix1 + lo + nr, ipix1 + nr);
      } else {
        out.append(ipix1 + lo, ipix1 + hi + 1);
      }
    }
  }
  if (rlat2 >= Math.PI && irmax + 1 < 4 * nside) out.append(ringStart(nside, irmax + 1), npix);
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
  return discRingRanges(order, ra, dec, radiusDeg, options).toPixels();
}

// Ranges inside one ring, as a small list of [a, b) pairs.
function intersectRanges(r: number[], a: number, b: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < r.length; i += 2) {
    const lo = Math.max(r[i], a);
    const hi = Math.min(r[i + 1], b);
    if (lo < hi) out.push(lo, hi);
  }
  return out;
}

function removeRange(r: number[], a: number, b: number): number[] {
  if (b <= a) return r;
  const out: number[] = [];
  for (let i = 0; i < r.length; i += 2) {
    if (r[i] < a) out.push(r[i], Math.min(r[i + 1], a));
    if (r[i + 1] > b) out.push(Math.max(r[i], b), r[i + 1]);
  }
  return out;
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
  const nside = 2 ** order;
  const fct = factOf(order, options);
  const inclusive = options?.inclusive === true;
  const { normals, rad } = polygonDiscs(vertices, inclusive);
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
    const theta = Math.atan2(Math.sqrt(x * x + y * y), z);
    let phi = x === 0 && y === 0 ? 0 : Math.atan2(y, x);
    if (phi < 0) phi += 2 * Math.PI;
    const d = makeDisc(nside, fct, theta, phi, rsmall, rbig);
    discs.push(d);
    const rlat1 = theta - rsmall;
    let irminT = rlat1 <= 0 ? 1 : ringAbove(nside, Math.cos(rlat1)) + 1;
    if (fct > 1 && rlat1 > 0) irminT = Math.max(1, irminT - 1);
    const rlat2 = theta + rsmall;
    let irmaxT = rlat2 >= Math.PI ? 4 * nside - 1 : ringAbove(nside, Math.cos(rlat2));
    if (fct > 1 && rlat2 < Math.PI) irmaxT = Math.min(4 * nside - 1, irmaxT + 1);
    if (irmaxT < irmax) irmax = irmaxT;
    if (irminT > irmin) irmin = irminT;
  }
  const out = new RangeList();
  for (let iz = irmin; iz <= irmax; iz++) {
    ringShape(nside, iz);
    const nr = ringPixels;
    const shifted = ringShifted;
    const ipix1 = ringStart(nside, iz);
    let tr = [ipix1, ipix1 + nr];
    for (const d of discs) {
      ringInterval(nside, fct, iz, d, ipix1, nr, shifted);
      let lo = ipLo;
      let hi = ipHi;
      if (hi >= nr) {
        lo -= nr;
        hi -= nr;
      }
      tr =
        lo < 0
          ? removeRange(tr, ipix1 + hi + 1, ipix1 + lo + nr)
          : intersectRanges(tr, ipix1 + lo, ipix1 + hi + 1);
    }
    for (let i = 0; i < tr.length; i += 2) out.append(tr[i], tr[i + 1]);
  }
  return out.toPixels();
}

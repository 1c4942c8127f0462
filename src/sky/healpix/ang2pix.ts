import { locToRingPos, locToXyf, newLoc, type RingCell, raDecToLoc, refineLoc } from "./loc.js";
import { checkOrder, MAX_ORDER } from "./order.js";
import { newXyf, xyfToNest, xyfToNestBig } from "./xyf.js";

// Scratch outputs, private to this file (no allocation per call).
const LOC = newLoc();
const XYF = newXyf();
const CELL: RingCell = { region: 0, ir: 0, ip: 0 };

function loc(ra: number, dec: number): void {
  if (!raDecToLoc(ra, dec, LOC)) {
    throw new RangeError(`invalid position (ra ${ra}, dec ${dec}): dec must be in [-90, 90] and ra finite`);
  }
}

/**
 * NEST pixel (orders 0-24) containing the position (ra, dec) in degrees, as healpy's
 * `ang2pix(2**order, ra, dec, nest=True, lonlat=True)`.
 * @example ang2pixNest(6, 60, -35) // 34519
 */
export function ang2pixNest(order: number, ra: number, dec: number): number {
  checkOrder(order);
  loc(ra, dec);
  if (locToXyf(2 ** order, LOC.z, LOC.phi, LOC.sth, LOC.haveSth, XYF)) {
    refineLoc(LOC);
    locToXyf(2 ** order, LOC.z, LOC.phi, LOC.sth, LOC.haveSth, XYF);
  }
  return xyfToNest(order, XYF.face, XYF.x, XYF.y);
}

/**
 * NEST pixel as bigint (orders 0-29) containing (ra, dec) in degrees.
 * @example ang2pixNestBig(29, 60, -35) // 2429103938800577348n
 */
export function ang2pixNestBig(order: number, ra: number, dec: number): bigint {
  checkOrder(order, MAX_ORDER);
  loc(ra, dec);
  if (locToXyf(2 ** order, LOC.z, LOC.phi, LOC.sth, LOC.haveSth, XYF)) {
    refineLoc(LOC);
    locToXyf(2 ** order, LOC.z, LOC.phi, LOC.sth, LOC.haveSth, XYF);
  }
  return xyfToNestBig(order, XYF.face, XYF.x, XYF.y);
}

/**
 * RING pixel (orders 0-24) containing (ra, dec) in degrees, as healpy's `ang2pix(..., lonlat=True)`.
 * @example ang2pixRing(6, 60, -35) // 38571
 */
export function ang2pixRing(order: number, ra: number, dec: number): number {
  checkOrder(order);
  loc(ra, dec);
  const nside = 2 ** order;
  if (locToRingPos(nside, LOC.z, LOC.phi, LOC.sth, LOC.haveSth, CELL)) {
    refineLoc(LOC);
    locToRingPos(nside, LOC.z, LOC.phi, LOC.sth, LOC.haveSth, CELL);
  }
  const ir = CELL.ir;
  const ip = CELL.ip;
  if (CELL.region === 1) return 2 * nside * (nside - 1) + (ir - 1) * 4 * nside + ip;
  if (CELL.region === 0) return 2 * ir * (ir - 1) + ip;
  return 12 * nside * nside - 2 * ir * (ir + 1) + ip;
}

/**
 * RING pixel as bigint (orders 0-29) containing (ra, dec) in degrees.
 * @example ang2pixRingBig(0, 0, 90) // 0n
 */
export function ang2pixRingBig(order: number, ra: number, dec: number): bigint {
  checkOrder(order, MAX_ORDER);
  loc(ra, dec);
  const nside = 2 ** order;
  if (locToRingPos(nside, LOC.z, LOC.phi, LOC.sth, LOC.haveSth, CELL)) {
    refineLoc(LOC);
    locToRingPos(nside, LOC.z, LOC.phi, LOC.sth, LOC.haveSth, CELL);
  }
  const n = BigInt(nside);
  const ir = BigInt(CELL.ir);
  const ip = BigInt(CELL.ip);
  if (CELL.region === 1) return 2n * n * (n - 1n) + (ir - 1n) * 4n * n + ip;
  if (CELL.region === 0) return 2n * ir * (ir - 1n) + ip;
  return 12n * n * n - 2n * ir * (ir + 1n) + ip;
}

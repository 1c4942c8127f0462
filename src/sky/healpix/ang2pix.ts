import {
  locHaveSth,
  locPhi,
  locSth,
  locToRingPos,
  locToXyf,
  locZ,
  nearEdge,
  raDecToLoc,
  refineLoc,
  ringIp,
  ringIr,
  ringRegion,
  xyfFace,
  xyfX,
  xyfY,
} from "./loc.js";
import { checkOrder, MAX_ORDER } from "./order.js";
import { xyfToNest, xyfToNestBig } from "./xyf.js";

function loc(ra: number, dec: number): void {
  if (!raDecToLoc(ra, dec)) {
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
  locToXyf(2 ** order, locZ, locPhi, locSth, locHaveSth);
  if (nearEdge) {
    refineLoc();
    locToXyf(2 ** order, locZ, locPhi, locSth, locHaveSth);
  }
  return xyfToNest(order, xyfFace, xyfX, xyfY);
}

/**
 * NEST pixel as bigint (orders 0-29) containing (ra, dec) in degrees.
 * @example ang2pixNestBig(29, 60, -35) // 2429103938800577348n
 */
export function ang2pixNestBig(order: number, ra: number, dec: number): bigint {
  checkOrder(order, MAX_ORDER);
  loc(ra, dec);
  locToXyf(2 ** order, locZ, locPhi, locSth, locHaveSth);
  if (nearEdge) {
    refineLoc();
    locToXyf(2 ** order, locZ, locPhi, locSth, locHaveSth);
  }
  return xyfToNestBig(order, xyfFace, xyfX, xyfY);
}

/**
 * RING pixel (orders 0-24) containing (ra, dec) in degrees, as healpy's `ang2pix(..., lonlat=True)`.
 * @example ang2pixRing(6, 60, -35) // 38571
 */
export function ang2pixRing(order: number, ra: number, dec: number): number {
  checkOrder(order);
  loc(ra, dec);
  const nside = 2 ** order;
  locToRingPos(nside, locZ, locPhi, locSth, locHaveSth);
  if (nearEdge) {
    refineLoc();
    locToRingPos(nside, locZ, locPhi, locSth, locHaveSth);
  }
  if (ringRegion === 1) return 2 * nside * (nside - 1) + (ringIr - 1) * 4 * nside + ringIp;
  if (ringRegion === 0) return 2 * ringIr * (ringIr - 1) + ringIp;
  return 12 * nside * nside - 2 * ringIr * (ringIr + 1) + ringIp;
}

/**
 * RING pixel as bigint (orders 0-29) containing (ra, dec) in degrees.
 * @example ang2pixRingBig(0, 0, 90) // 0n
 */
export function ang2pixRingBig(order: number, ra: number, dec: number): bigint {
  checkOrder(order, MAX_ORDER);
  loc(ra, dec);
  const nside = 2 ** order;
  locToRingPos(nside, locZ, locPhi, locSth, locHaveSth);
  if (nearEdge) {
    refineLoc();
    locToRingPos(nside, locZ, locPhi, locSth, locHaveSth);
  }
  const n = BigInt(nside);
  const ir = BigInt(ringIr);
  const ip = BigInt(ringIp);
  if (ringRegion === 1) return 2n * n * (n - 1n) + (ir - 1n) * 4n * n + ip;
  if (ringRegion === 0) return 2n * ir * (ir - 1n) + ip;
  return 12n * n * n - 2n * ir * (ir + 1n) + ip;
}

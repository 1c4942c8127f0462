import { pixDec, pixRa, ringToLoc, xyfToLoc } from "./loc.js";
import { checkOrder, checkPix, checkPixBig, MAX_ORDER } from "./order.js";
import {
  nestBigToXyf,
  nestToXyf,
  outFace,
  outX,
  outY,
  posPhi,
  posRing,
  ringBigToRingPos,
  ringToRingPos,
} from "./xyf.js";

/**
 * Centre [ra, dec] in degrees of a NEST pixel (orders 0-24), as healpy's `pix2ang(..., nest=True, lonlat=True)`.
 * @example pix2angNest(0, 0) // [45, 41.81031489577859]
 */
export function pix2angNest(order: number, pix: number): [number, number] {
  checkOrder(order);
  checkPix(order, pix);
  nestToXyf(order, pix);
  xyfToLoc(2 ** order, outFace, outX, outY);
  return [pixRa(), pixDec()];
}

/**
 * Centre [ra, dec] in degrees of a bigint NEST pixel (orders 0-29).
 * @example pix2angNestBig(0, 4n) // [0, 0]
 */
export function pix2angNestBig(order: number, pix: bigint): [number, number] {
  checkOrder(order, MAX_ORDER);
  checkPixBig(order, pix);
  nestBigToXyf(order, pix);
  xyfToLoc(2 ** order, outFace, outX, outY);
  return [pixRa(), pixDec()];
}

/**
 * Centre [ra, dec] in degrees of a RING pixel (orders 0-24), as healpy's `pix2ang(..., lonlat=True)`.
 * @example pix2angRing(1, 0) // [45, 66.44353569089877]
 */
export function pix2angRing(order: number, pix: number): [number, number] {
  checkOrder(order);
  checkPix(order, pix);
  const nside = 2 ** order;
  ringToRingPos(nside, pix);
  ringToLoc(nside, posRing, posPhi);
  return [pixRa(), pixDec()];
}

/**
 * Centre [ra, dec] in degrees of a bigint RING pixel (orders 0-29).
 * @example pix2angRingBig(0, 0n) // [45, 41.81031489577859]
 */
export function pix2angRingBig(order: number, pix: bigint): [number, number] {
  checkOrder(order, MAX_ORDER);
  checkPixBig(order, pix);
  const nside = 2 ** order;
  ringBigToRingPos(nside, pix);
  ringToLoc(nside, posRing, posPhi);
  return [pixRa(), pixDec()];
}

import { newPixLoc, pixDec, pixRa, ringToLoc, xyfToLoc } from "./loc.js";
import { checkOrder, checkPix, checkPixBig, MAX_ORDER } from "./order.js";
import { nestBigToXyf, nestToXyf, newRingPos, newXyf, ringBigToRingPos, ringToRingPos } from "./xyf.js";

// Scratch outputs, private to this file (no allocation per call).
const XYF = newXyf();
const POS = newRingPos();
const PIX = newPixLoc();

/**
 * Centre [ra, dec] in degrees of a NEST pixel (orders 0-24), as healpy's `pix2ang(..., nest=True, lonlat=True)`.
 * @example pix2angNest(0, 0) // [45, 41.81031489577859]
 */
export function pix2angNest(order: number, pix: number): [number, number] {
  checkOrder(order);
  checkPix(order, pix);
  nestToXyf(order, pix, XYF);
  xyfToLoc(2 ** order, XYF.face, XYF.x, XYF.y, PIX);
  return [pixRa(PIX), pixDec(PIX)];
}

/**
 * Centre [ra, dec] in degrees of a bigint NEST pixel (orders 0-29).
 * @example pix2angNestBig(0, 4n) // [0, 0]
 */
export function pix2angNestBig(order: number, pix: bigint): [number, number] {
  checkOrder(order, MAX_ORDER);
  checkPixBig(order, pix);
  nestBigToXyf(order, pix, XYF);
  xyfToLoc(2 ** order, XYF.face, XYF.x, XYF.y, PIX);
  return [pixRa(PIX), pixDec(PIX)];
}

/**
 * Centre [ra, dec] in degrees of a RING pixel (orders 0-24), as healpy's `pix2ang(..., lonlat=True)`.
 * @example pix2angRing(1, 0) // [45, 66.44353569089877]
 */
export function pix2angRing(order: number, pix: number): [number, number] {
  checkOrder(order);
  checkPix(order, pix);
  const nside = 2 ** order;
  ringToRingPos(nside, pix, POS);
  ringToLoc(nside, POS.ring, POS.phi, PIX);
  return [pixRa(PIX), pixDec(PIX)];
}

/**
 * Centre [ra, dec] in degrees of a bigint RING pixel (orders 0-29).
 * @example pix2angRingBig(0, 0n) // [45, 41.81031489577859]
 */
export function pix2angRingBig(order: number, pix: bigint): [number, number] {
  checkOrder(order, MAX_ORDER);
  checkPixBig(order, pix);
  const nside = 2 ** order;
  ringBigToRingPos(nside, pix, POS);
  ringToLoc(nside, POS.ring, POS.phi, PIX);
  return [pixRa(PIX), pixDec(PIX)];
}

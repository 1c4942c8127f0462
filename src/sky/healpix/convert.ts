import { checkOrder, checkPix, checkPixBig, MAX_ORDER } from "./order.js";
import {
  nestBigToXyf,
  nestToXyf,
  newRingPos,
  newXyf,
  ringBigToRingPos,
  ringPosToXyf,
  ringStart,
  ringStartBig,
  ringToRingPos,
  xyfToNest,
  xyfToNestBig,
  xyfToRingPos,
} from "./xyf.js";

// Scratch outputs, private to this file (no allocation per call).
const XYF = newXyf();
const POS = newRingPos();

/**
 * RING index of a NEST pixel (orders 0-24).
 * @example nest2ring(1, 0) // 13
 */
export function nest2ring(order: number, pix: number): number {
  checkOrder(order);
  checkPix(order, pix);
  const nside = 2 ** order;
  nestToXyf(order, pix, XYF);
  xyfToRingPos(nside, XYF.face, XYF.x, XYF.y, POS);
  return ringStart(nside, POS.ring) + POS.phi - 1;
}

/**
 * NEST index of a RING pixel (orders 0-24).
 * @example ring2nest(1, 13) // 0
 */
export function ring2nest(order: number, pix: number): number {
  checkOrder(order);
  checkPix(order, pix);
  const nside = 2 ** order;
  ringToRingPos(nside, pix, POS);
  ringPosToXyf(nside, POS.ring, POS.phi, XYF);
  return xyfToNest(order, XYF.face, XYF.x, XYF.y);
}

/**
 * RING index of a bigint NEST pixel (orders 0-29).
 * @example nest2ringBig(1, 0n) // 13n
 */
export function nest2ringBig(order: number, pix: bigint): bigint {
  checkOrder(order, MAX_ORDER);
  checkPixBig(order, pix);
  const nside = 2 ** order;
  nestBigToXyf(order, pix, XYF);
  xyfToRingPos(nside, XYF.face, XYF.x, XYF.y, POS);
  return ringStartBig(nside, POS.ring) + BigInt(POS.phi - 1);
}

/**
 * NEST index of a bigint RING pixel (orders 0-29).
 * @example ring2nestBig(1, 13n) // 0n
 */
export function ring2nestBig(order: number, pix: bigint): bigint {
  checkOrder(order, MAX_ORDER);
  checkPixBig(order, pix);
  const nside = 2 ** order;
  ringBigToRingPos(nside, pix, POS);
  ringPosToXyf(nside, POS.ring, POS.phi, XYF);
  return xyfToNestBig(order, XYF.face, XYF.x, XYF.y);
}

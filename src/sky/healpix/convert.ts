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
  ringPosToXyf,
  ringStart,
  ringStartBig,
  ringToRingPos,
  xyfToNest,
  xyfToNestBig,
  xyfToRingPos,
} from "./xyf.js";

/**
 * RING index of a NEST pixel (orders 0-24).
 * @example nest2ring(1, 0) // 13
 */
export function nest2ring(order: number, pix: number): number {
  checkOrder(order);
  checkPix(order, pix);
  const nside = 2 ** order;
  nestToXyf(order, pix);
  xyfToRingPos(nside, outFace, outX, outY);
  return ringStart(nside, posRing) + posPhi - 1;
}

/**
 * NEST index of a RING pixel (orders 0-24).
 * @example ring2nest(1, 13) // 0
 */
export function ring2nest(order: number, pix: number): number {
  checkOrder(order);
  checkPix(order, pix);
  const nside = 2 ** order;
  ringToRingPos(nside, pix);
  ringPosToXyf(nside, posRing, posPhi);
  return xyfToNest(order, outFace, outX, outY);
}

/**
 * RING index of a bigint NEST pixel (orders 0-29).
 * @example nest2ringBig(1, 0n) // 13n
 */
export function nest2ringBig(order: number, pix: bigint): bigint {
  checkOrder(order, MAX_ORDER);
  checkPixBig(order, pix);
  const nside = 2 ** order;
  nestBigToXyf(order, pix);
  xyfToRingPos(nside, outFace, outX, outY);
  return ringStartBig(nside, posRing) + BigInt(posPhi - 1);
}

/**
 * NEST index of a bigint RING pixel (orders 0-29).
 * @example ring2nestBig(1, 13n) // 0n
 */
export function ring2nestBig(order: number, pix: bigint): bigint {
  checkOrder(order, MAX_ORDER);
  checkPixBig(order, pix);
  const nside = 2 ** order;
  ringBigToRingPos(nside, pix);
  ringPosToXyf(nside, posRing, posPhi);
  return xyfToNestBig(order, outFace, outX, outY);
}

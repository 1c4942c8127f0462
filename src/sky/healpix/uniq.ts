// NUNIQ packing of (order, pixel) used by IVOA MOC: uniq = 4 * 4^order + pix.
import { checkOrder, checkPix, checkPixBig, MAX_ORDER } from "./order.js";

/**
 * UNIQ number of a NEST pixel (orders 0-24).
 * @example orderPix2uniq(0, 0) // 4
 */
export function orderPix2uniq(order: number, pix: number): number {
  checkOrder(order);
  checkPix(order, pix);
  return 4 * 4 ** order + pix;
}

/**
 * Order and NEST pixel of a UNIQ number (orders 0-24).
 * @example uniq2orderPix(4) // { order: 0, pix: 0 }
 */
export function uniq2orderPix(uniq: number): { order: number; pix: number } {
  if (!Number.isInteger(uniq) || uniq < 4 || uniq >= 16 * 4 ** 24) {
    throw new RangeError(`not a UNIQ number of orders 0-24: ${uniq}`);
  }
  // order = floor(log2(uniq) / 2) - 1, computed exactly from powers of 4
  let order = Math.floor(Math.log2(uniq) / 2) - 1;
  if (4 * 4 ** (order + 1) <= uniq) order++;
  if (4 * 4 ** order > uniq) order--;
  return { order, pix: uniq - 4 * 4 ** order };
}

/**
 * UNIQ number of a bigint NEST pixel (orders 0-29).
 * @example orderPix2uniqBig(29, 0n) // 4n << 58n
 */
export function orderPix2uniqBig(order: number, pix: bigint): bigint {
  checkOrder(order, MAX_ORDER);
  checkPixBig(order, pix);
  return (4n << BigInt(2 * order)) + pix;
}

/**
 * Order and bigint NEST pixel of a bigint UNIQ number (orders 0-29).
 * @example uniq2orderPixBig(4n) // { order: 0, pix: 0n }
 */
export function uniq2orderPixBig(uniq: bigint): { order: number; pix: bigint } {
  if (typeof uniq !== "bigint" || uniq < 4n || uniq >= 16n << 58n) {
    throw new RangeError(`not a UNIQ number of orders 0-29: ${uniq}`);
  }
  const order = Math.floor((uniq.toString(2).length - 1) / 2) - 1;
  return { order, pix: uniq - (4n << BigInt(2 * order)) };
}

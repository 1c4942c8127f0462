// Orders, nside and pixel counts. nside = 2^order; Npix = 12 * nside^2.

/** Highest order whose pixel indices are exact in a `number` (12 * 4^24 < 2^53). */
export const MAX_ORDER_NUMBER = 24;
/** Highest order supported through the `bigint` API (healpy's limit, nside = 2^29). */
export const MAX_ORDER = 29;

/** Throws a RangeError unless `order` is an integer in [0, max]. */
export function checkOrder(order: number, max: number = MAX_ORDER_NUMBER): void {
  if (!Number.isInteger(order) || order < 0 || order > max) {
    throw new RangeError(
      `HEALPix order must be an integer in [0, ${max}], got ${order}` +
        (max === MAX_ORDER_NUMBER && Number.isInteger(order) && order <= MAX_ORDER
          ? " (use the bigint variant for orders 25-29)"
          : ""),
    );
  }
}

/**
 * The nside of a HEALPix order (2^order).
 * @example order2nside(10) // 1024
 */
export function order2nside(order: number): number {
  checkOrder(order, MAX_ORDER);
  return 2 ** order;
}

/**
 * The order of a power-of-two nside; throws for other values.
 * @example nside2order(1024) // 10
 */
export function nside2order(nside: number): number {
  const order = Math.log2(nside);
  if (!Number.isInteger(order) || order < 0 || order > MAX_ORDER) {
    throw new RangeError(`nside must be a power of 2 between 1 and 2^${MAX_ORDER}, got ${nside}`);
  }
  return order;
}

/**
 * Number of pixels of a map at this nside (12 nside^2).
 * @example nside2npix(1) // 12
 */
export function nside2npix(nside: number): number {
  return 12 * nside * nside;
}

/**
 * Number of pixels of a map at this order (12 * 4^order); exact up to order 24.
 * @example order2npix(0) // 12
 */
export function order2npix(order: number): number {
  checkOrder(order, MAX_ORDER);
  return 12 * 4 ** order;
}

/**
 * Pixel area in steradians (or square degrees with `degrees: true`), pi / (3 nside^2).
 * @example nside2pixarea(1) // Math.PI / 3
 */
export function nside2pixarea(nside: number, degrees = false): number {
  const area = (4 * Math.PI) / nside2npix(nside);
  return degrees ? area * (180 / Math.PI) ** 2 : area;
}

/**
 * Approximate pixel size, sqrt(pixel area), in radians (or arcminutes with `arcmin: true`).
 * @example nside2resol(1024, true) // 3.435...
 */
export function nside2resol(nside: number, arcmin = false): number {
  const resol = Math.sqrt(nside2pixarea(nside));
  return arcmin ? resol * ((180 * 60) / Math.PI) : resol;
}

/**
 * Pixel area in square degrees at a given order.
 * @example orderPixareaDeg2(0) // 3437.746...
 */
export function orderPixareaDeg2(order: number): number {
  return nside2pixarea(order2nside(order), true);
}

/** Throws a RangeError unless `pix` is an integer pixel index of a map at `order`. */
export function checkPix(order: number, pix: number): void {
  if (!Number.isInteger(pix) || pix < 0 || pix >= 12 * 4 ** order) {
    throw new RangeError(`pixel index ${pix} is not in [0, 12*4^${order}) at order ${order}`);
  }
}

/** Throws a RangeError unless `pix` is a bigint pixel index of a map at `order`. */
export function checkPixBig(order: number, pix: bigint): void {
  if (typeof pix !== "bigint" || pix < 0n || pix >= 12n << BigInt(2 * order)) {
    throw new RangeError(`pixel index ${pix} is not in [0, 12*4^${order}) at order ${order}`);
  }
}

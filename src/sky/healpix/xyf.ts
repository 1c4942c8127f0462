// Pixel index <-> (face, ix, iy) in both schemes, as `number` (orders 0-24) and `bigint` (0-29).
import { compress32, interleaveHigh, interleaveLow, TWO32 } from "./bits.js";
import { JPLL, JRLL } from "./loc.js";

/** Face coordinates: base face 0-11 and (x, y) inside it; the *ToXyf functions write one the caller owns. */
export interface Xyf {
  face: number;
  x: number;
  y: number;
}

/** A zeroed Xyf, to be used as a caller's scratch output (one per file, not per call). */
export function newXyf(): Xyf {
  return { face: 0, x: 0, y: 0 };
}

/** Ring number from the north pole and 1-based index in the ring; written by the *ToRingPos functions. */
export interface RingPos {
  ring: number;
  phi: number;
}

/** A zeroed RingPos, to be used as a caller's scratch output (one per file, not per call). */
export function newRingPos(): RingPos {
  return { ring: 0, phi: 0 };
}

/** NEST index (order <= 24) of face coordinates. */
export function xyfToNest(order: number, face: number, ix: number, iy: number): number {
  const npface = 4 ** order;
  if (order <= 15) return face * npface + interleaveLow(ix, iy);
  return face * npface + interleaveHigh(ix, iy) * TWO32 + interleaveLow(ix, iy);
}

/** NEST index as bigint (order <= 29) of face coordinates. */
export function xyfToNestBig(order: number, face: number, ix: number, iy: number): bigint {
  return (
    (BigInt(face) << BigInt(2 * order)) |
    (BigInt(interleaveHigh(ix, iy)) << 32n) |
    BigInt(interleaveLow(ix, iy))
  );
}

/** Decodes a NEST index (order <= 24) into `out`. */
export function nestToXyf(order: number, pix: number, out: Xyf): void {
  const npface = 4 ** order;
  const face = Math.floor(pix / npface);
  const rem = pix - face * npface;
  const hi = Math.floor(rem / TWO32);
  const lo = rem - hi * TWO32;
  out.face = face;
  out.x = compress32(lo) | (compress32(hi) << 16);
  out.y = compress32(lo >>> 1) | (compress32(hi >>> 1) << 16);
}

/** Decodes a bigint NEST index (order <= 29) into `out`. */
export function nestBigToXyf(order: number, pix: bigint, out: Xyf): void {
  const shift = BigInt(2 * order);
  const rem = pix & ((1n << shift) - 1n);
  const hi = Number(rem >> 32n);
  const lo = Number(rem & 0xffffffffn);
  out.face = Number(pix >> shift);
  out.x = compress32(lo) | (compress32(hi) << 16);
  out.y = compress32(lo >>> 1) | (compress32(hi >>> 1) << 16);
}

/** Number of pixels of ring `ring` (1 .. 4 nside - 1), as healpy's get_ring_info_small. */
export function ringPixelCount(nside: number, ring: number): number {
  if (ring < nside) return 4 * ring;
  if (ring < 3 * nside) return 4 * nside;
  return 4 * (4 * nside - ring);
}

/** Whether ring `ring`'s first pixel centre is shifted by half a pixel from phi = 0 (healpy's `shifted`). */
export function ringIsShifted(nside: number, ring: number): boolean {
  return ring < nside || ring >= 3 * nside || ((ring - nside) & 1) === 0;
}

/** First RING pixel of ring `ring` (exact for orders <= 24). */
export function ringStart(nside: number, ring: number): number {
  if (ring < nside) return 2 * ring * (ring - 1);
  const ncap = 2 * nside * (nside - 1);
  if (ring < 3 * nside) return ncap + (ring - nside) * 4 * nside;
  const nr = 4 * nside - ring;
  return 12 * nside * nside - 2 * nr * (nr + 1);
}

/** First RING pixel of ring `ring`, as bigint. */
export function ringStartBig(nside: number, ring: number): bigint {
  const n = BigInt(nside);
  const r = BigInt(ring);
  if (ring < nside) return 2n * r * (r - 1n);
  const ncap = 2n * n * (n - 1n);
  if (ring < 3 * nside) return ncap + (r - n) * 4n * n;
  const nr = 4n * n - r;
  return 12n * n * n - 2n * nr * (nr + 1n);
}

/** Ring number and 1-based index in the ring of face coordinates (healpy's xyf2ring), into `out`. */
export function xyfToRingPos(nside: number, face: number, ix: number, iy: number, out: RingPos): void {
  const nl4 = 4 * nside;
  const jr = JRLL[face] * nside - ix - iy - 1;
  const nr = ringPixelCount(nside, jr) / 4;
  const kshift = ringIsShifted(nside, jr) ? 0 : 1;
  let jp = Math.trunc((JPLL[face] * nr + ix - iy + 1 + kshift) / 2);
  if (jp < 1) jp += nl4;
  out.ring = jr;
  out.phi = jp;
}

function isqrt(x: number): number {
  let r = Math.floor(Math.sqrt(x));
  while (r * r > x) r--;
  while ((r + 1) * (r + 1) <= x) r++;
  return r;
}

function isqrtBig(x: bigint): bigint {
  let r = BigInt(Math.floor(Math.sqrt(Number(x))));
  while (r * r > x) r--;
  while ((r + 1n) * (r + 1n) <= x) r++;
  return r;
}

/** Ring number (from the north pole) and 1-based index in the ring of a RING index (order <= 24), into `out`. */
export function ringToRingPos(nside: number, pix: number, out: RingPos): void {
  const ncap = 2 * nside * (nside - 1);
  const npix = 12 * nside * nside;
  if (pix < ncap) {
    const iring = (1 + isqrt(1 + 2 * pix)) >>> 1;
    out.ring = iring;
    out.phi = pix + 1 - 2 * iring * (iring - 1);
  } else if (pix < npix - ncap) {
    const ip = pix - ncap;
    const tmp = Math.floor(ip / (4 * nside));
    out.ring = tmp + nside;
    out.phi = ip - 4 * nside * tmp + 1;
  } else {
    const ip = npix - pix;
    const iring = (1 + isqrt(2 * ip - 1)) >>> 1; // from the south pole
    out.ring = 4 * nside - iring;
    out.phi = 4 * iring + 1 - (ip - 2 * iring * (iring - 1));
  }
}

/** Same as ringToRingPos for a bigint RING index (order <= 29). */
export function ringBigToRingPos(nside: number, pix: bigint, out: RingPos): void {
  const n = BigInt(nside);
  const ncap = 2n * n * (n - 1n);
  const npix = 12n * n * n;
  if (pix < ncap) {
    const iring = (1n + isqrtBig(1n + 2n * pix)) >> 1n;
    out.ring = Number(iring);
    out.phi = Number(pix + 1n - 2n * iring * (iring - 1n));
  } else if (pix < npix - ncap) {
    const ip = pix - ncap;
    const tmp = ip / (4n * n);
    out.ring = Number(tmp + n);
    out.phi = Number(ip - 4n * n * tmp + 1n);
  } else {
    const ip = npix - pix;
    const iring = (1n + isqrtBig(2n * ip - 1n)) >> 1n;
    out.ring = Number(4n * n - iring);
    out.phi = Number(4n * iring + 1n - (ip - 2n * iring * (iring - 1n)));
  }
}

/** Face coordinates of a ring position (healpy's ring2xyf), into `out`. */
export function ringPosToXyf(nside: number, iring: number, iphi: number, out: Xyf): void {
  const nl2 = 2 * nside;
  let face: number;
  let kshift: number;
  let nr: number;
  if (iring < nside) {
    nr = iring;
    kshift = 0;
    face = Math.floor((iphi - 1) / nr);
  } else if (iring <= 3 * nside) {
    nr = nside;
    kshift = (iring + nside) & 1;
    const ire = iring - nside + 1;
    const irm = nl2 + 2 - ire;
    const ifm = Math.floor((iphi - Math.floor(ire / 2) + nside - 1) / nside);
    const ifp = Math.floor((iphi - Math.floor(irm / 2) + nside - 1) / nside);
    face = ifp === ifm ? ifp | 4 : ifp < ifm ? ifp : ifm + 8;
  } else {
    nr = 4 * nside - iring;
    kshift = 0;
    face = 8 + Math.floor((iphi - 1) / nr);
  }
  const irt = iring - JRLL[face] * nside + 1;
  let ipt = 2 * iphi - JPLL[face] * nr - kshift - 1;
  if (ipt >= nl2) ipt -= 8 * nside;
  out.face = face;
  out.x = Math.floor((ipt - irt) / 2);
  out.y = Math.floor((-ipt - irt) / 2);
}

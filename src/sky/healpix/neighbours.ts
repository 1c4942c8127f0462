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

// Offsets of the 8 neighbours in face coordinates, in healpy's order SW, W, NW, N, NE, E, SE, S.
const DX = [-1, -1, 0, 1, 1, 1, 0, -1];
const DY = [0, 1, 1, 1, 0, -1, -1, -1];

// Base-face adjacency of the HEALPix sphere: for a step that leaves face f towards
// (x step, y step) encoded as 4 + sx + 3 sy, the face entered (-1: a corner with no pixel), and
// how the coordinates transform (bit 1: flip x, bit 2: flip y, bit 4: swap x and y), which
// depends on the face row (north, equator, south).
const FACE_ACROSS = [
  [8, 9, 10, 11, -1, -1, -1, -1, 10, 11, 8, 9], // S
  [5, 6, 7, 4, 8, 9, 10, 11, 9, 10, 11, 8], // SE
  [-1, -1, -1, -1, 5, 6, 7, 4, -1, -1, -1, -1], // E
  [4, 5, 6, 7, 11, 8, 9, 10, 11, 8, 9, 10], // SW
  [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], // same face
  [1, 2, 3, 0, 0, 1, 2, 3, 5, 6, 7, 4], // NE
  [-1, -1, -1, -1, 7, 4, 5, 6, -1, -1, -1, -1], // W
  [3, 0, 1, 2, 3, 0, 1, 2, 4, 5, 6, 7], // NW
  [2, 3, 0, 1, -1, -1, -1, -1, 0, 1, 2, 3], // N
];
const SWAP_ACROSS = [
  [0, 0, 3],
  [0, 0, 6],
  [0, 0, 0],
  [0, 0, 5],
  [0, 0, 0],
  [5, 0, 0],
  [0, 0, 0],
  [6, 0, 0],
  [3, 0, 0],
];

// Outputs of neighbourXyf.
let nbFace = 0;
let nbX = 0;
let nbY = 0;

/** Face coordinates of neighbour k of (face, ix, iy); returns false where there is none. */
function neighbourXyf(nside: number, face: number, ix: number, iy: number, k: number): boolean {
  let x = ix + DX[k];
  let y = iy + DY[k];
  let across = 4;
  if (x < 0) {
    x += nside;
    across -= 1;
  } else if (x >= nside) {
    x -= nside;
    across += 1;
  }
  if (y < 0) {
    y += nside;
    across -= 3;
  } else if (y >= nside) {
    y -= nside;
    across += 3;
  }
  const f = FACE_ACROSS[across][face];
  if (f < 0) return false;
  const bits = SWAP_ACROSS[across][face >> 2];
  if (bits & 1) x = nside - x - 1;
  if (bits & 2) y = nside - y - 1;
  if (bits & 4) {
    const t = x;
    x = y;
    y = t;
  }
  nbFace = f;
  nbX = x;
  nbY = y;
  return true;
}

/**
 * The 8 neighbours of a NEST pixel (orders 0-24) in healpy's order SW, W, NW, N, NE, E, SE, S;
 * -1 where a pixel at a face corner has only 7 neighbours.
 * @example neighboursNest(0, 4) // [11, 7, 3, -1, 0, 5, 8, -1]
 */
export function neighboursNest(order: number, pix: number): number[] {
  checkOrder(order);
  checkPix(order, pix);
  const nside = 2 ** order;
  nestToXyf(order, pix, XYF);
  const face = XYF.face;
  const ix = XYF.x;
  const iy = XYF.y;
  const result = new Array<number>(8);
  for (let k = 0; k < 8; k++) {
    result[k] = neighbourXyf(nside, face, ix, iy, k) ? xyfToNest(order, nbFace, nbX, nbY) : -1;
  }
  return result;
}

/**
 * The 8 neighbours of a RING pixel (orders 0-24), same order and convention as neighboursNest.
 * @example neighboursRing(0, 4) // [11, 7, 3, -1, 0, 5, 8, -1]
 */
export function neighboursRing(order: number, pix: number): number[] {
  checkOrder(order);
  checkPix(order, pix);
  const nside = 2 ** order;
  ringToRingPos(nside, pix, POS);
  ringPosToXyf(nside, POS.ring, POS.phi, XYF);
  const face = XYF.face;
  const ix = XYF.x;
  const iy = XYF.y;
  const result = new Array<number>(8);
  for (let k = 0; k < 8; k++) {
    if (neighbourXyf(nside, face, ix, iy, k)) {
      xyfToRingPos(nside, nbFace, nbX, nbY, POS);
      result[k] = ringStart(nside, POS.ring) + POS.phi - 1;
    } else {
      result[k] = -1;
    }
  }
  return result;
}

/**
 * The 8 neighbours of a bigint NEST pixel (orders 0-29), same order and convention as neighboursNest
 * (-1n where there is none). Face coordinates stay below 2^29, so only the index is a bigint.
 * @example neighboursNestBig(0, 4n) // [11n, 7n, 3n, -1n, 0n, 5n, 8n, -1n]
 */
export function neighboursNestBig(order: number, pix: bigint): bigint[] {
  checkOrder(order, MAX_ORDER);
  checkPixBig(order, pix);
  const nside = 2 ** order;
  nestBigToXyf(order, pix, XYF);
  const face = XYF.face;
  const ix = XYF.x;
  const iy = XYF.y;
  const result = new Array<bigint>(8);
  for (let k = 0; k < 8; k++) {
    result[k] = neighbourXyf(nside, face, ix, iy, k) ? xyfToNestBig(order, nbFace, nbX, nbY) : -1n;
  }
  return result;
}

/**
 * The 8 neighbours of a bigint RING pixel (orders 0-29), same order and convention as neighboursNest.
 * @example neighboursRingBig(0, 4n) // [11n, 7n, 3n, -1n, 0n, 5n, 8n, -1n]
 */
export function neighboursRingBig(order: number, pix: bigint): bigint[] {
  checkOrder(order, MAX_ORDER);
  checkPixBig(order, pix);
  const nside = 2 ** order;
  ringBigToRingPos(nside, pix, POS);
  ringPosToXyf(nside, POS.ring, POS.phi, XYF);
  const face = XYF.face;
  const ix = XYF.x;
  const iy = XYF.y;
  const result = new Array<bigint>(8);
  for (let k = 0; k < 8; k++) {
    if (neighbourXyf(nside, face, ix, iy, k)) {
      xyfToRingPos(nside, nbFace, nbX, nbY, POS);
      result[k] = ringStartBig(nside, POS.ring) + BigInt(POS.phi - 1);
    } else {
      result[k] = -1n;
    }
  }
  return result;
}

import { HALF_PI, JPLL, JRLL, RAD2DEG } from "./loc.js";
import { checkOrder, checkPix, checkPixBig, MAX_ORDER } from "./order.js";
import {
  nestBigToXyf,
  nestToXyf,
  newRingPos,
  newXyf,
  ringBigToRingPos,
  ringPosToXyf,
  ringToRingPos,
} from "./xyf.js";

// Scratch outputs, private to this file (no allocation per call).
const XYF = newXyf();
const POS = newRingPos();

/** Unit vector of the point (x, y) in [0, 1]^2 of a base face (healpy's xyf2loc + locToVec3). */
function faceXyToVec(x: number, y: number, face: number, out: Float64Array, at: number): void {
  const jr = JRLL[face] - x - y;
  let nr: number;
  let z: number;
  let sth = 0;
  let haveSth = false;
  if (jr < 1) {
    nr = jr;
    const tmp = (nr * nr) / 3;
    z = 1 - tmp;
    if (z > 0.99) {
      sth = Math.sqrt(tmp * (2.0 - tmp));
      haveSth = true;
    }
  } else if (jr > 3) {
    nr = 4 - jr;
    const tmp = (nr * nr) / 3;
    z = tmp - 1;
    if (z < -0.99) {
      sth = Math.sqrt(tmp * (2 - tmp));
      haveSth = true;
    }
  } else {
    nr = 1;
    z = ((2 - jr) * 2) / 3;
  }
  let tmp = JPLL[face] * nr + x - y;
  if (tmp < 0) tmp += 8;
  if (tmp >= 8) tmp -= 8;
  const phi = nr < 1e-15 ? 0 : (0.5 * HALF_PI * tmp) / nr;
  const s = haveSth ? sth : Math.sqrt((1 - z) * (1 + z));
  out[at] = s * Math.cos(phi);
  out[at + 1] = s * Math.sin(phi);
  out[at + 2] = z;
}

/** Boundary points of pixel (face, ix, iy) as unit vectors, 4 * step points N, W, S, E. */
function boundaryVectors(nside: number, face: number, ix: number, iy: number, step: number): Float64Array {
  if (!Number.isInteger(step) || step < 1)
    throw new RangeError(`step must be a positive integer, got ${step}`);
  const out = new Float64Array(12 * step);
  const dc = 0.5 / nside;
  const xc = (ix + 0.5) / nside;
  const yc = (iy + 0.5) / nside;
  const d = 1.0 / (step * nside);
  for (let i = 0; i < step; i++) {
    faceXyToVec(xc + dc - i * d, yc + dc, face, out, 3 * i);
    faceXyToVec(xc - dc, yc + dc - i * d, face, out, 3 * (i + step));
    faceXyToVec(xc - dc + i * d, yc - dc, face, out, 3 * (i + 2 * step));
    faceXyToVec(xc + dc, yc - dc + i * d, face, out, 3 * (i + 3 * step));
  }
  return out;
}

function vectorsToRaDec(v: Float64Array): [number, number][] {
  const n = v.length / 3;
  const out = new Array<[number, number]>(n);
  for (let i = 0; i < n; i++) {
    const x = v[3 * i];
    const y = v[3 * i + 1];
    const z = v[3 * i + 2];
    let phi = Math.atan2(y, x);
    if (phi < 0) phi += 2 * Math.PI;
    out[i] = [phi * RAD2DEG, Math.atan2(z, Math.hypot(x, y)) * RAD2DEG];
  }
  return out;
}

/**
 * Boundary of a NEST pixel as unit vectors [x0, y0, z0, x1, ...], 4 * step points starting at the
 * N corner and going N -> W -> S -> E, exactly healpy's `boundaries(nside, pix, step, nest=True)`.
 * @example boundariesNestVectors(0, 0, 1).length // 12
 */
export function boundariesNestVectors(order: number, pix: number, step = 1): Float64Array {
  checkOrder(order);
  checkPix(order, pix);
  nestToXyf(order, pix, XYF);
  return boundaryVectors(2 ** order, XYF.face, XYF.x, XYF.y, step);
}

/**
 * Boundary of a NEST pixel as [ra, dec] degrees, 4 * step points in healpy's corner order
 * N, W, S, E (counter-clockwise seen from inside the sphere; reverse it for d3-geo).
 * @example boundariesNest(0, 0, 1) // [[0, 90], [0, 41.81...], [45, 0], [90, 41.81...]]
 */
export function boundariesNest(order: number, pix: number, step = 1): [number, number][] {
  return vectorsToRaDec(boundariesNestVectors(order, pix, step));
}

/**
 * Boundary of a RING pixel as [ra, dec] degrees (same order as boundariesNest).
 * @example boundariesRing(0, 0, 1).length // 4
 */
export function boundariesRing(order: number, pix: number, step = 1): [number, number][] {
  checkOrder(order);
  checkPix(order, pix);
  const nside = 2 ** order;
  ringToRingPos(nside, pix, POS);
  ringPosToXyf(nside, POS.ring, POS.phi, XYF);
  return vectorsToRaDec(boundaryVectors(nside, XYF.face, XYF.x, XYF.y, step));
}

/**
 * Boundary of a bigint NEST pixel (orders 0-29) as unit vectors, same layout as boundariesNestVectors.
 * @example boundariesNestVectorsBig(29, 0n, 1).length // 12
 */
export function boundariesNestVectorsBig(order: number, pix: bigint, step = 1): Float64Array {
  checkOrder(order, MAX_ORDER);
  checkPixBig(order, pix);
  nestBigToXyf(order, pix, XYF);
  return boundaryVectors(2 ** order, XYF.face, XYF.x, XYF.y, step);
}

/**
 * Boundary of a bigint NEST pixel (orders 0-29) as [ra, dec] degrees, corners N, W, S, E like boundariesNest.
 * @example boundariesNestBig(0, 0n, 1) // [[0, 90], [0, 41.81...], [45, 0], [90, 41.81...]]
 */
export function boundariesNestBig(order: number, pix: bigint, step = 1): [number, number][] {
  return vectorsToRaDec(boundariesNestVectorsBig(order, pix, step));
}

/**
 * Boundary of a bigint RING pixel (orders 0-29) as [ra, dec] degrees (same order as boundariesNest).
 * @example boundariesRingBig(29, 0n, 1).length // 4
 */
export function boundariesRingBig(order: number, pix: bigint, step = 1): [number, number][] {
  checkOrder(order, MAX_ORDER);
  checkPixBig(order, pix);
  const nside = 2 ** order;
  ringBigToRingPos(nside, pix, POS);
  ringPosToXyf(nside, POS.ring, POS.phi, XYF);
  return vectorsToRaDec(boundaryVectors(nside, XYF.face, XYF.x, XYF.y, step));
}

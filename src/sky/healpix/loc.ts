// Core HEALPix geometry (Gorski et al. 2005), written to repeat healpy's floating-point
// operations in the same order so that points on pixel edges fall on the same side:
// healpy turns (ra, dec) into theta = pi/2 - dec*(pi/180), phi = ra*(pi/180), normalises
// phi into [0, 2pi), takes z = cos(theta) and, within 0.01 rad of a pole, also sin(theta).

import { cosCorrect, sinCorrect } from "./trig.js";
import type { Xyf } from "./xyf.js";

export const HALF_PI = Math.PI / 2;
export const TWO_PI = 2 * Math.PI;
export const DEG2RAD = Math.PI / 180;
export const RAD2DEG = 180 / Math.PI;
export const INV_HALF_PI = 0.6366197723675814; // 2/pi rounded as in the C++ constant
export const TWO_THIRD = 2 / 3;
/** healpy's ang2pix also computes sin(theta) for theta < 0.01 or theta above this (its literal 3.14159 - 0.01). */
// biome-ignore lint/suspicious/noApproximativeNumericConstant: healpy's ang2pix uses this literal, not pi
export const STH_THETA_MAX = 3.14159 - 0.01;
/** healpy accepts theta up to pi + 1e-5 and folds it back over the pole. */
const THETA_SLACK = 1e-5;

// Ring index (in units of nside) of the southernmost corner of each base face, and the
// phi index (in units of pi/4) of its centre.
export const JRLL = [2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4] as const;
export const JPLL = [1, 3, 5, 7, 0, 2, 4, 6, 1, 3, 5, 7] as const;

/** `fmodulo` of the C++ library: v1 mod v2 in [0, v2), exact for v1 already in range. */
export function fmodulo(v1: number, v2: number): number {
  if (v1 >= 0) return v1 < v2 ? v1 : v1 % v2;
  const tmp = (v1 % v2) + v2;
  return tmp === v2 ? 0 : tmp;
}

/** A position as healpy's pointing: colatitude theta, z = cos(theta), phi in [0, 2pi), and sin(theta) near the poles. */
export interface Loc {
  theta: number;
  z: number;
  phi: number;
  /** sin(theta), valid when haveSth. */
  sth: number;
  haveSth: boolean;
}

/** A zeroed Loc, to be used as a caller's scratch output (one per file, not per call). */
export function newLoc(): Loc {
  return { theta: 0, z: 0, phi: 0, sth: 0, haveSth: false };
}

/**
 * Converts (ra, dec) in degrees into `out` the way healpy's ang2pix(lonlat=True) does; returns false
 * for a declination outside [-90, 90] (with healpy's 1e-5 rad slack) or non-finite input.
 */
export function raDecToLoc(ra: number, dec: number, out: Loc): boolean {
  let theta = HALF_PI - dec * DEG2RAD;
  let phi = ra * DEG2RAD;
  if (!(theta >= 0 && theta <= Math.PI + THETA_SLACK) || !Number.isFinite(phi)) return false;
  // pointing::normalize
  theta = fmodulo(theta, TWO_PI);
  if (theta > Math.PI) {
    phi += Math.PI;
    theta = TWO_PI - theta;
  }
  phi = fmodulo(phi, TWO_PI);
  out.theta = theta;
  out.z = Math.cos(theta);
  out.phi = phi;
  if (theta < 0.01 || theta > STH_THETA_MAX) {
    out.sth = Math.sin(theta);
    out.haveSth = true;
  } else {
    out.haveSth = false;
  }
  return true;
}

/**
 * Replaces loc.z (and loc.sth) by correctly rounded values. Called when locToXyf/locToRingPos
 * report that the point lies within a few ulps of a pixel edge, where Math.cos's last bit matters.
 */
export function refineLoc(loc: Loc): void {
  loc.z = cosCorrect(loc.theta);
  if (loc.haveSth) loc.sth = sinCorrect(loc.theta);
}

function fracNear(v: number, margin: number): boolean {
  const f = v - Math.floor(v);
  return f < margin || f > 1 - margin;
}

function polarNearEdge(
  nside: number,
  za: number,
  tmp: number,
  haveSth: boolean,
  a: number,
  b: number,
): boolean {
  if (za < 0.6666666666666674) return true;
  // d tmp / d z = 1.5 nside / sqrt(3 (1 - |z|)); with sin(theta) only relative rounding matters
  const margin = (haveSth && za >= 0.99 ? 0 : (nside * 1e-15) / Math.sqrt(3 * (1 - za))) + tmp * 4e-15;
  return fracNear(a, margin) || fracNear(b, margin);
}

/**
 * NEST branch of healpy's loc2pix: writes face and (ix, iy) into `out`. Returns true when the point is
 * close enough to an edge that a one-ulp change of z or sin(theta) could change the pixel.
 */
export function locToXyf(
  nside: number,
  z: number,
  phi: number,
  sth: number,
  haveSth: boolean,
  out: Xyf,
): boolean {
  const za = Math.abs(z);
  const tt = fmodulo(phi * INV_HALF_PI, 4.0);
  if (za <= TWO_THIRD) {
    const temp1 = nside * (0.5 + tt);
    const temp2 = nside * (z * 0.75);
    const a = temp1 - temp2;
    const b = temp1 + temp2;
    const jp = Math.floor(a); // ascending edge line
    const jm = Math.floor(b); // descending edge line
    const margin = nside * 4e-15;
    const nearEdge = fracNear(a, margin) || fracNear(b, margin) || za > 0.6666666666666659;
    const ifp = Math.floor(jp / nside);
    const ifm = Math.floor(jm / nside);
    out.face = ifp === ifm ? ifp | 4 : ifp < ifm ? ifp : ifm + 8;
    out.x = jm - ifm * nside;
    out.y = nside - (jp - ifp * nside) - 1;
    return nearEdge;
  }
  const ntt = Math.min(3, Math.floor(tt));
  const tp = tt - ntt;
  const tmp =
    za < 0.99 || !haveSth ? nside * Math.sqrt(3 * (1 - za)) : (nside * sth) / Math.sqrt((1 + za) / 3);
  const a = tp * tmp;
  const b = (1.0 - tp) * tmp;
  let jp = Math.floor(a);
  let jm = Math.floor(b);
  const nearEdge = polarNearEdge(nside, za, tmp, haveSth, a, b);
  if (jp > nside - 1) jp = nside - 1;
  if (jm > nside - 1) jm = nside - 1;
  if (z >= 0) {
    out.face = ntt;
    out.x = nside - jm - 1;
    out.y = nside - jp - 1;
  } else {
    out.face = ntt + 8;
    out.x = jp;
    out.y = jm;
  }
  return nearEdge;
}

/**
 * A RING cell as healpy's loc2pix finds it: region 0 north cap, 1 equatorial belt, 2 south cap; ring
 * `ir` counted from the closest pole (caps) or from z = 2/3 (belt); 0-based index `ip` in the ring.
 */
export interface RingCell {
  region: number;
  ir: number;
  ip: number;
}

/** RING branch of healpy's loc2pix into `out`; returns true when near an edge (see locToXyf). */
export function locToRingPos(
  nside: number,
  z: number,
  phi: number,
  sth: number,
  haveSth: boolean,
  out: RingCell,
): boolean {
  const za = Math.abs(z);
  const tt = fmodulo(phi * INV_HALF_PI, 4.0);
  if (za <= TWO_THIRD) {
    const nl4 = 4 * nside;
    const temp1 = nside * (0.5 + tt);
    const temp2 = nside * z * 0.75;
    const a = temp1 - temp2;
    const b = temp1 + temp2;
    const jp = Math.floor(a);
    const jm = Math.floor(b);
    const margin = nside * 4e-15;
    const ir = nside + 1 + jp - jm; // in [1, 2 nside + 1]
    const kshift = 1 - (ir & 1);
    const t1 = jp + jm - nside + kshift + 1 + nl4 + nl4;
    out.region = 1;
    out.ir = ir;
    out.ip = Math.floor(t1 / 2) % nl4;
    return fracNear(a, margin) || fracNear(b, margin) || za > 0.6666666666666659;
  }
  const tp = tt - Math.floor(tt);
  const tmp =
    za < 0.99 || !haveSth ? nside * Math.sqrt(3 * (1 - za)) : (nside * sth) / Math.sqrt((1 + za) / 3);
  const a = tp * tmp;
  const b = (1.0 - tp) * tmp;
  const jp = Math.floor(a);
  const jm = Math.floor(b);
  const ir = jp + jm + 1;
  out.region = z > 0 ? 0 : 2;
  out.ir = ir;
  out.ip = Math.floor(tt * ir);
  return polarNearEdge(nside, za, tmp, haveSth, a, b);
}

/** z, phi and (near the poles) sin(theta) of a pixel centre, as healpy's pix2loc gives them. */
export interface PixLoc {
  z: number;
  phi: number;
  /** sin(theta), valid when haveSth. */
  sth: number;
  haveSth: boolean;
}

/** A zeroed PixLoc, to be used as a caller's scratch output (one per file, not per call). */
export function newPixLoc(): PixLoc {
  return { z: 0, phi: 0, sth: 0, haveSth: false };
}

/** healpy's pix2loc for the NEST scheme, from face coordinates (integers), into `out`. */
export function xyfToLoc(nside: number, face: number, ix: number, iy: number, out: PixLoc): void {
  const jr = JRLL[face] * nside - ix - iy - 1;
  const fact2 = 4 / (12 * nside * nside);
  const fact1 = 2 * nside * fact2;
  let nr: number;
  out.haveSth = false;
  if (jr < nside) {
    nr = jr;
    const tmp = nr * nr * fact2;
    out.z = 1 - tmp;
    if (out.z > 0.99) {
      out.sth = Math.sqrt(tmp * (2 - tmp));
      out.haveSth = true;
    }
  } else if (jr > 3 * nside) {
    nr = nside * 4 - jr;
    const tmp = nr * nr * fact2;
    out.z = tmp - 1;
    if (out.z < -0.99) {
      out.sth = Math.sqrt(tmp * (2 - tmp));
      out.haveSth = true;
    }
  } else {
    nr = nside;
    out.z = (2 * nside - jr) * fact1;
  }
  let tmp = JPLL[face] * nr + ix - iy;
  if (tmp < 0) tmp += 8 * nr;
  out.phi = nr === nside ? 0.75 * HALF_PI * tmp * fact1 : (0.5 * HALF_PI * tmp) / nr;
}

/** healpy's pix2loc for the RING scheme, from (ring number from the north pole, 1-based index in ring), into `out`. */
export function ringToLoc(nside: number, iring: number, iphi: number, out: PixLoc): void {
  const fact2 = 4 / (12 * nside * nside);
  const fact1 = 2 * nside * fact2;
  out.haveSth = false;
  if (iring < nside) {
    const tmp = iring * iring * fact2;
    out.z = 1.0 - tmp;
    if (out.z > 0.99) {
      out.sth = Math.sqrt(tmp * (2 - tmp));
      out.haveSth = true;
    }
    out.phi = ((iphi - 0.5) * HALF_PI) / iring;
  } else if (iring <= 3 * nside) {
    const fodd = ((iring + nside) & 1) === 1 ? 1 : 0.5;
    out.z = (2 * nside - iring) * fact1;
    out.phi = (iphi - fodd) * Math.PI * 0.75 * fact1;
  } else {
    const nr = 4 * nside - iring;
    const tmp = nr * nr * fact2;
    out.z = tmp - 1.0;
    if (out.z < -0.99) {
      out.sth = Math.sqrt(tmp * (2 - tmp));
      out.haveSth = true;
    }
    out.phi = ((iphi - 0.5) * HALF_PI) / nr;
  }
}

/** Right ascension in degrees of a pixel centre (healpy: degrees(phi)). */
export function pixRa(p: PixLoc): number {
  return p.phi * RAD2DEG;
}

/** Declination in degrees of a pixel centre (healpy: 90 - degrees(theta)). */
export function pixDec(p: PixLoc): number {
  const theta = p.haveSth ? Math.atan2(p.sth, p.z) : Math.acos(p.z);
  return 90.0 - theta * RAD2DEG;
}

// Core HEALPix geometry (Gorski et al. 2005), written to repeat healpy's floating-point
// operations in the same order so that points on pixel edges fall on the same side:
// healpy turns (ra, dec) into theta = pi/2 - dec*(pi/180), phi = ra*(pi/180), normalises
// phi into [0, 2pi), takes z = cos(theta) and, within 0.01 rad of a pole, also sin(theta).

import { cosCorrect, sinCorrect } from "./trig.js";

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

// Scratch outputs of the functions below (no allocation per point).
/** theta (colatitude, radians) of the last converted position. */
export let locTheta = 0;
/** z = cos(theta) of the last converted position. */
export let locZ = 0;
/** phi in [0, 2pi) of the last converted position. */
export let locPhi = 0;
/** sin(theta) of the last converted position, valid when locHaveSth. */
export let locSth = 0;
export let locHaveSth = false;

/**
 * Converts (ra, dec) in degrees the way healpy's ang2pix(lonlat=True) does; returns false for
 * a declination outside [-90, 90] (with healpy's 1e-5 rad slack) or non-finite input.
 */
export function raDecToLoc(ra: number, dec: number): boolean {
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
  locTheta = theta;
  locZ = Math.cos(theta);
  locPhi = phi;
  if (theta < 0.01 || theta > STH_THETA_MAX) {
    locSth = Math.sin(theta);
    locHaveSth = true;
  } else {
    locHaveSth = false;
  }
  return true;
}

/**
 * Replaces locZ (and locSth) by correctly rounded values. Called when locToXyf/locToRingPos
 * report that the point lies within a few ulps of a pixel edge, where Math.cos's last bit matters.
 */
export function refineLoc(): void {
  locZ = cosCorrect(locTheta);
  if (locHaveSth) locSth = sinCorrect(locTheta);
}

/** True when the last locToXyf/locToRingPos call was close enough to an edge that a one-ulp change of z or sin(theta) could change the pixel. */
export let nearEdge = false;

function fracNear(v: number, margin: number): boolean {
  const f = v - Math.floor(v);
  return f < margin || f > 1 - margin;
}

// Outputs of locToXyf: face number and (ix, iy) inside the face.
export let xyfFace = 0;
export let xyfX = 0;
export let xyfY = 0;

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

/** NEST branch of healpy's loc2pix: sets xyfFace, xyfX, xyfY for nside = 2^order. */
export function locToXyf(nside: number, z: number, phi: number, sth: number, haveSth: boolean): void {
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
    nearEdge = fracNear(a, margin) || fracNear(b, margin) || za > 0.6666666666666659;
    const ifp = Math.floor(jp / nside);
    const ifm = Math.floor(jm / nside);
    xyfFace = ifp === ifm ? ifp | 4 : ifp < ifm ? ifp : ifm + 8;
    xyfX = jm - ifm * nside;
    xyfY = nside - (jp - ifp * nside) - 1;
  } else {
    const ntt = Math.min(3, Math.floor(tt));
    const tp = tt - ntt;
    const tmp =
      za < 0.99 || !haveSth ? nside * Math.sqrt(3 * (1 - za)) : (nside * sth) / Math.sqrt((1 + za) / 3);
    const a = tp * tmp;
    const b = (1.0 - tp) * tmp;
    let jp = Math.floor(a);
    let jm = Math.floor(b);
    nearEdge = polarNearEdge(nside, za, tmp, haveSth, a, b);
    if (jp > nside - 1) jp = nside - 1;
    if (jm > nside - 1) jm = nside - 1;
    if (z >= 0) {
      xyfFace = ntt;
      xyfX = nside - jm - 1;
      xyfY = nside - jp - 1;
    } else {
      xyfFace = ntt + 8;
      xyfX = jp;
      xyfY = jm;
    }
  }
}

// Outputs of locToRingPos: 0 north cap, 1 equatorial belt, 2 south cap; ring counted from the
// closest pole (caps) or from z = 2/3 (belt); index in the ring.
export let ringRegion = 0;
export let ringIr = 0;
export let ringIp = 0;

/** RING branch of healpy's loc2pix: sets ringRegion, ringIr, ringIp. */
export function locToRingPos(nside: number, z: number, phi: number, sth: number, haveSth: boolean): void {
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
    nearEdge = fracNear(a, margin) || fracNear(b, margin) || za > 0.6666666666666659;
    const ir = nside + 1 + jp - jm; // in [1, 2 nside + 1]
    const kshift = 1 - (ir & 1);
    const t1 = jp + jm - nside + kshift + 1 + nl4 + nl4;
    ringRegion = 1;
    ringIr = ir;
    ringIp = Math.floor(t1 / 2) % nl4;
  } else {
    const tp = tt - Math.floor(tt);
    const tmp =
      za < 0.99 || !haveSth ? nside * Math.sqrt(3 * (1 - za)) : (nside * sth) / Math.sqrt((1 + za) / 3);
    const a = tp * tmp;
    const b = (1.0 - tp) * tmp;
    const jp = Math.floor(a);
    const jm = Math.floor(b);
    nearEdge = polarNearEdge(nside, za, tmp, haveSth, a, b);
    const ir = jp + jm + 1;
    ringRegion = z > 0 ? 0 : 2;
    ringIr = ir;
    ringIp = Math.floor(tt * ir);
  }
}

// Outputs of xyfToLoc: z, phi and (near the poles) sin(theta) of a pixel centre.
export let pixZ = 0;
export let pixPhi = 0;
export let pixSth = 0;
export let pixHaveSth = false;

/** healpy's pix2loc for the NEST scheme, from face coordinates (integers). */
export function xyfToLoc(nside: number, face: number, ix: number, iy: number): void {
  const jr = JRLL[face] * nside - ix - iy - 1;
  const fact2 = 4 / (12 * nside * nside);
  const fact1 = 2 * nside * fact2;
  let nr: number;
  pixHaveSth = false;
  if (jr < nside) {
    nr = jr;
    const tmp = nr * nr * fact2;
    pixZ = 1 - tmp;
    if (pixZ > 0.99) {
      pixSth = Math.sqrt(tmp * (2 - tmp));
      pixHaveSth = true;
    }
  } else if (jr > 3 * nside) {
    nr = nside * 4 - jr;
    const tmp = nr * nr * fact2;
    pixZ = tmp - 1;
    if (pixZ < -0.99) {
      pixSth = Math.sqrt(tmp * (2 - tmp));
      pixHaveSth = true;
    }
  } else {
    nr = nside;
    pixZ = (2 * nside - jr) * fact1;
  }
  let tmp = JPLL[face] * nr + ix - iy;
  if (tmp < 0) tmp += 8 * nr;
  pixPhi = nr === nside ? 0.75 * HALF_PI * tmp * fact1 : (0.5 * HALF_PI * tmp) / nr;
}

/** healpy's pix2loc for the RING scheme, from (ring number from the north pole, 1-based index in ring). */
export function ringToLoc(nside: number, iring: number, iphi: number): void {
  const fact2 = 4 / (12 * nside * nside);
  const fact1 = 2 * nside * fact2;
  pixHaveSth = false;
  if (iring < nside) {
    const tmp = iring * iring * fact2;
    pixZ = 1.0 - tmp;
    if (pixZ > 0.99) {
      pixSth = Math.sqrt(tmp * (2 - tmp));
      pixHaveSth = true;
    }
    pixPhi = ((iphi - 0.5) * HALF_PI) / iring;
  } else if (iring <= 3 * nside) {
    const fodd = (iring + nside) % 2 === 1 ? 1 : 0.5;
    pixZ = (2 * nside - iring) * fact1;
    pixPhi = (iphi - fodd) * Math.PI * 0.75 * fact1;
  } else {
    const nr = 4 * nside - iring;
    const tmp = nr * nr * fact2;
    pixZ = tmp - 1.0;
    if (pixZ < -0.99) {
      pixSth = Math.sqrt(tmp * (2 - tmp));
      pixHaveSth = true;
    }
    pixPhi = ((iphi - 0.5) * HALF_PI) / nr;
  }
}

/** Right ascension in degrees of the last pixel centre (healpy: degrees(phi)). */
export function pixRa(): number {
  return pixPhi * RAD2DEG;
}

/** Declination in degrees of the last pixel centre (healpy: 90 - degrees(theta)). */
export function pixDec(): number {
  const theta = pixHaveSth ? Math.atan2(pixSth, pixZ) : Math.acos(pixZ);
  return 90.0 - theta * RAD2DEG;
}

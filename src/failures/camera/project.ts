/**
 * Focal plane → sky for a pointing: the obs_lsst FocalPlane → FieldAngle radial polynomial times the plate scale,
 * rotated by the sky rotation, then the TAN projection about the boresight (as afw's initial SkyWcs).
 */
import type { Camera, CameraDetector, Pointing } from "./types.js";

const DEG = Math.PI / 180;

/**
 * Inverse gnomonic projection: standard coordinates (xi, eta) in degrees about (ra0, dec0) to [ra, dec], ra in [0, 360).
 * @example inverseGnomonic(55, -32, 0, 0) // [55, -32]
 */
export function inverseGnomonic(ra0: number, dec0: number, xiDeg: number, etaDeg: number): [number, number] {
  const xi = xiDeg * DEG;
  const eta = etaDeg * DEG;
  const d0 = dec0 * DEG;
  const rho = Math.hypot(xi, eta);
  if (rho === 0) return [ra0, dec0];
  const c = Math.atan(rho);
  const sinc = Math.sin(c);
  const cosc = Math.cos(c);
  const dec = Math.asin(cosc * Math.sin(d0) + (eta * sinc * Math.cos(d0)) / rho);
  const ra = ra0 * DEG + Math.atan2(xi * sinc, rho * Math.cos(d0) * cosc - eta * Math.sin(d0) * sinc);
  const r = (((ra / DEG) % 360) + 360) % 360;
  return [r, dec / DEG];
}

/** Options of the projection. */
export interface ProjectOptions {
  /** Apply the camera's radial field distortion (default true). */
  distortion?: boolean;
}

/**
 * Sky position [ra, dec] of focal-plane point (x, y) mm for a pointing.
 * @example focalPlaneToSky(lsstCamImSim(), { ra: 55, dec: -32, rotation: 0 }, 0, 0) // [55, -32]
 */
export function focalPlaneToSky(
  camera: Camera,
  p: Pointing,
  xMm: number,
  yMm: number,
  options: ProjectOptions = {},
): [number, number] {
  let x = xMm;
  let y = yMm;
  if (options.distortion !== false) {
    const r = Math.hypot(x, y);
    if (r > 0) {
      let f = 0;
      let rp = 1;
      for (const c of camera.radialCoeffs) {
        f += c * rp;
        rp *= r;
      }
      x *= f / r;
      y *= f / r;
    }
  }
  const s = camera.plateScale / 3600;
  const t = p.rotation * DEG;
  const xi = (Math.cos(t) * x - Math.sin(t) * y) * s;
  const eta = (Math.sin(t) * x + Math.cos(t) * y) * s;
  return inverseGnomonic(p.ra, p.dec, xi, eta);
}

/**
 * Focal-plane corners (mm) of a detector in CcdVisit order: pixel (0,0), (0,h), (w,h), (w,0).
 * @example detectorCornersMm(lsstCamImSim().detectors[94]).length // 4
 */
export function detectorCornersMm(d: CameraDetector): [number, number][] {
  const hw = (d.widthPx * d.pixelMm) / 2;
  const hh = (d.heightPx * d.pixelMm) / 2;
  const c = Math.cos(d.yawDeg * DEG);
  const s = Math.sin(d.yawDeg * DEG);
  return [
    [-hw, -hh],
    [-hw, hh],
    [hw, hh],
    [hw, -hh],
  ].map(([u, v]) => [d.xMm + c * u - s * v, d.yMm + s * u + c * v] as [number, number]);
}

/**
 * Sky corners [ra, dec] of a detector for a pointing (CcdVisit order llc, ulc, urc, lrc).
 * @example
 * const cam = lsstCamImSim();
 * detectorSkyCorners(cam, { ra: 55, dec: -32, rotation: 10 }, cam.detectors[94]) // ≈ [[54.89, -32.13], [54.85, -31.91], [55.11, -31.87], [55.16, -32.09]]
 */
export function detectorSkyCorners(
  camera: Camera,
  p: Pointing,
  d: CameraDetector,
  options: ProjectOptions = {},
): [number, number][] {
  return detectorCornersMm(d).map(([x, y]) => focalPlaneToSky(camera, p, x, y, options));
}

/**
 * Convex hull (counter-clockwise, mm) of every detector corner: the outline of the whole focal plane.
 * @example focalPlaneHullMm(lsstCamImSim()).length > 4 // true
 */
export function focalPlaneHullMm(camera: Camera): [number, number][] {
  const pts = camera.detectors.flatMap(detectorCornersMm).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const cross = (o: number[], a: number[], b: number[]) =>
    (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);
  const lower: [number, number][] = [];
  for (const p of pts) {
    while (lower.length >= 2 && cross(lower[lower.length - 2], lower[lower.length - 1], p) <= 0) lower.pop();
    lower.push(p);
  }
  const upper: [number, number][] = [];
  for (let i = pts.length - 1; i >= 0; i--) {
    const p = pts[i];
    while (upper.length >= 2 && cross(upper[upper.length - 2], upper[upper.length - 1], p) <= 0) upper.pop();
    upper.push(p);
  }
  return lower.slice(0, -1).concat(upper.slice(0, -1));
}

// Gnomonic (FITS "TAN") WCS with a diagonal CD matrix, in the LSST pixel convention (pixel centres on integers).
import { radecToVector, type Vec3, vectorToRadec } from "../angles.js";

/** A TAN WCS: pixel (x, y) <-> sky (RA, Dec) in degrees. */
export interface TanWcs {
  /** Tangent point (CRVAL) [ra, dec] in degrees. */
  readonly crval: readonly [number, number];
  /** Reference pixel (LSST convention: FITS CRPIX minus 1). */
  readonly crpix: readonly [number, number];
  /** Pixel scale in arcseconds. */
  readonly scaleArcsec: number;
  /** Sky position [ra, dec] (degrees) of pixel position (x, y). */
  pixelToSky(x: number, y: number): [number, number];
  /** Pixel position [x, y] of (ra, dec); [NaN, NaN] for points 90° or more from the tangent point. */
  skyToPixel(ra: number, dec: number): [number, number];
}

/** Options of {@link createTanWcs}. */
export interface TanWcsOptions {
  crval: readonly [number, number];
  crpix: readonly [number, number];
  scaleArcsec: number;
  /** false (LSST skymaps' default): +x points West (RA decreases with x), +y North. */
  flipX?: boolean;
}

/**
 * A TAN WCS with CD = diag(∓scale, scale) (no rotation): LSST `makeCdMatrix(scale, 0°, flipX)`.
 * At the poles the basis follows FITS defaults (LONPOLE 180°, or 0° when CRVAL Dec is +90°).
 * @example
 * const wcs = createTanWcs({ crval: [10, 0], crpix: [0, 0], scaleArcsec: 3600 });
 * wcs.pixelToSky(-1, 0); // ≈ [11, 0]: one pixel East is one degree
 */
export function createTanWcs(options: TanWcsOptions): TanWcs {
  const { crval, crpix, scaleArcsec } = options;
  const xSign = options.flipX ? 1 : -1;
  const scaleRad = (scaleArcsec / 3600) * (Math.PI / 180);
  // FITS default LONPOLE is 180° except for a tangent point at Dec +90° (LONPOLE 0°, FITS WCS Paper II,
  // Calabretta & Greisen 2002), which turns the tangent-plane basis by 180° relative to the limit from lower Dec.
  const a = ((crval[1] === 90 ? crval[0] + 180 : crval[0]) * Math.PI) / 180;
  const d = (crval[1] * Math.PI) / 180;
  const centre: Vec3 = radecToVector(crval[0], crval[1]);
  const east: Vec3 = [-Math.sin(a), Math.cos(a), 0];
  const north: Vec3 = [-Math.sin(d) * Math.cos(a), -Math.sin(d) * Math.sin(a), Math.cos(d)];
  return {
    crval: [crval[0], crval[1]],
    crpix: [crpix[0], crpix[1]],
    scaleArcsec,
    pixelToSky(x, y) {
      // Standard coordinates (xi East, eta North) in radians; the sky point is centre + xi*east + eta*north.
      const xi = xSign * (x - crpix[0]) * scaleRad;
      const eta = (y - crpix[1]) * scaleRad;
      return vectorToRadec([
        centre[0] + xi * east[0] + eta * north[0],
        centre[1] + xi * east[1] + eta * north[1],
        centre[2] + xi * east[2] + eta * north[2],
      ]);
    },
    skyToPixel(ra, dec) {
      const v = radecToVector(ra, dec);
      const w = v[0] * centre[0] + v[1] * centre[1] + v[2] * centre[2];
      if (!(w > 0)) return [Number.NaN, Number.NaN];
      const xi = (v[0] * east[0] + v[1] * east[1] + v[2] * east[2]) / w;
      const eta = (v[0] * north[0] + v[1] * north[1] + v[2] * north[2]) / w;
      return [crpix[0] + (xSign * xi) / scaleRad, crpix[1] + eta / scaleRad];
    },
  };
}

// Angles on the sphere in degrees: unit vectors, separations, position angles and RA wrapping.

/** A 3-vector (x, y, z); unit length when it stands for a sky position. */
export type Vec3 = [number, number, number];

const DEG = Math.PI / 180;
const RAD = 180 / Math.PI;

/**
 * Normalize a right ascension (or any longitude) to [0, 360).
 * @example normalizeRa(-10) // 350
 */
export function normalizeRa(ra: number): number {
  const r = ra % 360;
  const wrapped = r < 0 ? r + 360 : r;
  // -1e-17 % 360 + 360 rounds to 360 exactly; keep the half-open interval (and turn -0 into 0).
  return wrapped >= 360 || wrapped === 0 ? 0 : wrapped;
}

/**
 * Signed RA difference `ra1 - ra2` wrapped to [-180, 180), so 359 vs 1 gives -2.
 * @example raDifference(359, 1) // -2
 */
export function raDifference(ra1: number, ra2: number): number {
  const d = normalizeRa(ra1 - ra2);
  return d >= 180 ? d - 360 : d;
}

/**
 * RA shifted by whole turns into [centre − 180, centre + 180), e.g. to draw a region that straddles RA 0.
 * @example wrapRaAround(359, 0) // -1
 */
export function wrapRaAround(ra: number, centre: number): number {
  return centre + raDifference(ra, centre);
}

/**
 * Whether ra lies in the half-open interval [raMin, raMax) walked eastward, which may wrap through 0
 * (raMin > raMax, e.g. [358, 2)); raMin === raMax means the full circle.
 * @example raInRange(1, 358, 2) // true
 */
export function raInRange(ra: number, raMin: number, raMax: number): boolean {
  const width = normalizeRa(raMax - raMin);
  return width === 0 ? true : normalizeRa(ra - raMin) < width;
}

/**
 * Unit vector of a sky position (RA, Dec in degrees).
 * @example radecToVector(90, 0) // ≈ [0.0000000000, 1, 0]
 */
export function radecToVector(ra: number, dec: number): Vec3 {
  const a = ra * DEG;
  const d = dec * DEG;
  const c = Math.cos(d);
  return [c * Math.cos(a), c * Math.sin(a), Math.sin(d)];
}

/**
 * (RA, Dec) in degrees of a (not necessarily unit) vector; RA in [0, 360), RA 0 at the poles.
 * @example vectorToRadec([0, 0, 1]) // [0, 90]
 */
export function vectorToRadec(v: Readonly<Vec3>): [number, number] {
  const [x, y, z] = v;
  const rho = Math.hypot(x, y);
  // atan2 keeps full precision near the poles where asin(z) would not.
  const dec = Math.atan2(z, rho) * RAD;
  const ra = rho === 0 ? 0 : normalizeRa(Math.atan2(y, x) * RAD);
  return [ra, dec];
}

/** Dot product of two 3-vectors. @example vecDot([1, 0, 0], [0, 1, 0]) // 0 */
export function vecDot(a: Readonly<Vec3>, b: Readonly<Vec3>): number {
  return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
}

/** Cross product a × b. @example vecCross([1, 0, 0], [0, 1, 0]) // [0, 0, 1] */
export function vecCross(a: Readonly<Vec3>, b: Readonly<Vec3>): Vec3 {
  return [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
}

/** The vector scaled to unit length. @example vecNormalize([0, 3, 4]) // [0, 0.6, 0.8] */
export function vecNormalize(v: Readonly<Vec3>): Vec3 {
  const n = Math.hypot(v[0], v[1], v[2]);
  return [v[0] / n, v[1] / n, v[2] / n];
}

/**
 * Angle in degrees between two vectors, stable for tiny and near-antipodal angles (atan2 of |a×b| and a·b).
 * @example vectorAngle([1, 0, 0], [0, 1, 0]) // 90
 */
export function vectorAngle(a: Readonly<Vec3>, b: Readonly<Vec3>): number {
  const c = vecCross(a, b);
  return Math.atan2(Math.hypot(c[0], c[1], c[2]), vecDot(a, b)) * RAD;
}

/**
 * Great-circle separation in degrees (Vincenty formula: accurate from 1e-12″ to 180°).
 * @example angularSeparation(0, 0, 90, 0) // 90
 */
export function angularSeparation(ra1: number, dec1: number, ra2: number, dec2: number): number {
  const [y, x, z] = tangentComponents(ra1, dec1, ra2, dec2);
  return Math.atan2(Math.hypot(x, y), z) * RAD;
}

/**
 * Components of point 2 in the local frame of point 1: [east, north, radial] (unnormalised).
 * North uses sin(Δdec) + 2 sin(dec1) cos(dec2) sin²(Δra/2), which avoids the cancellation of
 * cos(dec1) sin(dec2) − sin(dec1) cos(dec2) cos(Δra) at tiny separations.
 */
function tangentComponents(ra1: number, dec1: number, ra2: number, dec2: number): [number, number, number] {
  const dra = wrappedDelta(normalizeRa(ra1), normalizeRa(ra2)) * DEG;
  const d1 = dec1 * DEG;
  const d2 = dec2 * DEG;
  // cos(dec) as sin(90° − |dec|): 90 − |dec| is exact, so cos keeps full relative precision near the poles.
  const c1 = Math.sin((90 - Math.abs(dec1)) * DEG);
  const c2 = Math.sin((90 - Math.abs(dec2)) * DEG);
  const s1 = Math.sin(d1);
  const h = Math.sin(dra / 2);
  const east = c2 * Math.sin(dra);
  const north = Math.sin((dec2 - dec1) * DEG) + 2 * s1 * c2 * h * h;
  const radial = s1 * Math.sin(d2) + c1 * c2 * Math.cos(dra);
  return [east, north, radial];
}

/** ra2 − ra1 in (−180, 180] for RAs in [0, 360), rounding once (shifts by 360 are exact by Sterbenz). */
function wrappedDelta(ra1: number, ra2: number): number {
  const d = ra2 - ra1;
  if (d > 180) return ra2 - 360 - ra1;
  if (d <= -180) return ra2 - (ra1 - 360);
  return d;
}

/**
 * Position angle in degrees [0, 360) of point 2 as seen from point 1, measured from North through East.
 * @example positionAngle(0, 0, 1, 0) // 90 (due East)
 */
export function positionAngle(ra1: number, dec1: number, ra2: number, dec2: number): number {
  const [east, north] = tangentComponents(ra1, dec1, ra2, dec2);
  return normalizeRa(Math.atan2(east, north) * RAD);
}

/**
 * The point reached by moving `distance` degrees from (ra, dec) along a great circle starting at
 * position angle `pa` (degrees East of North). Returns [ra, dec].
 * @example offsetByPositionAngle(0, 0, 90, 1) // ≈ [1.0000000000, 0]
 */
export function offsetByPositionAngle(
  ra: number,
  dec: number,
  pa: number,
  distance: number,
): [number, number] {
  const p = radecToVector(ra, dec);
  const a = ra * DEG;
  const d = dec * DEG;
  const east: Vec3 = [-Math.sin(a), Math.cos(a), 0];
  const north: Vec3 = [-Math.sin(d) * Math.cos(a), -Math.sin(d) * Math.sin(a), Math.cos(d)];
  const t = pa * DEG;
  const r = distance * DEG;
  const cr = Math.cos(r);
  const sr = Math.sin(r);
  const st = Math.sin(t);
  const ct = Math.cos(t);
  return vectorToRadec([
    p[0] * cr + sr * (ct * north[0] + st * east[0]),
    p[1] * cr + sr * (ct * north[1] + st * east[1]),
    p[2] * cr + sr * (ct * north[2] + st * east[2]),
  ]);
}

/// <reference path="./d3-geo-projection.d.ts" />
/**
 * Sky projections for plotly cartesian maps: d3 projects, plotly draws. RA increases to the left (reflectX)
 * and y points up (reflectY, as plotly's axes do), in units of the unit sphere (scale 1, centre at 0, 0).
 */
import { type GeoProjection, geoDistance, geoGnomonic, geoOrthographic } from "d3-geo";
import { geoAitoff, geoHammer, geoMollweide, geoMtFlatPolarQuartic } from "d3-geo-projection";

/** Whole-sky projections (Mollweide, Hammer–Aitoff, McBryde–Thomas flat-polar quartic, Aitoff) and local ones. */
export type ProjectionName = "mollweide" | "hammer" | "mbtfpq" | "aitoff" | "gnomonic" | "orthographic";

/** A projection by name, with its centre and scale. */
export interface SkyProjectionOptions {
  /** Projection; default mollweide. */
  type?: ProjectionName;
  /** Map centre [ra, dec] in degrees; whole-sky maps use only the RA (default [180, 0]: RA 0/360 on the seam). */
  center?: readonly [number, number];
  /** Radius in degrees beyond which nothing is drawn (local projections; default 60 gnomonic, 90 orthographic). */
  clipAngle?: number;
}

/** A configured sky projection. */
export interface SkyProjection {
  readonly type: ProjectionName;
  readonly center: readonly [number, number];
  /** Clip radius in degrees for local projections, null for whole-sky ones. */
  readonly clipAngle: number | null;
  /** The d3 projection (for geoProject and streams). */
  readonly d3: GeoProjection;
  /** Projected [x, y] of (ra, dec) in degrees, or null when the point is clipped away. */
  project(ra: number, dec: number): [number, number] | null;
  /** [ra, dec] (RA in [0, 360)) of a map position, or null outside the projected sphere. */
  invert(x: number, y: number): [number, number] | null;
}

const WHOLE_SKY: Record<string, () => GeoProjection> = {
  mollweide: geoMollweide,
  hammer: geoHammer,
  mbtfpq: geoMtFlatPolarQuartic,
  aitoff: geoAitoff,
};

const DEG = Math.PI / 180;

/**
 * Make a sky projection.
 * @example skyProjection({ type: "mollweide", center: [0, 0] }).project(10, 0)[0] < 0 // true: RA 10° is left of RA 0°
 */
export function skyProjection(options: SkyProjectionOptions = {}): SkyProjection {
  const type = options.type ?? "mollweide";
  const local = type === "gnomonic" || type === "orthographic";
  const center: [number, number] = [options.center?.[0] ?? (local ? 0 : 180), options.center?.[1] ?? 0];
  let d3: GeoProjection;
  let clipAngle: number | null = null;
  if (local) {
    d3 = type === "gnomonic" ? geoGnomonic() : geoOrthographic();
    clipAngle = options.clipAngle ?? (type === "gnomonic" ? 60 : 90);
    if (!(clipAngle > 0 && clipAngle <= (type === "gnomonic" ? 89 : 90)))
      throw new RangeError(`clipAngle ${clipAngle} out of range for ${type}`);
    d3.clipAngle(clipAngle);
  } else {
    const make = WHOLE_SKY[type];
    if (!make)
      throw new RangeError(
        `unknown projection "${type}" (${Object.keys(WHOLE_SKY).join(", ")}, gnomonic, orthographic)`,
      );
    d3 = make();
  }
  d3.rotate([-center[0], -center[1]])
    .reflectX(true)
    .reflectY(true)
    .translate([0, 0])
    .scale(1)
    // Resampling tolerance in map units: whole-sky maps span ~5 units, a tract ~0.03.
    .precision(local ? 1e-5 : 1e-3);
  const clipRad = clipAngle === null ? null : clipAngle * DEG;
  const project = (ra: number, dec: number): [number, number] | null => {
    if (!Number.isFinite(ra) || !Number.isFinite(dec) || dec < -90 || dec > 90) return null;
    if (clipRad !== null && geoDistance([ra, dec], center) > clipRad) return null;
    const p = d3([ra, dec]);
    return p && Number.isFinite(p[0]) && Number.isFinite(p[1]) ? [p[0], p[1]] : null;
  };
  const invert = (x: number, y: number): [number, number] | null => {
    const p = d3.invert?.([x, y]);
    if (!p || !Number.isFinite(p[0]) || !Number.isFinite(p[1])) return null;
    // Round trip: positions outside the projected sphere invert to something that projects elsewhere.
    const q = project(p[0], p[1]);
    if (!q || Math.abs(q[0] - x) + Math.abs(q[1] - y) > 1e-7 * (local ? 0.01 : 1) + 1e-9) return null;
    const ra = ((p[0] % 360) + 360) % 360;
    return [ra === 360 ? 0 : ra, p[1]];
  };
  return { type, center, clipAngle, d3, project, invert };
}

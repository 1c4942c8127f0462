/// <reference path="./d3-geo-projection.d.ts" />
/** The visible part of a projected map: the whole sphere, or a rectangle fitted to data with a margin. */
import { geoProject } from "d3-geo-projection";
import type { SkyProjection } from "./projection.js";
import type { Extent } from "./types.js";

function boundsOf(coordinates: unknown, acc: [number, number, number, number]): void {
  if (!Array.isArray(coordinates)) return;
  if (typeof coordinates[0] === "number") {
    const [x, y] = coordinates as [number, number];
    if (Number.isFinite(x) && Number.isFinite(y)) {
      acc[0] = Math.min(acc[0], x);
      acc[1] = Math.max(acc[1], x);
      acc[2] = Math.min(acc[2], y);
      acc[3] = Math.max(acc[3], y);
    }
    return;
  }
  for (const c of coordinates) boundsOf(c, acc);
}

/**
 * Extent of the whole projected sphere (for local projections: of the clip circle).
 * @example sphereExtent(skyProjection({ type: "mollweide" }))[1] // 2.828…: 2√2
 */
export function sphereExtent(projection: SkyProjection): Extent {
  const acc: [number, number, number, number] = [Infinity, -Infinity, Infinity, -Infinity];
  const outline = geoProject({ type: "Sphere" }, projection.d3);
  if (outline) boundsOf(outline.coordinates, acc);
  return acc;
}

/**
 * Extent of projected positions grown by a margin (a fraction of the larger side), clamped to the sphere;
 * the whole sphere when no position projects.
 * @example fitExtent(skyProjection({ type: "gnomonic", center: [55.5, -32.5] }), [55, 56], [-32, -33])[0] < 0 // true
 */
export function fitExtent(
  projection: SkyProjection,
  ra: ArrayLike<number>,
  dec: ArrayLike<number>,
  margin = 0.05,
): Extent {
  const acc: [number, number, number, number] = [Infinity, -Infinity, Infinity, -Infinity];
  for (let i = 0; i < ra.length; i++) {
    const p = projection.project(ra[i], dec[i]);
    if (p) boundsOf(p, acc);
  }
  const sphere = sphereExtent(projection);
  if (!(acc[0] <= acc[1])) return sphere;
  const pad = Math.max(acc[1] - acc[0], acc[3] - acc[2], 1e-6) * margin;
  return [
    Math.max(sphere[0], acc[0] - pad),
    Math.min(sphere[1], acc[1] + pad),
    Math.max(sphere[2], acc[2] - pad),
    Math.min(sphere[3], acc[3] + pad),
  ];
}

/// <reference path="./d3-geo-projection.d.ts" />
/**
 * Outlines and polygons on a projected map. d3's geoProject cuts them at the map seam, clips them at the
 * edge of a local projection and follows great circles, so nothing is smeared across the map; the planar
 * result becomes one plotly line trace with null between parts.
 */
import { geoArea } from "d3-geo";
import { geoProject } from "d3-geo-projection";
import type { SkyProjection } from "./projection.js";

/** A vertex [ra, dec] in degrees. */
export type RaDec = readonly [number, number];

/** Projected polylines for one plotly trace: parts separated by null. */
export interface ProjectedLines {
  x: (number | null)[];
  y: (number | null)[];
  /** For each part, the index of the input line or polygon it came from. */
  parts: number[];
}

type Position = [number, number];

function closeRing(ring: readonly RaDec[]): Position[] {
  const out = ring.map((p) => [p[0], p[1]] as Position);
  const a = out[0];
  const b = out[out.length - 1];
  if (a[0] !== b[0] || a[1] !== b[1]) out.push([a[0], a[1]]);
  return out;
}

/**
 * A ring wound the way d3 wants (clockwise seen from outside: the smaller side is the inside), whatever
 * the input winding: HEALPix and Butler regions come counter-clockwise.
 * @example windForD3([[0, 0], [10, 0], [10, 10], [0, 10]])[1] // [0, 10]: reversed
 */
export function windForD3(ring: readonly RaDec[]): Position[] {
  const closed = closeRing(ring);
  const area = geoArea({ type: "Polygon", coordinates: [closed] });
  return area > 2 * Math.PI ? closed.reverse() : closed;
}

function planarArea(ring: readonly Position[]): number {
  let s = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++)
    s += (ring[j][0] - ring[i][0]) * (ring[j][1] + ring[i][1]);
  return Math.abs(s / 2);
}

function push(out: ProjectedLines, line: readonly Position[], part: number): void {
  if (line.length < 2) return;
  if (out.x.length > 0) {
    out.x.push(null);
    out.y.push(null);
  }
  for (const p of line) {
    out.x.push(p[0]);
    out.y.push(p[1]);
  }
  out.parts.push(part);
}

/**
 * Project polylines (great-circle segments between vertices), cut at the seam and clipped.
 * @example projectLines(skyProjection({ center: [180, 0] }), [[[350, 0], [10, 0]]]).parts.length // 2: cut at RA 0
 */
export function projectLines(
  projection: SkyProjection,
  lines: readonly (readonly RaDec[])[],
): ProjectedLines {
  const out: ProjectedLines = { x: [], y: [], parts: [] };
  lines.forEach((line, index) => {
    if (line.length < 2) return;
    const geo = geoProject({ type: "LineString", coordinates: line.map((p) => [p[0], p[1]]) }, projection.d3);
    if (!geo) return;
    const parts = (geo.type === "LineString" ? [geo.coordinates] : geo.coordinates) as Position[][];
    for (const part of parts) push(out, part, index);
  });
  return out;
}

/**
 * Project polygons (one outer ring each, either winding), cut at the seam and poles: each polygon may give
 * several closed parts. Parts of ~zero area (slivers on the seam) are dropped.
 * @example projectPolygons(skyProjection({ center: [180, 0] }), [[[350, -5], [10, -5], [10, 5], [350, 5]]]).parts // [0, 0]
 */
export function projectPolygons(
  projection: SkyProjection,
  rings: readonly (readonly RaDec[])[],
): ProjectedLines {
  const out: ProjectedLines = { x: [], y: [], parts: [] };
  rings.forEach((ring, index) => {
    if (ring.length < 3) return;
    const geo = geoProject({ type: "Polygon", coordinates: [windForD3(ring)] }, projection.d3);
    if (!geo) return;
    const polygons = (geo.type === "Polygon" ? [geo.coordinates] : geo.coordinates) as Position[][][];
    const all = polygons.flat();
    const largest = Math.max(0, ...all.map(planarArea));
    for (const part of all) if (planarArea(part) > largest * 1e-9) push(out, part, index);
  });
  return out;
}

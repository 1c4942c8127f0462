// Which tracts and patches of a rings sky map a point or a convex region touches.
import { angularSeparation } from "../angles.js";
import { convexPolygon, polygonDistance, polygonsOverlap, type SphericalPolygon } from "../polygon.js";
import type { RingsSkyMap } from "./types.js";

/**
 * Every tract whose pixel box holds (ra, dec) (the overlap regions belong to several tracts), ascending.
 * @example findAllTracts(dc2SkyMap, 55.65, -32.2) // [4431]
 */
export function findAllTracts(map: RingsSkyMap, ra: number, dec: number): number[] {
  const out: number[] = [];
  for (const id of candidateTracts(map, [dec, dec], (t) => angularSeparation(ra, dec, t[0], t[1]))) {
    if (map.tract(id).contains(ra, dec)) out.push(id);
  }
  return out.sort((a, b) => a - b);
}

/** Tracts whose centre lies within a tract's half-diagonal (plus margin) of the region. */
function candidateTracts(
  map: RingsSkyMap,
  decRange: [number, number],
  distanceToCentre: (centre: [number, number]) => number,
): number[] {
  // The outer box of a tract reaches at most ~√2 × (ring/2 + overlap) from its centre; use a generous margin.
  const reach = Math.SQRT2 * (map.ringSize / 2 + map.config.tractOverlap) * 1.1 + 0.01;
  const out: number[] = [];
  const numRings = map.tractsPerRing.length;
  let first = 1;
  for (let ring = -1; ring <= numRings; ring++) {
    const ids: number[] = [];
    if (ring === -1) ids.push(0);
    else if (ring === numRings) ids.push(map.numTracts - 1);
    else {
      for (let k = 0; k < map.tractsPerRing[ring]; k++) ids.push(first + k);
      first += map.tractsPerRing[ring];
    }
    const centreDec = map.tract(ids[0]).ctrCoord[1];
    if (centreDec < decRange[0] - reach - map.ringSize || centreDec > decRange[1] + reach + map.ringSize)
      continue;
    for (const id of ids) {
      if (distanceToCentre(map.tract(id).ctrCoord) <= reach) out.push(id);
    }
  }
  return out;
}

/**
 * Tract/patch pairs whose outer (default) or inner patch outline overlaps a convex region
 * (a SphericalPolygon or corners [ra, dec]), e.g. the patches a CcdVisit touches.
 * @example findPatchesOverlapping(dc2SkyMap, [[55.6, -32.3], [55.7, -32.3], [55.7, -32.2], [55.6, -32.2]])
 */
export function findPatchesOverlapping(
  map: RingsSkyMap,
  region: SphericalPolygon | readonly (readonly [number, number])[],
  options: { inner?: boolean } = {},
): { tract: number; patch: number }[] {
  const poly = "normals" in region ? region : convexPolygon(region);
  const decs = poly.corners.map((c) => c[1]);
  // Great-circle edges can bulge poleward of their corners; widen the Dec range by the largest edge.
  let longest = 0;
  for (let i = 0; i < poly.corners.length; i++) {
    const [a, b] = [poly.corners[i], poly.corners[(i + 1) % poly.corners.length]];
    longest = Math.max(longest, angularSeparation(a[0], a[1], b[0], b[1]));
  }
  const decRange: [number, number] = [Math.min(...decs) - longest / 2, Math.max(...decs) + longest / 2];
  const out: { tract: number; patch: number }[] = [];
  for (const id of candidateTracts(map, decRange, (c) => polygonDistance(poly, c[0], c[1]))) {
    const tract = map.tract(id);
    if (!polygonsOverlap(convexPolygon(tract.outerOutline), poly)) continue;
    const [nx, ny] = tract.numPatches;
    for (let p = 0; p < nx * ny; p++) {
      const info = tract.patch(p);
      if (polygonsOverlap(convexPolygon(options.inner ? info.innerOutline : info.outerOutline), poly)) {
        out.push({ tract: id, patch: p });
      }
    }
  }
  return out;
}

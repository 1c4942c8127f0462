// Types for the few d3-geo-projection functions skygate uses (no @types package exists on the registry).
declare module "d3-geo-projection" {
  import type { GeoProjection } from "d3-geo";
  export function geoMollweide(): GeoProjection;
  export function geoHammer(): GeoProjection;
  export function geoAitoff(): GeoProjection;
  export function geoMtFlatPolarQuartic(): GeoProjection;
  /** Projects GeoJSON to planar GeoJSON, cutting at the map seam and clipping as the projection's stream does. */
  export function geoProject(
    object: unknown,
    projection: GeoProjection,
  ): { type: string; coordinates: unknown } | null;
}

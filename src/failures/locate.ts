/**
 * Placing failures on the sky. `{visit, detector}`: CcdVisit corners, else a Butler registry's or export's detector
 * region, else the visit's pointing and the camera geometry. `{visit}` alone: the focal-plane outline. `{tract,
 * patch}` / `{tract}`: the sky map. Anything else is unlocated, with the reason.
 */
import { radecToVector, vectorToRadec } from "../sky/angles.js";
import { dc2SkyMap, hscSkyMap, type RingsSkyMap } from "../sky/skymap/index.js";
import { type DetectorRegions, vdKey } from "./butler/exportYaml.js";
import { detectorSkyCorners, focalPlaneHullMm, focalPlaneToSky } from "./camera/project.js";
import type { Camera, Pointing } from "./camera/types.js";
import type { Pointings } from "./geometry.js";
import type { DataId } from "./types.js";

/** How a failure was placed. */
export type LocationMethod =
  | "ccdVisit"
  | "detectorRegion"
  | "cameraGeometry"
  | "visitFootprint"
  | "skymapPatch"
  | "skymapTract";

/** Where a failure is, or why it is not known. */
export interface Location {
  ra: number | null;
  dec: number | null;
  /** Outline [ra, dec] of the failed unit of work (detector, focal plane, patch, tract). */
  corners: [number, number][] | null;
  method: LocationMethod | null;
  /** The file the geometry came from (`built-in` for the camera and sky map). */
  source: string | null;
  tract?: number;
  patch?: number;
  /** The sky map `tract` and `patch` are numbered in (`DC2`, `hsc_rings_v1`). */
  skymap?: string;
  /** Why it could not be placed (unlocated only). */
  reason?: string;
}

/** Every geometry source, in the order they are tried. */
export interface GeometrySources {
  ccdVisit?: DetectorRegions;
  /** Registry / export detector regions. */
  regions?: readonly DetectorRegions[];
  pointings?: readonly Pointings[];
  camera?: Camera;
  /** Sky map for tract/patch numbers (default: the data id's skymap, else its instrument's: HSC's for HSC, else DC2). */
  skymap?: RingsSkyMap;
  /** Apply the camera's field distortion (default true). */
  distortion?: boolean;
}

function centreOf(corners: readonly (readonly [number, number])[]): [number, number] {
  const s = [0, 0, 0];
  for (const [ra, dec] of corners) {
    const v = radecToVector(ra, dec);
    s[0] += v[0];
    s[1] += v[1];
    s[2] += v[2];
  }
  const n = Math.hypot(s[0], s[1], s[2]);
  return vectorToRadec([s[0] / n, s[1] / n, s[2] / n]);
}

function located(
  corners: [number, number][],
  method: LocationMethod,
  source: string,
  map: RingsSkyMap,
): Location {
  const [ra, dec] = centreOf(corners);
  const tp = map.findTractPatch(ra, dec);
  return { ra, dec, corners, method, source, tract: tp.tract, patch: tp.patch, skymap: map.name };
}

function unlocated(reason: string): Location {
  return { ra: null, dec: null, corners: null, method: null, source: null, reason };
}

function intOf(v: string | number | undefined): number | null {
  if (typeof v === "number") return Number.isInteger(v) ? v : null;
  if (typeof v === "string" && /^\d+$/.test(v)) return Number(v);
  return null;
}

function patchIndex(v: string | number, map: RingsSkyMap, tract: number): number | null {
  if (typeof v === "number") return v;
  const xy = /^(\d+)\s*,\s*(\d+)$/.exec(v);
  if (xy) return map.tract(tract).patch([Number(xy[1]), Number(xy[2])]).patch;
  return intOf(v);
}

/**
 * The sky map a data id's tract and patch are numbered in: its `skymap`, else its instrument's (an HSC detector
 * placed by its corners gets an hsc_rings_v1 patch, 9 × 9 per tract, not a DC2 one, 7 × 7), else DC2.
 * @example skyMapOf({ instrument: "HSC", visit: 318, detector: 90 }).name // "hsc_rings_v1"
 * @example skyMapOf({ skymap: "DC2", tract: 4431 }).name // "DC2"
 */
export function skyMapOf(dataId: Readonly<DataId>): RingsSkyMap {
  const named = String(dataId.skymap ?? dataId.instrument ?? "").toLowerCase();
  return named.startsWith("hsc") ? hscSkyMap : dc2SkyMap;
}

/**
 * Locates one data id with the given geometry sources.
 * @example
 * const visits = await readVisitPointings("fixtures/pilot/Visit.parquet");
 * locateDataId({ visit: 419121, detector: 94 }, { camera: lsstCamImSim(), pointings: [visits] }).method // "cameraGeometry"
 */
export function locateDataId(dataId: Readonly<DataId>, sources: GeometrySources): Location {
  const map = sources.skymap ?? skyMapOf(dataId);
  const visit = intOf(dataId.visit ?? dataId.exposure);
  const detector = intOf(dataId.detector);
  // Most specific first: the detector; then the patch or tract (a warp's failure is on its patch); then the visit.
  const reasons: string[] = [];
  if (visit !== null && detector !== null) {
    const loc = locateDetector(dataId, visit, detector, sources, map);
    if (loc.corners !== null) return loc;
    reasons.push(loc.reason ?? "");
  }
  if (intOf(dataId.tract) !== null) {
    const loc = locateSkymap(dataId, intOf(dataId.tract) as number, map);
    if (loc.corners !== null || reasons.length === 0) return loc;
    reasons.push(loc.reason ?? "");
  }
  // A visit alone is placed by its focal plane; a detector that could not be placed is not (that would hide an
  // unknown detector behind its visit).
  if (visit !== null && detector === null) {
    const loc = locateVisit(visit, sources, map);
    if (loc.corners !== null) return loc;
    if (reasons.length === 0) reasons.push(loc.reason ?? "");
  }
  if (reasons.length > 0) return unlocated(reasons.join("; "));
  const keys = Object.keys(dataId);
  return unlocated(
    keys.length === 0 ? "no data id" : `data id has no spatial dimension (${keys.join(", ")})`,
  );
}

function pointingOf(visit: number, sources: GeometrySources): { source: string; pointing: Pointing } | null {
  for (const s of sources.pointings ?? []) {
    const p = s.pointings.get(visit);
    if (p) return { source: s.source, pointing: p };
  }
  return null;
}

function locateDetector(
  dataId: Readonly<DataId>,
  visit: number,
  detector: number,
  sources: GeometrySources,
  map: RingsSkyMap,
): Location {
  const key = vdKey(visit, detector);
  const ccd = sources.ccdVisit?.regions.get(key);
  if (ccd) return located(ccd, "ccdVisit", sources.ccdVisit?.source ?? "CcdVisit", map);
  for (const r of sources.regions ?? []) {
    const region = r.regions.get(key);
    if (region) return located(region, "detectorRegion", r.source, map);
  }
  const camera = sources.camera;
  const p = pointingOf(visit, sources);
  if (camera && p) {
    if (
      typeof dataId.instrument === "string" &&
      dataId.instrument.toLowerCase() !== camera.name.toLowerCase()
    )
      return unlocated(
        `instrument ${dataId.instrument} has no camera geometry here (camera is ${camera.name}; give --camera)`,
      );
    const det = camera.detectors.find((d) => d.id === detector);
    if (!det)
      return unlocated(
        `detector ${detector} is not in camera ${camera.name} (${camera.detectors.length} detectors)`,
      );
    return located(
      detectorSkyCorners(camera, p.pointing, det, { distortion: sources.distortion }),
      "cameraGeometry",
      p.source,
      map,
    );
  }
  if (!camera && p)
    return unlocated(`visit ${visit} has a pointing but no camera geometry was given (--camera)`);
  const tried = [
    sources.ccdVisit ? "CcdVisit" : null,
    (sources.regions ?? []).length > 0 ? "detector regions" : null,
    (sources.pointings ?? []).length > 0 ? "visit pointings" : null,
  ].filter((x) => x !== null);
  return unlocated(
    tried.length === 0
      ? "no geometry source given (CcdVisit, registry, export or Visit table)"
      : `visit ${visit} detector ${detector} absent from every geometry source (${tried.join(", ")})`,
  );
}

function locateVisit(visit: number, sources: GeometrySources, map: RingsSkyMap): Location {
  const p = pointingOf(visit, sources);
  const camera = sources.camera;
  if (p && camera) {
    const hull = focalPlaneHullMm(camera).map(([x, y]) =>
      focalPlaneToSky(camera, p.pointing, x, y, { distortion: sources.distortion }),
    );
    return located(hull, "visitFootprint", p.source, map);
  }
  return unlocated(`visit ${visit} without a detector, and no pointing${camera ? "" : " or camera"} for it`);
}

function locateSkymap(dataId: Readonly<DataId>, tract: number, map: RingsSkyMap): Location {
  let info: ReturnType<RingsSkyMap["tract"]>;
  try {
    info = map.tract(tract);
  } catch {
    return unlocated(`tract ${tract} is not in sky map ${map.name}`);
  }
  if (dataId.patch !== undefined) {
    try {
      const idx = patchIndex(dataId.patch, map, tract);
      if (idx === null) return unlocated(`patch ${dataId.patch} is not a patch index or "x,y"`);
      const patch = info.patch(idx);
      const corners = patch.innerOutline;
      const [ra, dec] = centreOf(corners);
      return {
        ra,
        dec,
        corners,
        method: "skymapPatch",
        source: `skymap ${map.name}`,
        tract,
        patch: patch.patch,
      };
    } catch {
      return unlocated(`patch ${dataId.patch} is not in tract ${tract} of sky map ${map.name}`);
    }
  }
  const corners = info.outerOutline;
  const [ra, dec] = centreOf(corners);
  return { ra, dec, corners, method: "skymapTract", source: `skymap ${map.name}`, tract };
}

/** Tract and patch outlines of an LSST rings sky map (patch outlines drawn by default, as Rubin users asked). */
import type { RingsSkyMap } from "../sky/skymap/index.js";
import type { RaDec } from "./lines.js";
import { type MapFrame, mapFrame } from "./map-frame.js";
import { polygonTraces } from "./polygons.js";
import type { ProjectionName } from "./projection.js";
import type { Trace } from "./types.js";

/**
 * A gnomonic (or orthographic) frame centred on a tract, fitted to its outer outline.
 * @example tractFrame(dc2SkyMap, 4431).projection.type // "gnomonic"
 */
export function tractFrame(
  skymap: RingsSkyMap,
  tract: number,
  options: { type?: ProjectionName; margin?: number } = {},
): MapFrame {
  const info = skymap.tract(tract);
  const outline = info.outerOutline;
  return mapFrame(
    { type: options.type ?? "gnomonic", center: info.ctrCoord, clipAngle: 20 },
    { fit: { ra: outline.map((p) => p[0]), dec: outline.map((p) => p[1]) }, margin: options.margin ?? 0.06 },
  );
}

/**
 * A gnomonic frame fitted to one patch (its outer box, with the border), centred on the patch.
 * @example patchFrame(dc2SkyMap, 4431, 17).projection.center[0] // ≈ 55.65
 */
export function patchFrame(
  skymap: RingsSkyMap,
  tract: number,
  patch: number,
  options: { margin?: number } = {},
): MapFrame {
  const info = skymap.tract(tract).patch(patch);
  const outline = info.outerOutline;
  return mapFrame(
    { type: "gnomonic", center: info.center, clipAngle: 10 },
    { fit: { ra: outline.map((p) => p[0]), dec: outline.map((p) => p[1]) }, margin: options.margin ?? 0.06 },
  );
}

/** Which tracts and patches to outline, with labels and empty patches hatched. */
export interface TractPatchOptions {
  /** Label patches with their sequential index (default true) or "xy" for "x,y". */
  labels?: boolean | "xy";
  /** Patches to hatch as missing (e.g. patches with no rows). */
  missing?: readonly number[];
  color?: string;
}

/**
 * Tract outer outline plus every patch's inner outline, labelled; missing patches hatched.
 * @example tractPatchTraces(tractFrame(dc2SkyMap, 4431), dc2SkyMap, 4431).length // 3 (tract, patches, labels)
 */
export function tractPatchTraces(
  frame: MapFrame,
  skymap: RingsSkyMap,
  tract: number,
  options: TractPatchOptions = {},
): Trace[] {
  const info = skymap.tract(tract);
  const [nx, ny] = info.numPatches;
  const rings: RaDec[][] = [];
  const labels: string[] = [];
  const hover: string[] = [];
  for (let i = 0; i < nx * ny; i++) {
    const patch = info.patch(i);
    rings.push(patch.innerOutline);
    labels.push(options.labels === "xy" ? `${patch.x},${patch.y}` : String(i));
    hover.push(`tract ${tract} patch ${i} (${patch.x},${patch.y})`);
  }
  const color = options.color ?? "#6e7781";
  const traces: Trace[] = [
    ...polygonTraces(frame, [info.outerOutline], {
      name: `tract ${tract}`,
      color: "#24292f",
      width: 1.5,
      showlegend: false,
    }),
    ...polygonTraces(frame, rings, {
      name: "patches",
      color,
      width: 0.8,
      hover,
      showlegend: false,
      ...(options.labels === false ? {} : { labels }),
    }),
  ];
  if (options.missing && options.missing.length > 0) {
    const missingRings = options.missing.map((i) => info.patch(i).innerOutline);
    traces.push(
      ...polygonTraces(frame, missingRings, {
        name: "missing patches",
        color: "#cf222e",
        hatch: "/",
        hover: options.missing.map((i) => `tract ${tract} patch ${i}: missing`),
        showlegend: true,
      }),
    );
  }
  return traces;
}

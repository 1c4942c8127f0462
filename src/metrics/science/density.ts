/**
 * Per-patch object density (objects per arcmin²): primary objects counted per (tract, patch), divided by the
 * patch's primary area from the sky map geometry. faro's `nsrcMeas*` count sources; analysis_tools'
 * `CountPatches` counts patches with data; a density per patch is what shows a missing chunk or patch.
 */
import type { RecordBatch } from "apache-arrow";
import { raInRange } from "../../sky/angles.js";
import { convexPolygon, polygonAreaDeg2 } from "../../sky/polygon.js";
import type { RingsSkyMap } from "../../sky/skymap/types.js";
import { type Metric, metric } from "../metric.js";
import { flagColumn, floatColumn } from "./columns.js";

const areaCache = new WeakMap<RingsSkyMap, Map<number, number>>();

/**
 * Primary area of a patch in arcmin²: its inner box on the sky, clipped to the tract's inner RA/Dec region and
 * pixel box (where `detect_isPrimary` objects can lie), measured on a `samples` × `samples` grid of pixels.
 * @example Math.round(patchAreaArcmin2(dc2SkyMap, 4431, 24)) // 178
 */
export function patchAreaArcmin2(map: RingsSkyMap, tract: number, patch: number, samples = 100): number {
  const cache = areaCache.get(map) ?? new Map<number, number>();
  areaCache.set(map, cache);
  const key = tract * 100_000 + patch * 1000 + samples;
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  const t = map.tract(tract);
  const p = t.patch(patch);
  const box = p.innerBBox;
  const r = t.innerRegion;
  let inside = 0;
  for (let j = 0; j < samples; j++) {
    const y = box.minY - 0.5 + ((j + 0.5) * box.height) / samples;
    if (y > t.bbox.height - 0.5) continue;
    for (let i = 0; i < samples; i++) {
      const x = box.minX - 0.5 + ((i + 0.5) * box.width) / samples;
      if (x > t.bbox.width - 0.5) continue;
      const [ra, dec] = t.wcs.pixelToSky(x, y);
      if (dec >= r.decMin && dec < r.decMax && raInRange(ra, r.raMin, r.raMax)) inside++;
    }
  }
  const area = polygonAreaDeg2(convexPolygon(p.innerOutline)) * 3600 * (inside / (samples * samples));
  cache.set(key, area);
  return area;
}

/**
 * Columns the density reads, given the columns a table has: tract and patch, and the flags when present.
 * @example densityColumns(new Set(["tract", "patch", "sky_object"])) // ["tract", "patch", "sky_object"]
 */
export function densityColumns(present: ReadonlySet<string>): string[] {
  return ["tract", "patch", ...["detect_isPrimary", "sky_object"].filter((c) => present.has(c))];
}

/** Objects counted per tract·1000 + patch (a mergeable state: counts add). */
export interface DensityState {
  counts: Map<number, number>;
  rows: number;
}

/**
 * An empty density state.
 * @example createDensityState().rows // 0
 */
export function createDensityState(): DensityState {
  return { counts: new Map(), rows: 0 };
}

/**
 * Counts one batch's primary, non-sky objects per (tract, patch); `tract` and `patch` columns are required.
 * @example
 * const s = createDensityState();
 * updateDensity(s, tableFromArrays({ tract: Int32Array.of(4431, 4431), patch: Int32Array.of(24, 24) }).batches[0]);
 * s.counts.get(4431024) // 2
 */
export function updateDensity(state: DensityState, batch: RecordBatch): void {
  const tract = floatColumn(batch, "tract");
  const patch = floatColumn(batch, "patch");
  const primary = batch.getChild("detect_isPrimary") ? flagColumn(batch, "detect_isPrimary") : null;
  const sky = batch.getChild("sky_object") ? flagColumn(batch, "sky_object") : null;
  const n = batch.numRows;
  state.rows += n;
  let lastKey = -1;
  let run = 0;
  // Rows come sorted by patch in DP0.2 files: count runs, touch the map once per run.
  for (let i = 0; i < n; i++) {
    if ((primary !== null && primary[i] === 0) || (sky !== null && sky[i] === 1)) continue;
    if (!Number.isInteger(tract[i]) || !Number.isInteger(patch[i])) continue;
    const key = tract[i] * 1000 + patch[i];
    if (key !== lastKey) {
      if (run > 0) state.counts.set(lastKey, (state.counts.get(lastKey) ?? 0) + run);
      lastKey = key;
      run = 0;
    }
    run++;
  }
  if (run > 0) state.counts.set(lastKey, (state.counts.get(lastKey) ?? 0) + run);
}

/**
 * Merges two density states into a new one.
 * @example mergeDensity({ counts: new Map([[1, 2]]), rows: 2 }, { counts: new Map([[1, 3]]), rows: 3 }).counts.get(1) // 5
 */
export function mergeDensity(a: DensityState, b: DensityState): DensityState {
  const counts = new Map(a.counts);
  for (const [k, v] of b.counts) counts.set(k, (counts.get(k) ?? 0) + v);
  return { counts, rows: a.rows + b.rows };
}

/**
 * `TABLE.objectDensity` (arcmin⁻²) for every patch with primary area of each tract seen (0 where a patch has no
 * object: a missing patch is the finding), data id `{ tract, patch }`, patches in index order.
 * @example
 * const s = createDensityState();
 * s.counts.set(4431024, 356);
 * finalizeDensity(s, dc2SkyMap).find((m) => m.dataId.patch === 24)?.value.toFixed(1) // "2.0"
 */
export function finalizeDensity(state: DensityState, map: RingsSkyMap, table = "Object"): Metric[] {
  const tracts = [...new Set([...state.counts.keys()].map((k) => Math.floor(k / 1000)))].sort(
    (a, b) => a - b,
  );
  const out: Metric[] = [];
  for (const tract of tracts) {
    let info: ReturnType<RingsSkyMap["tract"]>;
    try {
      info = map.tract(tract);
    } catch {
      continue; // not a tract of this sky map: the tract check reports it
    }
    const [nx, ny] = info.numPatches;
    for (let patch = 0; patch < nx * ny; patch++) {
      const area = patchAreaArcmin2(map, tract, patch);
      if (area <= 0) continue;
      const count = state.counts.get(tract * 1000 + patch) ?? 0;
      out.push(metric(`${table}.objectDensity`, count / area, "arcmin-2", { tract, patch }));
    }
  }
  return out;
}

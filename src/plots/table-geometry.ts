/**
 * Which LSST sky map a table's `tract` column follows, and its rows per patch: the tract of each sampled
 * position is recomputed with the DC2 and HSC sky maps, and a map is taken only when it agrees with the
 * column for ≥ 95 % of the rows. Used to draw patch outlines (missing patches hatched) under the data.
 */
import type { TableSource } from "../io/table.js";
import { positionColumns } from "../schema/positions.js";
import { dc2SkyMap, hscSkyMap, type RingsSkyMap } from "../sky/skymap/index.js";
import { readNumericColumns } from "./read-column.js";

/** Where a table lies on the sky: its positions and the tracts/patches they fall in. */
export interface TableGeometry {
  /** The sky map the tract column agrees with, if any. */
  skymap?: RingsSkyMap;
  /** Rows per (tract, patch). */
  counts: Map<number, Map<number, number>>;
}

/**
 * The sky map whose findTract agrees with the tract values (≥ 95 % of up to 2000 sampled rows).
 * @example skyMapForTracts([55.65], [-32.2], [4431])?.name // "DC2"
 */
export function skyMapForTracts(
  ra: ArrayLike<number>,
  dec: ArrayLike<number>,
  tract: ArrayLike<number>,
): RingsSkyMap | undefined {
  const step = Math.max(1, Math.floor(ra.length / 2000));
  for (const map of [dc2SkyMap, hscSkyMap]) {
    let agree = 0;
    let seen = 0;
    for (let i = 0; i < ra.length; i += step) {
      if (!(Math.abs(dec[i]) <= 90) || !Number.isFinite(ra[i])) continue;
      seen++;
      try {
        if (map.findTract(ra[i], dec[i]) === tract[i]) agree++;
      } catch {
        // a position the sky map cannot place: counts as disagreement
      }
    }
    if (seen > 0 && agree >= 0.95 * seen) return map;
  }
  return undefined;
}

/**
 * Tract/patch facts of a table with `tract` and `patch` columns (undefined without them).
 * @example
 * const g = await tableGeometry(source);
 * g?.skymap?.name // "DC2"
 */
export async function tableGeometry(source: TableSource): Promise<TableGeometry | undefined> {
  const columns = await source.columns();
  const names = columns.map((c) => c.name);
  if (!names.includes("tract") || !names.includes("patch")) return undefined;
  const pair = positionColumns(columns);
  const wanted = ["tract", "patch", ...(pair ? [pair.ra, pair.dec] : [])];
  const cols = await readNumericColumns(source, wanted);
  const t = cols.tract.values;
  const p = cols.patch.values;
  const counts = new Map<number, Map<number, number>>();
  // Nulls are dropped per column; only pair rows when no column lost any.
  if (wanted.some((c) => cols[c].nulls > 0)) return { counts };
  for (let i = 0; i < t.length; i++) {
    let m = counts.get(t[i]);
    if (!m) {
      m = new Map();
      counts.set(t[i], m);
    }
    m.set(p[i], (m.get(p[i]) ?? 0) + 1);
  }
  if (!pair) return { counts };
  const f = pair.unit === "rad" ? 180 / Math.PI : 1;
  const ra = cols[pair.ra].values.map((v) => v * f);
  const dec = cols[pair.dec].values.map((v) => v * f);
  const skymap = skyMapForTracts(ra, dec, t);
  return skymap ? { skymap, counts } : { counts };
}

/**
 * Stars of the Object table, and single-visit rows matched to them: by `objectId` where the table has it
 * (ForcedSource), else by position (DP0.2's Source has no objectId): the nearest star within the radius.
 * Only the selected stars are held in memory, never the whole Object table.
 */
import type { RecordBatch } from "apache-arrow";
import type { TableSource } from "../../io/table.js";
import { flagColumn, floatColumn, idColumn } from "./columns.js";
import { columnNames, scanColumns } from "./scan.js";

/** Columns that say whether an Object is extended, in order of preference (DP0.2 names). */
export const EXTENDEDNESS_COLUMNS = ["refExtendedness", "r_extendedness", "i_extendedness", "extendedness"];

/** Point sources of the Object table with an id index and a position grid. */
export interface StarCatalog {
  ids: BigInt64Array;
  ra: Float64Array;
  dec: Float64Array;
  byId: Map<bigint, number>;
  /** Cell key → star indices, cells of `cellDeg` in Dec and RA·cos Dec. */
  grid: Map<number, number[]>;
  cellDeg: number;
}

const cellKey = (ra: number, dec: number, cell: number): [number, number] => [
  Math.floor((ra * Math.cos((dec * Math.PI) / 180)) / cell),
  Math.floor((dec + 90) / cell),
];

/**
 * A star catalog from arrays (extendedness already applied).
 * @example starCatalog(BigInt64Array.of(1n), Float64Array.of(10), Float64Array.of(0)).byId.get(1n) // 0
 */
export function starCatalog(
  ids: BigInt64Array,
  ra: Float64Array,
  dec: Float64Array,
  cellDeg = 2 / 3600,
): StarCatalog {
  const byId = new Map<bigint, number>();
  const grid = new Map<number, number[]>();
  for (let i = 0; i < ids.length; i++) {
    byId.set(ids[i], i);
    const [x, y] = cellKey(ra[i], dec[i], cellDeg);
    const key = y * 1e7 + x;
    const list = grid.get(key);
    if (list === undefined) grid.set(key, [i]);
    else list.push(i);
  }
  return { ids, ra, dec, byId, grid, cellDeg };
}

/**
 * Reads the stars of an Object table: extendedness ≤ `maxExtendedness` (the first of EXTENDEDNESS_COLUMNS it
 * has), primary and not a sky object where those flags exist, finite position.
 * @example (await loadStars(await openTable("Object", "fixtures/pilot-clean/Object.parquet"))).ids.length > 100 // true
 */
export async function loadStars(object: TableSource, maxExtendedness = 0.5): Promise<StarCatalog> {
  const present = await columnNames(object);
  const ext = EXTENDEDNESS_COLUMNS.find((c) => present.has(c));
  if (ext === undefined)
    throw new Error(`table ${object.name} has no ${EXTENDEDNESS_COLUMNS.join(" / ")} column`);
  const flags = ["detect_isPrimary", "sky_object"].filter((c) => present.has(c));
  const ids: bigint[] = [];
  const ras: number[] = [];
  const decs: number[] = [];
  await scanColumns(object, ["objectId", "coord_ra", "coord_dec", ext, ...flags], (b: RecordBatch) => {
    const id = idColumn(b, "objectId");
    const ra = floatColumn(b, "coord_ra");
    const dec = floatColumn(b, "coord_dec");
    const e = floatColumn(b, ext);
    const primary = flags.includes("detect_isPrimary") ? flagColumn(b, "detect_isPrimary") : null;
    const sky = flags.includes("sky_object") ? flagColumn(b, "sky_object") : null;
    for (let i = 0; i < b.numRows; i++) {
      if (!(e[i] <= maxExtendedness) || !Number.isFinite(ra[i]) || !Number.isFinite(dec[i])) continue;
      if ((primary !== null && primary[i] === 0) || (sky !== null && sky[i] === 1)) continue;
      ids.push(id[i]);
      ras.push(ra[i]);
      decs.push(dec[i]);
    }
  });
  return starCatalog(BigInt64Array.from(ids), Float64Array.from(ras), Float64Array.from(decs));
}

/**
 * Angular separation in degrees (haversine: exact at milliarcsecond scales).
 * @example separationDeg(0, 0, 0, 1) // 1
 */
export function separationDeg(ra1: number, dec1: number, ra2: number, dec2: number): number {
  const r = Math.PI / 180;
  const sd = Math.sin(((dec2 - dec1) * r) / 2);
  const sa = Math.sin(((ra2 - ra1) * r) / 2);
  const h = sd * sd + Math.cos(dec1 * r) * Math.cos(dec2 * r) * sa * sa;
  return (2 * Math.asin(Math.min(1, Math.sqrt(h)))) / r;
}

/**
 * The star each row of a batch belongs to (−1: none): by `objectId` when the batch has it, else the nearest star
 * within `radiusArcsec` of (coord_ra, coord_dec).
 * @example
 * const stars = starCatalog(BigInt64Array.of(7n), Float64Array.of(10), Float64Array.of(-30));
 * Array.from(matchRows(stars, tableFromArrays({ coord_ra: Float64Array.of(10.0001, 11), coord_dec: Float64Array.of(-30, -30) }).batches[0])) // [0, -1]
 */
export function matchRows(stars: StarCatalog, batch: RecordBatch, radiusArcsec = 1): Int32Array {
  const out = new Int32Array(batch.numRows).fill(-1);
  if (batch.getChild("objectId") !== null) {
    const id = idColumn(batch, "objectId");
    for (let i = 0; i < out.length; i++) out[i] = stars.byId.get(id[i]) ?? -1;
    return out;
  }
  const ra = floatColumn(batch, "coord_ra");
  const dec = floatColumn(batch, "coord_dec");
  const radius = radiusArcsec / 3600;
  const reach = Math.ceil(radius / stars.cellDeg);
  for (let i = 0; i < out.length; i++) {
    if (!Number.isFinite(ra[i]) || !Number.isFinite(dec[i])) continue;
    const [x, y] = cellKey(ra[i], dec[i], stars.cellDeg);
    let best = -1;
    let bestSep = radius;
    for (let dy = -reach; dy <= reach; dy++)
      for (let dx = -reach; dx <= reach; dx++) {
        const list = stars.grid.get((y + dy) * 1e7 + x + dx);
        if (list === undefined) continue;
        for (const s of list) {
          const sep = separationDeg(ra[i], dec[i], stars.ra[s], stars.dec[s]);
          if (sep <= bestSep) {
            bestSep = sep;
            best = s;
          }
        }
      }
    out[i] = best;
  }
  return out;
}

/**
 * A Butler Gen3 SQLite registry read without the LSST stack (sql.js, SQLite compiled to WebAssembly): schema
 * check, detector regions (`visit_detector_region`), pointings (`exposure.tracking_ra/dec, sky_angle`), detectors
 * and the dataset inventory (dataset type × RUN collection × count).
 */
import { readFileSync, statSync } from "node:fs";
import initSqlJs, { type Database, type SqlValue } from "sql.js";
import { InputError } from "../../core/errors.js";
import type { Pointing } from "../camera/types.js";
import { type DetectorRegions, vdKey } from "./exportYaml.js";
import { decodeSphgeomRegion } from "./sphgeom.js";

/** Tables every supported registry has (daf_butler dimension universes 1–7 with the ByDimensions dataset manager). */
const REQUIRED = ["dataset", "dataset_type", "collection", "run", "butler_attributes"];
/** Dimension universe versions this reader has been written against. */
export const KNOWN_UNIVERSE_VERSIONS: readonly number[] = [1, 2, 3, 4, 5, 6, 7];

/** An open registry. */
export interface ButlerRegistry {
  path: string;
  /** daf_butler dimension universe version (from butler_attributes `config:dimensions.json`). */
  universeVersion: number | null;
  db: Database;
  close(): void;
}

function rows(db: Database, sql: string, params: SqlValue[] = []): SqlValue[][] {
  const st = db.prepare(sql);
  try {
    st.bind(params);
    const out: SqlValue[][] = [];
    while (st.step()) out.push(st.get());
    return out;
  } finally {
    st.free();
  }
}

function tables(db: Database): Set<string> {
  return new Set(rows(db, "SELECT name FROM sqlite_master WHERE type = 'table'").map((r) => String(r[0])));
}

/**
 * Opens a Gen3 SQLite registry; a file that is not SQLite, or a schema this reader does not know, is an InputError.
 * @example
 * const reg = await openRegistry("test/data/ap_verify_ci_dc2/gen3.sqlite3");
 * reg.universeVersion // 7
 * reg.close();
 */
export async function openRegistry(path: string): Promise<ButlerRegistry> {
  let bytes: Buffer;
  try {
    if (statSync(path).size === 0) throw new InputError(path, "empty", "file is empty (0 bytes)");
    bytes = readFileSync(path);
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError(path, "missing", "no such file");
  }
  if (bytes.subarray(0, 16).toString("latin1") !== "SQLite format 3\u0000")
    throw new InputError(path, "corrupt", "not an SQLite database");
  const SQL = await initSqlJs();
  let db: Database;
  try {
    db = new SQL.Database(bytes);
    rows(db, "SELECT count(*) FROM sqlite_master");
  } catch (error) {
    throw new InputError(
      path,
      "corrupt",
      `SQLite could not open it (${error instanceof Error ? error.message : String(error)})`,
    );
  }
  const have = tables(db);
  const missing = REQUIRED.filter((t) => !have.has(t));
  if (missing.length > 0) {
    db.close();
    throw new InputError(
      path,
      "unsupported",
      `not a Butler Gen3 registry of a known schema (missing tables: ${missing.join(", ")})`,
    );
  }
  let universeVersion: number | null = null;
  const dims = rows(db, "SELECT value FROM butler_attributes WHERE name = 'config:dimensions.json'");
  if (dims.length > 0) {
    try {
      const v = (JSON.parse(String(dims[0][0])) as { version?: unknown }).version;
      universeVersion = typeof v === "number" ? v : null;
    } catch {
      universeVersion = null;
    }
  }
  if (universeVersion !== null && !KNOWN_UNIVERSE_VERSIONS.includes(universeVersion)) {
    db.close();
    throw new InputError(
      path,
      "unsupported",
      `dimension universe version ${universeVersion} is not one skygate knows (${KNOWN_UNIVERSE_VERSIONS.join(", ")})`,
    );
  }
  return { path, universeVersion, db, close: () => db.close() };
}

/**
 * Detector regions (`visit_detector_region`) of a registry, keyed `visit:detector`.
 * @example
 * const reg = await openRegistry("test/data/ap_verify_ci_dc2/gen3.sqlite3");
 * registryRegions(reg).regions.size // 0 (this calibration-only registry has no visits)
 */
export function registryRegions(reg: ButlerRegistry): DetectorRegions {
  const regions = new Map<string, [number, number][]>();
  const problems: { key: string; reason: string }[] = [];
  if (!tables(reg.db).has("visit_detector_region")) return { source: reg.path, regions, problems };
  for (const [detector, visit, region] of rows(
    reg.db,
    "SELECT detector, visit, region FROM visit_detector_region",
  )) {
    const key = vdKey(String(visit), String(detector));
    if (region === null) {
      problems.push({ key, reason: "region is NULL" });
      continue;
    }
    const d = decodeSphgeomRegion(region as string | Uint8Array);
    if ("corners" in d) regions.set(key, d.corners);
    else problems.push({ key, reason: d.error });
  }
  return { source: reg.path, regions, problems };
}

/**
 * Pointings (boresight and sky angle) of the registry's exposures, keyed by exposure id (= visit id for one-snap visits).
 * @example
 * const reg = await openRegistry("test/data/ap_verify_ci_dc2/gen3.sqlite3");
 * registryPointings(reg).size // 0 (no exposures in this calibration-only registry)
 */
export function registryPointings(reg: ButlerRegistry): Map<number, Pointing> {
  const out = new Map<number, Pointing>();
  if (!tables(reg.db).has("exposure")) return out;
  const cols = new Set(rows(reg.db, "PRAGMA table_info(exposure)").map((r) => String(r[1])));
  if (!cols.has("tracking_ra") || !cols.has("sky_angle")) return out;
  for (const [id, ra, dec, rot] of rows(
    reg.db,
    "SELECT id, tracking_ra, tracking_dec, sky_angle FROM exposure",
  )) {
    if (ra === null || dec === null || rot === null) continue;
    out.set(Number(id), { ra: Number(ra), dec: Number(dec), rotation: Number(rot) });
  }
  return out;
}

/** One row of the dataset inventory. */
export interface InventoryRow {
  datasetType: string;
  collection: string;
  count: number;
}

/**
 * Dataset type × RUN collection × count (RTN-001 Appendix B style), sorted by type then collection.
 * @example
 * const reg = await openRegistry("test/data/ap_verify_ci_dc2/gen3.sqlite3");
 * registryInventory(reg)[0] // { datasetType: "bfk", collection: "LSSTCam-imSim/calib/curated/19700101T000000Z", count: 189 }
 */
export function registryInventory(reg: ButlerRegistry): InventoryRow[] {
  return rows(
    reg.db,
    `SELECT t.name, c.name, count(*) FROM dataset d
       JOIN dataset_type t ON d.dataset_type_id = t.id
       JOIN collection c ON d.run_id = c.collection_id
     GROUP BY t.name, c.name ORDER BY t.name, c.name`,
  ).map(([t, c, n]) => ({ datasetType: String(t), collection: String(c), count: Number(n) }));
}

/**
 * Detector ids and full names of the registry (to check a camera's numbering).
 * @example
 * const reg = await openRegistry("test/data/ap_verify_ci_dc2/gen3.sqlite3");
 * registryDetectors(reg).get(164) // "R41_S02"
 */
export function registryDetectors(reg: ButlerRegistry): Map<number, string> {
  const out = new Map<number, string>();
  if (!tables(reg.db).has("detector")) return out;
  for (const [id, name] of rows(reg.db, "SELECT id, full_name FROM detector"))
    out.set(Number(id), String(name));
  return out;
}

/**
 * Data ids of every dataset of a type (read from its tag table, the dimension columns), optionally only in RUN
 * collections whose name is or starts with one of `collections`; an unknown type is an empty list.
 * @example
 * const reg = await openRegistry("test/data/ap_verify_ci_dc2/gen3.sqlite3");
 * registryDataIds(reg, "goodSeeingCoadd")[0] // { band: "r", skymap: "DC2", tract: 4431, patch: 9 }
 */
export function registryDataIds(
  reg: ButlerRegistry,
  datasetType: string,
  collections?: readonly string[],
): Record<string, string | number>[] {
  const found = rows(reg.db, "SELECT id, tag_association_table FROM dataset_type WHERE name = ?", [
    datasetType,
  ]);
  if (found.length === 0) return [];
  const [id, table] = found[0];
  const tableName = String(table);
  // The table name comes from the registry itself; refuse anything that is not a plain identifier.
  if (!/^\w+$/.test(tableName))
    throw new InputError(reg.path, "corrupt", `odd tag table name "${tableName}"`);
  const columns = rows(reg.db, `PRAGMA table_info(${tableName})`).map((r) => String(r[1]));
  const dims = columns.filter((c) => !["dataset_type_id", "dataset_id", "collection_id"].includes(c));
  const result = rows(
    reg.db,
    `SELECT c.name, ${dims.map((d) => `t."${d}"`).join(", ")} FROM ${tableName} t
       JOIN collection c ON t.collection_id = c.collection_id WHERE t.dataset_type_id = ?
     ORDER BY ${dims.map((d) => `t."${d}"`).join(", ")}`,
    [id],
  );
  const out: Record<string, string | number>[] = [];
  for (const [collection, ...values] of result) {
    const name = String(collection);
    if (collections && !collections.some((c) => name === c || name.startsWith(`${c}/`))) continue;
    const dataId: Record<string, string | number> = {};
    dims.forEach((d, i) => {
      const v = values[i];
      if (v !== null && v !== undefined) dataId[d] = typeof v === "number" ? v : String(v);
    });
    out.push(dataId);
  }
  return out;
}

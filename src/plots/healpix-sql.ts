/**
 * Point counts per HEALPix pixel aggregated in DuckDB SQL through the engine's connection, so a sky map of
 * 10⁷ rows never brings 10⁷ positions into JS: ang2pix (RING, healpy's formula without its pole refinement,
 * exact away from pixel edges) is an SQL expression and the GROUP BY runs in DuckDB.
 */
import type { DuckDBEngine } from "../engines/duckdb/duckdb-engine.js";
import type { TableSource } from "../io/table.js";

function quote(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/**
 * SQL for the RING pixel of (ra, dec) in degrees at an order (≤ 24); NULL for invalid positions.
 * @example ringPixelSql(10, '"ra"', '"dec"') // a CASE expression over sin(radians("dec"))
 */
export function ringPixelSql(order: number, ra: string, dec: string): string {
  if (!Number.isInteger(order) || order < 0 || order > 24)
    throw new RangeError(`order must be 0..24, got ${order}`);
  const nside = 2 ** order;
  const npix = 12 * nside * nside;
  const ncap = 2 * nside * (nside - 1);
  // As healpy (and src/sky/healpix/loc.ts): theta = π/2 − dec·(π/180), z = cos theta, phi = ra·(π/180) mod 2π,
  // tt = phi / (π/2) in [0, 4); near the poles the polar branch uses sin theta for precision.
  const d2r = Math.PI / 180;
  const theta = `(${Math.PI / 2} - (${dec}) * ${d2r})`;
  const tt = `((((${ra}) * ${d2r}) % ${2 * Math.PI} + ${2 * Math.PI}) % ${2 * Math.PI} / ${Math.PI / 2})`;
  const z = `cos(${theta})`;
  const za = `abs(${z})`;
  const jp = `floor(${nside} * (0.5 + ${tt}) - ${nside} * ${z} * 0.75)`;
  const jm = `floor(${nside} * (0.5 + ${tt}) + ${nside} * ${z} * 0.75)`;
  const ir = `(${nside} + 1 + ${jp} - ${jm})`;
  const kshift = `(1 - (CAST(${ir} AS BIGINT) % 2))`;
  const ipEq = `((CAST((${jp} + ${jm} - ${nside} + ${kshift} + 1) AS BIGINT) // 2) % ${4 * nside})`;
  const eq = `(${ncap} + (CAST(${ir} AS BIGINT) - 1) * ${4 * nside} + ${ipEq})`;
  const tp = `(${tt} - floor(${tt}))`;
  const tmp = `(CASE WHEN ${theta} < 0.01 OR ${theta} > ${3.14159 - 0.01} THEN ${nside} * sin(${theta}) / sqrt((1 + ${za}) / 3) ELSE ${nside} * sqrt(3 * (1 - ${za})) END)`;
  const jpP = `floor(${tp} * ${tmp})`;
  const jmP = `floor((1 - ${tp}) * ${tmp})`;
  const irP = `CAST(${jpP} + ${jmP} + 1 AS BIGINT)`;
  const ipP = `(CAST(floor(${tt} * ${irP}) AS BIGINT) % (4 * ${irP}))`;
  const north = `(2 * ${irP} * (${irP} - 1) + ${ipP})`;
  const south = `(${npix} - 2 * ${irP} * (${irP} + 1) + ${ipP})`;
  return `CASE WHEN NOT isfinite(${ra}) OR NOT isfinite(${dec}) OR abs(${dec}) > 90 THEN NULL
    WHEN ${za} <= 2.0 / 3 THEN ${eq}
    WHEN ${z} > 0 THEN ${north} ELSE ${south} END`;
}

/** Counts per RING pixel. */
export interface PixelCounts {
  order: number;
  pixels: Float64Array;
  counts: Float64Array;
  /** Rows without a valid position (not counted in any pixel). */
  invalid: number;
}

/**
 * Rows per RING pixel of a Parquet source, grouped in DuckDB.
 * @example const c = await healpixCountsSql(new DuckDBEngine(), source, { order: 10, ra: "coord_ra", dec: "coord_dec" });
 * skyMap().healpix({ order: c.order, nest: false, pixels: c.pixels, values: c.counts })
 */
export async function healpixCountsSql(
  engine: DuckDBEngine,
  source: TableSource,
  options: { order: number; ra: string; dec: string; unit?: "deg" | "rad"; where?: string },
): Promise<PixelCounts> {
  if (!engine.supports(source)) throw new Error(`DuckDB cannot read ${source.name} (${source.format})`);
  const f = options.unit === "rad" ? ` * ${180 / Math.PI}` : "";
  const ra = `(${quote(options.ra)}${f})`;
  const dec = `(${quote(options.dec)}${f})`;
  const files = `[${source.files.map((p) => `'${p.replace(/'/g, "''")}'`).join(", ")}]`;
  const where = options.where ? `WHERE ${options.where}` : "";
  const sql = `SELECT ${ringPixelSql(options.order, ra, dec)} AS pix, count(*) AS n
    FROM read_parquet(${files}, union_by_name = true) ${where} GROUP BY pix ORDER BY pix`;
  const connection = await engine.connection();
  const rows = (await connection.runAndReadAll(sql)).getRowObjectsJS() as { pix: unknown; n: unknown }[];
  const valid = rows.filter((r) => r.pix !== null);
  return {
    order: options.order,
    pixels: Float64Array.from(valid, (r) => Number(r.pix)),
    counts: Float64Array.from(valid, (r) => Number(r.n)),
    invalid: rows.filter((r) => r.pix === null).reduce((s, r) => s + Number(r.n), 0),
  };
}

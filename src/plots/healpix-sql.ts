/**
 * Point counts per HEALPix pixel aggregated in DuckDB SQL through the engine's connection, so a sky map of
 * 10⁷ rows never brings 10⁷ positions into JS: ang2pix (RING, healpy's formula without its pole refinement,
 * exact away from pixel edges) is an SQL expression and the GROUP BY runs in DuckDB.
 */
import type { DuckDBEngine } from "../engines/duckdb/duckdb-engine.js";
import type { TableSource } from "../io/table.js";

// healpy's (and src/sky/healpix/loc.ts's) literal threshold for the sin-theta polar branch; not π − 0.01.
// biome-ignore lint/suspicious/noApproximativeNumericConstant: healpy writes 3.14159 literally
const STH_THETA_MAX = 3.14159 - 0.01;

function quote(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/**
 * A query adding the RING pixel (`pix`, NULL for invalid positions) of (ra, dec) in degrees at an order
 * (≤ 24) to every row of a relation. The angles are computed once per row in nested SELECTs, so DuckDB
 * does not repeat the trigonometry in every branch of the CASE.
 * @example ringPixelQuery(10, "read_parquet('o.parquet')", '"coord_ra"', '"coord_dec"').startsWith("SELECT") // true
 */
export function ringPixelQuery(order: number, relation: string, ra: string, dec: string, where = ""): string {
  if (!Number.isInteger(order) || order < 0 || order > 24)
    throw new RangeError(`order must be 0..24, got ${order}`);
  const nside = 2 ** order;
  const npix = 12 * nside * nside;
  const ncap = 2 * nside * (nside - 1);
  const d2r = Math.PI / 180;
  const twoPi = 2 * Math.PI;
  // As healpy (and src/sky/healpix/loc.ts): theta = π/2 − dec·(π/180), z = cos theta, phi = ra·(π/180) mod 2π,
  // tt = phi / (π/2) in [0, 4); near the poles the polar branch uses sin theta for precision.
  const base = `SELECT *, ${Math.PI / 2} - (${dec}) * ${d2r} AS __theta, (${ra}) * ${d2r} AS __phi,
      isfinite(${ra}) AND isfinite(${dec}) AND abs(${dec}) <= 90 AS __ok FROM ${relation} ${where}`;
  const angles = `SELECT *, cos(__theta) AS __z, abs(cos(__theta)) AS __za,
      ((__phi % ${twoPi}) + ${twoPi}) % ${twoPi} / ${Math.PI / 2} AS __tt FROM (${base})`;
  const equ = `SELECT *, floor(${nside} * (0.5 + __tt) - ${nside} * __z * 0.75) AS __jp,
      floor(${nside} * (0.5 + __tt) + ${nside} * __z * 0.75) AS __jm,
      __tt - floor(__tt) AS __tp,
      CASE WHEN __theta < 0.01 OR __theta > ${STH_THETA_MAX} THEN ${nside} * sin(__theta) / sqrt((1 + __za) / 3)
           ELSE ${nside} * sqrt(3 * (1 - __za)) END AS __tmp FROM (${angles})`;
  const rings = `SELECT *, TRY_CAST(${nside} + 1 + __jp - __jm AS BIGINT) AS __ir,
      TRY_CAST(floor(__tp * __tmp) + floor((1 - __tp) * __tmp) + 1 AS BIGINT) AS __irp FROM (${equ})`;
  const ipEq = `((TRY_CAST(__jp + __jm - ${nside} + (1 - __ir % 2) + 1 AS BIGINT) // 2) % ${4 * nside})`;
  const ipP = `(TRY_CAST(floor(__tt * __irp) AS BIGINT) % (4 * __irp))`;
  return `SELECT * EXCLUDE (__theta, __phi, __ok, __z, __za, __tt, __jp, __jm, __tp, __tmp, __ir, __irp),
    CASE WHEN NOT __ok THEN NULL
      WHEN __za <= 2.0 / 3 THEN ${ncap} + (__ir - 1) * ${4 * nside} + ${ipEq}
      WHEN __z > 0 THEN 2 * __irp * (__irp - 1) + ${ipP}
      ELSE ${npix} - 2 * __irp * (__irp + 1) + ${ipP} END AS pix
    FROM (${rings})`;
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
  const relation = `(SELECT ${quote(options.ra)}, ${quote(options.dec)} FROM read_parquet(${files}, union_by_name = true) ${where})`;
  const sql = `SELECT pix, count(*) AS n FROM (${ringPixelQuery(options.order, relation, ra, dec)}) GROUP BY pix ORDER BY pix`;
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

/**
 * A HEALPix NEST density map in plain SQL (DuckDB dialect: `>>`, `&` on BIGINT), orders 0–16: the obvious
 * way to make a healsparse-like map in the database (`GROUP BY pix`), used as the benchmark's peer. The same
 * integer steps as src/sky/healpix (Górski et al. 2005), staged in CTEs so DuckDB evaluates them vectorised;
 * the benchmark checks that both maps give the same counts.
 */

/**
 * SQL counting the rows of `from` per NEST pixel at `order` of the columns `ra`, `dec` (degrees).
 * @example healpixCountSql(13, "read_parquet('Object.parquet') WHERE detect_isPrimary", '"coord_ra"', '"coord_dec"')
 */
export function healpixCountSql(order: number, from: string, ra: string, dec: string): string {
  if (!Number.isInteger(order) || order < 0 || order > 16)
    throw new RangeError(`order must be an integer in [0, 16], got ${order}`);
  const n = 2 ** order;
  const spread = (v: string) =>
    Array.from({ length: Math.max(order, 1) }, (_, b) => `(((${v} >> ${b}) & 1) << ${2 * b})`).join(" + ");
  return `WITH a AS (SELECT sin(radians(${dec})) AS z, (${ra}) / 90.0 - 4 * floor((${ra}) / 360.0) AS tt FROM ${from}),
b AS (SELECT z, tt,
  CAST(floor(${n} * (0.5 + tt) - ${n} * 0.75 * z) AS BIGINT) AS jpe,
  CAST(floor(${n} * (0.5 + tt) + ${n} * 0.75 * z) AS BIGINT) AS jme,
  least(CAST(floor(tt) AS BIGINT), 3) AS ntt FROM a),
c AS (SELECT z, jpe, jme, ntt,
  least(CAST(floor((tt - ntt) * ${n} * sqrt(3 * (1 - abs(z)))) AS BIGINT), ${n - 1}) AS jpp,
  least(CAST(floor((1 - (tt - ntt)) * ${n} * sqrt(3 * (1 - abs(z)))) AS BIGINT), ${n - 1}) AS jmp FROM b),
d AS (SELECT
  CASE WHEN abs(z) <= 2.0 / 3 THEN (CASE WHEN (jpe >> ${order}) = (jme >> ${order}) THEN ((jpe >> ${order}) | 4)
    WHEN (jpe >> ${order}) < (jme >> ${order}) THEN (jpe >> ${order}) ELSE (jme >> ${order}) + 8 END)
    WHEN z > 0 THEN ntt ELSE ntt + 8 END AS face,
  CASE WHEN abs(z) <= 2.0 / 3 THEN jme & ${n - 1} WHEN z > 0 THEN ${n - 1} - jmp ELSE jpp END AS ix,
  CASE WHEN abs(z) <= 2.0 / 3 THEN ${n - 1} - (jpe & ${n - 1}) WHEN z > 0 THEN ${n - 1} - jpp ELSE jmp END AS iy FROM c)
SELECT face * ${n * n} + (${spread("ix")}) + ((${spread("iy")}) << 1) AS pix, count(*) AS n FROM d GROUP BY pix`;
}

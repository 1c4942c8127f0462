/**
 * HEALPix NEST pixel of (RA, Dec) in degrees as one plain SQL expression (DuckDB dialect: `>>`, `&`, `|` on
 * BIGINT), orders 0–16: the obvious way to make a healsparse-like density map in the database
 * (`SELECT pix, count(*) … GROUP BY pix`). The same integer steps as src/sky/healpix (Górski et al. 2005);
 * the benchmark checks both give the same counts.
 */

/**
 * SQL for the NEST pixel at `order` of the columns (or expressions) `ra` and `dec`, in degrees.
 * @example `SELECT ${healpixNestSql(13, '"coord_ra"', '"coord_dec"')} AS pix, count(*) FROM t GROUP BY pix`
 */
export function healpixNestSql(order: number, ra: string, dec: string): string {
  if (!Number.isInteger(order) || order < 0 || order > 16)
    throw new RangeError(`order must be an integer in [0, 16], got ${order}`);
  const nside = 2 ** order;
  const spread = (v: string) =>
    Array.from({ length: Math.max(order, 1) }, (_, b) => `((((${v}) >> ${b}) & 1) << ${2 * b})`).join(" + ");
  const z = `sin(radians(${dec}))`;
  const tt = `(((${ra}) / 90.0) - 4 * floor((${ra}) / 360.0))`;
  // Equatorial belt.
  const jpE = `CAST(floor(${nside} * (0.5 + t.tt) - ${nside} * 0.75 * t.z) AS BIGINT)`;
  const jmE = `CAST(floor(${nside} * (0.5 + t.tt) + ${nside} * 0.75 * t.z) AS BIGINT)`;
  // Polar caps.
  const ntt = "least(CAST(floor(t.tt) AS BIGINT), 3)";
  const tmp = `(${nside} * sqrt(3 * (1 - abs(t.z))))`;
  const jpP = `least(CAST(floor((t.tt - ${ntt}) * ${tmp}) AS BIGINT), ${nside - 1})`;
  const jmP = `least(CAST(floor((1 - (t.tt - ${ntt})) * ${tmp}) AS BIGINT), ${nside - 1})`;
  const face = `CASE WHEN abs(t.z) <= 2.0 / 3 THEN (CASE WHEN (e.jp >> ${order}) = (e.jm >> ${order}) THEN ((e.jp >> ${order}) | 4) WHEN (e.jp >> ${order}) < (e.jm >> ${order}) THEN (e.jp >> ${order}) ELSE (e.jm >> ${order}) + 8 END) WHEN t.z > 0 THEN p.ntt ELSE p.ntt + 8 END`;
  const ix = `CASE WHEN abs(t.z) <= 2.0 / 3 THEN e.jm & ${nside - 1} WHEN t.z > 0 THEN ${nside - 1} - p.jm ELSE p.jp END`;
  const iy = `CASE WHEN abs(t.z) <= 2.0 / 3 THEN ${nside - 1} - (e.jp & ${nside - 1}) WHEN t.z > 0 THEN ${nside - 1} - p.jp ELSE p.jm END`;
  // Lateral joins keep it one expression per row without repeating the trigonometry.
  return `(SELECT (${face}) * ${nside * nside} + (${spread(ix)}) + ((${spread(iy)}) << 1)
    FROM (SELECT ${z} AS z, ${tt} AS tt) t,
    LATERAL (SELECT ${jpE} AS jp, ${jmE} AS jm) e,
    LATERAL (SELECT ${ntt} AS ntt, ${jpP} AS jp, ${jmP} AS jm) p)`;
}

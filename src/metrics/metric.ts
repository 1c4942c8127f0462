/**
 * Metrics in the manner of Rubin's `lsst.verify`: a named value with a unit, about a data id such as
 * `{ tract: 4431, patch: 12, band: "r" }`. Profiles turn into metrics so runs can be stored and compared.
 */
import { boundNumber, type ColumnProfile, type TableProfile } from "./types.js";

/** Which data a metric describes (butler-style data id); `{}` means the whole table. */
export type DataId = Readonly<Record<string, string | number>>;

/** A named value with its unit and data id, as Rubin's verify metrics are. */
export interface Metric {
  /** Dotted name, `TABLE.COLUMN.STATISTIC` for column metrics (e.g. `Object.g_psfFlux.nanFraction`). */
  name: string;
  value: number | null;
  /** Astropy-style unit string; `""` for dimensionless fractions, `"count"` for counts. */
  unit: string;
  dataId: DataId;
}

/**
 * Build one metric.
 * @example
 * metric("Object.g_psfFlux.nanCount", 35, "count", { tract: 4431 })
 */
export function metric(name: string, value: number | null, unit: string, dataId: DataId = {}): Metric {
  return { name, value, unit, dataId };
}

/**
 * A data id as a stable string: keys sorted, `key=value` joined by commas.
 * @example
 * formatDataId({ tract: 4431, band: "r" }) // "band=r,tract=4431"
 */
export function formatDataId(dataId: DataId): string {
  return Object.keys(dataId)
    .sort()
    .map((k) => `${k}=${dataId[k]}`)
    .join(",");
}

/**
 * Parse a string made by formatDataId; integer-looking values become numbers.
 * @example
 * parseDataId("band=r,tract=4431") // { band: "r", tract: 4431 }
 */
export function parseDataId(text: string): DataId {
  const out: Record<string, string | number> = {};
  if (text === "") return out;
  for (const part of text.split(",")) {
    const eq = part.indexOf("=");
    const key = part.slice(0, eq);
    const value = part.slice(eq + 1);
    out[key] = /^-?\d+$/.test(value) ? Number(value) : value;
  }
  return out;
}

function fraction(part: number, whole: number): number | null {
  return whole > 0 ? part / whole : null;
}

/**
 * Metrics of one column profile: counts, fractions and (for numbers) the finite-value statistics in the column's unit.
 * @example
 * const state = createTableState([{ name: "g_psfFlux", type: "float64" }]);
 * updateTableState(state, tableFromArrays({ g_psfFlux: Float64Array.of(1, Number.NaN) }).batches[0]);
 * const profile = finalizeTableState(state).columns.g_psfFlux;
 * columnMetrics("Object", "g_psfFlux", profile, "nJy", { tract: 4431 }).find((m) => m.name === "Object.g_psfFlux.nanCount")?.value // 1
 */
export function columnMetrics(
  table: string,
  column: string,
  profile: ColumnProfile,
  unit = "",
  dataId: DataId = {},
): Metric[] {
  const prefix = `${table}.${column}`;
  const out: Metric[] = [
    metric(`${prefix}.rows`, profile.rows, "count", dataId),
    metric(`${prefix}.nullCount`, profile.nulls, "count", dataId),
    metric(`${prefix}.nullFraction`, fraction(profile.nulls, profile.rows), "", dataId),
  ];
  if ("nan" in profile) {
    out.push(
      metric(`${prefix}.nanCount`, profile.nan, "count", dataId),
      metric(
        `${prefix}.nanFraction`,
        profile.nan === null ? null : fraction(profile.nan, profile.rows),
        "",
        dataId,
      ),
      metric(
        `${prefix}.infCount`,
        profile.posInf === null || profile.negInf === null ? null : profile.posInf + profile.negInf,
        "count",
        dataId,
      ),
      metric(`${prefix}.min`, boundNumber(profile.min), unit, dataId),
      metric(`${prefix}.max`, boundNumber(profile.max), unit, dataId),
      metric(`${prefix}.mean`, profile.mean, unit, dataId),
      metric(`${prefix}.stddev`, profile.stddev, unit, dataId),
    );
    for (const [q, value] of Object.entries(profile.quantiles ?? {})) {
      out.push(metric(`${prefix}.quantile${q}`, value, unit, dataId));
    }
  }
  if ("true" in profile) {
    out.push(
      metric(`${prefix}.trueCount`, profile.true, "count", dataId),
      metric(`${prefix}.trueFraction`, fraction(profile.true, profile.true + profile.false), "", dataId),
    );
  }
  if ("distinct" in profile && profile.distinct !== null) {
    out.push(metric(`${prefix}.distinctCount`, profile.distinct, "count", dataId));
  }
  return out;
}

/**
 * Metrics of every column of a table profile; `units` gives column units (e.g. from felis).
 * @example
 * const state = createTableState([{ name: "g_psfFlux", type: "float64" }]);
 * updateTableState(state, tableFromArrays({ g_psfFlux: Float64Array.of(1, Number.NaN) }).batches[0]);
 * tableMetrics("Object", finalizeTableState(state), { g_psfFlux: "nJy" }).find((m) => m.name === "Object.rows")?.value // 2
 */
export function tableMetrics(
  table: string,
  profile: TableProfile,
  units: Readonly<Record<string, string>> = {},
  dataId: DataId = {},
): Metric[] {
  const out: Metric[] = [metric(`${table}.rows`, profile.rows, "count", dataId)];
  for (const [column, columnProfile] of Object.entries(profile.columns)) {
    out.push(...columnMetrics(table, column, columnProfile, units[column] ?? "", dataId));
  }
  return out;
}

/**
 * Metrics of per-partition profiles, each tagged with its data id (`partitionKey` names the partition
 * dimension: `tract`, `visit`, `healpix8`…; keys made by formatDataId are parsed back into full data ids).
 * @example
 * const state = createTableState([{ name: "g_psfFlux", type: "float64" }]);
 * updateTableState(state, tableFromArrays({ g_psfFlux: Float64Array.of(1, 2, 3) }).batches[0]);
 * partitionMetrics("Object", { "4431": finalizeTableState(state) }, "tract").find((m) => m.name === "Object.rows")?.dataId // { tract: 4431 }
 */
export function partitionMetrics(
  table: string,
  partitions: Readonly<Record<string, TableProfile>>,
  partitionKey: string,
  units: Readonly<Record<string, string>> = {},
): Metric[] {
  const out: Metric[] = [];
  for (const [key, profile] of Object.entries(partitions)) {
    const dataId: DataId = key.includes("=") ? parseDataId(key) : parseDataId(`${partitionKey}=${key}`);
    out.push(...tableMetrics(table, profile, units, dataId));
  }
  return out;
}

// Per-column aggregates written once and run both as ADQL on DaCHS and as SQL in DuckDB over the Parquet file
// the table was loaded from, so the two answers can be compared value by value.

/** A column as DuckDB describes it. */
export interface Described {
  name: string;
  type: string;
}

const FINITE = "BETWEEN -1.7976931348623157E308 AND 1.7976931348623157E308";

/**
 * Aggregates (alias → expression) of one column; `dialect` only changes how a boolean is tested. `raw` keeps to
 * plain COUNT/MIN/MAX/SUM, whose NaN semantics PostgreSQL and DuckDB share (NaN sorts above every number, MAX and
 * SUM propagate it): DaCHS parses ADQL at ~50 ms per simple select item and ~200 ms per CASE on the loaded
 * test machine, so the 991-column Object is compared raw and the NaN/Inf/finite split runs on ForcedSource.
 */
export function columnAggregates(
  column: Described,
  index: number,
  dialect: "adql" | "duckdb",
  mode: "full" | "raw" = "full",
): [string, string][] {
  const c = column.name;
  const a = `c${index}`;
  if (mode === "raw") {
    if (column.type === "BOOLEAN") return [[`${a}_true`, `SUM(CAST(${c} AS INTEGER))`]];
    const numeric = column.type !== "VARCHAR" && column.type !== "TIMESTAMP";
    const items: [string, string][] = [
      [`${a}_n`, `COUNT(${c})`],
      [`${a}_min`, `MIN(${c})`],
      [`${a}_max`, `MAX(${c})`],
    ];
    if (numeric) items.push([`${a}_sum`, `SUM(CAST(${c} AS DOUBLE PRECISION))`]);
    return items;
  }
  switch (column.type) {
    case "DOUBLE":
    case "FLOAT":
      return [
        [`${a}_n`, `COUNT(${c})`],
        [`${a}_nan`, `COUNT(CASE WHEN ${c} = CAST('NaN' AS DOUBLE PRECISION) THEN 1 END)`],
        [`${a}_inf`, `COUNT(CASE WHEN ${c} = CAST('Infinity' AS DOUBLE PRECISION) THEN 1 END)`],
        [`${a}_min`, `MIN(CASE WHEN ${c} ${FINITE} THEN ${c} END)`],
        [`${a}_max`, `MAX(CASE WHEN ${c} ${FINITE} THEN ${c} END)`],
        [`${a}_sum`, `SUM(CASE WHEN ${c} ${FINITE} THEN CAST(${c} AS DOUBLE PRECISION) END)`],
      ];
    case "BIGINT":
    case "INTEGER":
      return [
        [`${a}_n`, `COUNT(${c})`],
        [`${a}_min`, `MIN(${c})`],
        [`${a}_max`, `MAX(${c})`],
        [`${a}_sum`, `SUM(CAST(${c} AS DOUBLE PRECISION))`],
      ];
    case "BOOLEAN":
      return [
        [`${a}_n`, `COUNT(${c})`],
        [
          `${a}_true`,
          dialect === "adql"
            ? `COUNT(CASE WHEN ${c} = 'True' THEN 1 END)`
            : `COUNT(CASE WHEN ${c} THEN 1 END)`,
        ],
      ];
    default:
      return [
        [`${a}_n`, `COUNT(${c})`],
        [`${a}_min`, `MIN(${c})`],
        [`${a}_max`, `MAX(${c})`],
      ];
  }
}

/** Splits columns into chunks so that one query stays small enough for the ADQL parser. */
export function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** A number as DaCHS (nan, inf, -inf) or DuckDB (NaN, Infinity, -Infinity) spells it. */
function numberOf(text: string): number {
  const t = text.toLowerCase();
  if (t === "nan") return Number.NaN;
  if (t === "inf" || t === "infinity") return Number.POSITIVE_INFINITY;
  if (t === "-inf" || t === "-infinity") return Number.NEGATIVE_INFINITY;
  return Number(text);
}

/** Two answers are the same number: exact for counts/extrema (float32 columns compared as float32), sums to 1e-12. */
export function sameValue(kind: string, type: string, tap: string, duck: string | null): boolean {
  if (duck === null || duck === "") return tap === "";
  const x = numberOf(tap);
  const y = numberOf(duck);
  if (Number.isNaN(x) && Number.isNaN(y)) return true;
  if (Number.isNaN(x) || Number.isNaN(y)) return tap === duck;
  if (kind === "sum" || kind === "true") return Math.abs(x - y) <= 1e-12 * Math.max(1, Math.abs(y));
  if (type === "FLOAT") return Math.fround(x) === Math.fround(y);
  // int64 extrema beyond 2^53 must agree digit for digit, not after rounding to a double.
  if (type === "BIGINT" || type === "INTEGER") return BigInt(tap) === BigInt(duck);
  return x === y;
}

/**
 * Per-partition fingerprints built only from aggregates every distributed engine merges (COUNT, SUM, MIN, MAX:
 * Qserv rewrites exactly these into per-chunk and merge phases), so two sites can be compared without moving
 * rows. Raw SUM/MIN/MAX are used on purpose: PostgreSQL, DuckDB and the TAP services built on them agree on
 * NaN (sorts above every number; MAX and SUM propagate it), and a NaN on one site where the other has a number
 * or NULL is a real difference. Text columns get COUNT only: MIN/MAX of text depend on each database's collation.
 */
import type { FingerprintKind, SiteColumn, SitePartitionSpec } from "./types.js";

/** The prime an integer column's exact checksum is taken modulo. */
const ID_MODULUS = 1_048_573;

/** One fingerprint item: alias, SQL expression, the column it summarises and which aggregate it is. */
export interface FingerprintItem {
  alias: string;
  expression: string;
  column: string;
  aggregate: string;
}

/**
 * The fingerprint kind of a physical column type (skygate's `PhysicalType`).
 * @example fingerprintKind("float32") // "float32"
 * @example fingerprintKind("int64") // "integer"
 */
export function fingerprintKind(type: string): FingerprintKind {
  if (type === "float32" || type === "float16") return "float32";
  if (type === "float64") return "float64";
  if (/^u?int(8|16|32|64)$/.test(type)) return "integer";
  if (type === "bool") return "boolean";
  if (type === "string") return "text";
  return "other";
}

/**
 * The aggregates of one column, aliased `c<index>_<aggregate>`.
 * @example fingerprintItems({ name: "x", kind: "float64" }, 3, (c) => c).map((i) => i.alias) // ["c3_count", "c3_min", "c3_max", "c3_sum"]
 * @example fingerprintItems({ name: "id", kind: "integer" }, 0, (c) => c).map((i) => i.aggregate) // ["count", "min", "max", "sum", "mod"]
 */
export function fingerprintItems(
  column: SiteColumn,
  index: number,
  quote: (name: string) => string,
): FingerprintItem[] {
  const c = quote(column.name);
  const item = (aggregate: string, expression: string): FingerprintItem => ({
    alias: `c${index}_${aggregate}`,
    expression,
    column: column.name,
    aggregate,
  });
  switch (column.kind) {
    case "float32":
    case "float64":
      return [
        item("count", `COUNT(${c})`),
        item("min", `MIN(${c})`),
        item("max", `MAX(${c})`),
        item("sum", `SUM(CAST(${c} AS DOUBLE PRECISION))`),
      ];
    case "integer":
      return [
        item("count", `COUNT(${c})`),
        item("min", `MIN(${c})`),
        item("max", `MAX(${c})`),
        // DaCHS refuses SUM over bigint (result not an int) and Qserv's MySQL may overflow: sum as doubles.
        item("sum", `SUM(CAST(${c} AS DOUBLE PRECISION))`),
        // A double sum rounds away a change of 1 in a 64-bit id (spacing 4 at 2e16): the sum of the values
        // modulo a prime below 2^20 is exact in a double for up to 2^33 rows, and any change not a multiple of
        // it shows.
        item("mod", `SUM(CAST(MOD(${c}, ${ID_MODULUS}) AS DOUBLE PRECISION))`),
      ];
    case "boolean":
      return [item("count", `COUNT(${c})`), item("true", `SUM(CAST(${c} AS INTEGER))`)];
    default:
      return [item("count", `COUNT(${c})`)];
  }
}

/**
 * The GROUP BY items of a partition spec: [alias, expression] pairs; equal-area cells are
 * FLOOR(ra / size) and FLOOR(SIN(RADIANS(dec)) / (size·π/180)), plain ADQL that Qserv accepts as aliased items.
 * @example partitionItems({ kind: "columns", columns: ["tract", "patch"] }, (c) => c) // [["p0", "tract"], ["p1", "patch"]]
 */
export function partitionItems(spec: SitePartitionSpec, quote: (name: string) => string): [string, string][] {
  if (spec.kind === "columns") return spec.columns.map((c, i) => [`p${i}`, quote(c)]);
  if (spec.kind === "cells") {
    const dz = (spec.size * Math.PI) / 180;
    return [
      ["p0", `FLOOR(${quote(spec.ra)} / ${spec.size})`],
      ["p1", `FLOOR(SIN(RADIANS(${quote(spec.dec)})) / ${dz})`],
    ];
  }
  return [];
}

/**
 * A human label of a partition key.
 * @example partitionLabel({ kind: "columns", columns: ["tract", "patch"] }, ["4431", "12"]) // "4431/12"
 */
export function partitionLabel(spec: SitePartitionSpec, values: readonly (string | null)[]): string {
  if (spec.kind === "columns") return values.map((v) => v ?? "NULL").join("/");
  if (spec.kind === "cells") {
    const [i, j] = values.map((v) => (v === null ? Number.NaN : Number(v)));
    const dz = (spec.size * Math.PI) / 180;
    const dec = (k: number) => ((Math.asin(Math.max(-1, Math.min(1, k * dz))) * 180) / Math.PI).toFixed(2);
    if (i === undefined || j === undefined || Number.isNaN(i) || Number.isNaN(j)) return "no position";
    return `ra ${(i * spec.size).toFixed(2)}..${((i + 1) * spec.size).toFixed(2)}, dec ${dec(j)}..${dec(j + 1)}`;
  }
  return "all rows";
}

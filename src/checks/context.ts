/** Finds, for a table, the columns that locate an offending row: its key, its sky position, a partition column. */
import { positionOf } from "./rules.js";
import type { ColumnSpec, TableContext, TableSpec } from "./types.js";

/**
 * The id-like key of a table without a declared primary key: `{table}Id` (lower-camel), `id`, or none.
 * @example
 * idLikeKey("DiaSource", ["diaSourceId", "ra"]) // "diaSourceId"
 */
export function idLikeKey(table: string, names: readonly string[]): string | null {
  const camel = `${table.charAt(0).toLowerCase()}${table.slice(1)}Id`;
  const lower = new Map(names.map((n) => [n.toLowerCase(), n]));
  return lower.get(camel.toLowerCase()) ?? lower.get("id") ?? null;
}

const PREFERRED_RA = ["coord_ra", "ra", "s_ra"];
const PREFERRED_DEC = ["coord_dec", "dec", "decl", "s_dec"];

/**
 * The RA/Dec pair that locates a row (preferring `coord_ra/coord_dec`, then `ra/dec`), with its unit.
 * @example
 * skyPosition([
 *   { name: "coord_ra", unit: "rad", ucd: null, physical: "float64" },
 *   { name: "coord_dec", unit: "rad", ucd: null, physical: "float64" },
 * ]) // { ra: "coord_ra", dec: "coord_dec", unit: "rad" }
 */
export function skyPosition(
  columns: readonly Pick<ColumnSpec, "name" | "unit" | "ucd" | "physical">[],
): { ra: string; dec: string; unit: "deg" | "rad" } | null {
  const present = columns.filter((c) => c.physical !== null);
  const ras = present.filter((c) => positionOf(c)?.axis === "ra");
  const decs = present.filter((c) => positionOf(c)?.axis === "dec");
  const rank = (names: string[], name: string): number => {
    const i = names.indexOf(name);
    return i < 0 ? names.length : i;
  };
  ras.sort((a, b) => rank(PREFERRED_RA, a.name) - rank(PREFERRED_RA, b.name));
  decs.sort((a, b) => rank(PREFERRED_DEC, a.name) - rank(PREFERRED_DEC, b.name));
  for (const ra of ras) {
    const unit = positionOf(ra)?.unit ?? "deg";
    const dec = decs.find((d) => positionOf(d)?.unit === unit);
    if (dec) return { ra: ra.name, dec: dec.name, unit };
  }
  return null;
}

/**
 * Key, position and partition columns of a table, as far as the data has them.
 * @example
 * tableContext(spec).keyColumn // "objectId"
 */
export function tableContext(spec: TableSpec): TableContext {
  const present = spec.columns.filter((c) => c.physical !== null).concat(spec.extraColumns);
  const names = present.map((c) => c.name);
  const pk = spec.primaryKey.length === 1 && names.includes(spec.primaryKey[0]) ? spec.primaryKey[0] : null;
  const position = skyPosition(present);
  const partition = ["tract", "band"].find((n) => names.includes(n)) ?? null;
  return {
    keyColumn: pk ?? idLikeKey(spec.name, names),
    raColumn: position?.ra ?? null,
    decColumn: position?.dec ?? null,
    positionUnit: position?.unit ?? "deg",
    partitionBy: partition === null ? null : { kind: "column", column: partition },
  };
}

/** Builds the TableSpec the suite plans from: a felis table matched against the data's columns, or the data alone. */
import type { ColumnInfo } from "../io/table.js";
import type { FelisTable } from "../schema/felis.js";
import type { CheckFamily, ColumnSpec, TableSpec } from "./types.js";

function dataColumnSpec(info: ColumnInfo): ColumnSpec {
  return {
    name: info.name,
    datatype: null,
    nullable: true,
    unit: info.unit ?? null,
    ucd: info.ucd ?? null,
    physical: info.type,
  };
}

/**
 * A spec from the data alone (the data-driven suite): file units, no nullability, no declared keys.
 * @example
 * specFromData("Source", await source.columns(), []).fromSchema // false
 */
export function specFromData(
  name: string,
  columns: readonly ColumnInfo[],
  families: CheckFamily[],
): TableSpec {
  return {
    name,
    columns: columns.map(dataColumnSpec),
    extraColumns: [],
    primaryKey: [],
    foreignKeys: [],
    families,
    fromSchema: false,
  };
}

/**
 * A spec from a felis table and the data's columns: schema columns in schema order (physical null when absent
 * from the data), data columns the schema lacks as `extraColumns`. The schema's unit wins over the file's.
 * @example
 * specFromFelis(requireTable(dp02, "Object"), await source.columns(), []).columns.length // 991
 */
export function specFromFelis(
  table: FelisTable,
  columns: readonly ColumnInfo[],
  families: CheckFamily[],
): TableSpec {
  const data = new Map(columns.map((c) => [c.name, c]));
  const specs: ColumnSpec[] = table.columns.map((c) => {
    const info = data.get(c.name);
    return {
      name: c.name,
      datatype: c.datatype,
      // Current felis: nullable unless declared `nullable: false`; primary-key columns never (schema module).
      nullable: c.nullable,
      unit: c.unit ?? info?.unit ?? null,
      ucd: c.ucd ?? info?.ucd ?? null,
      physical: info?.type ?? null,
    };
  });
  const known = new Set(table.columns.map((c) => c.name));
  return {
    name: table.name,
    columns: specs,
    extraColumns: columns.filter((c) => !known.has(c.name)).map(dataColumnSpec),
    primaryKey: [...table.primaryKey],
    foreignKeys: table.foreignKeys.map((fk) => ({
      columns: [...fk.columns],
      table: fk.referencedTable,
      referencedColumns: [...fk.referencedColumns],
    })),
    families,
    fromSchema: true,
  };
}

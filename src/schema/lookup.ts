/** Finding tables, columns and keys in a loaded felis schema. */
import { UsageError } from "../core/errors.js";
import type { FelisColumn, FelisForeignKey, FelisSchema, FelisTable } from "./felis.js";

/**
 * The table of that name (exact, case-sensitive as felis is), or undefined.
 * @example
 * findTable(schema, "Object")?.primaryKey; // ["objectId"]
 */
export function findTable(schema: FelisSchema, name: string): FelisTable | undefined {
  return schema.tables.find((table) => table.name === name);
}

/**
 * The table of that name; a UsageError listing the schema's tables when there is none.
 * @example
 * requireTable(schema, "Object").columns.length; // 991 (dp02_dc2.yaml)
 */
export function requireTable(schema: FelisSchema, name: string): FelisTable {
  const table = findTable(schema, name);
  if (!table) {
    const names = schema.tables.map((t) => t.name).join(", ");
    throw new UsageError(`table "${name}" is not in schema ${schema.path} (tables: ${names})`);
  }
  return table;
}

/**
 * The column of that name, or undefined.
 * @example
 * findColumn(requireTable(schema, "Object"), "coord_ra")?.unit; // "deg"
 */
export function findColumn(table: FelisTable, name: string): FelisColumn | undefined {
  return table.columns.find((column) => column.name === name);
}

/**
 * Columns by name, for many look-ups on wide tables.
 * @example
 * columnMap(requireTable(schema, "Object")).get("r_psfFlux")?.datatype; // "double"
 */
export function columnMap(table: FelisTable): Map<string, FelisColumn> {
  return new Map(table.columns.map((column) => [column.name, column]));
}

/**
 * The table's key column: its single-column primary key, else undefined (none, or composite).
 * @example
 * keyColumn(requireTable(schema, "Source")); // "sourceId"
 */
export function keyColumn(table: FelisTable): string | undefined {
  return table.primaryKey.length === 1 ? table.primaryKey[0] : undefined;
}

/**
 * Every foreign key in the schema, from every table.
 * @example
 * foreignKeys(schema).map((fk) => `${fk.table}.${fk.columns} → ${fk.referencedTable}`).length; // 9
 */
export function foreignKeys(schema: FelisSchema): FelisForeignKey[] {
  return schema.tables.flatMap((table) => table.foreignKeys);
}

/**
 * The column that identifies a row: the single-column primary key, else the one column whose UCD has both
 * `meta.id` and `meta.main` (how TAP schemas mark the main identifier), else undefined.
 * @example
 * mainIdColumn(requireTable(schema, "Object")); // "objectId"
 */
export function mainIdColumn(table: FelisTable): string | undefined {
  const key = keyColumn(table);
  if (key !== undefined || table.primaryKey.length > 1) return key;
  const main = table.columns.filter((column) => {
    const words = (column.ucd ?? "").split(";").map((w) => w.trim());
    return words.includes("meta.id") && words.includes("meta.main");
  });
  return main.length === 1 ? main[0].name : undefined;
}

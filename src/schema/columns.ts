/**
 * felis tables and columns: attributes, defaults felis derives (units, arraysize, nullability) and `columnRefs`
 * resolved against loaded resources.
 */
import { FELIS_DATATYPES, type FelisColumn, type FelisDatatype, type FelisTable } from "./felis.js";
import type { LoadedResource } from "./resources.js";
import { type Dict, isDict, optionalString, type YamlDoc, type YamlPath } from "./yaml-doc.js";

/** felis types that need a `length` (felis `is_sized`). */
const SIZED: ReadonlySet<FelisDatatype> = new Set<FelisDatatype>(["char", "string", "unicode", "binary"]);
const DATATYPES: ReadonlySet<string> = new Set<string>(FELIS_DATATYPES);
/** Attributes a `columnRefs` entry may override (felis `ColumnOverrides`). */
const OVERRIDABLE = new Set([
  "datatype",
  "length",
  "description",
  "nullable",
  "tap:principal",
  "tap:column_index",
]);

/** Where each `@id` points: a table, or a column of a table. */
export type IdMap = Map<string, { table: string; column?: string }>;

/**
 * One table's name, id and columns (own, then `columnRefs`); keys come in a second pass (keys.ts).
 * @example
 * const { doc, data } = parseYaml("name: T\ncolumns:\n- name: id\n  datatype: long\n", "t.yaml");
 * readTable(doc, data, 0, {}, new Map()).columns[0].id; // "#T.id"
 */
export function readTable(
  ctx: YamlDoc,
  raw: unknown,
  i: number,
  resources: Record<string, LoadedResource>,
  ids: IdMap,
): FelisTable {
  const at: YamlPath = ["tables", i];
  if (!isDict(raw)) ctx.fail(at, `table #${i + 1} is not a mapping`);
  const name = ctx.string(raw, at, "name", true, `table #${i + 1}: `);
  const id = optionalString(raw["@id"]) ?? `#${name}`;
  if (ids.has(id)) ctx.fail([...at, "@id"], `duplicate @id "${id}"`);
  ids.set(id, { table: name });

  const columns: FelisColumn[] = [];
  const rawColumns = raw.columns ?? [];
  if (!Array.isArray(rawColumns)) ctx.fail([...at, "columns"], `table "${name}": \`columns\` must be a list`);
  rawColumns.forEach((c: unknown, j: number) => {
    columns.push(readColumn(ctx, c, [...at, "columns", j], name, id));
  });
  for (const column of readColumnRefs(ctx, raw, at, name, id, resources)) columns.push(column);

  const seen = new Set<string>();
  columns.forEach((column) => {
    if (seen.has(column.name))
      ctx.fail([...at, "columns"], `table "${name}": duplicate column "${column.name}"`);
    seen.add(column.name);
    if (ids.has(column.id)) ctx.fail([...at, "columns"], `table "${name}": duplicate @id "${column.id}"`);
    ids.set(column.id, { table: name, column: column.name });
  });

  const tapTableIndex = raw["tap:table_index"];
  return {
    name,
    id,
    description: optionalString(raw.description),
    columns,
    primaryKey: [],
    foreignKeys: [],
    uniqueConstraints: [],
    checkConstraints: [],
    indexes: [],
    tapTableIndex: typeof tapTableIndex === "number" ? tapTableIndex : undefined,
  };
}

function readColumn(ctx: YamlDoc, raw: unknown, at: YamlPath, table: string, tableId: string): FelisColumn {
  if (!isDict(raw))
    ctx.fail(at, `table "${table}": column #${Number(at[at.length - 1]) + 1} is not a mapping`);
  const name = ctx.string(raw, at, "name", true, `table "${table}": `);
  const where = `table "${table}", column "${name}": `;
  const column: FelisColumn = {
    name,
    id: optionalString(raw["@id"]) ?? `${tableId}.${name}`,
    datatype: "long",
    nullable: true,
    primaryKey: false,
    annotations: {},
  };
  applyAttributes(ctx, column, raw, at, where, false);
  if (raw.datatype === undefined) ctx.fail(at, `${where}missing \`datatype\``);
  finishColumn(ctx, column, at, where);
  return column;
}

/** Copy felis attributes from `raw` onto `column`; with `overridesOnly`, only what `columnRefs` may override. */
function applyAttributes(
  ctx: YamlDoc,
  column: FelisColumn,
  raw: Dict,
  at: YamlPath,
  where: string,
  overridesOnly: boolean,
): void {
  for (const [key, value] of Object.entries(raw)) {
    if (overridesOnly && !OVERRIDABLE.has(key))
      ctx.fail([...at, key], `${where}\`${key}\` cannot be overridden`);
    const here = [...at, key];
    switch (key) {
      case "name":
      case "@id":
        break;
      case "datatype":
        if (typeof value !== "string" || !DATATYPES.has(value)) {
          ctx.fail(
            here,
            `${where}unknown felis datatype ${JSON.stringify(value)} (expected one of ${FELIS_DATATYPES.join(", ")})`,
          );
        }
        column.datatype = value as FelisDatatype;
        break;
      case "length":
      case "precision":
        if (!Number.isInteger(value) || (value as number) < (key === "length" ? 1 : 0)) {
          ctx.fail(
            here,
            `${where}\`${key}\` must be a ${key === "length" ? "positive" : "non-negative"} integer`,
          );
        }
        column[key] = value as number;
        break;
      case "nullable":
      case "autoincrement":
        if (typeof value !== "boolean") ctx.fail(here, `${where}\`${key}\` must be true or false`);
        if (key === "nullable") column.nullableDeclared = value;
        else column.autoincrement = value;
        break;
      case "description":
        column.description = optionalString(value);
        break;
      case "value":
        if (value !== null && !["string", "number", "boolean"].includes(typeof value)) {
          ctx.fail(here, `${where}default \`value\` must be a scalar`);
        }
        column.value = value === null ? undefined : (value as string | number | boolean);
        break;
      default:
        column.annotations[key] = value;
    }
  }
}

/** Derive the fields felis computes from the raw attributes (units, arraysize default, xtype …). */
function finishColumn(ctx: YamlDoc, column: FelisColumn, at: YamlPath, where: string): void {
  const a = column.annotations;
  if (SIZED.has(column.datatype) && column.length === undefined) {
    ctx.fail([...at, "datatype"], `${where}datatype "${column.datatype}" requires a \`length\``);
  }
  const fitsUnit = optionalString(a["fits:tunit"]);
  const ivoaUnit = optionalString(a["ivoa:unit"]);
  if (fitsUnit !== undefined && ivoaUnit !== undefined && fitsUnit !== ivoaUnit) {
    ctx.fail([...at, "ivoa:unit"], `${where}both fits:tunit "${fitsUnit}" and ivoa:unit "${ivoaUnit}" given`);
  }
  column.unit = fitsUnit ?? ivoaUnit;
  column.ucd = optionalString(a["ivoa:ucd"]);
  column.utype = optionalString(a["votable:utype"]);
  column.xtype =
    optionalString(a["votable:xtype"]) ?? (column.datatype === "timestamp" ? "timestamp" : undefined);
  const arraysize = a["votable:arraysize"];
  column.arraysize =
    arraysize === undefined || arraysize === null ? defaultArraysize(column) : String(arraysize);
  const principal = a["tap:principal"];
  column.tapPrincipal = typeof principal === "number" ? principal === 1 : undefined;
  const index = a["tap:column_index"];
  column.tapColumnIndex = typeof index === "number" ? index : undefined;
  column.nullable = column.nullableDeclared ?? true;
}

/** felis `check_votable_arraysize`: the VOTable arraysize implied by datatype and length. */
function defaultArraysize(column: FelisColumn): string | undefined {
  const { datatype, length } = column;
  if (length !== undefined && length > 1) {
    if (datatype === "char") return String(length);
    if (datatype === "string" || datatype === "unicode" || datatype === "binary") return `${length}*`;
  }
  if (datatype === "timestamp" || datatype === "text") return "*";
  return undefined;
}

function readColumnRefs(
  ctx: YamlDoc,
  raw: Dict,
  at: YamlPath,
  table: string,
  tableId: string,
  resources: Record<string, LoadedResource>,
): FelisColumn[] {
  const refs = raw.columnRefs;
  if (refs === undefined || refs === null) return [];
  const refsAt = [...at, "columnRefs"];
  if (!isDict(refs)) ctx.fail(refsAt, `table "${table}": \`columnRefs\` must be a mapping`);
  const out: FelisColumn[] = [];
  for (const [resourceName, byTable] of Object.entries(refs)) {
    const resource = resources[resourceName];
    if (!resource)
      ctx.fail(
        [...refsAt, resourceName],
        `table "${table}": resource "${resourceName}" is not declared in \`resources\``,
      );
    if (!isDict(byTable))
      ctx.fail([...refsAt, resourceName], `table "${table}": columnRefs.${resourceName} must be a mapping`);
    for (const [refTable, byColumn] of Object.entries(byTable)) {
      const tAt = [...refsAt, resourceName, refTable];
      const source = resource.schema.tables.find((t) => t.name === refTable);
      if (!source)
        ctx.fail(
          tAt,
          `table "${table}": table "${refTable}" not found in resource "${resourceName}" (${resource.path})`,
        );
      if (!isDict(byColumn))
        ctx.fail(tAt, `table "${table}": columnRefs.${resourceName}.${refTable} must be a mapping`);
      for (const [local, spec] of Object.entries(byColumn)) {
        const cAt = [...tAt, local];
        if (spec !== null && !isDict(spec))
          ctx.fail(cAt, `table "${table}": column ref "${local}" must be empty or a mapping`);
        const refName = spec ? optionalString(spec.ref_name) : undefined;
        const base = source.columns.find((c) => c.name === (refName ?? local));
        if (!base) {
          ctx.fail(
            cAt,
            `table "${table}": column "${refName ?? local}" not found in ${resourceName}.${refTable} (${resource.path})`,
          );
        }
        const column: FelisColumn = {
          ...base,
          annotations: { ...base.annotations },
          name: local,
          id: `${tableId}.${local}`,
          primaryKey: false,
          ref: { resource: resourceName, table: refTable, column: base.name },
        };
        const where = `table "${table}", column "${local}": `;
        if (spec && spec.overrides !== undefined && spec.overrides !== null) {
          if (!isDict(spec.overrides))
            ctx.fail([...cAt, "overrides"], `${where}\`overrides\` must be a mapping`);
          for (const [key, value] of Object.entries(spec.overrides)) {
            if (value === null)
              ctx.fail([...cAt, "overrides", key], `${where}\`${key}\` cannot be overridden to null`);
          }
          applyAttributes(ctx, column, spec.overrides, [...cAt, "overrides"], where, true);
          if ("datatype" in spec.overrides || "length" in spec.overrides) {
            if (column.annotations["votable:arraysize"] === undefined) column.arraysize = undefined;
          }
        }
        finishColumn(ctx, column, cAt, where);
        out.push(column);
      }
    }
  }
  return out;
}

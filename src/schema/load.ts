/**
 * felis YAML → FelisSchema. Follows felis's own rules (python/felis/datamodel.py): generated `@id`s
 * (`#Table`, `#Table.column`), `nullable` default true, `columnRefs` resolved against `resources`
 * (URIs relative to the referencing file) and appended after a table's own columns, `@id` references in
 * primary keys, constraints and indexes resolved to names. Anything felis would reject that matters to a
 * check (unknown datatype, missing length, dangling reference) is an InputError naming file and line.
 */
import { readFileSync, statSync } from "node:fs";
import { dirname, isAbsolute, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { type Document, LineCounter, parseDocument } from "yaml";
import { type FilePosition, InputError } from "../core/errors.js";
import {
  FELIS_DATATYPES,
  type FelisCheckConstraint,
  type FelisColumn,
  type FelisDatatype,
  type FelisForeignKey,
  type FelisIndex,
  type FelisSchema,
  type FelisTable,
  type FelisUniqueConstraint,
} from "./felis.js";

type YamlPath = ReadonlyArray<string | number>;
type Dict = Record<string, unknown>;

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

/**
 * Read and parse a felis YAML file; referenced resources are loaded relative to it.
 * @example
 * const schema = loadFelis("fixtures/schemas/dp02_dc2.yaml");
 * schema.tables.find((t) => t.name === "Object")?.columns.length; // 991
 */
export function loadFelis(path: string): FelisSchema {
  return loadWithStack(path, []);
}

/**
 * Parse felis YAML text; `path` names the file in errors and anchors relative resource URIs.
 * @example
 * parseFelis("name: s\ntables:\n- name: T\n  columns:\n  - name: id\n    datatype: long\n", "s.yaml")
 *   .tables[0].columns[0].nullable; // true
 */
export function parseFelis(text: string, path: string): FelisSchema {
  return parseWithStack(text, path, []);
}

/** Parsed schemas by absolute path, reused while the file is unchanged (YAML parsing dominates load time). */
const cache = new Map<string, { mtimeMs: number; size: number; schema: FelisSchema }>();

function stampOf(path: string): { mtimeMs: number; size: number } | undefined {
  try {
    const stat = statSync(path);
    return { mtimeMs: stat.mtimeMs, size: stat.size };
  } catch {
    return undefined; // reported by the read that follows
  }
}

/** A cached schema is fresh when neither its file nor any resource it pulled in changed. */
function isFresh(key: string): boolean {
  const hit = cache.get(key);
  const stamp = stampOf(key);
  if (!hit || !stamp || hit.mtimeMs !== stamp.mtimeMs || hit.size !== stamp.size) return false;
  return Object.values(hit.schema.resources).every(isFresh);
}

function loadWithStack(path: string, stack: readonly string[]): FelisSchema {
  const key = resolve(path);
  const hit = cache.get(key);
  if (hit && isFresh(key)) return { ...structuredClone(hit.schema), path };
  const stamp = stampOf(key);
  const schema = readAndParse(path, stack);
  if (stamp) cache.set(key, { ...stamp, schema: structuredClone(schema) });
  return schema;
}

function readAndParse(path: string, stack: readonly string[]): FelisSchema {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT")
      throw new InputError(path, "missing", "schema file does not exist", undefined, { cause: error });
    if (code === "EISDIR") throw new InputError(path, "unsupported", "is a directory, not a felis YAML file");
    throw new InputError(path, "corrupt", `cannot read schema file (${code ?? String(error)})`, undefined, {
      cause: error,
    });
  }
  if (text.length === 0) throw new InputError(path, "empty", "schema file is empty (0 bytes)");
  return parseWithStack(text, path, stack);
}

function parseWithStack(text: string, path: string, stack: readonly string[]): FelisSchema {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const ctx: Context = new Context(path, doc, lineCounter);
  if (doc.errors.length > 0) {
    const first = doc.errors[0];
    const pos = lineCounter.linePos(first.pos[0]);
    throw new InputError(path, "schema", `YAML syntax error: ${first.message.split("\n")[0]}`, {
      line: pos.line,
      column: pos.col,
    });
  }
  let data: unknown;
  try {
    data = doc.toJS(); // default alias limit: a schema is never an alias bomb
  } catch (error) {
    throw new InputError(path, "schema", `YAML cannot be expanded: ${(error as Error).message}`, undefined, {
      cause: error,
    });
  }
  if (!isDict(data)) ctx.fail([], "not a felis schema: the document is not a mapping");
  const rawTables = data.tables;
  if (!Array.isArray(rawTables))
    ctx.fail(["tables"], "not a felis schema: `tables` must be a list of tables");
  const name = ctx.string(data, [], "name", true, "schema: ");

  const resources = resolveResources(ctx, data, [...stack, resolve(path)]);
  const ids = new Map<string, { table: string; column?: string }>();
  const tables = rawTables.map((raw: unknown, i: number) => readTable(ctx, raw, i, resources, ids));
  tables.forEach((table: FelisTable, i: number) => {
    readKeys(ctx, rawTables[i] as Dict, i, table, ids);
  });

  return {
    name,
    id: optionalString(data["@id"]) ?? `#${name}`,
    description: optionalString(data.description),
    version: readVersion(data.version),
    path,
    resources: Object.fromEntries(Object.entries(resources).map(([key, r]) => [key, r.path])),
    tables,
  };
}

/** Error reporting with positions for one document. */
class Context {
  constructor(
    readonly path: string,
    readonly doc: Document,
    readonly lines: LineCounter,
  ) {}

  position(at: YamlPath): FilePosition | undefined {
    for (let n = at.length; n >= 0; n--) {
      const node = n === 0 ? this.doc.contents : this.doc.getIn(at.slice(0, n), true);
      const offset = (node as { range?: [number, number, number] } | null | undefined)?.range?.[0];
      if (offset !== undefined) {
        const pos = this.lines.linePos(offset);
        return { line: pos.line, column: pos.col };
      }
    }
    return undefined;
  }

  fail(at: YamlPath, detail: string): never {
    throw new InputError(this.path, "schema", detail, this.position(at));
  }

  string(obj: Dict, at: YamlPath, key: string, required: true, what?: string): string;
  string(obj: Dict, at: YamlPath, key: string, required: false, what?: string): string | undefined;
  string(obj: Dict, at: YamlPath, key: string, required: boolean, what = ""): string | undefined {
    const value = obj[key];
    if (value === undefined || value === null) {
      if (required) this.fail(at, `${what}missing \`${key}\``);
      return undefined;
    }
    if (typeof value !== "string" || value === "")
      this.fail([...at, key], `${what}\`${key}\` must be a non-empty string`);
    return value;
  }
}

interface LoadedResource {
  path: string;
  schema: FelisSchema;
}

function resolveResources(
  ctx: Context,
  data: Dict,
  stack: readonly string[],
): Record<string, LoadedResource> {
  const out: Record<string, LoadedResource> = {};
  if (data.resources === undefined || data.resources === null) return out;
  if (!isDict(data.resources)) ctx.fail(["resources"], "`resources` must be a mapping of name → { uri }");
  for (const [name, spec] of Object.entries(data.resources)) {
    const at = ["resources", name, "uri"];
    if (!isDict(spec) || typeof spec.uri !== "string") ctx.fail(at, `resource "${name}" has no \`uri\``);
    const target = resourcePath(ctx, spec.uri, at);
    if (stack.includes(target)) ctx.fail(at, `resource "${name}" (${target}) references itself in a cycle`);
    let schema: FelisSchema;
    try {
      schema = loadWithStack(target, stack);
    } catch (error) {
      if (error instanceof InputError && error.path === target && error.kind === "missing") {
        const pos = ctx.position(at);
        throw new InputError(ctx.path, "schema", `resource "${name}" refers to missing file ${target}`, pos, {
          cause: error,
        });
      }
      throw error;
    }
    out[name] = { path: target, schema };
  }
  return out;
}

function resourcePath(ctx: Context, uri: string, at: YamlPath): string {
  if (uri.startsWith("file://")) return fileURLToPath(uri);
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(uri)) {
    ctx.fail(at, `resource URI scheme not supported (only local files and file://): ${uri}`);
  }
  return isAbsolute(uri) ? uri : resolve(dirname(resolve(ctx.path)), uri);
}

function readTable(
  ctx: Context,
  raw: unknown,
  i: number,
  resources: Record<string, LoadedResource>,
  ids: Map<string, { table: string; column?: string }>,
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

function readColumn(ctx: Context, raw: unknown, at: YamlPath, table: string, tableId: string): FelisColumn {
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
  ctx: Context,
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
function finishColumn(ctx: Context, column: FelisColumn, at: YamlPath, where: string): void {
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
  ctx: Context,
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

/** Second pass, once every table's columns are known: primary key, constraints, indexes. */
function readKeys(
  ctx: Context,
  raw: Dict,
  i: number,
  table: FelisTable,
  ids: Map<string, { table: string; column?: string }>,
): void {
  const at: YamlPath = ["tables", i];
  const local = (ref: unknown, where: YamlPath, what: string): string => {
    const target = typeof ref === "string" ? ids.get(ref) : undefined;
    if (!target?.column)
      ctx.fail(where, `table "${table.name}": ${what} ${JSON.stringify(ref)} is not a column @id`);
    if (target.table !== table.name) {
      ctx.fail(
        where,
        `table "${table.name}": ${what} ${JSON.stringify(ref)} is a column of table "${target.table}"`,
      );
    }
    return target.column;
  };
  const list = (value: unknown, where: YamlPath, what: string): unknown[] => {
    if (typeof value === "string") return [value];
    if (!Array.isArray(value) || value.length === 0)
      ctx.fail(where, `table "${table.name}": ${what} must be a non-empty list`);
    return value;
  };

  if (raw.primaryKey !== undefined && raw.primaryKey !== null) {
    const pkAt = [...at, "primaryKey"];
    table.primaryKey = list(raw.primaryKey, pkAt, "primaryKey").map((ref, k) =>
      local(ref, typeof raw.primaryKey === "string" ? pkAt : [...pkAt, k], "primaryKey"),
    );
    for (const column of table.columns) {
      if (table.primaryKey.includes(column.name)) {
        column.primaryKey = true;
        column.nullable = false;
      }
    }
  }

  const constraints = raw.constraints ?? [];
  if (!Array.isArray(constraints))
    ctx.fail([...at, "constraints"], `table "${table.name}": \`constraints\` must be a list`);
  constraints.forEach((c: unknown, k: number) => {
    const cAt = [...at, "constraints", k];
    if (!isDict(c)) ctx.fail(cAt, `table "${table.name}": constraint #${k + 1} is not a mapping`);
    const name = ctx.string(c, cAt, "name", true, `table "${table.name}", constraint #${k + 1}: `);
    const base = {
      name,
      id: optionalString(c["@id"]) ?? `#${name}`,
      description: optionalString(c.description),
    };
    const type = c["@type"];
    const columnsOf = (key: string) =>
      list(c[key], [...cAt, key], `constraint "${name}" ${key}`).map((ref, m) =>
        local(ref, [...cAt, key, m], `constraint "${name}" column`),
      );
    if (type === "ForeignKey") {
      const columns = columnsOf("columns");
      const refs = list(
        c.referencedColumns,
        [...cAt, "referencedColumns"],
        `constraint "${name}" referencedColumns`,
      );
      if (refs.length !== columns.length) {
        ctx.fail(
          cAt,
          `table "${table.name}": constraint "${name}" has ${columns.length} columns but ${refs.length} referencedColumns`,
        );
      }
      const targets = refs.map((ref, m) => {
        const target = typeof ref === "string" ? ids.get(ref) : undefined;
        if (!target?.column) {
          ctx.fail(
            [...cAt, "referencedColumns", m],
            `table "${table.name}": constraint "${name}" references ${JSON.stringify(ref)}, which is not a column @id`,
          );
        }
        return { table: target.table, column: target.column };
      });
      if (new Set(targets.map((t) => t.table)).size !== 1) {
        ctx.fail(
          [...cAt, "referencedColumns"],
          `table "${table.name}": constraint "${name}" references columns of several tables`,
        );
      }
      const fk: FelisForeignKey = {
        ...base,
        table: table.name,
        columns,
        referencedTable: targets[0].table,
        referencedColumns: targets.map((t) => t.column),
      };
      table.foreignKeys.push(fk);
    } else if (type === "Unique") {
      const unique: FelisUniqueConstraint = { ...base, columns: columnsOf("columns") };
      table.uniqueConstraints.push(unique);
    } else if (type === "Check") {
      const expression = ctx.string(
        c,
        cAt,
        "expression",
        true,
        `table "${table.name}", constraint "${name}": `,
      );
      const check: FelisCheckConstraint = { ...base, expression };
      table.checkConstraints.push(check);
    } else {
      ctx.fail(
        [...cAt, "@type"],
        `table "${table.name}": constraint "${name}" has unknown @type ${JSON.stringify(type)}`,
      );
    }
  });

  const indexes = raw.indexes ?? [];
  if (!Array.isArray(indexes))
    ctx.fail([...at, "indexes"], `table "${table.name}": \`indexes\` must be a list`);
  indexes.forEach((x: unknown, k: number) => {
    const xAt = [...at, "indexes", k];
    if (!isDict(x)) ctx.fail(xAt, `table "${table.name}": index #${k + 1} is not a mapping`);
    const name = ctx.string(x, xAt, "name", true, `table "${table.name}", index #${k + 1}: `);
    const hasColumns = x.columns !== undefined;
    const hasExpressions = x.expressions !== undefined;
    if (hasColumns === hasExpressions) {
      ctx.fail(xAt, `table "${table.name}": index "${name}" needs either \`columns\` or \`expressions\``);
    }
    const index: FelisIndex = {
      name,
      id: optionalString(x["@id"]) ?? `#${name}`,
      description: optionalString(x.description),
    };
    if (hasColumns) {
      index.columns = list(x.columns, [...xAt, "columns"], `index "${name}" columns`).map((ref, m) =>
        local(ref, [...xAt, "columns", m], `index "${name}" column`),
      );
    } else {
      index.expressions = list(x.expressions, [...xAt, "expressions"], `index "${name}" expressions`).map(
        String,
      );
    }
    table.indexes.push(index);
  });
}

function readVersion(value: unknown): string | undefined {
  if (typeof value === "string") return value;
  if (typeof value === "number") return String(value);
  if (isDict(value) && typeof value.current === "string") return value.current;
  return undefined;
}

function optionalString(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  const text = String(value);
  return text.trim() === "" ? undefined : text;
}

function isDict(value: unknown): value is Dict {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

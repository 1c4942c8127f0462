/**
 * felis YAML → FelisSchema. Follows felis's own rules (python/felis/datamodel.py): generated `@id`s
 * (`#Table`, `#Table.column`), `nullable` default true, `columnRefs` resolved against `resources`
 * (URIs relative to the referencing file) and appended after a table's own columns, `@id` references in
 * primary keys, constraints and indexes resolved to names. Anything felis would reject that matters to a
 * check (unknown datatype, missing length, dangling reference) is an InputError naming file and line.
 */
import { readFileSync, statSync } from "node:fs";
import { resolve } from "node:path";
import { InputError } from "../core/errors.js";
import { type IdMap, readTable } from "./columns.js";
import type { FelisSchema, FelisTable } from "./felis.js";
import { readKeys } from "./keys.js";
import { type LoadedResource, resolveResources } from "./resources.js";
import { type Dict, isDict, optionalString, parseYaml, type YamlDoc } from "./yaml-doc.js";

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
  const parsed = parseYaml(text, path);
  const ctx: YamlDoc = parsed.doc; // explicitly typed so `fail` narrows
  const data = parsed.data;
  if (!isDict(data)) ctx.fail([], "not a felis schema: the document is not a mapping");
  const rawTables = data.tables;
  if (!Array.isArray(rawTables))
    ctx.fail(["tables"], "not a felis schema: `tables` must be a list of tables");
  const name = ctx.string(data, [], "name", true, "schema: ");

  const resources = resolveResources(ctx, data, [...stack, resolve(path)], loadWithStack);
  const ids: IdMap = new Map();
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

/**
 * The `resources` a felis document declares, loaded as `loadFelis` loads them (relative to the document's path,
 * cached, cycles refused); for readers of the raw YAML (lint) that follow `columnRefs`.
 * @example
 * const { doc, data } = parseYaml("name: s\n", "s.yaml");
 * loadResources(doc, data as Dict); // {}
 */
export function loadResources(ctx: YamlDoc, data: Dict): Record<string, LoadedResource> {
  return resolveResources(ctx, data, [resolve(ctx.path)], loadWithStack);
}

function readVersion(value: unknown): string | undefined {
  if (typeof value === "string") return value;
  if (typeof value === "number") return String(value);
  if (isDict(value) && typeof value.current === "string") return value.current;
  return undefined;
}

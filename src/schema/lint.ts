/**
 * `skygate schema lint`: what a felis schema should say but does not, found before a release reaches ingest.
 * Works on the YAML itself (not the loaded model) so that every problem is reported with its line, even the
 * ones that would stop the loader at the first.
 */
import { type Document, isMap, isScalar, LineCounter, parseDocument } from "yaml";
import { InputError } from "../core/errors.js";
import { readTextInput } from "../io/text-file.js";
import { FELIS_DATATYPES, type FelisColumn } from "./felis.js";
import { loadResources } from "./load.js";
import type { LoadedResource } from "./resources.js";
import { checkVOUnit } from "./vounit.js";
import { lineBreaks, YamlDoc } from "./yaml-doc.js";

/** `error`: the schema is wrong (ingest or TAP_SCHEMA would break); `warning`: metadata a user needs is missing. */
export type LintSeverity = "error" | "warning" | "info";

/** What a lint finding is about (each rule has a fixed severity). */
export type LintRule =
  | "duplicateTable"
  | "duplicateColumn"
  | "duplicateId"
  | "unknownDatatype"
  | "missingLength"
  | "twoUnits"
  | "keyMissingColumn"
  | "columnRefMissing"
  | "unitNotVOUnit"
  | "noDescription"
  | "noUnit"
  | "noUcd"
  | "nullableDefault";

/** One problem found in a felis YAML file, with its line. */
export interface LintFinding {
  rule: LintRule;
  severity: LintSeverity;
  table: string | null;
  column: string | null;
  /** 1-based line in the YAML file. */
  line: number | null;
  message: string;
  /** For a column pulled in through `columnRefs`: where its definition lives (fix it there, or override it here). */
  ref?: { resource: string; path: string; table: string; column: string };
}

/** A lint run: its findings and what was linted, so that "no findings" over no columns cannot pass for clean. */
export interface FelisLint {
  findings: LintFinding[];
  tables: number;
  /** Columns linted, direct ones and those pulled in through `columnRefs`. */
  columns: number;
  /** Of `columns`, those pulled in through `columnRefs` (linted as they appear in the referencing table). */
  referencedColumns: number;
}

const SEVERITY: Record<LintRule, LintSeverity> = {
  duplicateTable: "error",
  duplicateColumn: "error",
  duplicateId: "error",
  unknownDatatype: "error",
  missingLength: "error",
  twoUnits: "error",
  keyMissingColumn: "error",
  columnRefMissing: "error",
  unitNotVOUnit: "warning",
  noDescription: "warning",
  noUnit: "warning",
  noUcd: "warning",
  nullableDefault: "info",
};

const NEEDS_LENGTH = new Set(["char", "string", "unicode", "binary"]);
/** Columns of these types carry a physical quantity, so an absent unit is worth a look (flags, ids, text are not). */
const QUANTITY = new Set(["float", "double"]);

type Path = (string | number)[];
type Dict = Record<string, unknown>;

function isDict(x: unknown): x is Dict {
  return typeof x === "object" && x !== null && !Array.isArray(x);
}

function text(x: unknown): string | undefined {
  return typeof x === "string" && x.trim() !== "" ? x : undefined;
}

/** Key references in felis are `#Table.column` ids, a list of them, or (older files) bare column names. */
function refs(x: unknown): string[] {
  if (typeof x === "string") return [x];
  if (Array.isArray(x)) return x.filter((r): r is string => typeof r === "string");
  return [];
}

class Linter {
  readonly findings: LintFinding[] = [];
  constructor(
    private readonly doc: Document,
    private readonly lines: LineCounter,
  ) {}

  line(path: Path): number | null {
    for (let n = path.length; n >= 0; n--) {
      const node = n === 0 ? this.doc.contents : this.doc.getIn(path.slice(0, n), true);
      const offset = (node as { range?: [number, number, number] } | null | undefined)?.range?.[0];
      if (offset !== undefined) return this.lines.linePos(offset).line;
    }
    return null;
  }

  /** Line of the key that ends `path` (its value, when a mapping, starts on a later line). */
  keyLine(path: Path): number | null {
    const parent = this.doc.getIn(path.slice(0, -1), true);
    const key = path[path.length - 1];
    const pair = isMap(parent) ? parent.items.find((p) => isScalar(p.key) && p.key.value === key) : undefined;
    const keyNode = pair?.key;
    const offset = isScalar(keyNode) ? keyNode.range?.[0] : undefined;
    return offset === undefined ? this.line(path) : this.lines.linePos(offset).line;
  }

  /** Adds a finding at `path`; with `ref` (or `atKey`), at the line of the key `path` ends with (a columnRefs entry). */
  add(
    rule: LintRule,
    table: string | null,
    column: string | null,
    path: Path,
    message: string,
    ref?: LintFinding["ref"],
    atKey = ref !== undefined,
  ): void {
    const line = atKey ? this.keyLine(path) : this.line(path);
    const finding: LintFinding = { rule, severity: SEVERITY[rule], table, column, line, message };
    if (ref) {
      finding.ref = ref;
      finding.message += ` (through columnRefs: ${ref.resource} ${ref.table}.${ref.column}, ${ref.path})`;
    }
    this.findings.push(finding);
  }
}

/**
 * The attributes of a column pulled in through `columnRefs`, as the referencing table sees them: the resource
 * column's own (as written there), then the entry's `overrides`.
 */
function referencedAttributes(base: FelisColumn, overrides: unknown): Dict {
  const own: Dict = {
    ...base.annotations,
    datatype: base.datatype,
    length: base.length,
    description: base.description,
    nullable: base.nullableDeclared,
  };
  return isDict(overrides) ? { ...own, ...overrides } : own;
}

/** The per-column rules over one column's attributes (`raw`), found at `at` in the file being linted. */
function lintColumn(
  lint: Linter,
  table: string,
  name: string,
  raw: Dict,
  at: Path,
  ref?: LintFinding["ref"],
): void {
  const add = (rule: LintRule, path: Path, message: string) =>
    lint.add(rule, table, name, path, message, ref);
  // A referenced column's attributes are not in this file: its findings point at its columnRefs entry.
  const inside = (key: string): Path => (ref ? at : [...at, key]);
  const datatype = text(raw.datatype);
  if (datatype === undefined || !(FELIS_DATATYPES as readonly string[]).includes(datatype))
    add(
      "unknownDatatype",
      inside("datatype"),
      `${table}.${name}: datatype ${datatype ?? "(none)"} is not a felis datatype (${FELIS_DATATYPES.join(", ")})`,
    );
  else if (NEEDS_LENGTH.has(datatype) && raw.length === undefined)
    add("missingLength", at, `${table}.${name}: a ${datatype} column needs a length`);
  const tunit = text(raw["fits:tunit"]);
  const ivoaUnit = text(raw["ivoa:unit"]);
  if (tunit !== undefined && ivoaUnit !== undefined)
    add(
      "twoUnits",
      inside("ivoa:unit"),
      `${table}.${name}: both fits:tunit and ivoa:unit (felis allows one)`,
    );
  const unit = tunit ?? ivoaUnit;
  if (unit !== undefined) {
    const check = checkVOUnit(unit);
    if (!check.ok)
      add(
        "unitNotVOUnit",
        inside(tunit !== undefined ? "fits:tunit" : "ivoa:unit"),
        `${table}.${name}: unit "${unit}" is not a VOUnit (${check.reason})${check.suggestion ? `; VOUnit spelling: "${check.suggestion}"` : ""}`,
      );
  }
  if (text(raw.description) === undefined) add("noDescription", at, `${table}.${name} has no description`);
  if (unit === undefined && datatype !== undefined && QUANTITY.has(datatype))
    add(
      "noUnit",
      at,
      `${table}.${name} (${datatype}) has no unit; if it is dimensionless, say so in its description`,
    );
  if (text(raw["ivoa:ucd"]) === undefined) add("noUcd", at, `${table}.${name} has no UCD`);
}

/** One `columnRefs` entry: `resource: {Table: {local: spec}}`, at its path in the file. */
interface ColumnRef {
  resource: string;
  table: string;
  local: string;
  spec: unknown;
  at: Path;
}

/** The entries of a table's `columnRefs` (malformed levels are skipped: the loader names them). */
function columnRefsOf(value: unknown, at: Path): ColumnRef[] {
  const out: ColumnRef[] = [];
  if (!isDict(value)) return out;
  for (const [resource, byTable] of Object.entries(value))
    if (isDict(byTable))
      for (const [table, byColumn] of Object.entries(byTable))
        if (isDict(byColumn))
          for (const [local, spec] of Object.entries(byColumn))
            out.push({ resource, table, local, spec, at: [...at, resource, table, local] });
  return out;
}

/** The resource column a `columnRefs` entry names (with the resource's path), or a `columnRefMissing` finding. */
function referencedColumn(
  lint: Linter,
  resources: Readonly<Record<string, LoadedResource>>,
  table: string,
  ref: ColumnRef,
): { column: FelisColumn; path: string } | undefined {
  const missing = (what: string) => {
    lint.add(
      "columnRefMissing",
      table,
      ref.local,
      ref.at,
      `${table}.${ref.local}: columnRefs ${what}`,
      undefined,
      true,
    );
    return undefined;
  };
  const resource = resources[ref.resource];
  if (resource === undefined)
    return missing(`names resource "${ref.resource}", which \`resources\` does not declare`);
  const source = resource.schema.tables.find((t) => t.name === ref.table);
  if (source === undefined)
    return missing(`names table ${ref.table}, which resource "${ref.resource}" (${resource.path}) lacks`);
  const name = (isDict(ref.spec) ? text(ref.spec.ref_name) : undefined) ?? ref.local;
  const column = source.columns.find((c) => c.name === name);
  if (column === undefined)
    return missing(`names ${ref.table}.${name}, which resource "${ref.resource}" (${resource.path}) lacks`);
  return { column, path: resource.path };
}

/**
 * Lints the text of a felis YAML file; YAML syntax errors are InputErrors naming the line (nothing to lint).
 * @example
 * lintFelisText("name: s\ntables:\n- name: T\n  columns:\n  - name: a\n    datatype: double\n  - name: a\n    datatype: double\n", "s.yaml").map((f) => f.rule)
 * // ["noDescription", "noUnit", "noUcd", "duplicateColumn", "duplicateId", "noDescription", "noUnit", "noUcd", "nullableDefault"]
 */
export function lintFelisText(source: string, path: string): LintFinding[] {
  return lintFelisDocument(source, path).findings;
}

/**
 * Lints the text of a felis YAML file and counts what it linted. `columnRefs` are resolved as `loadFelis` resolves
 * them (`resources` relative to `path`): a resource file that does not exist is an InputError at its line.
 * @example
 * lintFelisDocument("name: s\ntables:\n- name: T\n  columns:\n  - name: a\n    datatype: long\n", "s.yaml").columns // 1
 */
export function lintFelisDocument(source: string, path: string): FelisLint {
  const lines = new LineCounter();
  const doc = parseDocument(lineBreaks(source), {
    lineCounter: lines,
    prettyErrors: false,
    uniqueKeys: false,
  });
  if (doc.errors.length > 0) {
    const first = doc.errors[0];
    const pos = lines.linePos(first.pos[0]);
    throw new InputError(path, "schema", `YAML syntax error: ${first.message.split("\n")[0]}`, {
      line: pos.line,
      column: pos.col,
    });
  }
  const data: unknown = doc.toJS();
  if (!isDict(data) || !Array.isArray(data.tables))
    throw new InputError(path, "schema", "not a felis schema: no `tables` list");
  const lint = new Linter(doc, lines);
  const resources = loadResources(new YamlDoc(path, source, { doc, lines }), data);
  const schemaName = text(data.name) ?? "schema";
  const ids = new Set<string>();
  const idOf = new Map<string, { table: string; column: string }>();
  const tableNames = new Set<string>();
  let defaultNullable = 0;
  let linted = 0;
  let referenced = 0;

  // Pass 1: tables and columns.
  data.tables.forEach((rawTable: unknown, t: number) => {
    if (!isDict(rawTable)) return;
    const table = text(rawTable.name) ?? `#${t}`;
    if (tableNames.has(table))
      lint.add("duplicateTable", table, null, ["tables", t, "name"], `table ${table} is defined twice`);
    tableNames.add(table);
    const columns = Array.isArray(rawTable.columns) ? rawTable.columns : [];
    const names = new Set<string>();
    const refs = columnRefsOf(rawTable.columnRefs, ["tables", t, "columnRefs"]);
    // Columns pulled in through `columnRefs` exist under this table's name (felis appends them after its own).
    for (const ref of refs) {
      names.add(ref.local);
      idOf.set(`#${table}.${ref.local}`, { table, column: ref.local });
    }
    columns.forEach((raw: unknown, c: number) => {
      if (!isDict(raw)) return;
      const at: Path = ["tables", t, "columns", c];
      const name = text(raw.name) ?? `#${c}`;
      if (names.has(name))
        lint.add("duplicateColumn", table, name, [...at, "name"], `${table}.${name} is defined twice`);
      names.add(name);
      const id = text(raw["@id"]) ?? `#${table}.${name}`;
      if (ids.has(id)) lint.add("duplicateId", table, name, [...at, "@id"], `@id ${id} is used twice`);
      ids.add(id);
      idOf.set(id, { table, column: name });
      lintColumn(lint, table, name, raw, at);
      if (raw.nullable === undefined) defaultNullable++;
      linted++;
    });
    // Referenced columns as the table has them: resolved as the loader resolves them (check lints what it checks).
    for (const ref of refs) {
      const base = referencedColumn(lint, resources, table, ref);
      if (base === undefined) continue;
      const raw = referencedAttributes(base.column, isDict(ref.spec) ? ref.spec.overrides : undefined);
      lintColumn(lint, table, ref.local, raw, ref.at, {
        resource: ref.resource,
        path: base.path,
        table: ref.table,
        column: base.column.name,
      });
      if (raw.nullable === undefined) defaultNullable++;
      linted++;
      referenced++;
    }
  });

  // Pass 2: keys, indexes and constraints must name columns that exist.
  const resolves = (ref: string, table: string): boolean => {
    if (idOf.has(ref)) return true;
    const bare = ref.startsWith("#") ? ref.slice(1) : ref;
    if (idOf.has(`#${bare}`)) return true;
    return idOf.has(`#${table}.${bare}`);
  };
  data.tables.forEach((rawTable: unknown, t: number) => {
    if (!isDict(rawTable)) return;
    const table = text(rawTable.name) ?? `#${t}`;
    const check = (value: unknown, path: Path, what: string): void => {
      for (const ref of refs(value))
        if (!resolves(ref, table))
          lint.add(
            "keyMissingColumn",
            table,
            null,
            path,
            `${table}: ${what} names ${ref}, which is no column of the schema`,
          );
    };
    check(rawTable.primaryKey, ["tables", t, "primaryKey"], "primaryKey");
    const constraints = Array.isArray(rawTable.constraints) ? rawTable.constraints : [];
    constraints.forEach((k: unknown, i: number) => {
      if (!isDict(k)) return;
      const label = `${text(k["@type"]) ?? "constraint"} ${text(k.name) ?? `#${i}`}`;
      check(k.columns, ["tables", t, "constraints", i, "columns"], label);
      check(
        k.referencedColumns,
        ["tables", t, "constraints", i, "referencedColumns"],
        `${label} (referenced)`,
      );
    });
    const indexes = Array.isArray(rawTable.indexes) ? rawTable.indexes : [];
    indexes.forEach((k: unknown, i: number) => {
      if (isDict(k))
        check(k.columns, ["tables", t, "indexes", i, "columns"], `index ${text(k.name) ?? `#${i}`}`);
    });
  });

  if (defaultNullable > 0)
    lint.add(
      "nullableDefault",
      null,
      null,
      [],
      `${schemaName}: ${defaultNullable} columns do not say \`nullable\`; felis (since 2024) takes them as nullable: true, and skygate's notNull check follows that`,
    );
  return { findings: lint.findings, tables: tableNames.size, columns: linted, referencedColumns: referenced };
}

/**
 * Lints a felis YAML file; a missing, empty or non-YAML file is an InputError naming it.
 * @example
 * lintFelis("fixtures/schemas/dp02_dc2.yaml").filter((f) => f.severity === "error").length // 0
 */
export function lintFelis(path: string): LintFinding[] {
  return lintFelisFile(path).findings;
}

/**
 * Lints a felis YAML file and counts what it linted (`columnRefs` followed into their resource files).
 * @example
 * lintFelisFile("fixtures/schemas/dp02_dc2.yaml").columns // 1534
 */
export function lintFelisFile(path: string): FelisLint {
  return lintFelisDocument(readTextInput(path, "schema file"), path);
}

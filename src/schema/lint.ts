/**
 * `skygate schema lint`: what a felis schema should say but does not, found before a release reaches ingest.
 * Works on the YAML itself (not the loaded model) so that every problem is reported with its line, even the
 * ones that would stop the loader at the first.
 */
import { type Document, LineCounter, parseDocument } from "yaml";
import { InputError } from "../core/errors.js";
import { readTextInput } from "../io/text-file.js";
import { FELIS_DATATYPES } from "./felis.js";
import { checkVOUnit } from "./vounit.js";

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
}

const SEVERITY: Record<LintRule, LintSeverity> = {
  duplicateTable: "error",
  duplicateColumn: "error",
  duplicateId: "error",
  unknownDatatype: "error",
  missingLength: "error",
  twoUnits: "error",
  keyMissingColumn: "error",
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

  add(rule: LintRule, table: string | null, column: string | null, path: Path, message: string): void {
    this.findings.push({ rule, severity: SEVERITY[rule], table, column, line: this.line(path), message });
  }
}

/**
 * Lints the text of a felis YAML file; YAML syntax errors are InputErrors naming the line (nothing to lint).
 * @example
 * lintFelisText("name: s\ntables:\n- name: T\n  columns:\n  - name: a\n    datatype: double\n  - name: a\n    datatype: double\n", "s.yaml").map((f) => f.rule)
 * // ["noDescription", "noUnit", "noUcd", "duplicateColumn", "duplicateId", "noDescription", "noUnit", "noUcd", "nullableDefault"]
 */
export function lintFelisText(source: string, path: string): LintFinding[] {
  const lines = new LineCounter();
  const doc = parseDocument(source, { lineCounter: lines, prettyErrors: false, uniqueKeys: false });
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
  const schemaName = text(data.name) ?? "schema";
  const ids = new Set<string>();
  const idOf = new Map<string, { table: string; column: string }>();
  const tableNames = new Set<string>();
  let defaultNullable = 0;

  // Pass 1: tables and columns.
  data.tables.forEach((rawTable: unknown, t: number) => {
    if (!isDict(rawTable)) return;
    const table = text(rawTable.name) ?? `#${t}`;
    if (tableNames.has(table))
      lint.add("duplicateTable", table, null, ["tables", t, "name"], `table ${table} is defined twice`);
    tableNames.add(table);
    const columns = Array.isArray(rawTable.columns) ? rawTable.columns : [];
    const names = new Set<string>();
    // Columns pulled in through `columnRefs: {resource: {Table: {column: …}}}` exist under this table's name
    // (the loader resolves and checks them against the resource file).
    if (isDict(rawTable.columnRefs))
      for (const byTable of Object.values(rawTable.columnRefs))
        if (isDict(byTable))
          for (const byColumn of Object.values(byTable))
            if (isDict(byColumn))
              for (const name of Object.keys(byColumn)) {
                names.add(name);
                idOf.set(`#${table}.${name}`, { table, column: name });
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
      const datatype = text(raw.datatype);
      if (datatype === undefined || !(FELIS_DATATYPES as readonly string[]).includes(datatype))
        lint.add(
          "unknownDatatype",
          table,
          name,
          [...at, "datatype"],
          `${table}.${name}: datatype ${datatype ?? "(none)"} is not a felis datatype (${FELIS_DATATYPES.join(", ")})`,
        );
      else if (NEEDS_LENGTH.has(datatype) && raw.length === undefined)
        lint.add("missingLength", table, name, at, `${table}.${name}: a ${datatype} column needs a length`);
      const tunit = text(raw["fits:tunit"]);
      const ivoaUnit = text(raw["ivoa:unit"]);
      if (tunit !== undefined && ivoaUnit !== undefined)
        lint.add(
          "twoUnits",
          table,
          name,
          [...at, "ivoa:unit"],
          `${table}.${name}: both fits:tunit and ivoa:unit (felis allows one)`,
        );
      const unit = tunit ?? ivoaUnit;
      if (unit !== undefined) {
        const check = checkVOUnit(unit);
        if (!check.ok)
          lint.add(
            "unitNotVOUnit",
            table,
            name,
            [...at, tunit !== undefined ? "fits:tunit" : "ivoa:unit"],
            `${table}.${name}: unit "${unit}" is not a VOUnit (${check.reason})${check.suggestion ? `; VOUnit spelling: "${check.suggestion}"` : ""}`,
          );
      }
      if (text(raw.description) === undefined)
        lint.add("noDescription", table, name, at, `${table}.${name} has no description`);
      if (unit === undefined && datatype !== undefined && QUANTITY.has(datatype))
        lint.add(
          "noUnit",
          table,
          name,
          at,
          `${table}.${name} (${datatype}) has no unit; if it is dimensionless, say so in its description`,
        );
      if (text(raw["ivoa:ucd"]) === undefined)
        lint.add("noUcd", table, name, at, `${table}.${name} has no UCD`);
      if (raw.nullable === undefined) defaultNullable++;
    });
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
  return lint.findings;
}

/**
 * Lints a felis YAML file; a missing, empty or non-YAML file is an InputError naming it.
 * @example
 * lintFelis("fixtures/schemas/dp02_dc2.yaml").filter((f) => f.severity === "error").length // 0
 */
export function lintFelis(path: string): LintFinding[] {
  const source = readTextInput(path, "schema file");
  return lintFelisText(source, path);
}

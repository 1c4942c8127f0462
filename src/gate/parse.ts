/**
 * Reads and validates a gate file before anything runs. Every problem is an InputError naming the file and
 * the line (exit 2): unknown keys (with the likely intended one), wrong types, bad operators, levels or dates.
 * Names of tables and columns are checked against the schema and the data in `resolve.ts`.
 */
import { dirname, isAbsolute, resolve } from "node:path";
import { InputError } from "../core/errors.js";
import { readTextInput } from "../io/text-file.js";
import { parseYaml } from "../schema/yaml-doc.js";
import { type Dict, GateDoc, isDict, type Path, substitute } from "./gate-doc.js";
import { closest } from "./match.js";
import { readFailures, readHoles, readIngest, readNotebooks, type StepContext } from "./parse-steps.js";
import { type GateSpec, LEVELS, type Level, type MetricSpec, type Operator, type Waiver } from "./types.js";

/** Keys a gate file may use (gates/gate.schema.json lists the same; a test keeps them equal). */
export const TOP_KEYS: readonly string[] = [
  "gate",
  "description",
  "params",
  "schema",
  "engine",
  "tables",
  "checks",
  "metrics",
  "warn",
  "waivers",
  "holes",
  "failures",
  "notebook",
  "ingest",
];
/** Keys a gate file may use (gates/gate.schema.json lists the same; a test keeps them equal). */
export const CHECK_KEYS: readonly string[] = ["suite", "expectRows", "ranges"];
/** Keys a gate file may use (gates/gate.schema.json lists the same; a test keeps them equal). */
export const METRIC_KEYS: readonly string[] = [
  "metric",
  "operator",
  "unit",
  "minimum",
  "design",
  "stretch",
  "require",
];
/** Keys a gate file may use (gates/gate.schema.json lists the same; a test keeps them equal). */
export const WAIVER_KEYS: readonly string[] = ["id", "pattern", "group", "reason", "ticket", "expires"];
const OPERATORS: readonly Operator[] = ["<", "<=", ">", ">=", "==", "!="];
function pathsOf(
  g: GateDoc,
  value: unknown,
  at: Path,
  base: string,
  params: Readonly<Record<string, string>>,
): string[] {
  const list = typeof value === "string" ? [value] : value;
  if (
    !Array.isArray(list) ||
    list.length === 0 ||
    !list.every((p) => typeof p === "string" && p.trim() !== "")
  )
    g.fail(at, "a table needs a path, or a list of paths (files, folders, globs)");
  return (list as string[]).map((raw) => {
    const p = substitute(g, raw, at, params);
    return isAbsolute(p) ? p : resolve(base, p);
  });
}

/** Declared parameters with their defaults, overridden by the caller's (paths given by the caller are taken from the working directory). */
function readParams(
  g: GateDoc,
  raw: unknown,
  given: Readonly<Record<string, string>>,
): Record<string, string> {
  if (raw !== undefined && !isDict(raw))
    g.fail(["params"], "`params` maps parameter names to default values");
  const declared: Record<string, string> = {};
  for (const [name, value] of Object.entries((raw as Dict | undefined) ?? {})) {
    if (typeof value !== "string" && typeof value !== "number")
      g.fail(["params", name], `parameter ${name} needs a default value`);
    declared[name] = String(value);
  }
  for (const [name, value] of Object.entries(given)) {
    if (!(name in declared)) {
      const guess = closest(name, Object.keys(declared));
      throw new InputError(
        g.path,
        "schema",
        `--param ${name}: the gate declares no such parameter${guess ? ` (did you mean ${guess}?)` : ` (params: ${Object.keys(declared).join(", ") || "none"})`}`,
      );
    }
    // A value that looks like a relative path is taken from the caller's working directory, not the gate's folder.
    declared[name] = isAbsolute(value) || !/[/\\]|^\./.test(value) ? value : resolve(value);
  }
  return declared;
}

function readMetric(g: GateDoc, raw: unknown, at: Path): MetricSpec {
  if (!isDict(raw))
    g.fail(
      at,
      "a metric is a mapping with metric, operator, unit and at least one of minimum/design/stretch",
    );
  g.onlyKeys(raw, at, METRIC_KEYS, "metric: ");
  const metric = g.text(raw, at, "metric", "metric: ");
  const operator = raw.operator ?? "<=";
  if (typeof operator !== "string" || !OPERATORS.includes(operator as Operator))
    g.fail([...at, "operator"], `metric ${metric}: operator must be one of ${OPERATORS.join(" ")}`);
  const unit = raw.unit ?? "";
  if (typeof unit !== "string")
    g.fail([...at, "unit"], `metric ${metric}: unit must be a string ("" for none)`);
  const levels: Partial<Record<Level, number>> = {};
  for (const level of LEVELS)
    if (raw[level] !== undefined) levels[level] = g.number(raw, at, level, `metric ${metric}: `);
  const present = LEVELS.filter((l) => levels[l] !== undefined);
  if (present.length === 0)
    g.fail(at, `metric ${metric}: give a threshold for at least one level (${LEVELS.join(", ")})`);
  const require = raw.require ?? present[0];
  if (
    typeof require !== "string" ||
    !(LEVELS as readonly string[]).includes(require) ||
    levels[require as Level] === undefined
  )
    g.fail(
      [...at, "require"],
      `metric ${metric}: require must name a level that has a threshold (${present.join(", ")})`,
    );
  return {
    metric,
    operator: operator as Operator,
    unit,
    levels,
    require: require as Level,
    line: g.position(at)?.line,
  };
}

function readWaiver(g: GateDoc, raw: unknown, at: Path, hasFailures: boolean): Waiver {
  if (!isDict(raw)) g.fail(at, "a waiver is a mapping with id (or pattern), reason, ticket and expires");
  g.onlyKeys(raw, at, WAIVER_KEYS, "waiver: ");
  if (raw.id !== undefined && raw.pattern !== undefined)
    g.fail(at, "a waiver names exactly one of `id` or `pattern`");
  if (raw.id === undefined && raw.pattern === undefined && raw.group === undefined)
    g.fail(at, "a waiver names one of `id` or `pattern` (or `group`, for a failure group)");
  const match =
    raw.id !== undefined
      ? g.text(raw, at, "id", "waiver: ")
      : raw.pattern !== undefined
        ? g.text(raw, at, "pattern", "waiver: ")
        : "*.failureLocation";
  const group = raw.group === undefined ? undefined : g.text(raw, at, "group", `waiver ${match}: `);
  if (group !== undefined && !hasFailures)
    g.fail(
      [...at, "group"],
      `waiver ${match}: \`group\` picks a failure group, but the gate has no \`failures\``,
    );
  if (group !== undefined && !match.endsWith(".failureLocation") && !match.endsWith("*"))
    g.fail(
      [...at, "group"],
      `waiver ${match}: \`group\` picks a failure group by its message template; the waiver must name TASK.failureLocation results`,
    );
  const reason = g.text(raw, at, "reason", `waiver ${match}: `);
  const ticket = g.text(raw, at, "ticket", `waiver ${match}: `);
  // YAML reads an unquoted 2027-01-31 as a date; either way it must be a real calendar day.
  const rawExpires = raw.expires instanceof Date ? raw.expires.toISOString().slice(0, 10) : raw.expires;
  if (
    typeof rawExpires !== "string" ||
    !/^\d{4}-\d{2}-\d{2}$/.test(rawExpires) ||
    Number.isNaN(Date.parse(`${rawExpires}T00:00:00Z`)) ||
    new Date(`${rawExpires}T00:00:00Z`).toISOString().slice(0, 10) !== rawExpires
  )
    g.fail([...at, "expires"], `waiver ${match}: expires must be a date YYYY-MM-DD`);
  return {
    match,
    ...(group !== undefined ? { group } : {}),
    reason,
    ticket,
    expires: rawExpires,
    line: g.position(at)?.line,
  };
}

/**
 * Parses a gate file's text; `path` names it in errors and relative paths are resolved from its folder.
 * `params` override the file's declared parameters (`${name}` in paths).
 * @example
 * parseGate("gate: pilot\ntables:\n  Object: Object.parquet\n", "/data/pilot.yaml").tables.Object // ["/data/Object.parquet"]
 */
export function parseGate(
  text: string,
  path: string,
  params: Readonly<Record<string, string>> = {},
): GateSpec {
  const parsed = parseYaml(text, path);
  const g: GateDoc = new GateDoc(path, text);
  const data: unknown = parsed.data;
  if (!isDict(data))
    g.fail([], "a gate file is a YAML mapping (gate, tables, checks, metrics, warn, waivers)");
  g.onlyKeys(data, [], TOP_KEYS, "");
  const base = dirname(resolve(path));
  const name = g.text(data, [], "gate", "");
  const values = readParams(g, data.params, params);
  if (!isDict(data.tables) || Object.keys(data.tables).length === 0)
    g.fail(["tables"], "`tables` must map table names to paths");
  const tables: Record<string, string[]> = {};
  const tableLines: Record<string, number> = {};
  for (const [table, value] of Object.entries(data.tables)) {
    tables[table] = pathsOf(g, value, ["tables", table], base, values);
    const line = g.position(["tables", table])?.line;
    if (line !== undefined) tableLines[table] = line;
  }
  const engine = data.engine ?? "auto";
  if (engine !== "auto" && engine !== "arrow" && engine !== "duckdb")
    g.fail(["engine"], "`engine` must be auto, arrow or duckdb");
  const checks = data.checks ?? {};
  if (!isDict(checks)) g.fail(["checks"], "`checks` must be a mapping (suite, expectRows, ranges)");
  g.onlyKeys(checks, ["checks"], CHECK_KEYS, "checks: ");
  const suite = checks.suite ?? true;
  if (typeof suite !== "boolean") g.fail(["checks", "suite"], "checks: `suite` must be true or false");
  const expectRows: Record<string, number> = {};
  if (checks.expectRows !== undefined) {
    if (!isDict(checks.expectRows))
      g.fail(["checks", "expectRows"], "checks: `expectRows` maps table names to row counts");
    for (const [table, n] of Object.entries(checks.expectRows)) {
      if (typeof n !== "number" || !Number.isInteger(n) || n < 0)
        g.fail(["checks", "expectRows", table], `checks: expected rows of ${table} must be a count`);
      expectRows[table] = n;
    }
  }
  const ranges = checks.ranges ?? [];
  if (!Array.isArray(ranges) || !ranges.every((r) => typeof r === "string"))
    g.fail(["checks", "ranges"], "checks: `ranges` is a list of TABLE.COLUMN=MIN..MAX[unit]");
  const metrics = data.metrics ?? [];
  if (!Array.isArray(metrics)) g.fail(["metrics"], "`metrics` must be a list");
  const warn = data.warn ?? [];
  if (!Array.isArray(warn) || !warn.every((w) => typeof w === "string"))
    g.fail(["warn"], "`warn` is a list of result ids or patterns");
  const waivers = data.waivers ?? [];
  if (!Array.isArray(waivers)) g.fail(["waivers"], "`waivers` must be a list");
  const ctx: StepContext = { base, params: values, tables };
  const holes = data.holes === undefined ? undefined : readHoles(g, data.holes, ctx);
  const failures = data.failures === undefined ? undefined : readFailures(g, data.failures, ctx);
  const notebooks = data.notebook === undefined ? [] : readNotebooks(g, data.notebook, ctx);
  const ingest = data.ingest === undefined ? undefined : readIngest(g, data.ingest, ctx);
  const schema =
    data.schema === undefined ? undefined : substitute(g, g.text(data, [], "schema", ""), ["schema"], values);
  return {
    name,
    description: typeof data.description === "string" ? data.description : undefined,
    path,
    params: values,
    schema: schema === undefined ? undefined : isAbsolute(schema) ? schema : resolve(base, schema),
    tables,
    tableLines,
    engine,
    suite,
    expectRows,
    ranges: ranges as string[],
    metrics: metrics.map((m: unknown, i: number) => readMetric(g, m, ["metrics", i])),
    warn: warn as string[],
    waivers: waivers.map((w: unknown, i: number) => readWaiver(g, w, ["waivers", i], failures !== undefined)),
    ...(holes ? { holes } : {}),
    ...(failures ? { failures } : {}),
    notebooks,
    ...(ingest ? { ingest } : {}),
  };
}

/**
 * Reads and validates a gate file (missing or empty files are InputErrors naming it).
 * @example
 * loadGate("gates/pilot.yaml").name // "pilot"
 */
export function loadGate(path: string, params: Readonly<Record<string, string>> = {}): GateSpec {
  const text = readTextInput(path, "gate file");
  return parseGate(text, path, params);
}

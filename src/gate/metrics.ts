/**
 * Gate metrics: numbers read from a profile or from check results, judged against Rubin verify-spec levels.
 * A metric whose value cannot be measured is `error`, never a pass.
 */
import { InputError } from "../core/errors.js";
import type { CheckResult } from "../core/results.js";
import type { DataId, Metric } from "../metrics/metric.js";
import { parseDataId } from "../metrics/metric.js";
import { scienceMetric } from "../metrics/science/registry.js";
import { type Summary, summarizeMetrics } from "../metrics/science/summary.js";
import { scienceUnitFactor, scienceUnits } from "../metrics/science/units.js";
import { boundNumber, type ColumnProfile, type TableProfile } from "../metrics/types.js";
import { canConvert, convertValue, normalizeUnit, unitKind } from "../schema/units.js";
import { closest } from "./match.js";
import { LEVELS, type MetricOutcome, type MetricSpec, type Operator } from "./types.js";

/** Per-column statistics a gate metric may name. Rates are fractions of the table's rows. */
export const COLUMN_STATS = [
  "nullRate",
  "nanRate",
  "infRate",
  "trueRate",
  "mean",
  "stddev",
  "min",
  "max",
  "distinct",
] as const;
export type ColumnStat = (typeof COLUMN_STATS)[number];

/** What a metric name refers to. */
export type MetricTarget =
  | { kind: "rows"; table: string }
  | { kind: "column"; table: string; column: string; stat: ColumnStat }
  | { kind: "failingRate"; table: string; resultId: string }
  | { kind: "science"; table: string; name: string; summary: Summary | null; where: DataId };

// TABLE.NAME[.SUMMARY][{key=value,…}] for a registered science metric (src/metrics/science).
const SCIENCE_NAME = /^(\w+)\.(\w+)(?:\.(min|max|median|mean))?(?:\{([^}]*)\})?$/;

/**
 * Parses a metric name: `TABLE.rows`, `TABLE.COLUMN.STAT`, `RESULT_ID.failingRate` (a result id of the run), or a
 * science metric `TABLE.NAME[.min|max|median|mean][{key=value,…}]` (see src/metrics/science/README.md).
 * @example parseMetricName("Object.nanRate.max{family=psfFlux}") // { kind: "science", table: "Object", name: "nanRate", summary: "max", where: { family: "psfFlux" } }
 * @example
 * parseMetricName("Object.g_psfFlux.nanRate") // { kind: "column", table: "Object", column: "g_psfFlux", stat: "nanRate" }
 * parseMetricName("Object.objectId.unique.failingRate") // { kind: "failingRate", table: "Object", resultId: "Object.objectId.unique" }
 */
export function parseMetricName(name: string): MetricTarget | undefined {
  const science = SCIENCE_NAME.exec(name);
  if (science !== null && scienceMetric(science[2]) !== undefined)
    return {
      kind: "science",
      table: science[1],
      name: science[2],
      summary: (science[3] as Summary | undefined) ?? null,
      where: parseDataId(science[4] ?? ""),
    };
  const parts = name.split(".");
  if (parts.length === 2 && parts[1] === "rows") return { kind: "rows", table: parts[0] };
  if (parts.length >= 3 && parts[parts.length - 1] === "failingRate")
    return { kind: "failingRate", table: parts[0], resultId: parts.slice(0, -1).join(".") };
  if (parts.length === 3 && (COLUMN_STATS as readonly string[]).includes(parts[2]))
    return { kind: "column", table: parts[0], column: parts[1], stat: parts[2] as ColumnStat };
  return undefined;
}

/** The unit a metric's raw value is in: "fraction", "count", or the column's own unit ("" when it has none). */
export function naturalUnit(target: MetricTarget, columnUnit: string | undefined): string {
  if (target.kind === "rows") return "count";
  if (target.kind === "failingRate") return "fraction";
  if (target.kind === "science") return scienceMetric(target.name)?.unit ?? "";
  if (target.stat.endsWith("Rate")) return "fraction";
  if (target.stat === "distinct") return "count";
  return columnUnit ?? "";
}

/**
 * Whether a gate may state a metric in `unit`: fractions as "" or "%", counts as "" or "count", a column's
 * values in its own unit or an angle unit convertible to it (a mean of fluxes is not a mean of magnitudes).
 * @example
 * unitAllowed("fraction", "%") // true
 * unitAllowed("deg", "arcsec") // true
 * unitAllowed("nJy", "mag") // false
 */
export function unitAllowed(natural: string, unit: string): boolean {
  if (scienceUnitFactor(natural, unit) !== undefined) return true;
  if (natural === "fraction") return unit === "" || unit === "%";
  if (natural === "count") return unit === "" || unit === "count";
  const a = normalizeUnit(natural);
  const b = normalizeUnit(unit);
  if (a === undefined || b === undefined) return a === b;
  return a === b || (unitKind(a) === "angle" && unitKind(b) === "angle" && canConvert(a, b));
}

function inUnit(value: number, natural: string, unit: string): number {
  const factor = scienceUnitFactor(natural, unit);
  if (factor !== undefined) return value * factor;
  if (natural === "fraction") return unit === "%" ? value * 100 : value;
  if (natural === "count" || normalizeUnit(natural) === normalizeUnit(unit)) return value;
  return convertValue(value, natural, unit);
}

/**
 * Validates a gate's metrics against the tables and their columns before anything runs; the error names the
 * gate file and the metric's line.
 * @example
 * checkMetricSpecs("g.yaml", [{ metric: "Object.g_psfFlx.nanRate", operator: "<=", unit: "%", levels: { minimum: 1 }, require: "minimum" }], new Map([["Object", new Map([["g_psfFlux", "nJy"]])]]))
 * // throws: g.yaml: metric Object.g_psfFlx.nanRate: table Object has no column g_psfFlx (did you mean g_psfFlux?)
 */
export function checkMetricSpecs(
  gatePath: string,
  metrics: readonly MetricSpec[],
  columnUnits: ReadonlyMap<string, ReadonlyMap<string, string | undefined>>,
): void {
  for (const m of metrics) {
    const where = m.line === undefined ? undefined : { line: m.line };
    const fail = (detail: string): never => {
      throw new InputError(gatePath, "schema", `metric ${m.metric}: ${detail}`, where);
    };
    const target = parseMetricName(m.metric);
    if (target === undefined)
      fail(
        `not a metric name (TABLE.rows, TABLE.COLUMN.{${COLUMN_STATS.join(",")}} or RESULT_ID.failingRate)`,
      );
    const t = target as MetricTarget;
    const columns = columnUnits.get(t.table);
    if (columns === undefined) {
      const guess = closest(t.table, [...columnUnits.keys()]);
      fail(
        `unknown table ${t.table} (${guess ? `did you mean ${guess}? ` : ""}the gate's tables: ${[...columnUnits.keys()].join(", ")})`,
      );
    }
    const cols = columns as ReadonlyMap<string, string | undefined>;
    if (t.kind === "column" && !cols.has(t.column)) {
      const guess = closest(t.column, [...cols.keys()]);
      fail(`table ${t.table} has no column ${t.column}${guess ? ` (did you mean ${guess}?)` : ""}`);
    }
    if (t.kind === "science") {
      const def = scienceMetric(t.name);
      if (def !== undefined && !def.tables.includes(t.table))
        fail(`${t.name} is measured on ${def.tables.join(" or ")}, not ${t.table}`);
      const absentTables = def?.needs.filter((n) => !columnUnits.has(n)) ?? [];
      if (absentTables.length > 0)
        fail(`${t.name} also needs table ${absentTables.join(", ")} among the gate's tables`);
      const absentColumns = def?.missing(new Set(cols.keys())) ?? [];
      if (absentColumns.length > 0) fail(`${t.name} needs column ${absentColumns.join(", ")} of ${t.table}`);
      const natural = naturalUnit(t, undefined);
      if (scienceUnitFactor(natural, m.unit) === undefined)
        fail(
          `unit "${m.unit}" does not fit ${t.name} (in ${natural}; use ${scienceUnits(natural)
            .map((u) => `"${u}"`)
            .join(", ")})`,
        );
      continue;
    }
    const natural = naturalUnit(t, t.kind === "column" ? cols.get(t.column) : undefined);
    if (!unitAllowed(natural, m.unit))
      fail(
        `unit "${m.unit}" does not fit a value in ${natural === "" ? "no unit" : `"${natural}"`}${natural === "fraction" ? ' (use "" or "%")' : ""}`,
      );
  }
}

function columnValue(p: ColumnProfile, stat: ColumnStat): number | null {
  const rows = p.rows;
  switch (stat) {
    case "nullRate":
      return rows > 0 ? p.nulls / rows : null;
    case "nanRate":
      return "nan" in p && rows > 0 && p.nan !== null ? p.nan / rows : null;
    case "infRate":
      return "nan" in p && rows > 0 && p.posInf !== null && p.negInf !== null
        ? (p.posInf + p.negInf) / rows
        : null;
    case "trueRate":
      return "true" in p && p.true + p.false > 0 ? p.true / (p.true + p.false) : null;
    case "distinct":
      return "distinct" in p ? p.distinct : null;
    default:
      return "nan" in p ? boundNumber(p[stat]) : null;
  }
}

/**
 * The value of a metric from the run's profiles and results (null when it cannot be measured: a table not
 * profiled, a statistic the column type has not, a result id the run did not produce).
 * @example
 * measure({ kind: "rows", table: "T" }, { T: { rows: 7, sources: [], columns: {} } }, []) // 7
 */
export function measure(
  target: MetricTarget,
  profiles: Readonly<Record<string, TableProfile>>,
  results: readonly CheckResult[],
  science: ReadonlyMap<string, readonly Metric[] | string> = new Map(),
): number | null {
  if (target.kind === "science") {
    const values = science.get(`${target.table}.${target.name}`);
    return values === undefined || typeof values === "string"
      ? null
      : summarizeMetrics(values, target.where, target.summary);
  }
  if (target.kind === "rows") return profiles[target.table]?.rows ?? null;
  if (target.kind === "failingRate") {
    const r = results.find((x) => x.id === target.resultId);
    return r === undefined || r.total === 0 || r.status === "error" ? null : r.failing / r.total;
  }
  const p = profiles[target.table]?.columns[target.column];
  return p === undefined ? null : columnValue(p, target.stat);
}

/**
 * Whether `value OP threshold` holds.
 * @example
 * compare(0.5, "<=", 1) // true
 */
export function compare(value: number, op: Operator, threshold: number): boolean {
  switch (op) {
    case "<":
      return value < threshold;
    case "<=":
      return value <= threshold;
    case ">":
      return value > threshold;
    case ">=":
      return value >= threshold;
    case "==":
      return value === threshold;
    default:
      return value !== threshold;
  }
}

/**
 * Judges one metric: every level with a threshold, and a CheckResult (`check: "metric.…"`) that fails when the
 * required level fails and errs when the value cannot be measured.
 * @example
 * judgeMetric({ metric: "T.rows", operator: ">=", unit: "", levels: { minimum: 5 }, require: "minimum" }, 7, "count").result.status // "pass"
 */
export function judgeMetric(
  spec: MetricSpec,
  raw: number | null,
  natural: string,
): { outcome: MetricOutcome; result: CheckResult } {
  const value = raw === null || !Number.isFinite(raw) ? null : inUnit(raw, natural, spec.unit);
  const levels: MetricOutcome["levels"] = {};
  for (const level of LEVELS) {
    const threshold = spec.levels[level];
    if (threshold !== undefined)
      levels[level] = { value: threshold, pass: value !== null && compare(value, spec.operator, threshold) };
  }
  const target = parseMetricName(spec.metric) as MetricTarget;
  const column = target.kind === "column" ? target.column : null;
  // check "metric.nanRate" for Object.g_psfFlux.nanRate, "metric.rows", "metric.objectId.unique.failingRate".
  const check = `metric.${target.kind === "column" ? target.stat : spec.metric.slice(target.table.length + 1)}`;
  const unit = spec.unit === "" ? "" : ` ${spec.unit}`;
  const passed = LEVELS.filter((l) => levels[l]?.pass);
  const required = levels[spec.require];
  const status = value === null ? "error" : required?.pass ? "pass" : "fail";
  const message =
    value === null
      ? `${spec.metric} could not be measured`
      : `${spec.metric} = ${Number.isInteger(value) ? value : value.toPrecision(4)}${unit}; ${spec.require} requires ${spec.operator} ${required?.value}${unit}; levels met: ${passed.length > 0 ? passed.join(", ") : "none"}`;
  return {
    outcome: {
      metric: spec.metric,
      value,
      unit: spec.unit,
      operator: spec.operator,
      levels,
      require: spec.require,
    },
    result: {
      id: column === null ? `${target.table}.${check}` : `${target.table}.${column}.${check}`,
      table: target.table,
      column,
      check,
      status,
      failing: status === "fail" ? 1 : 0,
      total: 1,
      message,
      sample: [],
    },
  };
}

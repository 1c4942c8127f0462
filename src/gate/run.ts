/**
 * Runs a validated gate: every input is opened and every name checked before the first check runs; then the
 * every-column suite, the metrics, the waivers and the warn-only patterns give one verdict.
 */
import { checkTables } from "../checks/checkTables.js";
import { makeResult } from "../checks/result.js";
import { isUnreadable, unreadableResult } from "../checks/run.js";
import { parseUserRange } from "../checks/userRange.js";
import { InputError, UsageError } from "../core/errors.js";
import type { CheckResult, Report, TableSummary } from "../core/results.js";
import type { Engine } from "../engines/types.js";
import { openTable } from "../io/open.js";
import type { TableSource } from "../io/table.js";
import { formatDataId } from "../metrics/metric.js";
import { computeScience } from "../metrics/science/registry.js";
import { whereExtreme } from "../metrics/science/summary.js";
import type { TableProfile } from "../metrics/types.js";
import type { FelisSchema } from "../schema/felis.js";
import { loadFelis } from "../schema/load.js";
import { findTable } from "../schema/lookup.js";
import { type FailuresSection, prepareFailures, runFailuresStep } from "./failures-step.js";
import { type HolesSection, prepareHoles, runHolesStep } from "./holes-step.js";
import { prepareIngest, runIngestStep } from "./ingest-step.js";
import { closest } from "./match.js";
import {
  checkMetricSpecs,
  judgeMetric,
  type MetricTarget,
  measure,
  naturalUnit,
  parseMetricName,
} from "./metrics.js";
import { type NotebookOutcome, prepareNotebook, runNotebookStep } from "./notebook-step.js";
import type { GateSpec, MetricOutcome, Waiver } from "./types.js";
import { applyWaivers, gateStatus } from "./waivers.js";

/** The engines a gate runs on (the CLI passes the `--engine` choice's pool). */
export interface GateEngines {
  engineFor: (...sources: TableSource[]) => Engine;
  fallbackFor?: (source: TableSource) => Engine | null;
  /** Rejects (a UsageError) when the engine cannot read a table at all: called once the tables are open. */
  ready?: (sources: readonly TableSource[]) => Promise<void>;
}

/** How to run a gate: engines, the version to report, the day waivers are judged on. */
export interface RunGateOptions {
  engines: GateEngines;
  version: string;
  /** The day waivers are judged on (YYYY-MM-DD, UTC); today by default. Tests pin it. */
  today?: string;
  onProgress?: Parameters<typeof checkTables>[0]["onProgress"];
}

/** What a gate run adds to the contract's report. */
export interface GateSection {
  name: string;
  file: string;
  description?: string;
  status: "pass" | "fail" | "error";
  blocking: string[];
  warnings: string[];
  /** `group`: the failure group's message template, where a task has several groups. */
  waived: { id: string; group?: string; ticket: string; expires: string; reason: string }[];
  expiredWaivers: Waiver[];
  unusedWaivers: Waiver[];
}

/** The report of a gate: the contract's report plus `gate` and `metrics`, and what its holes, failures and notebooks found. */
export interface GateReport extends Report {
  gate: GateSection;
  metrics: MetricOutcome[];
  holes?: HolesSection;
  failures?: FailuresSection;
  notebooks?: NotebookOutcome[];
  /** The executed notebooks as HTML, for the HTML report (not enumerable: never in the JSON). */
  readonly notebookPages?: readonly string[];
}

/** Columns and their units per table, from the schema where it has the table, else from the data. */
async function columnUnits(
  spec: GateSpec,
  sources: ReadonlyMap<string, TableSource>,
  schema: FelisSchema | undefined,
): Promise<Map<string, Map<string, string | undefined>>> {
  const out = new Map<string, Map<string, string | undefined>>();
  for (const [name, source] of sources) {
    const table = schema ? findTable(schema, name) : undefined;
    if (schema && table === undefined) {
      const guess = closest(
        name,
        schema.tables.map((t) => t.name),
      );
      const line = spec.tableLines?.[name];
      throw new InputError(
        spec.path,
        "schema",
        `table ${name} is not in schema ${schema.name} (${schema.path})${guess ? `: did you mean ${guess}?` : ""}`,
        line === undefined ? undefined : { line },
      );
    }
    const columns = table
      ? table.columns.map((c) => [c.name, c.unit] as const)
      : (await source.columns()).map((c) => [c.name, c.unit] as const);
    out.set(name, new Map(columns));
  }
  return out;
}

function validateNames(spec: GateSpec): void {
  for (const table of Object.keys(spec.expectRows))
    if (!(table in spec.tables))
      throw new InputError(
        spec.path,
        "schema",
        `checks.expectRows names ${table}, which is not among the gate's tables (${Object.keys(spec.tables).join(", ")})`,
      );
  for (const range of spec.ranges) {
    let parsed: ReturnType<typeof parseUserRange>;
    try {
      parsed = parseUserRange(range);
    } catch (error) {
      throw new InputError(spec.path, "schema", `checks.ranges: ${(error as Error).message}`);
    }
    if (!(parsed.table in spec.tables))
      throw new InputError(
        spec.path,
        "schema",
        `checks.ranges: ${range} names table ${parsed.table}, which is not among the gate's tables`,
      );
  }
  for (const w of [...spec.waivers.map((x) => x.match), ...spec.warn]) {
    const table = w.split(".")[0];
    // Failure groups are named by task (`calibrate.failureLocation`), notebooks `notebook.NAME.notebook`.
    const other =
      table === "gate" ||
      (table === "notebook" && spec.notebooks.length > 0) ||
      (spec.failures !== undefined && (table === "failures" || w.endsWith(".failureLocation")));
    if (!table.includes("*") && !(table in spec.tables) && !other)
      throw new InputError(
        spec.path,
        "schema",
        `waiver/warn pattern ${w} names table ${table}, which is not among the gate's tables`,
      );
  }
}

function waiverResult(gate: string, w: Waiver, today: string): CheckResult {
  return {
    id: `gate.${w.match}.waiverExpired`,
    table: "gate",
    column: w.match,
    check: "waiverExpired",
    status: "fail",
    failing: 1,
    total: 1,
    message: `gate ${gate}: the waiver of ${w.match}${w.group === undefined ? "" : ` (group "${w.group}")`} (${w.ticket}) expired on ${w.expires} (today ${today}); renew it with a reason or fix the issue`,
    sample: [],
  };
}

/**
 * Runs a gate and returns its report; `status` is the gate's verdict (waived and warn-only findings never block).
 * Unreadable inputs and names unknown to the schema or data are InputErrors naming the gate file, before any check.
 * @example
 * const report = await runGate(loadGate("gates/pilot.yaml"), { engines: { engineFor: () => new ArrowEngine() }, version: "0.1.0" });
 */
export async function runGate(spec: GateSpec, options: RunGateOptions): Promise<GateReport> {
  const today = options.today ?? new Date().toISOString().slice(0, 10);
  validateNames(spec);
  const schema = spec.schema === undefined ? undefined : loadFelis(spec.schema);
  const sources = new Map<string, TableSource>();
  for (const [name, paths] of Object.entries(spec.tables)) sources.set(name, await openTable(name, paths));
  await options.engines.ready?.([...sources.values()]);
  const units = await columnUnits(spec, sources, schema);
  checkMetricSpecs(spec.path, spec.metrics, units);
  // Everything the other steps read is read now, so a bad input stops the gate before any work.
  const holes = spec.holes ? await prepareHoles(spec.path, spec.holes) : undefined;
  const failures = spec.failures ? await prepareFailures(spec.path, spec.failures) : undefined;
  const notebooks = [];
  for (const n of spec.notebooks) notebooks.push(await prepareNotebook(spec.path, n));
  const ingest = spec.ingest ? await prepareIngest(spec.path, spec.ingest, sources, schema) : undefined;

  let base: Report;
  if (spec.suite) {
    try {
      base = await checkTables({
        sources,
        ...(schema ? { schema } : {}),
        engineFor: options.engines.engineFor,
        ...(options.engines.fallbackFor ? { fallbackFor: options.engines.fallbackFor } : {}),
        ranges: spec.ranges.map(parseUserRange),
        expectedRows: spec.expectRows,
        version: options.version,
        ...(options.onProgress ? { onProgress: options.onProgress } : {}),
      });
    } catch (error) {
      if (error instanceof UsageError) throw new InputError(spec.path, "schema", error.message);
      throw error;
    }
  } else {
    const tables: Record<string, TableSummary> = {};
    for (const [name, source] of sources)
      tables[name] = {
        rows: await source.rowCount(),
        columns: (await source.columns()).length,
        sources: [...source.files],
      };
    base = {
      tool: "skygate",
      version: options.version,
      status: "pass",
      tables,
      coverage: { columns: 0, checked: 0, unchecked: [] },
      results: [],
    };
  }

  const extra: CheckResult[] = [];
  if (ingest) {
    try {
      extra.push(...(await runIngestStep(ingest, sources, options.engines.engineFor)));
    } catch (error) {
      // As for the metrics below: data unreadable mid-run cost the step, not the gate's other findings.
      if (!(error instanceof InputError)) throw error;
      const path = error.path;
      const table = [...sources].find(([, s]) => s.files.includes(path))?.[0] ?? null;
      if (table !== null && !isUnreadable([...base.results, ...extra], table))
        extra.push(unreadableResult(table, error));
      extra.push(makeResult(spec.name, null, "ingest", "error", 0, 0, `could not run: ${error.message}`));
    }
  }
  let holesSection: HolesSection | undefined;
  if (holes) {
    const step = await runHolesStep(holes, sources, {
      engineFor: options.engines.engineFor,
      version: options.version,
      skipIds: new Set(base.results.map((r) => r.id)),
    });
    extra.push(...step.results);
    holesSection = step.section;
  }
  let failuresSection: FailuresSection | undefined;
  let groupTemplates = new Map<CheckResult, string>();
  if (failures) {
    const step = runFailuresStep(failures, options.version);
    extra.push(...step.results);
    failuresSection = step.section;
    groupTemplates = step.templates;
  }
  const notebookOutcomes: NotebookOutcome[] = [];
  const pages: string[] = [];
  for (const n of notebooks) {
    const step = await runNotebookStep(n);
    extra.push(step.result);
    notebookOutcomes.push(step.outcome);
    if (step.html !== "") pages.push(step.html);
  }
  const found = [...base.results, ...extra];

  // Profile only the columns the metrics name, each table once.
  const targets = spec.metrics.map((m) => parseMetricName(m.metric) as MetricTarget);
  const profiles: Record<string, TableProfile> = {};
  for (const [name, source] of sources) {
    const columns = [
      ...new Set(targets.flatMap((t) => (t.kind === "column" && t.table === name ? [t.column] : []))),
    ];
    const needsRows = targets.some((t) => t.kind === "rows" && t.table === name);
    if (columns.length === 0 && !needsRows) continue;
    if (columns.length === 0) {
      profiles[name] = { rows: await source.rowCount(), sources: [...source.files], columns: {} };
      continue;
    }
    // Rates and bounds need no mean, stddev or distinct: the suite's counts-only profile already has them.
    const moments = targets.some(
      (t) => t.kind === "column" && t.table === name && ["mean", "stddev", "distinct"].includes(t.stat),
    );
    try {
      profiles[name] = (
        await options.engines
          .engineFor(source)
          .profile(source, { columns, ...(moments ? {} : { statistics: "counts" as const }) })
      ).profile;
    } catch (error) {
      // Data unreadable mid-run: the table's metrics are not measured (errors), the others and every report
      // stay, and the table's input error names the file (once, if the suite has not already).
      if (!(error instanceof InputError)) throw error;
      if (!isUnreadable(found, name)) found.push(unreadableResult(name, error));
    }
  }
  // Science metrics (src/metrics/science): each scan once per table, over the columns it declares.
  const science = await computeScience(
    targets.flatMap((t) => (t.kind === "science" ? [[t.table, t.name] as const] : [])),
    {
      tables: sources,
      // Rates come from the engine's profile (DuckDB proves NaN and null counts from Parquet statistics).
      profile: (table, columns, partitionBy) => {
        const source = sources.get(table) as TableSource;
        return options.engines.engineFor(source).profile(source, {
          columns,
          statistics: "counts",
          ...(partitionBy === undefined ? {} : { partitionBy: { kind: "column", column: partitionBy } }),
        });
      },
    },
  );
  const metrics: MetricOutcome[] = [];
  const metricResults: CheckResult[] = [];
  spec.metrics.forEach((m, i) => {
    const target = targets[i];
    const natural = naturalUnit(
      target,
      target.kind === "column" ? units.get(target.table)?.get(target.column) : undefined,
    );
    const { outcome, result } = judgeMetric(m, measure(target, profiles, found, science), natural);
    const why = target.kind === "science" ? science.get(`${target.table}.${target.name}`) : undefined;
    // Say where a min / max came from: the patch or band a V&V scientist looks at next.
    const at =
      target.kind === "science" && Array.isArray(why)
        ? whereExtreme(why, target.where, target.summary)
        : null;
    if (at !== null && result.status !== "error") result.message += ` (at ${formatDataId(at)})`;
    if (result.status === "error" && why !== undefined)
      result.message +=
        typeof why === "string"
          ? `: ${why}`
          : why.length === 0
            ? ": nothing qualified (no data the metric's definition accepts)"
            : `: no single finite value among ${why.length} for this selection`;
    metrics.push(outcome);
    metricResults.push(result);
  });

  const judged = [...found, ...metricResults];
  const labelled = applyWaivers(judged, spec.waivers, spec.warn, today, (r) => groupTemplates.get(r));
  // Labelled results are new objects where waived or warn-only; carry each group's template over by position.
  const templateOf = new Map<CheckResult, string>();
  labelled.results.forEach((r, i) => {
    const t = groupTemplates.get(judged[i]);
    if (t !== undefined) templateOf.set(r, t);
  });
  const results = [...labelled.results, ...labelled.expired.map((w) => waiverResult(spec.name, w, today))];
  const status = gateStatus(results);
  const gate: GateSection = {
    name: spec.name,
    file: spec.path,
    ...(spec.description ? { description: spec.description } : {}),
    status,
    blocking: results
      .filter((r) => r.blocking !== false && (r.status === "fail" || r.status === "error"))
      .map((r) => r.id),
    warnings: results.filter((r) => r.blocking === false).map((r) => r.id),
    waived: results.flatMap((r) =>
      r.waiver
        ? [
            {
              id: r.id,
              ...(templateOf.has(r) ? { group: templateOf.get(r) as string } : {}),
              ticket: r.waiver.ticket,
              expires: r.waiver.expires,
              reason: r.waiver.reason,
            },
          ]
        : [],
    ),
    expiredWaivers: labelled.expired,
    unusedWaivers: labelled.unused,
  };
  const report: GateReport = {
    ...base,
    status,
    results,
    gate,
    metrics,
    ...(holesSection ? { holes: holesSection } : {}),
    ...(failuresSection ? { failures: failuresSection } : {}),
    ...(spec.notebooks.length > 0 ? { notebooks: notebookOutcomes } : {}),
  };
  Object.defineProperty(report, "notebookPages", { value: pages, enumerable: false });
  return report;
}

/** The whole `check` run: specs from schema and data, the automatic suite, the engine pass, coverage, the report. */

import { InputError, UsageError } from "../core/errors.js";
import { type Report, reportStatus, type TableSummary } from "../core/results.js";
import type { Engine, Progress } from "../engines/types.js";
import type { ColumnInfo, TableSource } from "../io/table.js";
import type { FelisSchema, FelisTable } from "../schema/felis.js";
import { tableContext } from "./context.js";
import { coverage } from "./coverage.js";
import { type FamilyScan, familyColumns, findFamilies } from "./family/families.js";
import { isUnreadable, type RunTable, runChecks, unreadableResult } from "./run.js";
import { specFromData, specFromFelis } from "./spec.js";
import { planTable } from "./suite.js";
import { parseFailureChecks } from "./table/parseFailures.js";
import { partitionValueResults } from "./table/partitionValue.js";
import { typeBySchema } from "./typed/schemaTypes.js";
import type { PlannedCheck, TableSpec } from "./types.js";
import type { UserRange } from "./userRange.js";

/** Finds the measurement families of a table from its columns (and its felis table, when there is one). */
export type FamilyFinder = (columns: readonly ColumnInfo[], table?: FelisTable) => FamilyScan;

/**
 * The default family finder: the schema module's naming rules over the felis table's columns (or the data's).
 * @example
 * defaultFamilies([{ name: "r_psfFlux", type: "float64" }, { name: "r_psfFluxErr", type: "float64" }, { name: "r_psfFlux_flag", type: "bool" }]).families[0]
 * // { value: "r_psfFlux", error: "r_psfFluxErr", flag: "r_psfFlux_flag", … }
 */
export function defaultFamilies(columns: readonly ColumnInfo[], table?: FelisTable): FamilyScan {
  return findFamilies(familyColumns(columns, table));
}

/** What checkTables needs: the sources, an optional felis schema, an engine, and the run's options. */
export interface CheckTablesOptions {
  /** Tables by name; with a schema, the name is the felis table's. */
  sources: ReadonlyMap<string, TableSource>;
  schema?: FelisSchema;
  /** An engine that reads every given source. */
  engineFor: (...sources: TableSource[]) => Engine;
  /** Judge from a one-pass profile first and scan only what it cannot clear (default true). */
  prefilter?: boolean;
  /** A second engine for conditions the first could not evaluate. */
  fallbackFor?: (source: TableSource) => Engine | null;
  families?: FamilyFinder;
  ranges?: readonly UserRange[];
  expectedRows?: Readonly<Record<string, number>>;
  /** Tables that may have no rows (otherwise an empty table is a `notEmpty` finding). */
  allowEmpty?: readonly string[];
  /** Extra checks to run besides the automatic suite. */
  extraChecks?: readonly PlannedCheck[];
  version: string;
  onProgress?: (progress: Progress) => void;
}

function felisTable(schema: FelisSchema, name: string): FelisTable {
  const table = schema.tables.find((t) => t.name === name);
  if (table) return table;
  const known = schema.tables.map((t) => t.name).join(", ");
  throw new UsageError(
    `table ${name} is not in schema ${schema.name} (${schema.path}); its tables: ${known}`,
  );
}

async function summary(source: TableSource, columns: readonly ColumnInfo[]): Promise<TableSummary> {
  return {
    rows: await source.rowCount(),
    columns: columns.length,
    sources: source.files.length > 0 ? [...source.files] : [source.name],
    ...(source.partial ? { partial: source.partial } : {}),
  };
}

/**
 * Plans and runs the automatic suite over every table and returns the contract's report.
 * Throws UsageError when a table is not in the given schema; data problems are findings, never throws.
 * @example
 * const engine = new ArrowEngine();
 * const report = await checkTables({ sources: new Map([["Object", source]]), engineFor: () => engine, version: "0.1.0" });
 * report.status // "fail"
 */
export async function checkTables(options: CheckTablesOptions): Promise<Report> {
  const names = [...options.sources.keys()];
  for (const r of options.ranges ?? []) {
    if (!names.includes(r.table))
      throw new UsageError(`range for ${r.table}.${r.column}: no table ${r.table} given`);
  }
  const familyFinder: FamilyFinder = options.families ?? defaultFamilies;
  const specs: TableSpec[] = [];
  const columnsOf = new Map<string, readonly ColumnInfo[]>();
  const tables = new Map<string, RunTable>();
  const summaries: Record<string, TableSummary> = {};
  const parseChecks: PlannedCheck[] = [];
  for (const [name, given] of options.sources) {
    const felis = options.schema ? felisTable(options.schema, name) : undefined;
    // A service that folds identifiers (DaCHS) gets the schema's spellings, so rules see `g_psfFluxErr`.
    const spelled =
      felis && given.withColumnSpellings
        ? given.withColumnSpellings(felis.columns.map((c) => c.name))
        : given;
    // Text tables are read with the schema's types: a CSV's guess must not change the verdict.
    const typed = felis ? await typeBySchema(spelled, felis) : null;
    const source = typed?.source ?? spelled;
    const columns = await source.columns();
    columnsOf.set(name, columns);
    if (typed !== null && typed.failures.length > 0)
      parseChecks.push(...parseFailureChecks(name, typed.failures, await source.rowCount()));
    const scan = familyFinder(columns, felis);
    const spec = felis
      ? specFromFelis(felis, columns, scan.families)
      : specFromData(name, columns, scan.families);
    spec.unmappedFamilies = scan.unmapped;
    // A Null-typed column (pandas' all-None) fits any datatype: there is no value whose type could be wrong.
    const nullTyped = new Set(columns.filter((c) => c.type === "null").map((c) => c.name));
    for (const c of spec.columns.concat(spec.extraColumns)) if (nullTyped.has(c.name)) c.nullTyped = true;
    // In a CSV read with a schema, declared columns have the schema's types and the rest guessed ones
    // (flags 0/1 as int64): comparing the two kinds is no finding.
    if (felis && given.format === "csv") for (const c of spec.extraColumns) c.typeGuessed = true;
    specs.push(spec);
    tables.set(name, {
      source,
      columns: columns.map((c) => c.name),
      types: Object.fromEntries(columns.map((c) => [c.name, c.type])),
      context: tableContext(spec),
    });
    summaries[name] = await summary(source, columns);
  }
  const plan = specs.flatMap((spec) =>
    planTable(spec, {
      tables: names,
      ranges: options.ranges ?? [],
      expectedRows: options.expectedRows ?? {},
      allowEmpty: options.allowEmpty ?? [],
    }),
  );
  plan.push(...parseChecks, ...(options.extraChecks ?? []));
  const results = await runChecks(plan, {
    tables,
    engineFor: options.engineFor,
    ...(options.fallbackFor ? { fallbackFor: options.fallbackFor } : {}),
    ...(options.prefilter !== undefined ? { prefilter: options.prefilter } : {}),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
  });
  // A table-level fact of the input itself: Hive folder values the file's columns contradict.
  for (const [name, source] of options.sources) {
    if (isUnreadable(results, name)) continue;
    try {
      const engine = options.engineFor(source);
      results.push(...(await partitionValueResults(name, source, columnsOf.get(name) ?? [], engine)));
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      results.push(unreadableResult(name, error));
    }
  }
  return {
    tool: "skygate",
    version: options.version,
    status: reportStatus(results),
    tables: summaries,
    coverage: coverage(specs, results),
    results,
  };
}

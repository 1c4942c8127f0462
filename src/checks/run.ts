/**
 * Runs a plan of checks: all row conditions of a table go to the engine in one `countWhere` request (one pass),
 * key checks go to `duplicateKeys` / `orphanKeys`. A check whose columns are missing, or whose engine call throws,
 * becomes an `error` result with the message; the run goes on. An InputError (input that turns out unreadable
 * mid-scan) stops that table only: it gets an `input` error result naming the file (its results so far are marked
 * partial) and the other tables are still checked; the CLI then exits 2 as for any unreadable input.
 */

import { InputError } from "../core/errors.js";
import type { CheckResult } from "../core/results.js";
import { conditionColumns } from "../engines/condition.js";
import type { ConditionCount, Engine, KeyCheckResult, Progress } from "../engines/types.js";
import { kindOf } from "../io/kind.js";
import type { PhysicalType, TableSource } from "../io/table.js";
import type { TableProfile } from "../metrics/types.js";
import { missingCount, provenClean } from "./prefilter.js";
import { errorResult, makeResult } from "./result.js";
import type {
  AllNullCheck,
  ForeignKeyCheck,
  PlannedCheck,
  RowCheck,
  TableContext,
  UniqueCheck,
} from "./types.js";

/** One table of a run: its source, the columns present, its context and its planned checks. */
export interface RunTable {
  source: TableSource;
  /** Column names present in the data. */
  columns: readonly string[];
  /** Physical types of the data's columns: profiles are trusted only for numbers, booleans and strings. */
  types?: Readonly<Record<string, PhysicalType>>;
  context: TableContext;
}

/** What runChecks needs: the planned tables, an engine and how to schedule them. */
export interface RunOptions {
  tables: ReadonlyMap<string, RunTable>;
  /** An engine that reads every given source (the CLI picks DuckDB for Parquet, Arrow otherwise, unless told). */
  engineFor: (...sources: TableSource[]) => Engine;
  /** Judge from a one-pass profile first and scan only what it cannot clear (default true). */
  prefilter?: boolean;
  /** A second engine for what the first could not evaluate (the CLI's `auto`: Arrow behind DuckDB); none by default. */
  fallbackFor?: (source: TableSource) => Engine | null;
  sampleSize?: number;
  onProgress?: (progress: Progress) => void;
}

const SAMPLE_SIZE = 20;

/** The check name of the result a table gets when its input turns out unreadable mid-run. */
export const INPUT_CHECK = "input";

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

function missingColumns(table: RunTable, needed: readonly string[]): string[] {
  return needed.filter((c) => !table.columns.includes(c));
}

function judgeRows(check: RowCheck, count: ConditionCount): CheckResult {
  const status = count.count > 0 ? "fail" : "pass";
  const message =
    count.count > 0
      ? `${count.count} of ${plural(count.total, "row")}: ${check.describe}`
      : `no ${check.describe} in ${plural(count.total, "row")}`;
  const result = makeResult(
    check.table,
    check.column,
    check.check,
    status,
    count.count,
    count.total,
    message,
  );
  result.sample = count.sample.slice(0, SAMPLE_SIZE);
  if (count.partitions && count.count > 0) result.partitions = count.partitions;
  return result;
}

function judgeAllNull(check: AllNullCheck, count: ConditionCount): CheckResult {
  const { table, column } = check;
  if (count.total === 0) return makeResult(table, column, "allNull", "skip", 0, 0, "table has no rows");
  if (count.count === count.total) {
    return makeResult(
      table,
      column,
      "allNull",
      "fail",
      1,
      1,
      `every one of ${plural(count.total, "value")} is null or NaN`,
    );
  }
  return makeResult(
    table,
    column,
    "allNull",
    "pass",
    0,
    1,
    `${count.total - count.count} of ${count.total} values present`,
  );
}

type ConditionCheck = RowCheck | AllNullCheck;

async function runConditions(
  name: string,
  table: RunTable,
  checks: readonly ConditionCheck[],
  engine: Engine,
  options: RunOptions,
): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  const runnable: ConditionCheck[] = [];
  for (const check of checks) {
    const needs = check.kind === "rows" && check.needs ? check.needs : conditionColumns(check.where);
    const missing = missingColumns(table, needs);
    if (missing.length > 0)
      results.push(
        errorResult(name, check.column, check.check, `column ${missing.join(", ")} missing from the data`),
      );
    else runnable.push(check);
  }
  if (runnable.length === 0) return results;
  const { context } = table;
  const request = (subset: readonly ConditionCheck[]) => ({
    conditions: subset.map((c, i) => ({ id: String(i), where: c.where })),
    sampleSize: options.sampleSize ?? SAMPLE_SIZE,
    keyColumn: context.keyColumn,
    raColumn: context.raColumn,
    decColumn: context.decColumn,
    positionUnit: context.positionUnit,
    ...(context.partitionBy ? { partitionBy: context.partitionBy } : {}),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
  });
  const judge = (check: ConditionCheck, count: ConditionCount): CheckResult => {
    if (count.error !== undefined) return errorResult(name, check.column, check.check, count.error);
    return check.kind === "rows" ? judgeRows(check, count) : judgeAllNull(check, count);
  };
  /** Counts on one engine; a failing batch is split in halves until the checks that cannot run are isolated. */
  const countOn = async (
    subset: readonly ConditionCheck[],
    on: Engine,
  ): Promise<(ConditionCount | Error)[]> => {
    try {
      const counts = await on.countWhere(table.source, request(subset));
      const byId = new Map(counts.map((c) => [c.id, c]));
      return subset.map((_, i) => byId.get(String(i)) ?? new Error("engine returned no count"));
    } catch (error) {
      if (error instanceof InputError) throw error;
      if (subset.length === 1) return [error instanceof Error ? error : new Error(String(error))];
      const half = Math.ceil(subset.length / 2);
      return [...(await countOn(subset.slice(0, half), on)), ...(await countOn(subset.slice(half), on))];
    }
  };
  const failed = (c: ConditionCount | Error): boolean => c instanceof Error || c.error !== undefined;
  const fallback = options.fallbackFor?.(table.source) ?? null;
  // Metrics first: what the profile proves needs no row scan.
  const profile =
    options.prefilter === false ? null : await profileFor(table, runnable, engine, fallback, options);
  const decided = new Map<ConditionCheck, ConditionCount>();
  if (profile !== null) {
    for (const check of runnable) {
      if (check.kind === "allNull") {
        const m = missingCount(profile, check.column);
        if (m !== null) decided.set(check, { id: "", count: m.missing, total: m.rows, sample: [] });
      } else if (check.passesWhen && provenClean(check.passesWhen, profile)) {
        decided.set(check, { id: "", count: 0, total: profile.rows, sample: [] });
      }
    }
  }
  const scanned = runnable.filter((c) => !decided.has(c));
  const counts = await countOn(scanned, engine);
  // What the chosen engine could not evaluate (e.g. DuckDB and a Parquet encoding it cannot read) goes to the
  // fallback engine, when the run has one.
  const retry = scanned.map((_, i) => i).filter((i) => failed(counts[i] as ConditionCount | Error));
  if (fallback !== null && fallback !== engine && retry.length > 0) {
    const second = await countOn(
      retry.map((i) => scanned[i] as ConditionCheck),
      fallback,
    );
    retry.forEach((i, k) => {
      const again = second[k] as ConditionCount | Error;
      if (!failed(again)) counts[i] = again;
    });
  }
  const scannedCounts = new Map(scanned.map((check, i) => [check, counts[i] as ConditionCount | Error]));
  for (const check of runnable) {
    const count = decided.get(check) ?? (scannedCounts.get(check) as ConditionCount | Error);
    results.push(
      count instanceof Error ? errorResult(name, check.column, check.check, count) : judge(check, count),
    );
  }
  return results;
}

/** Runs on the primary engine; if it throws (not an InputError) and there is another engine, runs there. */
async function withFallback<T>(
  primary: Engine,
  fallback: Engine | null,
  run: (engine: Engine) => Promise<T>,
): Promise<T> {
  try {
    return await run(primary);
  } catch (error) {
    if (error instanceof InputError || fallback === null || fallback === primary) throw error;
    return run(fallback);
  }
}

/** The profile of the columns the checks' profile tests and allNull checks read; null when no engine can give it. */
async function profileFor(
  table: RunTable,
  checks: readonly ConditionCheck[],
  engine: Engine,
  fallback: Engine | null,
  options: RunOptions,
): Promise<TableProfile | null> {
  const columns = new Set<string>();
  for (const check of checks) {
    if (check.kind === "allNull") columns.add(check.column);
    else
      for (const alternative of check.passesWhen ?? [])
        for (const test of alternative) columns.add(test.column);
  }
  const wanted = [...columns].filter(
    (c) => table.columns.includes(c) && table.types?.[c] !== undefined && kindOf(table.types[c]) !== "other",
  );
  if (wanted.length === 0) return null;
  const request = { columns: wanted, ...(options.onProgress ? { onProgress: options.onProgress } : {}) };
  for (const on of fallback !== null && fallback !== engine ? [engine, fallback] : [engine]) {
    try {
      return (await on.profile(table.source, request)).profile;
    } catch (error) {
      if (error instanceof InputError) throw error;
    }
  }
  return null;
}

async function runUnique(
  name: string,
  table: RunTable,
  check: UniqueCheck,
  engine: Engine,
  options: RunOptions,
): Promise<CheckResult> {
  const missing = missingColumns(table, check.columns);
  if (missing.length > 0)
    return errorResult(
      name,
      check.column,
      "unique",
      `key column ${missing.join(", ")} missing from the data`,
    );
  try {
    const keys = await withFallback(engine, options.fallbackFor?.(table.source) ?? null, (on) =>
      on.duplicateKeys(table.source, check.columns, {
        sampleSize: options.sampleSize ?? SAMPLE_SIZE,
        raColumn: table.context.raColumn,
        decColumn: table.context.decColumn,
        positionUnit: table.context.positionUnit,
        ...(options.onProgress ? { onProgress: options.onProgress } : {}),
      }),
    );
    const key = check.columns.join(", ");
    return keyCheckResult(
      name,
      check.column,
      "unique",
      keys,
      `share a ${key} value with another row`,
      `${key} unique over ${plural(keys.total, "row")}`,
    );
  } catch (error) {
    if (error instanceof InputError) throw error;
    return errorResult(name, check.column, "unique", error);
  }
}

/** The result of a key check: fails when any row offends, with the engine's sample rows. */
function keyCheckResult(
  table: string,
  column: string | null,
  check: "unique" | "foreignKey",
  keys: KeyCheckResult,
  failingRowsDo: string,
  passMessage: string,
): CheckResult {
  const failed = keys.failing > 0;
  const message = failed ? `${keys.failing} of ${plural(keys.total, "row")} ${failingRowsDo}` : passMessage;
  const result = makeResult(
    table,
    column,
    check,
    failed ? "fail" : "pass",
    keys.failing,
    keys.total,
    message,
  );
  result.sample = keys.sample.slice(0, SAMPLE_SIZE);
  return result;
}

async function runForeignKey(
  name: string,
  table: RunTable,
  check: ForeignKeyCheck,
  options: RunOptions,
): Promise<CheckResult> {
  const target = options.tables.get(check.target);
  if (target === undefined)
    return makeResult(name, check.column, "foreignKey", "skip", 0, 0, `table ${check.target} not given`);
  if (!table.columns.includes(check.column))
    return errorResult(name, check.column, "foreignKey", `column ${check.column} missing from the data`);
  if (!target.columns.includes(check.targetColumn)) {
    return errorResult(
      name,
      check.column,
      "foreignKey",
      `column ${check.target}.${check.targetColumn} missing from the data`,
    );
  }
  try {
    const primary = options.engineFor(table.source, target.source);
    const second = options.fallbackFor?.(table.source) ?? null;
    const fallback = second?.supports(target.source) ? second : null;
    const keys = await withFallback(primary, fallback, (on) =>
      on.orphanKeys(table.source, check.column, target.source, check.targetColumn, {
        sampleSize: options.sampleSize ?? SAMPLE_SIZE,
        keyColumn: table.context.keyColumn,
        ...(options.onProgress ? { onProgress: options.onProgress } : {}),
      }),
    );
    const ref = `${check.target}.${check.targetColumn}`;
    return keyCheckResult(
      name,
      check.column,
      "foreignKey",
      keys,
      `refer to a ${ref} that does not exist`,
      `every ${check.column} found in ${ref} (${plural(keys.total, "row")})`,
    );
  } catch (error) {
    if (error instanceof InputError) throw error;
    return errorResult(name, check.column, "foreignKey", error);
  }
}

/**
 * Runs the checks and returns one result per planned check, in plan order per table.
 * @example
 * const engine = new ArrowEngine();
 * const table = { source, columns: spec.columns.filter((c) => c.physical !== null).map((c) => c.name), context: tableContext(spec) };
 * const results = await runChecks(planTable(spec), { tables: new Map([["Object", table]]), engineFor: () => engine });
 * results.some((r) => r.status === "fail") // true
 */
export async function runChecks(
  checks: readonly PlannedCheck[],
  options: RunOptions,
): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  const byTable = new Map<string, PlannedCheck[]>();
  for (const check of checks) {
    const list = byTable.get(check.table) ?? [];
    list.push(check);
    byTable.set(check.table, list);
  }
  for (const [name, planned] of byTable) {
    const table = options.tables.get(name);
    if (table === undefined) {
      results.push(
        ...planned.map((c) =>
          c.kind === "static" ? c.result : errorResult(name, c.column, c.check, `table ${name} not given`),
        ),
      );
      continue;
    }
    const engine = options.engineFor(table.source);
    // Progress bars show which table is being scanned.
    const report = options.onProgress;
    const labelled: RunOptions = report
      ? { ...options, onProgress: (p) => report({ ...p, label: p.label ?? name }) }
      : options;
    const first = results.length;
    try {
      await runTable(name, table, planned, engine, labelled, results);
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      for (const r of results.slice(first)) r.partial = true;
      const result = makeResult(name, null, INPUT_CHECK, "error", 0, 0, error.message);
      result.partial = true;
      results.push(result);
    }
  }
  return results;
}

/** Runs one table's checks, pushing results as they come (so an InputError keeps what was done). */
async function runTable(
  name: string,
  table: RunTable,
  planned: readonly PlannedCheck[],
  engine: Engine,
  labelled: RunOptions,
  results: CheckResult[],
): Promise<void> {
  {
    const conditions = planned.filter((c): c is ConditionCheck => c.kind === "rows" || c.kind === "allNull");
    results.push(...(await runConditions(name, table, conditions, engine, labelled)));
    for (const check of planned) {
      if (check.kind === "static") results.push(check.result);
      else if (check.kind === "unique") results.push(await runUnique(name, table, check, engine, labelled));
      else if (check.kind === "foreignKey") results.push(await runForeignKey(name, table, check, labelled));
      else if (check.kind === "rowCount") {
        try {
          const rows = await table.source.rowCount();
          const ok = rows === check.expected;
          const message = ok ? `${rows} rows as expected` : `${rows} rows, expected ${check.expected}`;
          results.push(
            makeResult(
              name,
              null,
              "rowCount",
              ok ? "pass" : "fail",
              ok ? 0 : Math.abs(rows - check.expected),
              check.expected,
              message,
            ),
          );
        } catch (error) {
          results.push(errorResult(name, null, "rowCount", error));
        }
      }
    }
  }
}

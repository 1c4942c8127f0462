/**
 * Runs a plan of checks: all row conditions of a table go to the engine in one `countWhere` request (one pass),
 * key checks go to `duplicateKeys` / `orphanKeys`. A check whose columns are missing, or whose engine call throws,
 * becomes an `error` result with the message; the run goes on. An InputError (input that turns out unreadable
 * mid-scan) stops that table only: it gets an `input` error result naming the file (its results so far are marked
 * partial) and the other tables are still checked; the CLI then exits 2 as for any unreadable input.
 *
 * The pieces: run/options.ts (what a run is given), run/conditions.ts (row conditions: profile, scan, fallback),
 * run/keys.ts (unique, foreignKey), run/fallback.ts (engine fallback, batch splitting), run/judge.ts (answers →
 * results), run/profile.ts (the metrics pass).
 */
import { InputError } from "../core/errors.js";
import type { CheckResult } from "../core/results.js";
import type { Engine } from "../engines/types.js";
import type { TableSource } from "../io/table.js";
import { errorResult, makeResult } from "./result.js";
import { addBreakdowns } from "./run/breakdowns.js";
import { type ConditionCheck, runConditions } from "./run/conditions.js";
import { runConstant } from "./run/constant.js";
import { judgeRowCount } from "./run/judge.js";
import { runForeignKey, runUnique } from "./run/keys.js";
import type { RunOptions, RunTable } from "./run/options.js";
import type { ConstantCheck, PlannedCheck, RowCountCheck } from "./types.js";

export type { RunOptions, RunTable } from "./run/options.js";

/** The check name of the result a table gets when its input turns out unreadable mid-run. */
export const INPUT_CHECK = "input";

/**
 * The `input` error of a table whose data turned out unreadable mid-run: partial, naming the file.
 * @example unreadableResult("T", new InputError("/d/t.parquet", "corrupt", "bad page")).id // "T.input"
 */
export function unreadableResult(table: string, error: InputError): CheckResult {
  const result = makeResult(table, null, INPUT_CHECK, "error", 0, 0, error.message);
  result.partial = true;
  return result;
}

/**
 * Whether `results` already hold the `input` error of `table` (its data turned out unreadable).
 * @example isUnreadable([unreadableResult("T", new InputError("/d/t.parquet", "corrupt", "bad page"))], "T") // true
 */
export function isUnreadable(results: readonly CheckResult[], table: string | null): boolean {
  return results.some((r) => r.table === table && r.check === INPUT_CHECK);
}

/**
 * Runs the checks and returns one result per planned check, in plan order per table.
 * @example
 * const table = { source, columns: columns.map((c) => c.name), types: Object.fromEntries(columns.map((c) => [c.name, c.type])), context: tableContext(spec) };
 * const engine = new ArrowEngine();
 * const tables = new Map([["Object", table]]);
 * const results = await runChecks(planTable(spec), { tables, engineFor: () => engine });
 * results.length === planTable(spec).length // true
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
      await addBreakdowns(table, planned, results.slice(first), engine);
      // A source that is only part of the table (skipped files, a row limit): every finding is partial, but a row
      // count judged on the whole table's count.
      if (table.source.partial)
        for (const r of results.slice(first)) if (!wholeTableCount(r, table.source)) r.partial = true;
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      for (const r of results.slice(first)) r.partial = true;
      results.push(unreadableResult(name, error));
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
  const conditions = planned.filter((c): c is ConditionCheck => c.kind === "rows" || c.kind === "allNull");
  results.push(...(await runConditions(name, table, conditions, engine, labelled)));
  const constants = planned.filter((c): c is ConstantCheck => c.kind === "constant");
  if (constants.length > 0)
    results.push(
      ...(await runConstant(
        name,
        table,
        constants,
        engine,
        labelled.fallbackFor?.(table.source) ?? null,
        labelled,
      )),
    );
  for (const check of planned) {
    if (check.kind === "static") results.push(check.result);
    else if (check.kind === "unique") results.push(await runUnique(name, table, check, engine, labelled));
    else if (check.kind === "foreignKey") results.push(await runForeignKey(name, table, check, labelled));
    else if (check.kind === "constant") {
      // judged below, all of a table's constant checks from one profile
    } else if (check.kind === "rowCount") {
      try {
        results.push(await judgeTableRows(name, check, table.source));
      } catch (error) {
        results.push(errorResult(name, null, check.check, error));
      }
    }
  }
}

/**
 * A table's row count judged: a partial source counts only what is read, so the whole table's count (known from
 * the files' metadata under a row limit) is used; without it only what the part read proves is judged (more rows
 * than expected, or not empty), the rest is an error.
 */
async function judgeTableRows(name: string, check: RowCountCheck, source: TableSource): Promise<CheckResult> {
  if (source.tableRows !== undefined) {
    const result = judgeRowCount(name, check.expected, source.tableRows);
    result.message = `whole table (from the files' metadata): ${result.message}`;
    return result;
  }
  const read = await source.rowCount();
  if (source.partial) {
    // The part read proves a table too long (or not empty); it cannot prove one short or empty.
    const proven = check.expected === null ? read > 0 : read > check.expected;
    if (proven) {
      const result = judgeRowCount(name, check.expected, read);
      result.message = `already in the part read (${source.partial}): ${result.message}`;
      return result;
    }
    return errorResult(
      name,
      null,
      check.check,
      `only part of the table was read (${source.partial}), so its row count is unknown`,
    );
  }
  return judgeRowCount(name, check.expected, read);
}

/** Whether a result is a row count judged on the whole table, although the checks read only part of it. */
function wholeTableCount(result: CheckResult, source: TableSource): boolean {
  return source.tableRows !== undefined && (result.check === "rowCount" || result.check === "notEmpty");
}

/**
 * Row conditions of one table: what the profile proves is decided without a scan, the rest goes to the engine
 * in one `countWhere` request (one pass), what it cannot evaluate to the fallback engine, and every answer is
 * judged. A check whose columns are missing is an `error` naming them.
 */

import type { CheckResult } from "../../core/results.js";
import { conditionColumns } from "../../engines/condition.js";
import type { ConditionCount, Engine, PartitionSpec } from "../../engines/types.js";
import type { TableProfile } from "../../metrics/types.js";
import { missingCount, profileCount, provenClean } from "../prefilter.js";
import { errorResult } from "../result.js";
import type { AllNullCheck, RowCheck } from "../types.js";
import { breakdownSpecs, breakdownsOf } from "./breakdowns.js";
import { splitOnFailure } from "./fallback.js";
import { judgeAllNull, judgeRows, plural } from "./judge.js";
import { missingColumns, type RunOptions, type RunTable, SAMPLE_SIZE } from "./options.js";
import { profileFor } from "./profile.js";

/** A check the engine answers with a row count. */
export type ConditionCheck = RowCheck | AllNullCheck;

type Answer = ConditionCount | Error;

const failed = (c: Answer): boolean => c instanceof Error || c.error !== undefined;

/**
 * Runs the row conditions and allNull checks of table `name`; one result per check, in order.
 * @example
 * const table = { source, columns: columns.map((c) => c.name), types: Object.fromEntries(columns.map((c) => [c.name, c.type])), context: tableContext(spec) };
 * const engine = new ArrowEngine();
 * const checks = planTable(spec).filter((c) => c.kind === "rows" || c.kind === "allNull");
 * const tables = new Map([["Object", table]]);
 * (await runConditions("Object", table, checks, engine, { tables, engineFor: () => engine })).length === checks.length; // true
 */
export async function runConditions(
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
  const request = (subset: readonly ConditionCheck[], breakdowns: readonly PartitionSpec[]) => ({
    conditions: subset.map((c, i) => ({ id: String(i), where: c.where })),
    sampleSize: options.sampleSize ?? SAMPLE_SIZE,
    keyColumn: context.keyColumn,
    raColumn: context.raColumn,
    decColumn: context.decColumn,
    positionUnit: context.positionUnit,
    ...(context.partitionBy ? { partitionBy: context.partitionBy } : {}),
    ...(breakdowns.length > 0 ? { breakdowns } : {}),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
  });
  const countOn = (
    subset: readonly ConditionCheck[],
    on: Engine,
    breakdowns: readonly PartitionSpec[] = [],
  ): Promise<Answer[]> =>
    splitOnFailure(subset, async (batch) => {
      const counts = await on.countWhere(table.source, request(batch, breakdowns));
      const byId = new Map(counts.map((c) => [c.id, c]));
      return batch.map((_, i): Answer => byId.get(String(i)) ?? new Error("engine returned no count"));
    });
  const fallback = options.fallbackFor?.(table.source) ?? null;
  // Metrics first: what the profile proves needs no row scan. Rules it seldom proves are counted in its pass.
  const counted = runnable.filter((c): c is RowCheck => c.kind === "rows" && c.countWithProfile === true);
  const prefilter =
    options.prefilter === false
      ? null
      : await profileFor(table, runnable, engine, fallback, options, counted);
  const profile = prefilter?.profile ?? null;
  const fused = new Map(counted.map((c, i) => [c as ConditionCheck, prefilter?.counts?.[i]]));
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
    // A rule counted with the profile and matching no row is judged; one with matches still needs its sample and
    // partitions from the scan below, one the engine could not count is retried there.
    for (const [check, count] of fused)
      if (count !== undefined && count.error === undefined && count.count === 0 && !decided.has(check))
        decided.set(check, { id: "", count: 0, total: count.total, sample: [] });
  }
  const scanned = runnable.filter((c) => !decided.has(c));
  // When the profile (or a count in its pass) already says that most rules left fail, the one scan they need
  // breaks them down too (tract/patch, band): the breakdowns' own scan is saved, for the price of grouping the
  // few others too (grouped counts of 1 500 passing rules cost 0.3 s more on a 100k x 991 table).
  const knownToFail = (c: ConditionCheck): boolean => {
    const count = fused.get(c);
    if (count !== undefined && count.error === undefined && count.count > 0) return true;
    return (
      c.kind === "rows" &&
      c.countIs !== undefined &&
      profile !== null &&
      (profileCount(profile, c.countIs) ?? 0) > 0
    );
  };
  const specs = breakdownSpecs(table.columns);
  const breakdowns = 2 * scanned.filter(knownToFail).length >= Math.max(1, scanned.length) ? specs : [];
  // (nothing left to count: no scan at all)
  const counts = scanned.length === 0 ? [] : await countOn(scanned, engine, breakdowns);
  // What the chosen engine could not evaluate (e.g. DuckDB and a Parquet encoding it cannot read) goes to the
  // fallback engine, when the run has one.
  const retry = scanned.map((_, i) => i).filter((i) => failed(counts[i] as Answer));
  if (fallback !== null && fallback !== engine && retry.length > 0) {
    const second = await countOn(
      retry.map((i) => scanned[i] as ConditionCheck),
      fallback,
      breakdowns,
    );
    retry.forEach((i, k) => {
      const again = second[k] as Answer;
      if (!failed(again)) counts[i] = again;
    });
  }
  const scannedCounts = new Map(scanned.map((check, i) => [check, counts[i] as Answer]));
  const answers = runnable.map((check) => decided.get(check) ?? (scannedCounts.get(check) as Answer));
  const judged = runnable.map((check, i) => judge(name, check, answers[i] as Answer));
  // The same messages with or without the metrics pass: without it, profile only what the messages need.
  const explaining = runnable.filter((c) => c.kind === "rows" && c.explainedBy !== undefined);
  const facts =
    profile ??
    (explaining.length > 0 &&
    judged.some((r, i) => r.status === "pass" && explaining.includes(runnable[i] as ConditionCheck))
      ? ((await profileFor(table, explaining, engine, fallback, options))?.profile ?? null)
      : null);
  if (facts !== null) explainPasses(runnable, judged, facts);
  const final = notRepeated(judged, runnable);
  // Breakdowns that came with the counts, on row rules still failing once allNull has said what it says (as
  // addBreakdowns gives them to the rest).
  final.forEach((result, i) => {
    const answer = answers[i];
    const found = answer === undefined || answer instanceof Error ? undefined : breakdownsOf(specs, answer);
    if (runnable[i]?.kind === "rows" && result.status === "fail" && result.failing > 0 && found !== undefined)
      result.breakdowns = found;
  });
  return results.concat(final);
}

/**
 * Pass messages that say what was found, not just that nothing offends: "664 NaN in 1500 rows, all explained by
 * `r_kronFlux_flag` set or `r_kronFlux_flag_bad_radius` set" instead of "no NaN values". Counts come from the
 * profile; "all explained" is said only when no missing-value rule of the column failed.
 */
function explainPasses(
  checks: readonly ConditionCheck[],
  results: CheckResult[],
  profile: TableProfile,
): void {
  const failedColumns = new Set(
    results.filter((r) => r.status !== "pass" && MISSING_RULES.has(r.check)).map((r) => r.column),
  );
  checks.forEach((check, i) => {
    const result = results[i] as CheckResult;
    if (check.kind !== "rows" || !check.explainedBy || result.status !== "pass") return;
    if (!MISSING_RULES.has(check.check) || result.column === null) return;
    const p = profile.columns[result.column];
    if (p === undefined || !("nan" in p) || p.nan === null) return;
    const nulls = check.check === "nanWithoutFlag" ? p.nulls : 0;
    if (p.nan + nulls === 0) return;
    const found = [p.nan > 0 ? `${p.nan} NaN` : "", nulls > 0 ? `${nulls} null` : ""]
      .filter(Boolean)
      .join(" and ");
    const by = check.explainedBy.join(" or ");
    const own = result.message.replace(/ in \d+ rows?$/, "");
    // nan passing while nanWithoutFlag passes too: every NaN has its flag set or another explanation. A NULL with
    // a NULL flag is neither rule's, so nanWithoutFlag says only what it proved.
    result.message =
      check.check === "nan" && !failedColumns.has(result.column)
        ? `${found} in ${plural(p.rows, "row")}, all explained by ${by}`
        : `${found} in ${plural(p.rows, "row")}: ${own} (explained where ${by})`;
  });
}

/** The rules that judge a column's missing values together. */
const MISSING_RULES = new Set(["nan", "nanWithoutFlag"]);

/** Row rules that would only repeat, row by row, what allNull says of the whole column. */
const REPEATS_ALL_NULL = new Set(["nan", "nanWithoutFlag"]);

/**
 * A column missing in every row is reported once, by allNull: its nan / nanWithoutFlag results (failures repeating
 * every row, or passes that say nothing) become skips that say so, and so do the rules of other columns that
 * emptiness decides (`repeatsAllNullOf`: a value's errorPair when its error column is empty), given `checks`
 * in the order of `results`.
 * @example
 * const allNullFail = { id: "T.x.allNull", table: "T", column: "x", check: "allNull", status: "fail", message: "empty", sample: [] };
 * notRepeated([allNullFail, { ...allNullFail, id: "T.x.nanWithoutFlag", check: "nanWithoutFlag" }])[1].status; // "skip"
 */
export function notRepeated(
  results: readonly CheckResult[],
  checks: readonly ConditionCheck[] = [],
): CheckResult[] {
  const empty = new Set(
    results.filter((r) => r.check === "allNull" && r.status === "fail").map((r) => r.column),
  );
  // Passes too: "no NaN values" in a column with no value at all says nothing, and would make the verdict depend
  // on whether the format wrote the missing values as NaN (ECSV) or null (VOTable, where NaN is the null).
  return results.map((r, i) => {
    if (r.status !== "fail" && r.status !== "pass") return r;
    const check = checks[i];
    const decidedBy =
      REPEATS_ALL_NULL.has(r.check) && empty.has(r.column)
        ? r.column
        : check?.kind === "rows" && check.repeatsAllNullOf !== undefined && empty.has(check.repeatsAllNullOf)
          ? check.repeatsAllNullOf
          : null;
    return decidedBy === null
      ? r
      : {
          ...r,
          status: "skip",
          message: `not repeated: every value of ${decidedBy} is missing (allNull); ${r.message}`,
        };
  });
}

function judge(name: string, check: ConditionCheck, count: Answer): CheckResult {
  if (count instanceof Error) return errorResult(name, check.column, check.check, count);
  if (count.error !== undefined) return errorResult(name, check.column, check.check, count.error);
  return check.kind === "rows" ? judgeRows(check, count) : judgeAllNull(check, count);
}

/**
 * Where failing rows are, without a notebook: each failing row check of a table is counted again per tract/patch,
 * visit/detector and band, where the table has those columns (one extra scan, only when something failed; one per
 * breakdown on engines that do not answer several at once). The JSON keeps `result.breakdowns`; text, Markdown and HTML reports show the largest groups.
 */

import type { PartitionCounts } from "../../core/partitions.js";
import type { CheckResult } from "../../core/results.js";
import { partitionName } from "../../engines/arrow/partition.js";
import type { ConditionCount, Engine, PartitionSpec } from "../../engines/types.js";
import type { PlannedCheck, RowCheck } from "../types.js";
import type { RunTable } from "./options.js";

/**
 * The breakdowns a table with these columns gets: pairs where both columns exist, else the one present.
 * @example breakdownSpecs(["tract", "patch", "band", "ra"]).length // 2
 */
export function breakdownSpecs(columns: readonly string[]): PartitionSpec[] {
  const has = (c: string) => columns.includes(c);
  const out: PartitionSpec[] = [];
  for (const [outer, inner] of [
    ["tract", "patch"],
    ["visit", "detector"],
  ] as const) {
    if (has(outer) && has(inner)) out.push({ kind: "column", column: outer, within: inner });
    else if (has(outer)) out.push({ kind: "column", column: outer });
    else if (has(inner)) out.push({ kind: "column", column: inner });
  }
  if (has("band")) out.push({ kind: "column", column: "band" });
  return out;
}

/**
 * A result's `breakdowns` from an answer that carries them (in the order of `specs`); undefined when it does not.
 * @example
 * breakdownsOf([{ kind: "column", column: "band" }], { id: "0", count: 1, total: 9, sample: [], breakdowns: [PartitionCounts.fromValues("band", new Map([["r", 1]]))] })?.band.toJSON() // { r: 1 }
 */
export function breakdownsOf(
  specs: readonly PartitionSpec[],
  count: ConditionCount,
): Record<string, PartitionCounts> | undefined {
  if (count.error !== undefined || count.breakdowns === undefined) return undefined;
  const out: Record<string, PartitionCounts> = {};
  specs.forEach((spec, j) => {
    const partitions = count.breakdowns?.[j];
    if (partitions !== undefined) out[partitionName(spec)] = partitions;
  });
  return Object.keys(out).length > 0 ? out : undefined;
}

/**
 * Adds `breakdowns` to the failing row-check results of one table (results and plan of that table only).
 * A breakdown the engine cannot compute is left out: it adds to a finding, it never changes one.
 * @example
 * const table = { source, columns: columns.map((c) => c.name), context: tableContext(spec) };
 * const results = report.results.map((r) => ({ ...r, breakdowns: undefined }));
 * await addBreakdowns(table, planTable(spec), results, new ArrowEngine());
 * Object.keys(results.find((r) => r.breakdowns !== undefined)?.breakdowns ?? {}) // ["tract/patch"]
 */
export async function addBreakdowns(
  table: RunTable,
  planned: readonly PlannedCheck[],
  results: readonly CheckResult[],
  engine: Engine,
): Promise<void> {
  const specs = breakdownSpecs(table.columns);
  if (specs.length === 0) return;
  const rowChecks = new Map<string, RowCheck>();
  for (const c of planned)
    if (c.kind === "rows") rowChecks.set(`${c.table}\u0000${c.column}\u0000${c.check}`, c);
  // (a result broken down already came from a scan that knew beforehand that its rule fails)
  const failing = results
    .filter((r) => r.status === "fail" && r.failing > 0 && r.breakdowns === undefined)
    .map((r) => ({ r, check: rowChecks.get(`${r.table}\u0000${r.column}\u0000${r.check}`) }))
    .filter((x): x is { r: CheckResult; check: RowCheck } => x.check !== undefined);
  if (failing.length === 0) return;
  const conditions = failing.map((x, i) => ({ id: String(i), where: x.check.where }));
  const attach = (
    spec: PartitionSpec,
    counts: readonly ConditionCount[],
    pick: (c: ConditionCount) => PartitionCounts | undefined,
  ) => {
    for (const c of counts) {
      const target = failing[Number(c.id)]?.r;
      const partitions = pick(c);
      if (target === undefined || c.error !== undefined || partitions === undefined) continue;
      target.breakdowns = { ...(target.breakdowns ?? {}), [partitionName(spec)]: partitions };
    }
  };
  // All breakdowns in one scan where the engine answers them together (DuckDB), else one scan each.
  try {
    const counts = await engine.countWhere(table.source, { conditions, sampleSize: 0, breakdowns: specs });
    if (counts.some((c) => c.breakdowns !== undefined)) {
      for (const c of counts) {
        const target = failing[Number(c.id)]?.r;
        const found = breakdownsOf(specs, c);
        if (target !== undefined && found !== undefined) target.breakdowns = found;
      }
      return;
    }
  } catch {
    // asked again one by one below
  }
  for (const spec of specs) {
    try {
      const counts = await engine.countWhere(table.source, { conditions, sampleSize: 0, partitionBy: spec });
      attach(spec, counts, (c) => c.partitions);
    } catch {
      // A breakdown is extra detail: without it the finding stands as it is.
    }
  }
}

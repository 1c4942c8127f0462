/** Roll-ups shared by every reporter: counts per check name and status, failures first. */
import type { CheckResult, CheckStatus, Report } from "../core/results.js";

/** Number of results per status. */
export type StatusCounts = Record<CheckStatus, number>;

/** Results per check name, with counts per status, in first-seen order. */
export interface CheckRollup {
  check: string;
  counts: StatusCounts;
  /** Sum of failing rows; null for checks whose `failing` counts columns or tables (never added to rows). */
  failingRows: number | null;
}

/** Checks whose `failing` is not a number of rows (a column, a band group, a table): never summed as rows. */
const NOT_ROWS = /^(allNull|crossBand|empty|rowCount|schema\.(missingColumn|extraColumn|type|knownColumn))$/;

function zero(): StatusCounts {
  return { pass: 0, fail: 0, error: 0, skip: 0 };
}

/**
 * Counts results per status.
 * @example
 * statusCounts([{ status: "pass" }, { status: "fail" }, { status: "pass" }]) // { pass: 2, fail: 1, error: 0, skip: 0 }
 */
export function statusCounts(results: readonly CheckResult[]): StatusCounts {
  const counts = zero();
  for (const r of results) counts[r.status] += 1;
  return counts;
}

/**
 * One row per check name: how many results passed, failed, errored or were skipped.
 * @example
 * rollupByCheck(report.results).find((r) => r.check === "nanWithoutFlag")?.counts.fail > 0 // true
 */
export function rollupByCheck(results: readonly CheckResult[]): CheckRollup[] {
  const rows = new Map<string, CheckRollup>();
  for (const r of results) {
    const row = rows.get(r.check) ?? {
      check: r.check,
      counts: zero(),
      failingRows: NOT_ROWS.test(r.check) ? null : 0,
    };
    row.counts[r.status] += 1;
    if (r.status === "fail" && row.failingRows !== null) row.failingRows += r.failing;
    rows.set(r.check, row);
  }
  return [...rows.values()];
}

/**
 * The results a reader must see: failures, then errors, in report order.
 * @example
 * problems(report).every((r) => r.status === "fail" || r.status === "error") // true
 */
export function problems(report: Report): CheckResult[] {
  return report.results
    .filter((r) => r.status === "fail")
    .concat(report.results.filter((r) => r.status === "error"));
}

/**
 * What a reader must know about partial results, one line each: every table checked only in part (with why),
 * then how many results saw only part of the data; empty when every check saw all of it.
 * @example
 * partialNotes({ ...report, tables: { T: { rows: 10, columns: 2, sources: [], partial: "first 10 of 99 rows (row limit)" } } })[0] // "T: first 10 of 99 rows (row limit)"
 */
export function partialNotes(report: Report): string[] {
  const notes = Object.entries(report.tables)
    .filter(([, t]) => t.partial)
    .map(([name, t]) => `${name}: ${t.partial}`);
  const count = report.results.filter((r) => r.partial === true).length;
  if (count > 0) notes.push(`${count} of ${report.results.length} results saw only part of the data`);
  return notes;
}

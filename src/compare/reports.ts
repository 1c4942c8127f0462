/** Compares two check or gate reports (the contract's JSON) result by result. */
import type { CheckResult, Report } from "../core/results.js";
import { cohenH } from "./effect-size.js";
import { exceedsThreshold, noiseFloor } from "./thresholds.js";
import type { Change, Thresholds } from "./types.js";

function structural(
  r: CheckResult,
  what: Change["what"],
  before: string | null,
  after: string | null,
): Change {
  return {
    table: r.table,
    column: r.column,
    what,
    before,
    after,
    size: null,
    measure: "structural",
    noise: 0,
    exceeds: true,
    id: r.id,
  };
}

/**
 * Changes between two reports: checks that appeared or vanished, status changes, failing-fraction changes
 * (Cohen's h of failing / total). A status that got better (fail → pass, skip → pass) is reported but does not
 * exceed.
 * @example
 * const r = { id: "T.c.nan", table: "T", column: "c", check: "nan", status: "pass", failing: 0, total: 100, message: "", sample: [] };
 * compareReports({ results: [r] }, { results: [{ ...r, status: "fail", failing: 3 }] }, DEFAULT_THRESHOLDS).map((c) => c.what) // ["status", "failingRate"]
 */
export function compareReports(
  before: Pick<Report, "results">,
  after: Pick<Report, "results">,
  thresholds: Readonly<Thresholds>,
): Change[] {
  const out: Change[] = [];
  const afterById = new Map(after.results.map((r) => [r.id, r]));
  const beforeIds = new Set(before.results.map((r) => r.id));
  for (const b of before.results) {
    const a = afterById.get(b.id);
    if (a === undefined) {
      out.push(structural(b, "checkRemoved", b.status, null));
      continue;
    }
    if (a.status !== b.status) {
      const c = structural(a, "status", b.status, a.status);
      c.exceeds = rank(a.status) > rank(b.status);
      out.push(c);
    }
    const rb = b.total > 0 ? b.failing / b.total : 0;
    const ra = a.total > 0 ? a.failing / a.total : 0;
    if (rb !== ra) {
      const size = cohenH(rb, ra);
      const noise = noiseFloor("cohenH", b.total, a.total);
      out.push({
        table: a.table,
        column: a.column,
        what: "failingRate",
        before: rb,
        after: ra,
        size,
        measure: "cohenH",
        noise,
        // Fewer failing rows is never a regression; any failing row where there was none always is.
        exceeds: size > 0 && (rb === 0 || exceedsThreshold("cohenH", size, thresholds, noise)),
        id: a.id,
      });
    }
  }
  for (const a of after.results)
    if (!beforeIds.has(a.id)) out.push(structural(a, "checkAdded", null, a.status));
  return out;
}

/**
 * Worse statuses rank higher: a change to a higher rank is a regression. A check that stopped running (pass →
 * skip) lost coverage; one that started running and passed (skip → pass) gained it.
 */
function rank(status: CheckResult["status"]): number {
  return status === "fail" ? 3 : status === "error" ? 2 : status === "skip" ? 1 : 0;
}

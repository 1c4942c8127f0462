/** A failure analysis as notebook HTML: groups new first, known ones with ticket, rate and footprint verdicts. */
import type { FailureAnalysis, JudgedGroup } from "../../failures/analyze.js";
import { escapeHtml } from "../html.js";
import { countHtml, numHtml, type Paging, pagedTable } from "./parts.js";
import { richStyle } from "./style.js";

function groupRow(g: JudgedGroup): string[] {
  const known = g.known[0];
  const label =
    g.label === "new"
      ? '<span class="skygate-fail">NEW</span>'
      : `<span class="skygate-pass">known</span>${g.overThreshold ? ' <span class="skygate-fail">over its allowance</span>' : ""}${g.resolvedRecurring ? ' <span class="skygate-fail">resolved, back again</span>' : ""}`;
  return [
    label,
    escapeHtml(g.task),
    escapeHtml(g.template),
    String(g.count),
    g.rate === null ? numHtml(null) : `${numHtml(100 * g.rate)}% of ${g.expected}`,
    known ? escapeHtml(`${known.tickets.join(", ")}: ${known.action}`) : "",
    countHtml(g.outsideFootprint),
    countHtml(g.insideFootprint),
    countHtml(g.unlocated),
  ];
}

/**
 * A failure analysis (from `analyzeFailures`) as notebook HTML: totals, then one row per group (task, message
 * template, count, rate, the registry's ticket and action) with its failures counted outside / inside the
 * reference footprint and unlocated; new groups first.
 * @example failuresHtml({ failures: [], groups: [], retries: [], workflows: [], tasks: {}, partial: false }).includes("0 failures") // true
 */
export function failuresHtml(analysis: FailureAnalysis, paging: Paging = {}): string {
  const groups = [...analysis.groups].sort(
    (a, b) => Number(b.label === "new") - Number(a.label === "new") || b.count - a.count,
  );
  const fresh = groups.filter((g) => g.label === "new").length;
  const head =
    `<p>${analysis.failures.length} failures in ${groups.length} groups: <b>${fresh} new</b>, ${groups.length - fresh} known` +
    `${analysis.partial ? " · <b>partial</b> (some input was skipped: counts are lower bounds)" : ""}` +
    `${analysis.retries.length > 0 ? ` · ${analysis.retries.length} quanta retried` : ""}</p>`;
  const table = pagedTable(
    ["", "task", "message template", "failures", "rate", "known as", "outside refcat", "inside", "unlocated"],
    groups.map(groupRow),
    paging,
    "analysis.groups",
    [0, 1, 2, 5],
  );
  return `${richStyle()}<div class="skygate-rich">${head}${table}</div>`;
}

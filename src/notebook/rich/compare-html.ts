/** A comparison of two runs as notebook HTML: the verdict, then the changes that matter, largest first. */
import type { Change, Comparison } from "../../compare/types.js";
import { escapeHtml } from "../html.js";
import { foldHtml, numHtml, type Paging, pagedTable, statusBadge } from "./parts.js";
import { richStyle } from "./style.js";

function value(v: number | string | null): string {
  return typeof v === "number" ? numHtml(v) : v === null ? numHtml(null) : escapeHtml(v);
}

function changeRow(c: Change): string[] {
  return [
    `<code>${escapeHtml(c.column === null ? c.table : `${c.table}.${c.column}`)}</code>`,
    escapeHtml(c.what),
    value(c.before),
    value(c.after),
    c.size === null ? "structural" : numHtml(Number(c.size.toPrecision(3))),
    c.measure === "structural" ? "" : escapeHtml(c.measure),
    c.measure === "structural" ? "" : numHtml(Number(c.noise.toPrecision(2))),
  ];
}

/**
 * A comparison (from `compareRuns`, `compareProfileTables`, `compareReports`) as notebook HTML: before → after,
 * the verdict, the changes that exceed their threshold and noise floor (ranked: structural first, then by
 * effect size), and the ones below threshold folded away.
 * @example comparisonHtml({ tool: "skygate", version: "x", kind: "profile", before: "a", after: "b", status: "pass", thresholds: DEFAULT_THRESHOLDS, changes: [] }).includes("0 changes exceed") // true
 */
export function comparisonHtml(comparison: Comparison, paging: Paging = {}): string {
  const over = comparison.changes.filter((c) => c.exceeds);
  const under = comparison.changes.filter((c) => !c.exceeds);
  const header = ["where", "what", "before", "after", "effect size", "measure", "noise (3σ)"];
  const head =
    `<p>${escapeHtml(comparison.kind)} comparison <code>${escapeHtml(comparison.before)}</code> → ` +
    `<code>${escapeHtml(comparison.after)}</code>: ${statusBadge(comparison.status)} · ${over.length} changes exceed ` +
    `their threshold, ${under.length} below</p>`;
  const thresholds = Object.entries(comparison.thresholds)
    .map(([m, t]) => `${escapeHtml(m)} ${t}`)
    .join(", ");
  const overHtml =
    over.length === 0 ? "" : pagedTable(header, over.map(changeRow), paging, "comparison.changes", [0, 1, 5]);
  const underHtml =
    under.length === 0
      ? ""
      : foldHtml(
          `${under.length} changes below threshold`,
          pagedTable(header, under.map(changeRow), { shown: 50, folded: 0 }, "comparison.changes", [0, 1, 5]),
        );
  return `${richStyle()}<div class="skygate-rich">${head}${overHtml}${underHtml}<p class="skygate-skip">thresholds on |effect size|: ${thresholds}</p></div>`;
}

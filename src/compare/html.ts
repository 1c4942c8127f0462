/** A comparison as one self-contained HTML page: verdict, thresholds, figures, and the ranked changes. */
import { escapeXml as esc } from "../report/escape.js";
import { show, sizeText } from "./format.js";
import type { Comparison } from "./types.js";

const STYLE = `body{font:14px/1.4 system-ui,sans-serif;margin:2em;color:#1f2328}
table{border-collapse:collapse;margin:1em 0}th,td{border:1px solid #d0d7de;padding:4px 8px;text-align:left;vertical-align:top}
td.n{text-align:right}th{background:#f6f8fa}.badge{color:#fff;border-radius:4px;padding:1px 6px;font-weight:600}
.s-pass{background:#1a7f37}.s-fail{background:#cf222e}tr.over td:first-child{color:#cf222e;font-weight:600}`;

/**
 * The page; `figures` (from `reportPlotsHtml(comparisonFigures(…), "", null)`) go between the verdict and the
 * table. At most `max` changes are listed (the JSON has them all).
 * @example
 * comparisonHtml({ tool: "skygate", version: "0", kind: "profile", before: "a", after: "b", status: "pass", thresholds: DEFAULT_THRESHOLDS, changes: [] }).includes("No changes") // true
 */
export function comparisonHtml(
  comparison: Comparison,
  figures?: { head: string; top: string },
  options: { max?: number } = {},
): string {
  const max = options.max ?? 500;
  const over = comparison.changes.filter((c) => c.exceeds).length;
  const rows = comparison.changes
    .slice(0, max)
    .map(
      (c) =>
        `<tr class="${c.exceeds ? "over" : ""}"><td>${c.exceeds ? "over" : "·"}</td><td>${esc(c.table)}</td><td>${c.column === null ? "" : `<code>${esc(c.column)}</code>`}</td><td>${esc(c.partition ?? "")}</td><td>${esc(c.what)}</td><td class="n">${esc(show(c.before))}</td><td class="n">${esc(show(c.after))}</td><td>${esc(sizeText(c))}</td></tr>`,
    )
    .join("\n");
  const table =
    comparison.changes.length === 0
      ? "<p>No changes.</p>"
      : `<table><tr><th></th><th>table</th><th>column</th><th>partition</th><th>what</th><th>before</th><th>after</th><th>size</th></tr>\n${rows}</table>${
          comparison.changes.length > max
            ? `<p>${comparison.changes.length - max} more changes in the JSON.</p>`
            : ""
        }`;
  const thresholds = Object.entries(comparison.thresholds)
    .map(([m, v]) => `${esc(m)} ${v}`)
    .join(", ");
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>skygate compare: ${esc(comparison.status.toUpperCase())}</title>
<style>${STYLE}</style>${figures?.head ?? ""}</head><body>
<h1>skygate compare <span class="badge s-${esc(comparison.status)}">${esc(comparison.status.toUpperCase())}</span></h1>
<p><code>${esc(comparison.before)}</code> → <code>${esc(comparison.after)}</code> (${esc(comparison.kind)}s), skygate ${esc(comparison.version)}:
${comparison.changes.length} changes, ${over} over threshold.</p>
<p>Thresholds on |size|: ${thresholds}; structural changes always count; a change must also clear its sampling noise floor.</p>
${figures?.top ?? ""}
<h2>Changes, largest first</h2>
${table}
</body></html>
`;
}

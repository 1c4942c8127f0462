/**
 * A self-contained HTML report (no external resources): verdict, checks by status, every result; figures
 * (src/plots/report.ts) are optional HTML pieces with plotly.js inlined once.
 */
import type { CheckResult, Report } from "../core/results.js";
import { escapeXml as esc } from "./escape.js";
import { partialNotes, problems, rollupByCheck } from "./summary.js";
import { breakdownLine, groupByBand, groupMessage, type ProblemGroup } from "./triage.js";

const COLORS: Record<string, string> = {
  pass: "#1a7f37",
  fail: "#cf222e",
  error: "#bf8700",
  skip: "#6e7781",
};

const STYLE = `body{font:14px/1.4 system-ui,sans-serif;margin:2em;color:#1f2328}
table{border-collapse:collapse;margin:1em 0}th,td{border:1px solid #d0d7de;padding:4px 8px;text-align:left;vertical-align:top}
td.n{text-align:right}th{background:#f6f8fa}.badge{color:#fff;border-radius:4px;padding:1px 6px;font-weight:600}
${Object.entries(COLORS)
  .map(([s, c]) => `.s-${s}{background:${c}}`)
  .join("")}
details{margin:.2em 0}code{font-size:13px}`;

const PARTIAL_BADGE = `<span class="badge s-error" title="saw only part of the data">PARTIAL</span>`;

function badge(status: string): string {
  return `<span class="badge s-${esc(status)}">${esc(status.toUpperCase())}</span>`;
}

function sample(r: CheckResult): string {
  if (r.sample.length === 0) return "";
  const rows = r.sample
    .map(
      (s) =>
        `<tr><td class="n">${s.row}</td><td>${esc(String(s.key ?? ""))}</td><td class="n">${s.ra ?? ""}</td><td class="n">${s.dec ?? ""}</td><td>${esc(String(s.value ?? ""))}</td></tr>`,
    )
    .join("");
  return `<details><summary>${r.sample.length} sample rows</summary><table><tr><th>row</th><th>key</th><th>ra</th><th>dec</th><th>value</th></tr>${rows}</table></details>`;
}

/** Figure HTML to insert: scripts for the head, figures before the tables, figures beside each result. */
export interface HtmlFigures {
  head: string;
  top: string;
  perResult: Record<string, string>;
}

/**
 * The report as one HTML page; results sorted fail, error, skip, pass. `title` names the run (a gate's page says
 * `skygate gate coadd`).
 * @example
 * toHtml(report).includes("</html>") // true
 */
export function toHtml(report: Report, figures?: HtmlFigures, title = "skygate check"): string {
  // Failures and errors first, the same rule over the bands of one quantity as one row with its per-band
  // breakdown (as in the text and Markdown reports; the JSON keeps one result per column), then skips and passes.
  const order = { fail: 0, error: 1, skip: 2, pass: 3 };
  const rest = report.results
    .filter((r) => r.status === "skip" || r.status === "pass")
    .sort((a, b) => order[a.status] - order[b.status]);
  const groups: ProblemGroup[] = [
    ...groupByBand(problems(report)),
    ...rest.map((r) => ({ id: r.id, status: r.status, check: r.check, results: [r], breakdown: null })),
  ];
  const tables = Object.entries(report.tables)
    .map(
      ([n, t]) =>
        `<tr><td>${esc(n)}${t.partial ? ` <span class="badge s-error">PARTIAL</span> ${esc(t.partial)}` : ""}</td><td class="n">${t.rows}</td><td class="n">${t.columns}</td><td>${t.sources.map(esc).join("<br>")}</td></tr>`,
    )
    .join("");
  const checks = rollupByCheck(report.results)
    .map(
      (r) =>
        `<tr><td>${esc(r.check)}</td>${(["pass", "fail", "error", "skip"] as const).map((s) => `<td class="n">${r.counts[s]}</td>`).join("")}<td class="n">${r.failingRows ?? ""}</td></tr>`,
    )
    .join("");
  const rows = groups
    .map((g) => {
      const r = g.results[0] as CheckResult;
      const single = g.breakdown === null;
      const where = single ? breakdownLine(r) : "";
      const partial = g.results.some((x) => x.partial) ? ` ${PARTIAL_BADGE}` : "";
      const message = single
        ? r.message
        : groupMessage(g).replace(/^PARTIAL \(saw only part of the data\): /, "");
      return `<tr><td>${badge(g.status)}${partial}</td><td><code>${esc(g.id)}</code></td><td class="n">${single ? r.failing : ""}</td><td class="n">${single ? r.total : ""}</td><td>${esc(message)}${where ? `<br><small>${esc(where)}</small>` : ""}${sample(r)}${g.results.map((x) => figures?.perResult[x.id] ?? "").join("")}</td></tr>`;
    })
    .join("\n");
  const notes = partialNotes(report);
  const partial = notes.length > 0 ? `<p>${PARTIAL_BADGE} ${notes.map(esc).join("<br>")}</p>` : "";
  const c = report.coverage;
  const unchecked =
    c.unchecked.length > 0
      ? `<p>Unchecked: ${c.unchecked.map((u) => `<code>${esc(u)}</code>`).join(", ")}</p>`
      : "";
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>${esc(title)}: ${esc(report.status)}</title><style>${STYLE}</style>${figures?.head ?? ""}</head>
<body><h1>${esc(title)} ${badge(report.status)}</h1><p>skygate ${esc(report.version)}</p>${partial}${figures?.top ?? ""}
<h2>Tables</h2><table><tr><th>table</th><th>rows</th><th>columns</th><th>sources</th></tr>${tables}</table>
<h2>Checks</h2><table><tr><th>check</th><th>pass</th><th>fail</th><th>error</th><th>skip</th><th>failing rows</th></tr>${checks}</table>
<h2>Coverage</h2><p>${c.checked} of ${c.columns} columns checked.</p>${unchecked}
<h2>Results</h2><table><tr><th>status</th><th>id</th><th>failing</th><th>total</th><th>message</th></tr>
${rows}
</table></body></html>
`;
}

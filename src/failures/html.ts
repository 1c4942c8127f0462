/**
 * The HTML report of `skygate failures`: the shared report page (figures on top, one result per group), then the
 * groups, retries, workflows and the daily table a production team reads.
 */
import type { Report } from "../core/results.js";
import { escapeXml as esc } from "../report/escape.js";
import { type HtmlFigures, toHtml } from "../report/html.js";
import type { FailureAnalysis } from "./analyze.js";
import type { DailySummary } from "./daily.js";
import { dataIdKey } from "./dataId.js";
import { groupStatus, historyText } from "./report.js";

function table(head: readonly string[], rows: readonly string[][], numeric: ReadonlySet<number>): string {
  const th = head.map((h) => `<th>${esc(h)}</th>`).join("");
  const body = rows
    .map((r) => `<tr>${r.map((c, i) => `<td${numeric.has(i) ? ' class="n"' : ""}>${c}</td>`).join("")}</tr>`)
    .join("\n");
  return `<table><tr>${th}</tr>${body}</table>`;
}

const list = (r: Record<string, number>) =>
  Object.entries(r)
    .map(([k, v]) => `${k} ${v}`)
    .join(", ");

const pct = (x: number | null) => (x === null ? "" : `${(100 * x).toPrecision(2)} %`);

/**
 * The groups, retries, workflows and daily sections as HTML (no figures).
 * @example
 * const reads = [await readFailureReport("fixtures/pilot/failures/pipetask_report_v2.json")];
 * failureSectionsHtml(analyzeFailures({ reads })).startsWith("<h2>Groups</h2>") // true
 */
export function failureSectionsHtml(a: FailureAnalysis, daily?: DailySummary): string {
  const parts: string[] = [];
  parts.push(
    "<h2>Groups</h2>",
    table(
      [
        "#",
        "status",
        "label",
        "task",
        "exception",
        "template",
        "count",
        "outside footprint",
        "investigate",
        "unlocated",
        "rate",
        "known as",
        "flavor",
      ],
      a.groups.map((g, k) => {
        const known = g.known[0];
        return [
          String(k + 1),
          esc(groupStatus(g)),
          esc(`${g.label}${g.resolvedRecurring ? " (resolved, recurring)" : ""}`),
          esc(g.task),
          esc(g.exception ?? ""),
          `<code>${esc(g.template)}</code>`,
          String(g.count),
          String(g.outsideFootprint),
          String(g.insideFootprint),
          String(g.unlocated),
          esc(pct(g.rate)),
          known ? esc(`${known.name} ${known.tickets.join(" ")} → ${known.action}`) : "",
          esc(g.flavor ?? ""),
        ];
      }),
      new Set([0, 6, 7, 8, 9, 10]),
    ),
  );
  if (a.retries.length > 0)
    parts.push(
      "<h2>Retries</h2>",
      table(
        ["task", "data id", "attempts", "final status", "attempts' statuses", "run time (s)", "memory (GB)"],
        a.retries
          .slice(0, 200)
          .map((r) => [
            esc(r.task),
            esc(dataIdKey(r.dataId)),
            String(r.attempts),
            esc(r.status),
            esc(r.history ? historyText(r.history) : ""),
            r.runTimeS !== undefined ? r.runTimeS.toFixed(0) : "",
            r.memoryBytes !== undefined ? (r.memoryBytes / 1e9).toFixed(1) : "",
          ]),
        new Set([2, 5, 6]),
      ),
    );
  if (a.workflows.length > 0)
    parts.push(
      "<h2>Workflows</h2>",
      table(
        [
          "workflow",
          "failures",
          "jobs",
          "rate",
          "infrastructure rate",
          "by origin",
          "by flavor",
          "by task",
          "verdict",
        ],
        a.workflows.map((w) => [
          esc(w.workflow),
          String(w.failures),
          w.jobs === null ? "" : String(w.jobs),
          esc(pct(w.rate)),
          esc(pct(w.infrastructureRate)),
          esc(list(w.origins)),
          esc(list(w.flavors)),
          esc(list(w.tasks)),
          w.verdict.startsWith("infrastructure problem")
            ? `<strong>${esc(w.verdict)}</strong>`
            : esc(w.verdict),
        ]),
        new Set([1, 2, 3, 4]),
      ),
    );
  if (daily && daily.days.length > 0) {
    const shown = daily.days.slice(-7);
    const off = daily.days.length - shown.length;
    parts.push(
      "<h2>Daily</h2>",
      table(
        ["trend", "task", "exception", "template", ...shown, "first seen"],
        daily.series.map((s) => [
          esc(s.trend),
          esc(s.task),
          esc(s.exception ?? ""),
          `<code>${esc(s.template)}</code>`,
          ...s.counts.slice(off).map(String),
          esc(s.firstSeen),
        ]),
        new Set(shown.map((_, i) => 4 + i)),
      ),
    );
  }
  return parts.join("\n");
}

/**
 * The report as one self-contained page: figures (when given), every group's result, then the failure tables.
 * @example
 * const reads = [await readFailureReport("fixtures/pilot/failures/pipetask_report_v2.json")];
 * const analysis = analyzeFailures({ reads });
 * failuresHtml(toFailuresReport(analysis, reads, "0"), analysis).includes("<title>skygate failures: fail</title>") // true
 */
export function failuresHtml(
  report: Report,
  analysis: FailureAnalysis,
  daily?: DailySummary,
  figures?: HtmlFigures,
): string {
  const page = toHtml(report, figures, "skygate failures");
  // The last </body>: inlined scripts may hold the text too.
  const at = page.lastIndexOf("</body>");
  return `${page.slice(0, at)}${failureSectionsHtml(analysis, daily)}\n${page.slice(at)}`;
}

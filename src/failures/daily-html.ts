/**
 * The daily summary as the page a production team reads each morning: the latest day against the previous ones,
 * new templates first (with when they were first seen), rising ones next, then the rest; self-contained HTML.
 */
import { escapeXml as esc } from "../report/escape.js";
import type { DailySeries, DailySummary, Trend } from "./daily.js";

const TREND_COLOURS: Readonly<Record<Trend, string>> = {
  new: "#cf222e",
  rising: "#bc4c00",
  steady: "#6e7781",
  falling: "#1a7f37",
  gone: "#afb8c1",
};

const STYLE = `body{font:14px/1.4 system-ui,sans-serif;margin:2em;color:#1f2328}
table{border-collapse:collapse;margin:1em 0}th,td{border:1px solid #d0d7de;padding:4px 8px;text-align:left;vertical-align:top}
td.n{text-align:right}th{background:#f6f8fa}.badge{color:#fff;border-radius:4px;padding:1px 6px;font-weight:600}
.latest{font-weight:600}code{font-size:13px}.skygate-figure{margin:1em 0}`;

/** Mean per day of the days before the latest (0 when there are none). */
function previousMean(s: DailySeries): number {
  const prev = s.counts.slice(0, -1);
  return prev.length === 0 ? 0 : prev.reduce((a, b) => a + b, 0) / prev.length;
}

/**
 * Change of the latest day against the previous days' mean, as text (`+300 %`, `−50 %`, `new`).
 * @example changeText({ task: "isr", exception: null, template: "t", counts: [2, 2, 8], total: 12, firstSeen: "2024-03-01", trend: "rising" }) // "+300 %"
 */
export function changeText(s: DailySeries): string {
  const mean = previousMean(s);
  const last = s.counts[s.counts.length - 1] ?? 0;
  if (mean === 0) return last > 0 ? "new" : "";
  const change = Math.round((100 * (last - mean)) / mean);
  return `${change > 0 ? "+" : change < 0 ? "−" : "±"}${Math.abs(change)} %`;
}

/** What goes into the page besides the summary. */
export interface DailyHtmlOptions {
  /** Days shown before the latest (default 6). */
  previousDays?: number;
  /** Chart HTML: scripts for the head, the figure for the body (see `dailyFailureChart`). */
  chart?: { head: string; body: string };
  title?: string;
  version?: string;
}

function row(s: DailySeries, off: number): string {
  const counts = s.counts
    .slice(off)
    .map((c, i, all) => `<td class="n${i === all.length - 1 ? " latest" : ""}">${c}</td>`)
    .join("");
  return `<tr><td><span class="badge" style="background:${TREND_COLOURS[s.trend]}">${s.trend}</span></td><td>${esc(s.task)}</td><td>${esc(s.exception ?? "")}</td><td><code>${esc(s.template)}</code></td>${counts}<td class="n">${previousMean(s).toFixed(1)}</td><td class="n">${esc(changeText(s))}</td><td>${esc(s.firstSeen)}</td></tr>`;
}

/**
 * The morning page.
 * @example
 * const f = { task: "isr", dataId: {}, status: "FAILED", exception: "RuntimeError", message: "file 17 truncated", source: "t" };
 * const page = dailyHtml(dailySummary([{ ...f, time: "2024-03-01T05:00:00Z" }, { ...f, message: "new trouble", time: "2024-03-02T05:00:00Z" }]));
 * page.indexOf("new trouble") < page.indexOf("file &lt;n&gt; truncated") // true (new templates first)
 */
export function dailyHtml(s: DailySummary, options: DailyHtmlOptions = {}): string {
  const k = Math.min(options.previousDays ?? 6, Math.max(0, s.days.length - 1));
  const shown = s.days.slice(s.days.length - 1 - k);
  const off = s.days.length - shown.length;
  const latest = s.days[s.days.length - 1];
  const total = s.totals[s.totals.length - 1] ?? 0;
  const prev = s.totals.slice(0, -1);
  const prevMean = prev.length > 0 ? prev.reduce((a, b) => a + b, 0) / prev.length : null;
  const count = (t: Trend) => s.series.filter((x) => x.trend === t).length;
  const head = `<tr><th>trend</th><th>task</th><th>exception</th><th>template</th>${shown
    .map((d, i) => `<th${i === shown.length - 1 ? ' class="latest"' : ""}>${esc(d)}</th>`)
    .join("")}<th>previous mean / day</th><th>change</th><th>first seen</th></tr>`;
  const section = (title: string, list: readonly DailySeries[]) =>
    list.length === 0
      ? ""
      : `<h2>${esc(title)}</h2><table>${head}${list.map((x) => row(x, off)).join("\n")}</table>`;
  const newOnes = s.series.filter((x) => x.trend === "new");
  const rising = s.series.filter((x) => x.trend === "rising");
  const rest = s.series.filter((x) => x.trend !== "new" && x.trend !== "rising");
  const summary =
    latest === undefined
      ? "<p>No dated failures.</p>"
      : `<p>Latest day <strong>${esc(latest)}</strong>: <strong>${total}</strong> failures${prevMean !== null ? ` (previous ${prev.length} day${prev.length === 1 ? "" : "s"}: ${prevMean.toFixed(1)} per day)` : ""}; <strong>${count("new")}</strong> new template${count("new") === 1 ? "" : "s"}, ${count("rising")} rising, ${count("steady")} steady, ${count("falling")} falling, ${count("gone")} gone.</p>`;
  const notes = [
    ...(s.undated > 0 ? [`${s.undated} failures have no time and are not counted here.`] : []),
    ...(s.badLines
      ? [
          `<strong>Partial</strong>: ${s.badLines} input lines skipped (first: ${esc(s.badSample?.[0]?.source ?? "")}: ${esc(s.badSample?.[0]?.reason ?? "")}).`,
        ]
      : []),
    ...(s.records !== undefined ? [`${s.records} log records read.`] : []),
  ];
  const title = options.title ?? "Daily failure summary";
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>${esc(title)}${latest ? ` ${esc(latest)}` : ""}</title><style>${STYLE}</style>${options.chart?.head ?? ""}</head>
<body><h1>${esc(title)}</h1>${summary}${notes.map((n) => `<p>${n}</p>`).join("")}
${section("New templates", newOnes)}
${section("Rising", rising)}
${options.chart?.body ?? ""}
${section("All other templates", rest)}
<p>skygate${options.version ? ` ${esc(options.version)}` : ""}</p>
</body></html>
`;
}

/** A gate report as notebook HTML: the verdict, what blocks, metrics against their levels, waivers. */
import type { GateReport } from "../../gate/run.js";
import { LEVELS, type MetricOutcome } from "../../gate/types.js";
import { escapeHtml } from "../html.js";
import { foldHtml, htmlTable, numHtml, type Paging, statusBadge } from "./parts.js";
import { reportBodyHtml } from "./report-html.js";
import { richStyle } from "./style.js";

/**
 * Metrics against their verify-spec levels: the value, then one cell per level (operator and threshold) green
 * when met and red when missed; the required level in bold. A metric that could not be measured says so.
 * @example metricsHtml([{ metric: "Object.rows", value: 10, unit: "", operator: ">=", require: "minimum", levels: { minimum: { value: 5, pass: true } } }]).includes("skygate-cell-ok") // true
 */
export function metricsHtml(metrics: readonly MetricOutcome[]): string {
  if (metrics.length === 0) return "<p>No metric.</p>";
  const rows = metrics.map((m) => [
    `<code>${escapeHtml(m.metric)}</code>`,
    m.value === null
      ? '<span class="skygate-error">not measured</span>'
      : `${numHtml(m.value)}${m.unit ? ` ${escapeHtml(m.unit)}` : ""}`,
    ...LEVELS.map((level) => {
      const l = m.levels[level];
      if (!l) return "";
      const text = `${escapeHtml(m.operator)} ${numHtml(l.value)} ${l.pass ? "✓" : "✗"}`;
      return `<span class="${l.pass ? "skygate-cell-ok" : "skygate-cell-bad"}">${level === m.require ? `<b>${text}</b>` : text}</span>`;
    }),
  ]);
  return htmlTable(["metric", "value", ...LEVELS], rows, [0]);
}

/**
 * A gate report (from `runGate`) as notebook HTML: verdict and counts, blocking findings, the metrics table,
 * waivers (with ticket and expiry, expired and unused ones called out), then the check report folded.
 * @example gateHtml({ tool: "skygate", version: "x", status: "pass", tables: {}, coverage: { columns: 0, checked: 0, unchecked: [] }, results: [], metrics: [], gate: { name: "g", status: "pass", blocking: [], waived: [], warnings: [], expiredWaivers: [], unusedWaivers: [] } } as never).includes("gate g") // true
 */
export function gateHtml(report: GateReport, paging: Paging = {}): string {
  const g = report.gate;
  const head =
    `<p><b>gate ${escapeHtml(g.name)}</b>: ${statusBadge(g.status)} · ${g.blocking.length} blocking, ` +
    `${g.waived.length} waived, ${g.warnings.length} warnings only</p>`;
  const blocking =
    g.blocking.length === 0
      ? ""
      : `<h4>Blocking (${g.blocking.length})</h4><p>${g.blocking
          .slice(0, 50)
          .map((id) => `<code>${escapeHtml(id)}</code>`)
          .join(
            ", ",
          )}${g.blocking.length > 50 ? ` and ${g.blocking.length - 50} more (report.gate.blocking)` : ""}</p>`;
  const waivers = [
    ...g.waived.map(
      (w) =>
        `waived <code>${escapeHtml(w.id)}</code>: ${escapeHtml(w.ticket)} until ${escapeHtml(w.expires)} (${escapeHtml(w.reason)})`,
    ),
    ...g.expiredWaivers.map(
      (w) =>
        `<span class="skygate-fail">expired</span> <code>${escapeHtml(w.match)}</code>: ${escapeHtml(w.ticket)} (${escapeHtml(w.expires)})`,
    ),
    ...g.unusedWaivers.map((w) => `unused <code>${escapeHtml(w.match)}</code>: ${escapeHtml(w.ticket)}`),
  ];
  const waiverHtml =
    waivers.length === 0
      ? ""
      : `<h4>Waivers</h4><ul>${waivers
          .slice(0, 30)
          .map((w) => `<li>${w}</li>`)
          .join("")}</ul>` +
        (waivers.length > 30 ? `<p>${waivers.length - 30} more (report.gate.waived)</p>` : "");
  return (
    `${richStyle()}<div class="skygate-rich">${head}${blocking}<h4>Metrics against their levels</h4>` +
    `${metricsHtml(report.metrics)}${waiverHtml}${foldHtml("the check report", reportBodyHtml(report, paging))}</div>`
  );
}

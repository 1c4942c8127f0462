/** The gate section of a report for people: verdict first, then what blocks, what is waived, the metrics. */
import { escapeMarkdownCell as cell, escapeXml as esc } from "../report/escape.js";
import type { GateReport } from "./run.js";
import { LEVELS } from "./types.js";

function metricRows(report: GateReport): string[][] {
  return report.metrics.map((m) => [
    m.metric,
    m.value === null
      ? "not measured"
      : `${Number.isInteger(m.value) ? m.value : m.value.toPrecision(4)}${m.unit ? ` ${m.unit}` : ""}`,
    ...LEVELS.map((l) => {
      const level = m.levels[l];
      if (level === undefined) return "";
      return `${level.pass ? "✓" : "✗"} ${m.operator} ${level.value}${l === m.require ? " (required)" : ""}`;
    }),
  ]);
}

/**
 * The gate verdict and its reasons as plain text (printed before the check summary).
 * @example
 * gateText({ ...report, gate: { name: "coadd", file: "gates/coadd.yaml", status: "fail", blocking: ["a", "b"], warnings: [], waived: [], expiredWaivers: [], unusedWaivers: [] }, metrics: [] }).split("\n")[0] // "gate coadd: FAIL (2 blocking, 0 waived, 0 warnings)"
 */
export function gateText(report: GateReport): string {
  const g = report.gate;
  const out = [
    `gate ${g.name}: ${g.status.toUpperCase()} (${g.blocking.length} blocking, ${g.waived.length} waived, ${g.warnings.length} warnings)`,
  ];
  for (const id of g.blocking.slice(0, 20)) out.push(`  blocks: ${id}`);
  if (g.blocking.length > 20) out.push(`  … ${g.blocking.length - 20} more blocking`);
  for (const w of g.waived) out.push(`  waived: ${w.id} (${w.ticket}, until ${w.expires}: ${w.reason})`);
  for (const w of g.expiredWaivers) out.push(`  EXPIRED waiver: ${w.match} (${w.ticket}, ${w.expires})`);
  for (const w of g.unusedWaivers)
    out.push(`  unused waiver (nothing to waive any more?): ${w.match} (${w.ticket})`);
  for (const id of g.warnings.slice(0, 20)) out.push(`  warns: ${id}`);
  if (report.metrics.length > 0) {
    out.push("  metrics:");
    for (const row of metricRows(report)) out.push(`    ${row.filter((c) => c !== "").join("  ")}`);
  }
  return `${out.join("\n")}\n`;
}

/**
 * The gate section as Markdown (placed above the check report's Markdown).
 * @example
 * gateMarkdown({ ...report, gate: { name: "coadd", file: "gates/coadd.yaml", status: "fail", blocking: ["a", "b"], warnings: [], waived: [], expiredWaivers: [], unusedWaivers: [] }, metrics: [] }).startsWith("# skygate gate coadd: FAIL") // true
 */
export function gateMarkdown(report: GateReport): string {
  const g = report.gate;
  const out = [
    `# skygate gate ${cell(g.name)}: ${g.status.toUpperCase()}`,
    "",
    ...(g.description ? [g.description.trim(), ""] : []),
    `\`${cell(g.file)}\`: ${g.blocking.length} blocking, ${g.waived.length} waived, ${g.warnings.length} warnings only.`,
    "",
  ];
  if (g.blocking.length > 0)
    out.push("**Blocking:** " + g.blocking.map((id) => `\`${cell(id)}\``).join(", "), "");
  if (g.waived.length > 0 || g.expiredWaivers.length > 0) {
    out.push("| waived | ticket | until | reason |", "|---|---|---|---|");
    for (const w of g.waived)
      out.push(`| \`${cell(w.id)}\` | ${cell(w.ticket)} | ${w.expires} | ${cell(w.reason)} |`);
    for (const w of g.expiredWaivers)
      out.push(`| \`${cell(w.match)}\` **expired** | ${cell(w.ticket)} | ${w.expires} | ${cell(w.reason)} |`);
    out.push("");
  }
  if (report.metrics.length > 0) {
    out.push("| metric | value | minimum | design | stretch |", "|---|---:|---|---|---|");
    for (const row of metricRows(report)) out.push(`| ${row.map(cell).join(" | ")} |`);
    out.push("");
  }
  return `${out.join("\n")}\n`;
}

/**
 * The gate section of an HTML report (verdict, what blocks, waivers, metrics against their levels), escaped.
 * @example
 * gateHtml({ ...report, gate: { name: "coadd", file: "gates/coadd.yaml", status: "pass", blocking: [], warnings: [], waived: [], expiredWaivers: [], unusedWaivers: [] }, metrics: [] }).includes("gate coadd: PASS") // true
 */
export function gateHtml(report: GateReport): string {
  const g = report.gate;
  const colour = g.status === "pass" ? "#1a7f37" : g.status === "fail" ? "#cf222e" : "#bf8700";
  const out = [
    `<section class="gate"><h2 style="color:${colour}">gate ${esc(g.name)}: ${g.status.toUpperCase()}</h2>`,
    g.description ? `<p>${esc(g.description.trim())}</p>` : "",
    `<p><code>${esc(g.file)}</code>: ${g.blocking.length} blocking, ${g.waived.length} waived, ${g.warnings.length} warnings only.</p>`,
  ];
  if (g.blocking.length > 0)
    out.push(`<p><b>Blocking:</b> ${g.blocking.map((id) => `<code>${esc(id)}</code>`).join(", ")}</p>`);
  if (g.waived.length + g.expiredWaivers.length > 0) {
    out.push("<table><tr><th>waived</th><th>ticket</th><th>until</th><th>reason</th></tr>");
    for (const w of g.waived)
      out.push(
        `<tr><td><code>${esc(w.id)}</code></td><td>${esc(w.ticket)}</td><td>${esc(w.expires)}</td><td>${esc(w.reason)}</td></tr>`,
      );
    for (const w of g.expiredWaivers)
      out.push(
        `<tr><td><code>${esc(w.match)}</code> <b>expired</b></td><td>${esc(w.ticket)}</td><td>${esc(w.expires)}</td><td>${esc(w.reason)}</td></tr>`,
      );
    out.push("</table>");
  }
  if (report.metrics.length > 0) {
    out.push("<table><tr><th>metric</th><th>value</th><th>minimum</th><th>design</th><th>stretch</th></tr>");
    for (const row of metricRows(report))
      out.push(`<tr>${row.map((c) => `<td>${esc(c)}</td>`).join("")}</tr>`);
    out.push("</table>");
  }
  out.push("</section>");
  return out.join("\n");
}

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

interface GroupRow {
  task: string;
  label: string;
  count: number;
  exception: string | null;
  template: string;
  outsideFootprint: number;
  insideFootprint: number;
  unlocated: number;
}

/** Rows of the steps' tables: holes, failure groups, notebooks (each row a list of cells). */
function stepRows(report: GateReport): { holes: string[][]; groups: string[][]; notebooks: string[][] } {
  const holes = (report.holes?.holes ?? []).map((h) => [
    h.table,
    `${h.ra.toFixed(4)}, ${h.dec.toFixed(4)}`,
    h.tract === null ? "" : `${h.tract} / ${h.patchXY ?? h.patch}`,
    h.areaDeg2.toExponential(2),
    `${h.observed} / ${h.expected.toFixed(0)}`,
    `${h.significance.toFixed(1)}σ`,
    h.shape?.kind ?? "",
  ]);
  const groups = ((report.failures?.groups ?? []) as GroupRow[]).map((g) => [
    g.label,
    g.task,
    String(g.count),
    `${g.exception ?? ""} ${g.template}`.trim(),
    `${g.outsideFootprint} / ${g.insideFootprint} / ${g.unlocated}`,
  ]);
  const notebooks = (report.notebooks ?? []).map((n) => [
    n.path,
    n.status,
    n.failedCell
      ? `cell ${n.failedCell.index} (${n.failedCell.firstLine}): ${n.failedCell.error}`
      : `${n.cells} cells ok`,
  ]);
  return { holes, groups, notebooks };
}

const HOLE_HEAD = [
  "table",
  "RA, Dec (deg)",
  "tract / patch",
  "area (deg²)",
  "objects / expected",
  "σ",
  "shape",
];
const GROUP_HEAD = [
  "label",
  "task",
  "count",
  "exception and message",
  "outside / inside footprint / unlocated",
];
const NOTEBOOK_HEAD = ["notebook", "status", "cells"];

/** A waiver's or waived result's name, with the failure group's template when it picks one group. */
function named(id: string, group: string | undefined): string {
  return group === undefined ? id : `${id} "${group}"`;
}

function groupCell(group: string | undefined): string {
  return group === undefined ? "" : ` “${cell(group)}”`;
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
  for (const w of g.waived)
    out.push(`  waived: ${named(w.id, w.group)} (${w.ticket}, until ${w.expires}: ${w.reason})`);
  for (const w of g.expiredWaivers)
    out.push(`  EXPIRED waiver: ${named(w.match, w.group)} (${w.ticket}, ${w.expires})`);
  for (const w of g.unusedWaivers)
    out.push(`  unused waiver (nothing to waive any more?): ${named(w.match, w.group)} (${w.ticket})`);
  for (const id of g.warnings.slice(0, 20)) out.push(`  warns: ${id}`);
  if (report.metrics.length > 0) {
    out.push("  metrics:");
    for (const row of metricRows(report)) out.push(`    ${row.filter((c) => c !== "").join("  ")}`);
  }
  const steps = stepRows(report);
  if (report.holes) {
    out.push(`  coverage holes: ${steps.holes.length}`);
    for (const row of steps.holes) out.push(`    ${row.filter((c) => c !== "").join("  ")}`);
    for (const [table, list] of Object.entries(report.holes.dc2Lists))
      for (const line of list.trimEnd().split("\n"))
        if (line !== "") out.push(`    ${table} patches: ${line}`);
  }
  if (report.failures) {
    out.push(`  failure groups: ${steps.groups.length} (${report.failures.failures.length} failures)`);
    for (const row of steps.groups) out.push(`    ${row.join("  ")}`);
  }
  for (const row of steps.notebooks) out.push(`  notebook ${row.join(": ")}`);
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
      out.push(
        `| \`${cell(w.id)}\`${groupCell(w.group)} | ${cell(w.ticket)} | ${w.expires} | ${cell(w.reason)} |`,
      );
    for (const w of g.expiredWaivers)
      out.push(
        `| \`${cell(w.match)}\`${groupCell(w.group)} **expired** | ${cell(w.ticket)} | ${w.expires} | ${cell(w.reason)} |`,
      );
    out.push("");
  }
  if (report.metrics.length > 0) {
    out.push("| metric | value | minimum | design | stretch |", "|---|---:|---|---|---|");
    for (const row of metricRows(report)) out.push(`| ${row.map(cell).join(" | ")} |`);
    out.push("");
  }
  const steps = stepRows(report);
  const table = (title: string, head: string[], rows: string[][]) => {
    out.push(`## ${title}`, "");
    if (rows.length === 0) return out.push("None.", "");
    out.push(`| ${head.join(" | ")} |`, `|${head.map(() => "---").join("|")}|`);
    for (const row of rows) out.push(`| ${row.map(cell).join(" | ")} |`);
    out.push("");
  };
  if (report.holes) table("Coverage holes", HOLE_HEAD, steps.holes);
  if (report.failures) table("Failure groups", GROUP_HEAD, steps.groups);
  if (report.notebooks) table("Notebooks", NOTEBOOK_HEAD, steps.notebooks);
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
        `<tr><td><code>${esc(w.id)}</code>${w.group === undefined ? "" : ` “${esc(w.group)}”`}</td><td>${esc(w.ticket)}</td><td>${esc(w.expires)}</td><td>${esc(w.reason)}</td></tr>`,
      );
    for (const w of g.expiredWaivers)
      out.push(
        `<tr><td><code>${esc(w.match)}</code>${w.group === undefined ? "" : ` “${esc(w.group)}”`} <b>expired</b></td><td>${esc(w.ticket)}</td><td>${esc(w.expires)}</td><td>${esc(w.reason)}</td></tr>`,
      );
    out.push("</table>");
  }
  if (report.metrics.length > 0) {
    out.push("<table><tr><th>metric</th><th>value</th><th>minimum</th><th>design</th><th>stretch</th></tr>");
    for (const row of metricRows(report))
      out.push(`<tr>${row.map((c) => `<td>${esc(c)}</td>`).join("")}</tr>`);
    out.push("</table>");
  }
  const steps = stepRows(report);
  const table = (title: string, head: string[], rows: string[][]) => {
    out.push(`<h3>${esc(title)}</h3>`);
    if (rows.length === 0) return out.push("<p>None.</p>");
    out.push(`<table><tr>${head.map((h) => `<th>${esc(h)}</th>`).join("")}</tr>`);
    for (const row of rows) out.push(`<tr>${row.map((c) => `<td>${esc(c)}</td>`).join("")}</tr>`);
    out.push("</table>");
  };
  if (report.holes) table("Coverage holes", HOLE_HEAD, steps.holes);
  if (report.failures) table("Failure groups", GROUP_HEAD, steps.groups);
  if (report.notebooks) table("Notebooks", NOTEBOOK_HEAD, steps.notebooks);
  out.push("</section>");
  return out.join("\n");
}

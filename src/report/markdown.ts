/** Markdown report for pull-request comments and notebooks. */
import type { CheckResult, Report } from "../core/results.js";
import { escapeMarkdownCell as cell, markdownCode as code } from "./escape.js";
import { partialNotes, problems, rollupByCheck } from "./summary.js";
import { breakdownLine, groupByBand, groupMessage, type ProblemGroup, sampleLine } from "./triage.js";

/** A problem's message followed by its first sample rows (positions in degrees). */
function withSample(g: ProblemGroup): string {
  const sample = sampleLine(g.results[0] as CheckResult);
  const where = g.results.length === 1 ? breakdownLine(g.results[0] as CheckResult) : "";
  return [groupMessage(g), sample, where].filter((part) => part !== "").join(" — ");
}

const ICON: Record<string, string> = { pass: "✅", fail: "❌", error: "⚠️", skip: "⏭️" };

/**
 * The report as Markdown: verdict, tables, checks by status, problems, coverage.
 * @example
 * toMarkdown(report).split("\n")[0] // "# skygate check: FAIL"
 */
export function toMarkdown(report: Report, options: { maxProblems?: number } = {}): string {
  const out: string[] = [
    `# skygate check: ${report.status.toUpperCase()}`,
    "",
    `skygate ${report.version}`,
    "",
  ];
  // A fallback between engines is never silent (the CLI's --engine auto records them in report.engine).
  const engine = report.engine as
    | { fallbacks?: ReadonlyArray<{ table: string; operation: string; reason: string }> }
    | undefined;
  for (const f of engine?.fallbacks ?? [])
    out.push(
      `> Engine: auto fell back from DuckDB to Arrow for ${cell(f.table)} (${cell(f.operation)}): ${cell(f.reason)}`,
      "",
    );
  // Partial results are never silent: a pass on part of the data is not a pass on the table.
  for (const note of partialNotes(report)) out.push(`> **PARTIAL**: ${cell(note)}`, "");
  out.push("| table | rows | columns | sources |", "|---|---:|---:|---:|");
  for (const [name, t] of Object.entries(report.tables))
    out.push(
      `| ${cell(name)}${t.partial ? " (partial)" : ""} | ${t.rows} | ${t.columns} | ${t.sources.length} |`,
    );
  out.push(
    "",
    "## Checks",
    "",
    "| check | pass | fail | error | skip | failing rows |",
    "|---|---:|---:|---:|---:|---:|",
  );
  for (const r of rollupByCheck(report.results)) {
    out.push(
      `| ${cell(r.check)} | ${r.counts.pass} | ${r.counts.fail} | ${r.counts.error} | ${r.counts.skip} | ${r.failingRows ?? ""} |`,
    );
  }
  // The same rule over the bands of one quantity is one problem with a per-band breakdown (JSON keeps them apart).
  const shown = groupByBand(problems(report));
  const max = options.maxProblems ?? 200;
  if (shown.length > 0) {
    out.push(
      "",
      "## Problems",
      "",
      "Sample positions are in degrees, whatever the column unit.",
      "",
      "| | id | failing | total | message |",
      "|---|---|---:|---:|---|",
    );
    for (const g of shown.slice(0, max)) {
      const r = g.results[0] as CheckResult;
      const failing = g.breakdown === null ? String(r.failing) : "";
      const total = g.breakdown === null ? String(r.total) : "";
      out.push(`| ${ICON[g.status]} | ${code(g.id)} | ${failing} | ${total} | ${cell(withSample(g))} |`);
    }
    if (shown.length > max) out.push("", `… and ${shown.length - max} more (see the JSON report).`);
  }
  const c = report.coverage;
  out.push("", "## Coverage", "", `${c.checked} of ${c.columns} columns checked.`);
  if (c.unchecked.length > 0) out.push("", `Unchecked: ${c.unchecked.map((u) => code(u)).join(", ")}`);
  return `${out.join("\n")}\n`;
}

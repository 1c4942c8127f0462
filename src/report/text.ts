/** The readable summary `skygate check` prints on stdout. */

import type { CheckResult, Report } from "../core/results.js";
import { partialNotes, problems, rollupByCheck, statusCounts } from "./summary.js";
import { breakdownLine, groupByBand, groupMessage, sampleLine } from "./triage.js";

function table(rows: readonly (readonly string[])[], rightAligned: readonly boolean[]): string {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows
    .map((r) =>
      r
        .map((cell, i) => (rightAligned[i] ? cell.padStart(widths[i]) : cell.padEnd(widths[i])))
        .join("  ")
        .trimEnd(),
    )
    .join("\n");
}

/** Options of toText. */
export interface TextOptions {
  /** Most problems listed one per line (default 50); the JSON report has all. */
  maxProblems?: number;
}

/**
 * Plain-text summary: tables read, a table of checks by status, the failing and erroring checks, coverage and verdict.
 * @example
 * toText(report).includes("Status: FAIL") // true
 */
export function toText(report: Report, options: TextOptions = {}): string {
  const lines: string[] = [];
  lines.push(`skygate ${report.version} check`);
  for (const [name, t] of Object.entries(report.tables)) {
    lines.push(
      `  ${name}: ${t.rows} rows, ${t.columns} columns, ${t.sources.length} source${t.sources.length === 1 ? "" : "s"}${t.partial ? ` (PARTIAL: ${t.partial})` : ""}`,
    );
  }
  lines.push("");
  const header = ["check", "pass", "fail", "error", "skip", "failing rows"];
  const rows = rollupByCheck(report.results).map((r) => [
    r.check,
    String(r.counts.pass),
    String(r.counts.fail),
    String(r.counts.error),
    String(r.counts.skip),
    r.failingRows === null ? "" : String(r.failingRows),
  ]);
  const totals = statusCounts(report.results);
  const all = [
    "total",
    String(totals.pass),
    String(totals.fail),
    String(totals.error),
    String(totals.skip),
    "",
  ];
  lines.push(table([header, ...rows, all], [false, true, true, true, true, true]));
  // The same rule over the bands of one quantity is one problem with a per-band breakdown (JSON keeps them apart).
  const shown = groupByBand(problems(report));
  const max = options.maxProblems ?? 50;
  if (shown.length > 0) {
    lines.push("");
    lines.push("Problems (sample positions in degrees, whatever the column unit):");
    const problemRows = shown.slice(0, max).map((g) => {
      const r = g.results[0] as CheckResult;
      const counts = g.status === "fail" && g.breakdown === null ? `${r.failing}/${r.total}` : "";
      return [g.status.toUpperCase(), g.id, counts, groupMessage(g)];
    });
    // Sample rows beside each problem (positions in degrees whatever the column's unit).
    const samples = shown.slice(0, max).map((g) => sampleLine(g.results[0] as CheckResult));
    // Where the failing rows are (tract/patch, visit/detector, band), for single results.
    const where = shown
      .slice(0, max)
      .map((g) => (g.results.length === 1 ? breakdownLine(g.results[0] as CheckResult) : ""));
    const rendered = table(problemRows, [false, false, true, false]).split("\n");
    rendered.forEach((line, i) => {
      lines.push(`  ${line}`);
      if (samples[i]) lines.push(`        ${samples[i]}`);
      if (where[i]) lines.push(`        ${where[i]}`);
    });
    if (shown.length > max) lines.push(`  … and ${shown.length - max} more (see the JSON report)`);
  }
  const c = report.coverage;
  lines.push("");
  lines.push(
    `Coverage: ${c.checked}/${c.columns} columns checked${c.unchecked.length > 0 ? `; unchecked: ${c.unchecked.slice(0, 20).join(", ")}${c.unchecked.length > 20 ? ", …" : ""}` : ""}`,
  );
  const partial = partialNotes(report);
  lines.push(
    `Status: ${report.status.toUpperCase()}${partial.length > 0 ? " PARTIAL" : ""} (${totals.fail} failed, ${totals.error} errored, ${totals.pass} passed, ${totals.skip} skipped)`,
  );
  // Partial results are never silent: a pass on part of the data is not a pass on the table.
  for (const note of partial) lines.push(`  PARTIAL: ${note}`);
  return `${lines.join("\n")}\n`;
}

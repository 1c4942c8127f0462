/**
 * The contract's JSON report for `skygate failures`: one `failureLocation` result per group, plus `groups`,
 * `failures` and skygate's extra fields (inputs, retries, workflows); and the Markdown / text summaries.
 */

import type { CheckResult, CheckStatus, Report } from "../core/results.js";
import { reportStatus } from "../core/results.js";
import { escapeMarkdownCell } from "../report/escape.js";
import type { FailureAnalysis, JudgedGroup } from "./analyze.js";
import { dataIdKey } from "./dataId.js";
import { messageTemplate } from "./message.js";
import type { FailureRead } from "./types.js";

/** The status of a group's result: new, resolved-but-recurring and over-threshold groups fail. */
export function groupStatus(g: JudgedGroup): CheckStatus {
  if (g.label === "new" || g.resolvedRecurring || g.overThreshold === true) return "fail";
  if (g.overThreshold === null) return "error";
  return "pass";
}

function pct(x: number | null): string {
  return x === null ? "?" : `${(100 * x).toPrecision(2)} %`;
}

/**
 * One line saying what a group is and what to do.
 * @example
 * const reads = [await readFailureReport("fixtures/pilot/failures/pipetask_report_v2.json")];
 * const analysis = analyzeFailures({ reads, known: loadKnownErrors("examples/failures/known-errors-dc2.yaml") });
 * groupMessage(analysis.groups[0]) // 'new: 1 × calibrate ValueError "cannot convert float NaN to integer" — 0 outside the reference footprint (unprocessable, no action), 0 to investigate, 1 unlocated; rate 0.088 % of 1134 quanta'
 */
export function groupMessage(g: JudgedGroup): string {
  const head = `${g.label}${g.resolvedRecurring ? " (marked resolved, seen again)" : ""}: ${g.count} × ${g.task} ${g.status !== "FAILED" ? `${g.status} ` : ""}${g.exception ?? ""} "${g.template}"`;
  const where = `${g.outsideFootprint} outside the reference footprint (unprocessable, no action), ${g.insideFootprint} to investigate, ${g.unlocated} unlocated`;
  const k = g.known[0];
  const known = k
    ? `; known as ${k.name}${k.tickets.length > 0 ? ` (${k.tickets.join(", ")})` : ""}, action ${k.action}, rate ${pct(g.rate)} vs allowed ${pct(k.allowedFraction)}${g.overThreshold === true ? " EXCEEDED" : g.overThreshold === null ? " (rate unknown: give --expected TASK=N)" : ""}`
    : g.rate !== null
      ? `; rate ${pct(g.rate)} of ${g.expected} quanta`
      : "";
  return `${head} — ${where}${known}`;
}

/**
 * Attempt statuses run-length encoded: `FAILED ×11, SUCCESSFUL`.
 * @example historyText(["FAILED", "FAILED", "SUCCESSFUL"]) // "FAILED ×2, SUCCESSFUL"
 */
export function historyText(history: readonly string[]): string {
  const out: string[] = [];
  for (let i = 0; i < history.length; ) {
    let j = i;
    while (j < history.length && history[j] === history[i]) j++;
    out.push(j - i > 1 ? `${history[i]} ×${j - i}` : history[i]);
    i = j;
  }
  return out.join(", ");
}

function round(x: number | null, digits = 7): number | null {
  return x === null ? null : Number(x.toFixed(digits));
}

/**
 * The machine report of a failure analysis.
 * @example
 * const reads = [await readFailureReport("fixtures/pilot/failures/pipetask_report_v2.json")];
 * const analysis = analyzeFailures({ reads, known: loadKnownErrors("examples/failures/known-errors-dc2.yaml") });
 * toFailuresReport(analysis, reads, "0.1.0").status // "fail" (new groups exist)
 */
export function toFailuresReport(
  a: FailureAnalysis,
  reads: readonly FailureRead[],
  version: string,
  extra: Record<string, unknown> = {},
): Report {
  const results: CheckResult[] = a.groups.map((g, k) => ({
    id: `${g.task}.failureLocation`,
    table: g.task,
    column: null,
    check: "failureLocation",
    status: groupStatus(g),
    failing: g.count,
    total: g.expected ?? g.count,
    message: groupMessage(g),
    sample: g.members.slice(0, 20).map((i) => {
      const f = a.failures[i];
      return { row: i, key: dataIdKey(f.dataId), ra: round(f.location.ra), dec: round(f.location.dec) };
    }),
    group: k,
    ...(a.partial ? { partial: true } : {}),
  }));
  const inputs = reads.map((r) => ({
    path: r.path,
    format: r.format,
    failures: r.failures.length,
    ...(r.records !== undefined ? { records: r.records } : {}),
    badCount: r.badCount,
    bad: r.bad,
    partial: r.partial,
  }));
  return {
    tool: "skygate",
    version,
    status: reportStatus(results),
    tables: Object.fromEntries(
      reads.map((r) => [r.path, { rows: r.failures.length, columns: 0, sources: [r.path] }]),
    ),
    coverage: { columns: 0, checked: 0, unchecked: [] },
    results,
    ...(a.partial ? { partial: true } : {}),
    inputs,
    groups: a.groups.map((g) => ({
      template: g.template,
      task: g.task,
      count: g.count,
      outsideFootprint: g.outsideFootprint,
      insideFootprint: g.insideFootprint,
      unlocated: g.unlocated,
      status: g.status,
      exception: g.exception,
      label: g.label,
      known: g.known,
      resolvedRecurring: g.resolvedRecurring,
      expected: g.expected,
      rate: g.rate,
      overThreshold: g.overThreshold,
      flavor: g.flavor,
      ...(g.firstSeen !== undefined ? { firstSeen: g.firstSeen, lastSeen: g.lastSeen } : {}),
    })),
    failures: a.failures.map((f) => ({
      dataId: f.dataId,
      ra: round(f.location.ra),
      dec: round(f.location.dec),
      classification: f.verdict.classification,
      template: f.template,
      task: f.task,
      status: f.status,
      exception: f.exception,
      message: f.message,
      group: f.group,
      method: f.location.method,
      geometrySource: f.location.source,
      corners: f.location.corners?.map(([r, d]) => [round(r), round(d)]) ?? null,
      tract: f.location.tract ?? null,
      patch: f.location.patch ?? null,
      coveredFraction: round(f.verdict.coveredFraction, 4),
      referenceObjects: f.verdict.referenceObjects,
      ...(f.verdict.reason !== undefined ? { reason: f.verdict.reason } : {}),
      ...(f.time !== undefined ? { time: f.time } : {}),
      ...(f.attempts !== undefined ? { attempts: f.attempts } : {}),
      ...(f.workflow !== undefined ? { workflow: f.workflow } : {}),
      source: f.source,
    })),
    retries: a.retries,
    workflows: a.workflows,
    ...extra,
  };
}

/**
 * Markdown summary: groups (new first), where they are, retries, workflows, skipped input.
 * @example
 * const reads = [await readFailureReport("fixtures/pilot/failures/pipetask_report_v2.json")];
 * const analysis = analyzeFailures({ reads, known: loadKnownErrors("examples/failures/known-errors-dc2.yaml") });
 * failuresMarkdown(analysis, reads).startsWith("# Pipeline failures") // true
 */
export function failuresMarkdown(a: FailureAnalysis, reads: readonly FailureRead[]): string {
  const lines: string[] = ["# Pipeline failures", ""];
  const n = a.failures.length;
  const newGroups = a.groups.filter((g) => g.label === "new").length;
  lines.push(
    `${n} failures in ${a.groups.length} groups (${newGroups} new) from ${reads.length} report(s).${a.partial ? " **Partial**: some input lines were skipped (see below)." : ""}`,
    "",
  );
  lines.push(
    "| status | label | task | exception | template | count | outside footprint | investigate | unlocated | rate | known as |",
    "|---|---|---|---|---|---:|---:|---:|---:|---:|---|",
  );
  for (const g of a.groups) {
    const k = g.known[0];
    lines.push(
      `| ${groupStatus(g)} | ${g.label}${g.resolvedRecurring ? " (resolved, recurring)" : ""} | ${escapeMarkdownCell(g.task)} | ${escapeMarkdownCell(g.exception ?? "")} | ${escapeMarkdownCell(g.template)} | ${g.count} | ${g.outsideFootprint} | ${g.insideFootprint} | ${g.unlocated} | ${pct(g.rate)} | ${k ? escapeMarkdownCell(`${k.name} ${k.tickets.join(" ")} → ${k.action}`) : ""} |`,
    );
  }
  const unlocated = a.failures.filter((f) => f.verdict.classification === "unlocated");
  if (unlocated.length > 0) {
    lines.push("", "## Unlocated", "");
    // Reasons grouped by their template (visit numbers masked), with an example each.
    const reasons = new Map<string, { count: number; example: string }>();
    for (const f of unlocated) {
      const reason = f.verdict.reason ?? "?";
      const key = messageTemplate(reason);
      const r = reasons.get(key) ?? { count: 0, example: reason };
      r.count++;
      reasons.set(key, r);
    }
    for (const [key, r] of reasons)
      lines.push(`- ${r.count} × ${escapeMarkdownCell(key)} (e.g. ${escapeMarkdownCell(r.example)})`);
  }
  if (a.retries.length > 0) {
    lines.push(
      "",
      "## Retries",
      "",
      "Quanta that needed more than one attempt: failed in the end, or succeeded only after retries.",
      "",
      "| task | data id | attempts | final status | attempts' statuses | run time (s) | memory (GB) |",
      "|---|---|---:|---|---|---:|---:|",
    );
    for (const r of a.retries.slice(0, 50))
      lines.push(
        `| ${r.task} | ${escapeMarkdownCell(dataIdKey(r.dataId))} | ${r.attempts} | ${r.status} | ${r.history ? escapeMarkdownCell(historyText(r.history)) : ""} | ${r.runTimeS !== undefined ? r.runTimeS.toFixed(0) : ""} | ${r.memoryBytes !== undefined ? (r.memoryBytes / 1e9).toFixed(1) : ""} |`,
      );
  }
  if (a.workflows.length > 0) {
    lines.push(
      "",
      "## Workflows",
      "",
      "| workflow | failures | jobs | rate | infrastructure rate | by origin | by flavor | verdict |",
      "|---|---:|---:|---:|---:|---|---|---|",
    );
    const list = (r: Record<string, number>) =>
      Object.entries(r)
        .map(([k, v]) => `${k} ${v}`)
        .join(", ");
    for (const w of a.workflows)
      lines.push(
        `| ${escapeMarkdownCell(w.workflow)} | ${w.failures} | ${w.jobs ?? ""} | ${pct(w.rate)} | ${pct(w.infrastructureRate)} | ${escapeMarkdownCell(list(w.origins))} | ${escapeMarkdownCell(list(w.flavors))} | ${escapeMarkdownCell(w.verdict)} |`,
      );
  }
  const bad = reads.filter((r) => r.badCount > 0);
  if (bad.length > 0) {
    lines.push("", "## Skipped input", "");
    for (const r of bad) {
      lines.push(`- ${escapeMarkdownCell(r.path)}: ${r.badCount} entries skipped`);
      for (const b of r.bad.slice(0, 5))
        lines.push(`  - ${escapeMarkdownCell(b.source)}: ${escapeMarkdownCell(b.reason)}`);
    }
  }
  return `${lines.join("\n")}\n`;
}

/**
 * The stdout summary: one line per group, new first.
 * @example
 * const reads = [await readFailureReport("fixtures/pilot/failures/pipetask_report_v2.json")];
 * const analysis = analyzeFailures({ reads, known: loadKnownErrors("examples/failures/known-errors-dc2.yaml") });
 * failuresText(analysis, reads).includes("new") // true
 */
export function failuresText(a: FailureAnalysis, reads: readonly FailureRead[]): string {
  const lines = [
    `skygate failures: ${a.failures.length} failures, ${a.groups.length} groups from ${reads.length} report(s)${a.partial ? " (PARTIAL: skipped input, see below)" : ""}`,
  ];
  for (const g of a.groups) lines.push(`  ${groupStatus(g).toUpperCase().padEnd(5)} ${groupMessage(g)}`);
  // Workflows: infrastructure problems always, the rest when few.
  for (const w of a.workflows)
    if (a.workflows.length <= 5 || w.verdict.startsWith("infrastructure problem"))
      lines.push(`  workflow ${w.workflow}: ${w.verdict}`);
  for (const r of reads)
    if (r.badCount > 0)
      lines.push(
        `  ${r.path}: ${r.badCount} entries skipped (first: ${r.bad[0]?.source}: ${r.bad[0]?.reason})`,
      );
  return `${lines.join("\n")}\n`;
}

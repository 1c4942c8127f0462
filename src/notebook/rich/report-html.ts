/** A check report as notebook HTML: verdict and counts, tables read, coverage, problems with sample rows. */
import type { CheckResult, Report, SampleRow } from "../../core/results.js";
import { problems, rollupByCheck, statusCounts } from "../../report/summary.js";
import { escapeHtml } from "../html.js";
import {
  countHtml,
  foldHtml,
  htmlTable,
  numHtml,
  type Paging,
  pagedTable,
  percentText,
  statusBadge,
} from "./parts.js";
import { richStyle } from "./style.js";

/** Options of reportHtml. */
export interface ReportHtmlOptions extends Paging {
  /** Sample rows shown per problem (default 5). */
  samples?: number;
}

function sampleTable(samples: readonly SampleRow[], max: number): string {
  const rows = samples.slice(0, max);
  if (rows.length === 0) return "";
  const has = (k: keyof SampleRow) => rows.some((s) => s[k] !== undefined && s[k] !== null);
  const keys = (["row", "key", "value", "ra", "dec"] as const).filter((k) => k === "row" || has(k));
  const cell = (v: SampleRow[keyof SampleRow]) =>
    typeof v === "number"
      ? numHtml(v)
      : v === undefined || v === null
        ? numHtml(null)
        : escapeHtml(String(v));
  return htmlTable(
    [...keys],
    rows.map((s) => keys.map((k) => cell(s[k]))),
  );
}

function problemRow(r: CheckResult, samples: number): string[] {
  const flags = [r.partial ? " (partial)" : "", r.blocking === false ? " (warning only)" : ""].join("");
  const sample =
    r.sample.length > 0
      ? foldHtml(`${Math.min(samples, r.sample.length)} sample rows`, sampleTable(r.sample, samples))
      : "";
  return [
    statusBadge(r.status) + escapeHtml(flags),
    `<code>${escapeHtml(r.id)}</code>`,
    countHtml(r.failing),
    countHtml(r.total),
    percentText(r.failing, r.total),
    escapeHtml(r.message) + sample,
  ];
}

function coverageHtml(report: Report): string {
  const perTable = report.coverage.tables ?? {
    "(all)": {
      columns: report.coverage.columns,
      checked: report.coverage.checked,
      unchecked: report.coverage.unchecked,
    },
  };
  const rows = Object.entries(perTable).map(([name, c]) => [
    escapeHtml(name),
    String(c.columns),
    String(c.checked),
    percentText(c.checked, c.columns),
    c.unchecked.length === 0
      ? countHtml(0)
      : foldHtml(`${c.unchecked.length} unchecked`, `<p>${c.unchecked.map(escapeHtml).join(", ")}</p>`),
  ]);
  return htmlTable(["table", "columns", "checked", "coverage", "unchecked"], rows, [0, 4]);
}

/**
 * The body of a report's display without the stylesheet (for embedding in gate and hole displays).
 * @example reportBodyHtml(report).includes("<h4>Coverage</h4>") // true
 */
export function reportBodyHtml(report: Report, options: ReportHtmlOptions = {}): string {
  const counts = statusCounts(report.results);
  const partial = report.results.filter((r) => r.partial).length;
  const head =
    `<p>${statusBadge(report.status)} · ${report.results.length} checks: ` +
    `${counts.pass} pass, ${counts.fail} fail, ${counts.error} error, ${counts.skip} skip` +
    `${partial > 0 ? ` · <b>${partial} partial</b> (saw only part of the data)` : ""}` +
    ` · skygate ${escapeHtml(report.version)}</p>`;
  const tables = htmlTable(
    ["table", "rows", "columns", "sources"],
    Object.entries(report.tables).map(([name, t]) => [
      escapeHtml(name),
      String(t.rows),
      String(t.columns),
      escapeHtml(
        t.sources.slice(0, 2).join(", ") + (t.sources.length > 2 ? ` and ${t.sources.length - 2} more` : ""),
      ),
    ]),
    [0, 3],
  );
  const found = problems(report);
  const problemHtml =
    found.length === 0
      ? "<p>No failing or erroring check.</p>"
      : pagedTable(
          ["status", "check", "failing", "of", "rate", "message"],
          found.map((r) => problemRow(r, options.samples ?? 5)),
          options,
          "report.results",
          [1, 5],
        );
  const rollup = htmlTable(
    ["check", "pass", "fail", "error", "skip", "failing rows"],
    rollupByCheck(report.results).map((r) => [
      escapeHtml(r.check),
      countHtml(r.counts.pass),
      countHtml(r.counts.fail),
      countHtml(r.counts.error),
      countHtml(r.counts.skip),
      r.failingRows === null ? numHtml(null) : countHtml(r.failingRows),
    ]),
    [0],
  );
  return (
    `${head}${tables}<h4>Coverage</h4>${coverageHtml(report)}` +
    `<h4>Problems (${found.length})</h4>${problemHtml}${foldHtml("results by check", rollup)}`
  );
}

/**
 * A check report (from `checkTables`, `runGate`, a saved `--json`) as notebook HTML: verdict and counts per
 * status, tables read, the coverage table, then failures and errors with sample rows, the first 20 open and
 * the rest folded (`shown`/`folded` change that).
 * @example reportHtml(report).includes("skygate-fail") // true
 */
export function reportHtml(report: Report, options: ReportHtmlOptions = {}): string {
  return `${richStyle()}<div class="skygate-rich">${reportBodyHtml(report, options)}</div>`;
}

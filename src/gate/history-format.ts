/** A followed metric or finding as text, Markdown, a plotly figure and an offline HTML page. */
import { figuresPage } from "../plots/html.js";
import type { PlotlyFigure } from "../plots/types.js";
import { escapeMarkdownCell as cell, escapeXml as esc } from "../report/escape.js";
import type { HistoryPoint } from "./history.js";

const shown = (p: HistoryPoint) =>
  p.value === null ? "not measured" : `${Number.isInteger(p.value) ? p.value : p.value.toPrecision(4)}`;

function rows(points: readonly HistoryPoint[]): string[][] {
  return points.map((p, i) => [
    String(i + 1),
    p.runAt,
    p.gate,
    p.gateStatus.toUpperCase(),
    `${shown(p)}${p.unit && p.value !== null ? ` ${p.unit}` : ""}`,
    p.status,
    p.params === "{}" ? "" : p.params,
  ]);
}

const HEAD = ["run", "at", "gate", "gate status", "value", "status", "params"];

/**
 * The series as a plain-text table, oldest run first.
 * @example historyText("T.rows", [{ runAt: "2026-12-07T00:00:00Z", gate: "g", gateStatus: "pass", params: "{}", status: "pass", value: 7, total: 1, unit: "count" }]).split("\n")[2] // "  1  2026-12-07T00:00:00Z  g  PASS  7 count  pass"
 */
export function historyText(name: string, points: readonly HistoryPoint[]): string {
  const lines = [`${name} over ${points.length} run(s):`, `  ${HEAD.slice(0, 6).join("  ")}`];
  for (const r of rows(points)) lines.push(`  ${r.filter((c) => c !== "").join("  ")}`);
  return `${lines.join("\n")}\n`;
}

/**
 * The series as a Markdown table.
 * @example historyMarkdown("T.rows", []).startsWith("# T.rows over 0 run(s)") // true
 */
export function historyMarkdown(name: string, points: readonly HistoryPoint[]): string {
  const out = [
    `# ${cell(name)} over ${points.length} run(s)`,
    "",
    `| ${HEAD.join(" | ")} |`,
    `|${HEAD.map(() => "---").join("|")}|`,
  ];
  for (const r of rows(points)) out.push(`| ${r.map(cell).join(" | ")} |`);
  return `${out.join("\n")}\n`;
}

/**
 * The series as a plotly line chart: value per run, failing runs in red.
 * @example historyFigure("T.rows", []).data.length // 1
 */
export function historyFigure(
  name: string,
  points: readonly HistoryPoint[],
): PlotlyFigure & { layout: Record<string, unknown> } {
  const unit = points.find((p) => p.value !== null)?.unit ?? "";
  return {
    data: [
      {
        type: "scatter",
        mode: "lines+markers",
        name,
        x: points.map((p) => p.runAt),
        y: points.map((p) => p.value),
        text: points.map((p) => `${p.gate}: ${p.status}${p.params === "{}" ? "" : ` ${p.params}`}`),
        marker: {
          size: 10,
          color: points.map((p) =>
            p.status === "fail" ? "#cf222e" : p.status === "error" ? "#bf8700" : "#1a7f37",
          ),
        },
        line: { color: "#57606a" },
      },
    ],
    layout: {
      title: { text: `${name} across runs`, x: 0.01, xanchor: "left" },
      xaxis: { title: { text: "run" }, type: "category" },
      yaxis: { title: { text: unit } },
      width: 900,
      height: 420,
    },
  };
}

/**
 * A self-contained HTML page with the chart and the table.
 * @example historyHtml("T.rows", []).includes("<title>T.rows across runs</title>") // true
 */
export function historyHtml(name: string, points: readonly HistoryPoint[]): string {
  const table = [
    `<table><tr>${HEAD.map((h) => `<th>${esc(h)}</th>`).join("")}</tr>`,
    ...rows(points).map((r) => `<tr>${r.map((c) => `<td>${esc(c)}</td>`).join("")}</tr>`),
    "</table>",
  ].join("\n");
  return figuresPage([historyFigure(name, points)], {
    title: `${name} across runs`,
    before: `<h1>${esc(name)} across runs</h1>${table}`,
  });
}

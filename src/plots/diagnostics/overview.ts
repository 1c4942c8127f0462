/**
 * The check-results overview a reader scans in seconds: per table, how many checks passed, failed, errored
 * or were skipped; and per table × check kind, the worst failure rate (red) or an error (amber).
 */
import type { CheckResult } from "../../core/results.js";
import { type Provenance, withCaption } from "../caption.js";
import type { PlotlyFigure } from "../types.js";

/** Widest overview (px) that fits a report page beside its margins. */
const MAX_WIDTH = 1100;

const STATUS_COLOURS = { fail: "#cf222e", error: "#bf8700", skip: "#8c959f", pass: "#1a7f37" } as const;

/**
 * The overview figure of a check run.
 * @example checkOverview(report.results).data.length // 5: four status bars and the table × check map
 */
export function checkOverview(
  results: readonly CheckResult[],
  options: { title?: string; provenance?: Provenance } = {},
): PlotlyFigure {
  const tables = [...new Set(results.map((r) => r.table))].sort();
  const checks = [...new Set(results.map((r) => r.check))].sort();
  const count = (table: string, status: string) =>
    results.filter((r) => r.table === table && r.status === status).length;
  const bars = (["fail", "error", "skip", "pass"] as const).map((status) => ({
    type: "bar",
    orientation: "h",
    name: status,
    y: tables,
    x: tables.map((t) => count(t, status)),
    marker: { color: STATUS_COLOURS[status] },
    xaxis: "x",
    yaxis: "y",
    hovertemplate: `%{y}: %{x} ${status}<extra></extra>`,
  }));
  // z: worst failure rate for fails (0..1], −0.5 for an error with no failure, blank when nothing ran.
  const z = tables.map((t) =>
    checks.map((c) => {
      const rs = results.filter((r) => r.table === t && r.check === c);
      if (rs.length === 0) return null;
      const fails = rs.filter((r) => r.status === "fail");
      if (fails.length > 0) return Math.max(...fails.map((r) => (r.total > 0 ? r.failing / r.total : 1)));
      if (rs.some((r) => r.status === "error")) return -1;
      return 0;
    }),
  );
  const text = tables.map((t) =>
    checks.map((c) => {
      const rs = results.filter((r) => r.table === t && r.check === c);
      if (rs.length === 0) return "";
      const f = rs.filter((r) => r.status === "fail").length;
      const e = rs.filter((r) => r.status === "error").length;
      return f + e === 0 ? "" : [f ? `${f}✗` : "", e ? `${e}!` : ""].filter(Boolean).join(" ");
    }),
  );
  const heat = {
    type: "heatmap",
    x: checks,
    y: tables,
    z,
    text,
    texttemplate: "%{text}",
    textfont: { size: 10 },
    xaxis: "x2",
    yaxis: "y2",
    zmin: -1,
    zmax: 1,
    colorscale: [
      [0, STATUS_COLOURS.error],
      [0.4999, STATUS_COLOURS.error],
      [0.5, "#dafbe1"],
      [0.5001, "#ffd8b5"],
      [1, STATUS_COLOURS.fail],
    ],
    showscale: false,
    hoverongaps: false,
    hovertemplate: "%{y} %{x}: %{text}<br>worst failure rate %{z:.2%} (−100% = error)<extra></extra>",
    xgap: 2,
    ygap: 2,
  };
  // Side by side while the map fits a report page; with more check kinds (a gate adds its metrics) the map
  // goes below the bars at full width, so no kind is cut off at the page's right edge.
  const sideBySideWidth = 420 + 38 * checks.length;
  const axes =
    sideBySideWidth <= MAX_WIDTH
      ? {
          width: Math.max(760, sideBySideWidth),
          height: Math.max(300, 170 + 50 * tables.length),
          xaxis: { domain: [0, 0.3], type: "log", title: { text: "checks (log)" } },
          yaxis: { automargin: true },
          xaxis2: { domain: [0.42, 1], anchor: "y2", tickangle: -40, automargin: true },
          yaxis2: { anchor: "x2", automargin: true },
        }
      : {
          width: MAX_WIDTH,
          height: 380 + 80 * tables.length,
          xaxis: { domain: [0, 0.45], type: "log", title: { text: "checks (log)" } },
          yaxis: { domain: [0.7, 1], automargin: true },
          xaxis2: { domain: [0, 1], anchor: "y2", tickangle: -60, automargin: true },
          yaxis2: { domain: [0, 0.38], anchor: "x2", automargin: true },
        };
  const figure: PlotlyFigure = {
    data: [...bars, heat],
    layout: {
      title: { text: options.title ?? "Check results", x: 0.01, xanchor: "left" },
      barmode: "group",
      ...axes,
      legend: { orientation: "h", y: 1.12, x: 0 },
      margin: { l: 90, r: 20, t: 80, b: 60 },
    },
    config: { displaylogo: false },
  };
  return options.provenance ? withCaption(figure, options.provenance) : figure;
}

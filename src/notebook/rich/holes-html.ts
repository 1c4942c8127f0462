/** Hole reports as notebook HTML: holes and mask-explained regions, and patch completeness per tract. */
import type { Completeness, TractCompleteness } from "../../holes/completeness.js";
import type { HoleEntry, HoleReport } from "../../holes/run.js";
import { escapeHtml } from "../html.js";
import { foldHtml, htmlTable, numHtml, type Paging, pagedTable, statusBadge } from "./parts.js";
import { reportBodyHtml } from "./report-html.js";
import { richStyle } from "./style.js";

function holeRow(h: HoleEntry, explained: boolean): string[] {
  const place = h.tract === null ? numHtml(null) : `${h.tract}${h.patchXY ? ` / ${h.patchXY}` : ""}`;
  const shape = h.shape ? `${escapeHtml(h.shape.kind)} (${h.shape.alignedEdges}/4 edges on the grid)` : "";
  return [
    escapeHtml(h.table),
    numHtml(Number(h.ra.toFixed(4))),
    numHtml(Number(h.dec.toFixed(4))),
    place,
    numHtml(h.areaDeg2 * 3600),
    `${h.observed} / ${numHtml(h.expected)}`,
    numHtml(h.significance),
    shape,
    explained ? escapeHtml((h.explainedBy ?? []).join(", ")) : "",
  ];
}

const CELL: Record<string, string> = {
  complete: "skygate-cell-ok",
  low: "skygate-cell-warn",
  partial: "skygate-cell-none",
  unjudged: "skygate-cell-none",
  missing: "skygate-cell-bad",
};

/**
 * A tract's patches as a small grid (y up, as DC2 patch indices "x,y"), each cell coloured by its status and
 * carrying observed / expected as its tooltip.
 * @example patchGridHtml({ tract: 1, status: "incomplete", missing: ["0,0"], low: [], patches: [{ tract: 1, patch: 0, xy: "0,0", observed: 0, expected: 90, areaDeg2: 0.1, density: 0, status: "missing" }] }).includes("skygate-cell-bad") // true
 */
export function patchGridHtml(tract: TractCompleteness): string {
  const at = new Map(tract.patches.map((p) => [p.xy, p]));
  const xy = tract.patches.map((p) => p.xy.split(",").map(Number));
  const nx = Math.max(0, ...xy.map(([x]) => x)) + 1;
  const ny = Math.max(0, ...xy.map(([, y]) => y)) + 1;
  const rows: string[] = [];
  for (let y = ny - 1; y >= 0; y--) {
    const cells: string[] = [];
    for (let x = 0; x < nx; x++) {
      const p = at.get(`${x},${y}`);
      const tip = p
        ? `${p.xy} ${p.status}: ${p.observed} of ${p.expected.toFixed(0)} expected`
        : `${x},${y} outside the footprint`;
      cells.push(
        `<td class="${p ? CELL[p.status] : ""}" title="${escapeHtml(tip)}">${p ? escapeHtml(p.xy) : ""}</td>`,
      );
    }
    rows.push(`<tr>${cells.join("")}</tr>`);
  }
  return `<table class="skygate-table" style="font-size:10px"><caption>tract ${tract.tract}: ${escapeHtml(tract.status)}</caption><tbody>${rows.join("")}</tbody></table>`;
}

function completenessHtml(table: string, c: Completeness): string {
  const rows = c.tracts.map((t) => [
    String(t.tract),
    escapeHtml(t.status),
    String(t.patches.length),
    escapeHtml(t.missing.join(" ") || "–"),
    escapeHtml(t.low.join(" ") || "–"),
  ]);
  const grids = c.tracts
    .slice(0, 12)
    .map((t) => `<div style="display:inline-block;margin-right:12px">${patchGridHtml(t)}</div>`)
    .join("");
  const missing =
    c.missingTracts.length > 0 ? `<p>tracts without any object: ${c.missingTracts.join(", ")}</p>` : "";
  return (
    `<h4>Patch completeness of ${escapeHtml(table)}</h4>${missing}` +
    htmlTable(["tract", "status", "patches", "missing", "low"], rows, [1, 3, 4]) +
    `<div>${grids}</div>` +
    `<p class="skygate-skip">green complete · yellow low · red missing · grey partly in the footprint or too ` +
    `few objects expected to judge ` +
    `(missing below ${c.rules.missingBelow}, low below ${c.rules.lowBelow} of the tract's density)</p>`
  );
}

/**
 * A hole report (from `runHoleChecks`) as notebook HTML: how many holes per table, each hole with its place,
 * missing area (arcmin²), observed / expected objects, significance and shape; the mask-explained regions with
 * the masks that explain them; patch completeness per tract as a table and a coloured grid; then the checks.
 * @example holesReportHtml({ tool: "skygate", version: "x", status: "pass", tables: {}, coverage: { columns: 0, checked: 0, unchecked: [] }, results: [], holes: [], explained: [], completeness: {}, dc2Lists: {}, maps: {} }).includes("0 holes") // true
 */
export function holesReportHtml(report: HoleReport, paging: Paging = {}): string {
  const header = [
    "table",
    "ra",
    "dec",
    "tract / patch",
    "arcmin² missing",
    "observed / expected",
    "σ",
    "shape",
    "explained by",
  ];
  // A search that could not run found nothing: say so, never "no hole" (its error is in the checks below).
  const notRun = report.results.filter((r) => r.check === "hole" && r.status === "error").map((r) => r.table);
  const holes =
    report.holes.length === 0
      ? notRun.length > 0
        ? `<p>No hole search ran for ${escapeHtml(notRun.join(", "))}: see the errors below.</p>`
        : "<p>No unexplained hole.</p>"
      : pagedTable(
          header.slice(0, 8),
          report.holes.map((h) => holeRow(h, false).slice(0, 8)),
          paging,
          "report.holes",
          [0, 7],
        );
  const explained =
    report.explained.length === 0
      ? ""
      : `<h4>Explained by masks (${report.explained.length})</h4>` +
        pagedTable(
          header,
          report.explained.map((h) => holeRow(h, true)),
          paging,
          "report.explained",
          [0, 7, 8],
        );
  const completeness = Object.entries(report.completeness)
    .map(([table, c]) => completenessHtml(table, c))
    .join("");
  return (
    `${richStyle()}<div class="skygate-rich"><p>${statusBadge(report.status)} · ${report.holes.length} holes, ` +
    `${report.explained.length} explained by masks</p><h4>Holes</h4>${holes}${explained}${completeness}` +
    `${foldHtml("the check report", reportBodyHtml(report, paging))}</div>`
  );
}

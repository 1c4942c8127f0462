/** Markdown and HTML (with a map of the differing partitions) of a cross-site comparison. */
import { figureDiv, plotlyScriptTag } from "../plots/html.js";
import { skyMap, tractMap } from "../plots/map.js";
import type { PlotlyFigure } from "../plots/types.js";
import { dc2SkyMap } from "../sky/skymap/maps.js";
import type { RingsSkyMap } from "../sky/skymap/types.js";
import type { SitesReport, SiteTableComparison } from "./types.js";

const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
const cell = (s: string | null) => (s === null ? "NULL" : s.replace(/\|/g, "\\|"));

/**
 * A Markdown report: verdict, one line per table, then the differing partitions and columns.
 * @example sitesMarkdown({ command: "compare-sites", a: "A", b: "B", status: "pass", tables: [], tablesOnlyIn: { a: [], b: [] } }).startsWith("# Cross-site") // true
 */
export function sitesMarkdown(report: SitesReport): string {
  const lines = [
    `# Cross-site consistency: ${report.status.toUpperCase()}`,
    "",
    `- A: \`${report.a}\``,
    `- B: \`${report.b}\``,
  ];
  if (report.tablesOnlyIn.a.length > 0) lines.push(`- tables only at A: ${report.tablesOnlyIn.a.join(", ")}`);
  if (report.tablesOnlyIn.b.length > 0) lines.push(`- tables only at B: ${report.tablesOnlyIn.b.join(", ")}`);
  lines.push(
    "",
    "| table | status | rows A | rows B | partitions | differing | queries A/B | summary |",
    "|---|---|---|---|---|---|---|---|",
  );
  for (const t of report.tables) {
    lines.push(
      `| ${t.table} | ${t.status} | ${t.rows.a} | ${t.rows.b} | ${Math.max(t.partitions.a, t.partitions.b)} | ${t.partitions.differing} | ${t.queries.a}/${t.queries.b} | ${cell(t.message)} |`,
    );
  }
  for (const t of report.tables.filter((x) => x.differences.length > 0)) {
    lines.push("", `## ${t.table}: ${t.partitions.differing} differing partition(s)`, "");
    lines.push(`Columns: ${t.differingColumns.map((c) => `${c.column} (${c.partitions})`).join(", ")}`, "");
    lines.push(
      "| partition | rows A | rows B | column | aggregate | A | B |",
      "|---|---|---|---|---|---|---|",
    );
    for (const d of t.differences) {
      for (const x of d.differences.slice(0, 10)) {
        lines.push(
          `| ${d.partition} | ${d.rows.a} | ${d.rows.b} | ${x.column} | ${x.aggregate} | ${cell(x.a)} | ${cell(x.b)} |`,
        );
      }
      if (d.differences.length > 10)
        lines.push(`| ${d.partition} | | | … ${d.differences.length - 10} more | | | |`);
    }
  }
  return `${lines.join("\n")}\n`;
}

/** A map of one table's differing partitions: patches of a tract outlined in red, or sky cells. */
export function differenceMap(t: SiteTableComparison, skymap: RingsSkyMap = dc2SkyMap): PlotlyFigure | null {
  const spec = t.partitionBy;
  const hover = (d: SiteTableComparison["differences"][number]) =>
    `${d.partition}: rows ${d.rows.a} vs ${d.rows.b}; ${[...new Set(d.differences.map((x) => x.column))].slice(0, 6).join(", ")}`;
  if (spec.kind === "columns" && spec.columns.length === 2 && /tract/i.test(spec.columns[0] ?? "")) {
    const tracts = new Set(t.differences.map((d) => Number(d.key.p0)));
    const [tract] = [...tracts];
    if (tract === undefined || !Number.isFinite(tract)) return null;
    let map: ReturnType<typeof tractMap>;
    try {
      map = tractMap(skymap, tract, { labels: true });
    } catch {
      return null;
    }
    const mine = t.differences.filter((d) => Number(d.key.p0) === tract && d.key.p1 !== null);
    map.polygons(
      mine.map((d) => skymap.tract(tract).patch(Number(d.key.p1)).innerOutline),
      {
        name: "differing patches",
        color: "#cf222e",
        fill: "rgba(207,34,46,0.35)",
        hover: mine.map(hover),
        labels: mine.map((d) => String(d.key.p1)),
      },
    );
    return map.figure({ title: `${t.table}: tract ${tract}, ${mine.length} differing patch(es) in red` });
  }
  if (spec.kind === "cells") {
    const dz = (spec.size * Math.PI) / 180;
    const dec = (k: number) => (Math.asin(Math.max(-1, Math.min(1, k * dz))) * 180) / Math.PI;
    const rings: [number, number][][] = [];
    const labels: string[] = [];
    for (const d of t.differences) {
      const i = Number(d.key.p0);
      const j = Number(d.key.p1);
      if (!Number.isFinite(i) || !Number.isFinite(j)) continue;
      const [r0, r1, d0, d1] = [i * spec.size, (i + 1) * spec.size, dec(j), dec(j + 1)];
      rings.push([
        [r0, d0],
        [r1, d0],
        [r1, d1],
        [r0, d1],
      ]);
      labels.push(hover(d));
    }
    if (rings.length === 0) return null;
    const ra = rings.flatMap((r) => r.map((p) => p[0]));
    const de = rings.flatMap((r) => r.map((p) => p[1]));
    const centre: [number, number] = [
      (Math.min(...ra) + Math.max(...ra)) / 2,
      (Math.min(...de) + Math.max(...de)) / 2,
    ];
    const map = skyMap({ type: "gnomonic", center: centre, frame: { fit: { ra, dec: de }, margin: 0.3 } });
    map.polygons(rings, {
      name: "differing cells",
      color: "#cf222e",
      fill: "rgba(207,34,46,0.35)",
      hover: labels,
    });
    return map.figure({ title: `${t.table}: ${rings.length} differing sky cell(s) in red` });
  }
  return null;
}

/**
 * A self-contained HTML report: the Markdown summary as tables plus a map of each table's differing partitions.
 * @example sitesHtml({ command: "compare-sites", a: "A", b: "B", status: "pass", tables: [], tablesOnlyIn: { a: [], b: [] } }).includes("PASS") // true
 */
export function sitesHtml(report: SitesReport): string {
  const parts: string[] = [`<h1>Cross-site consistency: ${report.status.toUpperCase()}</h1>`];
  parts.push(`<p>A: <code>${esc(report.a)}</code><br>B: <code>${esc(report.b)}</code></p>`);
  if (report.tablesOnlyIn.a.length + report.tablesOnlyIn.b.length > 0)
    parts.push(
      `<p>Tables only at A: ${esc(report.tablesOnlyIn.a.join(", ") || "none")}; only at B: ${esc(report.tablesOnlyIn.b.join(", ") || "none")}</p>`,
    );
  parts.push(
    "<table><tr><th>table</th><th>status</th><th>rows A</th><th>rows B</th><th>differing partitions</th><th>summary</th></tr>",
  );
  for (const t of report.tables)
    parts.push(
      `<tr><td>${esc(t.table)}</td><td>${t.status}</td><td>${t.rows.a}</td><td>${t.rows.b}</td><td>${t.partitions.differing}</td><td>${esc(t.message)}</td></tr>`,
    );
  parts.push("</table>");
  let figures = 0;
  for (const t of report.tables.filter((x) => x.differences.length > 0)) {
    parts.push(`<h2>${esc(t.table)}</h2>`);
    const figure = differenceMap(t);
    if (figure) parts.push(figureDiv(figure, `skygate-sites-${figures++}`));
    parts.push(
      "<table><tr><th>partition</th><th>rows A</th><th>rows B</th><th>column</th><th>aggregate</th><th>A</th><th>B</th></tr>",
    );
    for (const d of t.differences)
      for (const x of d.differences.slice(0, 10))
        parts.push(
          `<tr><td>${esc(d.partition)}</td><td>${d.rows.a}</td><td>${d.rows.b}</td><td>${esc(x.column)}</td><td>${x.aggregate}</td><td>${esc(x.a ?? "NULL")}</td><td>${esc(x.b ?? "NULL")}</td></tr>`,
        );
    parts.push("</table>");
  }
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>skygate compare-sites: ${report.status}</title>${figures > 0 ? plotlyScriptTag() : ""}
<style>body{font:14px/1.4 system-ui,sans-serif;margin:1em;color:#1f2328}table{border-collapse:collapse}td,th{border:1px solid #d0d7de;padding:2px 6px}</style></head>
<body>${parts.join("\n")}
</body></html>
`;
}

/**
 * Figures for the HTML reports: the check-results overview, a sky map of failing rows per table (the
 * failing results' sample positions), patch heat maps, family × band maps, and per-result histograms.
 * `checkReportFigures` reads the few columns it needs from the sources; everything else is pure.
 */

import type { CheckResult, Report } from "../core/results.js";
import type { TableSource } from "../io/table.js";
import { flagCandidates } from "../schema/families.js";
import { autoFrame } from "./auto-frame.js";
import type { Provenance } from "./caption.js";
import { familyBandCells, familyBandHeatmap, patchHeatmap } from "./diagnostics/heatmaps.js";
import { columnHistogram } from "./diagnostics/histogram.js";
import { checkOverview } from "./diagnostics/overview.js";
import { findingPositions } from "./findings.js";
import { figureDiv, plotlyScriptTag } from "./html.js";
import { skyMapOn } from "./map.js";
import { readNumericColumns } from "./read-column.js";
import { type TableGeometry, tableGeometry } from "./table-geometry.js";
import { tractFrame } from "./tract.js";
import type { PlotlyFigure } from "./types.js";

/** The figures of one report, grouped by where they go. */
export interface ReportFigures {
  overview: PlotlyFigure;
  /** Sky maps of failing rows, one per table with positioned samples. */
  skyMaps: PlotlyFigure[];
  /** Further sections (family × band, patches) with a heading each. */
  sections: { title: string; figures: PlotlyFigure[] }[];
  /** Figures shown beside a result row, by result id. */
  perResult: Record<string, PlotlyFigure[]>;
  /** Why some figure could not be made (never silently missing). */
  notes: string[];
}

/** Check kinds whose failures are about a column's values, so a histogram of the column explains them. */
const VALUE_CHECKS = new Set(["range", "nan", "inf", "raDec", "nanWithoutFlag", "errorPair", "notNull"]);

/**
 * The valid interval stated in a result message (e.g. "values outside [0, 1]"), if any.
 * @example rangeFromMessage("2 of 1500 rows: RA outside [0, 360) deg") // { min: 0, max: 360 }
 */
export function rangeFromMessage(message: string): { min?: number; max?: number } | undefined {
  const m = /[[(]\s*(-?inf|[-+]?[0-9.eE+-]+)\s*,\s*(\+?inf|[-+]?[0-9.eE+-]+)\s*[\])]/.exec(message);
  if (!m) return undefined;
  const lo = Number(m[1]);
  const hi = Number(m[2]);
  const out: { min?: number; max?: number } = {};
  if (Number.isFinite(lo)) out.min = lo;
  if (Number.isFinite(hi)) out.max = hi;
  return out.min === undefined && out.max === undefined ? undefined : out;
}

/** Patches of a tract (sky-map grid) with no rows in the table. */
function missingPatches(g: TableGeometry, tract: number): number[] {
  if (!g.skymap) return [];
  const [nx, ny] = g.skymap.tract(tract).numPatches;
  const seen = g.counts.get(tract) ?? new Map();
  return Array.from({ length: nx * ny }, (_, i) => i).filter((i) => !seen.has(i));
}

/**
 * Sky maps of failing rows, one per table that has failing samples with positions.
 * @example failingRowMaps(report).length // 1
 */
export function failingRowMaps(
  report: Report,
  provenance: Provenance = {},
  geometry: ReadonlyMap<string, TableGeometry> = new Map(),
): PlotlyFigure[] {
  const tables = [...new Set(report.results.filter((r) => r.status === "fail").map((r) => r.table))].sort();
  const figures: PlotlyFigure[] = [];
  for (const table of tables) {
    const results = report.results.filter((r) => r.table === table);
    const groups = findingPositions(results);
    if (groups.length === 0) continue;
    const g = geometry.get(table);
    const tracts = g ? [...g.counts.keys()].sort((a, b) => a - b) : [];
    // One tract of a known sky map: show the whole tract with its patches; else fit the failing positions.
    const frame =
      g?.skymap && tracts.length === 1
        ? tractFrame(g.skymap, tracts[0])
        : autoFrame(
            groups.flatMap((x) => x.ra),
            groups.flatMap((x) => x.dec),
          );
    const map = skyMapOn(frame);
    if (g?.skymap && !frame.whole)
      for (const tract of tracts.slice(0, 4))
        map.tractPatches(g.skymap, tract, { missing: missingPatches(g, tract) });
    figures.push(
      map.findings(results).figure({
        title: `${table}: where failing rows lie (sample rows of each failing check)`,
        provenance: {
          ...provenance,
          table,
          sources: report.tables[table]?.sources ?? [],
          notes: ["positions from failing results' samples"],
          version: report.version,
        },
      }),
    );
  }
  return figures;
}

/**
 * Family × band maps for every family check that ran on band columns.
 * @example familyBandFigures(report.results).length
 */
export function familyBandFigures(results: readonly CheckResult[], version?: string): PlotlyFigure[] {
  const kinds = [
    ...new Set(results.filter((r) => r.column && /^[ugrizy]_/.test(r.column)).map((r) => r.check)),
  ].sort();
  const figures: PlotlyFigure[] = [];
  for (const kind of kinds) {
    const cells = familyBandCells(results, kind);
    if (!cells.some((c) => c.failing > 0)) continue;
    figures.push(
      familyBandHeatmap(cells, {
        title: `${kind}: failure rate per family and band`,
        provenance: { notes: [`check ${kind}`], ...(version ? { version } : {}) },
      }),
    );
  }
  return figures;
}

/** Which figures an HTML report gets and how many points its maps may carry. */
export interface ReportFigureOptions {
  /** Most histograms to make (each reads one column); default 24. */
  maxHistograms?: number;
  /** Most tracts per table to draw patch maps for; default 4. */
  maxTracts?: number;
}

/**
 * Rows whose failure flag is set, the flag found by name as the checks find it (`g_psfFlux` → `g_psfFlux_flag`,
 * `g_psf_flag`); undefined when the column has no boolean flag column.
 * @example await flagCount(source, "g_psfFlux") // 3
 */
export async function flagCount(source: TableSource, column: string): Promise<number | undefined> {
  const booleans = new Set((await source.columns()).filter((c) => c.type === "bool").map((c) => c.name));
  const flag = flagCandidates(column).find((c) => c.rule !== "prefix" && booleans.has(c.name))?.name;
  if (flag === undefined) return undefined;
  let set = 0;
  for await (const batch of source.scan({ columns: [flag] })) {
    const vector = batch.data.getChild(flag);
    if (vector === null) continue;
    for (let i = 0; i < vector.length; i++) if (vector.get(i) === true) set++;
  }
  return set;
}

/**
 * All figures of a check report; reads the failing columns and tract/patch columns from the sources.
 * @example (await checkReportFigures(report, new Map([["Object", source]]))).skyMaps.length // 1
 */
export async function checkReportFigures(
  report: Report,
  sources: ReadonlyMap<string, TableSource> = new Map(),
  options: ReportFigureOptions = {},
): Promise<ReportFigures> {
  const notes: string[] = [];
  const version = report.version;
  const perResult: Record<string, PlotlyFigure[]> = {};
  const failing = report.results.filter(
    (r) => r.status === "fail" && r.column !== null && VALUE_CHECKS.has(r.check),
  );
  const maxHistograms = options.maxHistograms ?? 24;
  if (failing.length > maxHistograms)
    notes.push(`histograms drawn for the first ${maxHistograms} of ${failing.length} failing column checks`);
  for (const r of failing.slice(0, maxHistograms)) {
    const source = sources.get(r.table);
    if (!source || r.column === null) continue;
    try {
      const col = (await readNumericColumns(source, [r.column]))[r.column];
      const flagged = await flagCount(source, r.column);
      const range = r.check === "range" || r.check === "raDec" ? rangeFromMessage(r.message) : undefined;
      perResult[r.id] = [
        columnHistogram(col.values, {
          ...(range ? { range } : {}),
          nulls: col.nulls,
          ...(flagged !== undefined ? { flagged } : {}),
          logY: true,
          title: `${r.table}.${r.column}`,
          provenance: { table: r.table, sources: source.files, notes: [`check ${r.check}`], version },
        }),
      ];
    } catch (error) {
      notes.push(`no histogram for ${r.id}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  const sections: ReportFigures["sections"] = [];
  const patchFigures: PlotlyFigure[] = [];
  const geometry = new Map<string, TableGeometry>();
  for (const [table, source] of sources) {
    try {
      const g = await tableGeometry(source);
      if (!g) continue;
      geometry.set(table, g);
      const tracts = [...g.counts.keys()].sort((a, b) => a - b);
      const maxTracts = options.maxTracts ?? 4;
      for (const tract of tracts.slice(0, maxTracts)) {
        const grid = g.skymap?.tract(tract).numPatches ?? [7, 7];
        patchFigures.push(
          patchHeatmap(g.counts.get(tract) ?? new Map(), {
            nx: grid[0],
            ny: grid[1],
            title: `${table}: rows per patch, tract ${tract}`,
            valueName: "rows",
            provenance: { table, tract, sources: source.files, version },
          }),
        );
      }
      if (tracts.length > maxTracts)
        notes.push(`${table}: patch maps for ${maxTracts} of ${tracts.length} tracts`);
    } catch (error) {
      notes.push(`no patch map for ${table}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  const families = familyBandFigures(report.results, version);
  if (families.length > 0) sections.push({ title: "Families and bands", figures: families });
  if (patchFigures.length > 0)
    sections.push({ title: "Rows per patch (missing patches hatched)", figures: patchFigures });
  return {
    overview: checkOverview(report.results, {
      provenance: { notes: [`${report.results.length} results`], version },
    }),
    skyMaps: failingRowMaps(report, {}, geometry),
    sections,
    perResult,
    notes,
  };
}

/** HTML pieces the report page inserts: plotly.js for the head, figures for the top, figures per result. */
export interface ReportPlotsHtml {
  head: string;
  top: string;
  perResult: Record<string, string>;
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/**
 * The report's figures as HTML (plotly.js inlined once, in `head`).
 * @example reportPlotsHtml({ overview: { data: [] }, skyMaps: [], sections: [], perResult: {}, notes: [] }).top.includes("Overview") // true
 */
export function reportPlotsHtml(
  figures: ReportFigures,
  skyHeading = "Where failing rows lie",
  emptySky: string | null = "No failing result has sample rows with sky positions.",
): ReportPlotsHtml {
  let n = 0;
  const div = (f: PlotlyFigure) => figureDiv(f, `skygate-fig-${n++}`);
  const parts = [`<h2>Overview</h2>${div(figures.overview)}`];
  // emptySky null: a report without sky maps (a comparison) has no sky section at all.
  if (figures.skyMaps.length > 0 || emptySky !== null) {
    const sky =
      figures.skyMaps.length > 0
        ? figures.skyMaps.map(div).join("\n")
        : `<p>${escapeHtml(emptySky ?? "")}</p>`;
    parts.push(`<h2>${escapeHtml(skyHeading)}</h2>${sky}`);
  }
  for (const s of figures.sections)
    parts.push(`<h2>${escapeHtml(s.title)}</h2>${s.figures.map(div).join("\n")}`);
  if (figures.notes.length > 0)
    parts.push(`<p class="notes">${figures.notes.map(escapeHtml).join("<br>")}</p>`);
  const perResult: Record<string, string> = {};
  for (const [id, figs] of Object.entries(figures.perResult)) perResult[id] = figs.map(div).join("\n");
  return { head: plotlyScriptTag(), top: parts.join("\n"), perResult };
}

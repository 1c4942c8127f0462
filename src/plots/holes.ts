/**
 * Figures of a coverage-holes report: for every tract a map with its patch outlines, the objects as a density
 * raster, the unexplained holes outlined in red and labelled, the mask-explained ones dashed grey; and per tract
 * the patch density grid with missing patches left blank (hatched), low ones visible at a glance, and the same grid
 * per band when per-band completeness was asked for.
 */
import type { TractCompleteness } from "../holes/completeness.js";
import type { HoleReport } from "../holes/run.js";
import { dc2SkyMap } from "../sky/skymap/maps.js";
import type { RingsSkyMap } from "../sky/skymap/types.js";
import type { Provenance } from "./caption.js";
import { patchHeatmap } from "./diagnostics/heatmaps.js";
import { checkOverview } from "./diagnostics/overview.js";
import { tractMap } from "./map.js";
import type { ReportFigures } from "./report.js";
import type { PlotlyFigure } from "./types.js";

/** The positions a holes run examined, per table (after its filters), for the density rasters. */
export type HolePositions = ReadonlyMap<string, { ra: Float64Array; dec: Float64Array }>;

function ringsOf(entries: HoleReport["holes"]): [number, number][][] {
  return entries.flatMap((h) => h.outline.map((ring) => ring.map(([a, d]) => [a, d] as [number, number])));
}

function labelsOf(entries: HoleReport["holes"], prefix: string): string[] {
  return entries.flatMap((h, i) => h.outline.map(() => `${prefix}${i + 1}`));
}

/** The 7 × 7 density grid of one tract's completeness, missing patches blank. */
function patchGrid(
  skymap: RingsSkyMap,
  t: TractCompleteness,
  title: string,
  provenance: Provenance,
): PlotlyFigure {
  const density = new Map<number, number>();
  for (const p of t.patches) if (p.status !== "missing") density.set(p.patch, p.density);
  const [nx, ny] = skymap.tract(t.tract).numPatches;
  return patchHeatmap(density, { nx, ny, title, valueName: "objects / deg²", provenance });
}

/**
 * Tract maps and patch grids of a holes report, in the shape the HTML report writer takes.
 * @example holeReportFigures({ ...report, holes: [], explained: [], completeness: {}, bandCompleteness: {}, dc2Lists: {}, maps: {} }, new Map()).skyMaps // []
 */
export function holeReportFigures(
  report: HoleReport,
  positions: HolePositions,
  skymap: RingsSkyMap = dc2SkyMap,
): ReportFigures {
  const skyMaps: PlotlyFigure[] = [];
  const grids: PlotlyFigure[] = [];
  const notes: string[] = [];
  for (const [table, completeness] of Object.entries(report.completeness)) {
    const pos = positions.get(table);
    for (const t of completeness.tracts) {
      const provenance = { table, notes: [`tract ${t.tract}: ${t.status}`], version: report.version };
      const holes = report.holes.filter((h) => h.table === table && h.tract === t.tract);
      const explained = report.explained.filter((h) => h.table === table && h.tract === t.tract);
      const map = tractMap(skymap, t.tract, { labels: true });
      if (pos) map.points({ ra: pos.ra, dec: pos.dec }, { name: "objects" });
      else notes.push(`${table}: positions not available, tract ${t.tract} drawn without objects`);
      if (explained.length > 0)
        map.outlines(ringsOf(explained), { name: "explained by masks", color: "#6e7781", width: 1.5 });
      if (holes.length > 0)
        map.outlines(ringsOf(holes), {
          name: "holes",
          color: "#cf222e",
          width: 2.5,
          labels: labelsOf(holes, "H"),
          hover: holes.flatMap((h) =>
            h.outline.map(
              () =>
                `${h.observed} objects where ${h.expected.toFixed(0)} were expected, ${h.significance.toFixed(1)}σ, ${h.shape?.kind ?? ""}`,
            ),
          ),
        });
      skyMaps.push(
        map.figure({ title: `${table}: tract ${t.tract}, ${holes.length} unexplained hole(s)`, provenance }),
      );
      grids.push(
        patchGrid(
          skymap,
          t,
          `${table}: tract ${t.tract} objects per deg² by patch (missing patches blank${t.missing.length > 0 ? `: ${t.missing.join(" ")}` : ""})`,
          provenance,
        ),
      );
    }
  }
  const bandGrids: PlotlyFigure[] = [];
  for (const [table, bands] of Object.entries(report.bandCompleteness ?? {}))
    for (const [band, completeness] of Object.entries(bands))
      for (const t of completeness.tracts) {
        bandGrids.push(
          patchGrid(
            skymap,
            t,
            `${table}: tract ${t.tract}, band ${band} (${completeness.rule}) objects per deg² by patch${t.missing.length > 0 ? ` (missing: ${t.missing.join(" ")})` : ""}`,
            { table, notes: [`band ${band}, tract ${t.tract}: ${t.status}`], version: report.version },
          ),
        );
      }
  const sections = [];
  if (grids.length > 0) sections.push({ title: "Patch completeness", figures: grids });
  if (bandGrids.length > 0) sections.push({ title: "Patch completeness per band", figures: bandGrids });
  return {
    overview: checkOverview(report.results, { title: "Coverage checks" }),
    skyMaps,
    sections,
    perResult: {},
    notes,
  };
}

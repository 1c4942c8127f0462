/** Figures for `skygate profile --html`: per table an overview of non-finite values, a sky map of positions and patch maps. */
import type { TableSource } from "../io/table.js";
import type { TableProfile } from "../metrics/types.js";
import { positionColumns } from "../schema/positions.js";
import { autoFrame } from "./auto-frame.js";
import { patchHeatmap } from "./diagnostics/heatmaps.js";
import { profileOverview } from "./diagnostics/profile.js";
import { skyMapOn } from "./map.js";
import { readPositions } from "./read-column.js";
import type { ReportFigures } from "./report.js";
import { tableGeometry } from "./table-geometry.js";
import type { PlotlyFigure } from "./types.js";

/**
 * Figures of a profile run (same shape as a check report's, without per-result figures).
 * @example (await profileReportFigures({}, new Map(), "0.1.0")).skyMaps.length // 0
 */
export async function profileReportFigures(
  profiles: Readonly<Record<string, TableProfile>>,
  sources: ReadonlyMap<string, TableSource>,
  version: string,
): Promise<ReportFigures> {
  const notes: string[] = [];
  const overviews: PlotlyFigure[] = [];
  const skyMaps: PlotlyFigure[] = [];
  const patches: PlotlyFigure[] = [];
  for (const [table, profile] of Object.entries(profiles)) {
    const source = sources.get(table);
    const files = source?.files ?? profile.sources;
    overviews.push(profileOverview(table, profile, { provenance: { table, sources: files, version } }));
    if (!source) continue;
    const columns = await source.columns();
    const pair = positionColumns(columns);
    let geometry: Awaited<ReturnType<typeof tableGeometry>>;
    try {
      geometry = await tableGeometry(source);
    } catch (error) {
      notes.push(`no patch map for ${table}: ${error instanceof Error ? error.message : String(error)}`);
    }
    if (pair) {
      try {
        const { ra, dec } = await readPositions(source, pair.ra, pair.dec, pair.unit);
        const map = skyMapOn(autoFrame(ra, dec));
        const skymap = geometry?.skymap;
        if (skymap && !map.frame.whole)
          for (const tract of [...(geometry?.counts.keys() ?? [])].slice(0, 4)) {
            const seen = geometry?.counts.get(tract) ?? new Map();
            const [nx, ny] = skymap.tract(tract).numPatches;
            const missing = Array.from({ length: nx * ny }, (_, i) => i).filter((i) => !seen.has(i));
            map.tractPatches(skymap, tract, { missing });
          }
        skyMaps.push(
          map.points({ ra, dec }, { name: `${table} (${pair.ra}, ${pair.dec})`, size: 3 }).figure({
            title: `${table}: positions (${ra.length} rows${ra.length > 100_000 ? ", density" : ""})`,
            provenance: {
              table,
              sources: files,
              notes: [
                `${pair.ra}/${pair.dec} in ${pair.unit}`,
                ...(skymap ? [`patches of sky map ${skymap.name}`] : []),
              ],
              version,
            },
          }),
        );
      } catch (error) {
        notes.push(`no sky map for ${table}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    if (geometry) {
      for (const tract of [...geometry.counts.keys()].sort((a, b) => a - b).slice(0, 4)) {
        const grid = geometry.skymap?.tract(tract).numPatches ?? [7, 7];
        patches.push(
          patchHeatmap(geometry.counts.get(tract) ?? new Map(), {
            nx: grid[0],
            ny: grid[1],
            title: `${table}: rows per patch, tract ${tract}`,
            valueName: "rows",
            provenance: { table, tract, sources: files, version },
          }),
        );
      }
    }
  }
  const [first, ...rest] = overviews;
  const sections: ReportFigures["sections"] = [];
  if (rest.length > 0) sections.push({ title: "More tables", figures: rest });
  if (patches.length > 0)
    sections.push({ title: "Rows per patch (missing patches hatched)", figures: patches });
  return { overview: first ?? { data: [] }, skyMaps, sections, perResult: {}, notes };
}

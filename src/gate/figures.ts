/**
 * The figures of a gate's HTML report: the check report's (overview, failing rows, histograms), then the
 * coverage-hole tract maps and patch grids, then the failed detectors on the sky by group, in one set so every
 * figure gets its own id on the page.
 */
import type { HoleReport } from "../holes/run.js";
import { autoFrame } from "../plots/auto-frame.js";
import { type HolePositions, holeReportFigures } from "../plots/holes.js";
import { skyMapOn } from "../plots/map.js";
import type { ReportFigures } from "../plots/report.js";
import type { PlotlyFigure } from "../plots/types.js";
import type { GateReport } from "./run.js";

interface PlacedFailure {
  ra: number | null;
  dec: number | null;
  group: number;
  corners: [number, number][] | null;
  classification: string;
}

interface GroupInfo {
  task: string;
  label: string;
  count: number;
  template: string;
}

const PALETTE = ["#cf222e", "#0969da", "#8250df", "#bf8700", "#1a7f37", "#d4a72c", "#57606a"];

/**
 * Failed detectors on the sky, one colour per failure group (known groups dashed grey in the legend name).
 * @example failureMap({ version: "0", failures: { inputs: [], groups: [], failures: [], knownErrors: null } } as never) // undefined
 */
export function failureMap(report: GateReport): PlotlyFigure | undefined {
  const failures = (report.failures?.failures ?? []) as PlacedFailure[];
  const groups = (report.failures?.groups ?? []) as GroupInfo[];
  const placed = failures.filter((f) => f.ra !== null && f.dec !== null);
  if (placed.length === 0) return undefined;
  const frame = autoFrame(
    placed.map((f) => f.ra as number),
    placed.map((f) => f.dec as number),
  );
  const map = skyMapOn(frame);
  groups.forEach((g, k) => {
    const members = placed.filter((f) => f.group === k);
    if (members.length === 0) return;
    const color = g.label === "known" ? "#8c959f" : PALETTE[k % PALETTE.length];
    const name = `${g.label}: ${g.task} "${g.template.slice(0, 40)}" (${g.count})`;
    const rings = members.flatMap((f) => (f.corners ? [[...f.corners, f.corners[0]]] : []));
    if (rings.length > 0) map.outlines(rings, { name, color, width: g.label === "known" ? 1 : 2 });
    const loose = members.filter((f) => !f.corners);
    if (loose.length > 0)
      map.points(
        { ra: loose.map((f) => f.ra as number), dec: loose.map((f) => f.dec as number) },
        { name: `${name}, centres` },
      );
  });
  return map.figure({
    title: `Failed quanta on the sky: ${placed.length} of ${failures.length} placed, ${groups.length} groups`,
    provenance: {
      notes: ["detector outlines from CcdVisit corners or the camera geometry"],
      version: report.version,
    },
  });
}

/**
 * Adds the holes and failures figures of a gate report to its check figures (`positions`: the objects the hole
 * search mapped, per table, for the density rasters).
 * @example withStepFigures({ overview: { data: [] }, skyMaps: [], sections: [], perResult: {}, notes: [] }, { version: "0" } as never, new Map()).sections // []
 */
export function withStepFigures(
  figures: ReportFigures,
  report: GateReport,
  positions: HolePositions,
): ReportFigures {
  const sections = [...figures.sections];
  const notes = [...figures.notes];
  if (report.holes) {
    const holes = holeReportFigures(
      { ...report, bandCompleteness: {}, ...report.holes, maps: {} } as HoleReport,
      positions,
    );
    if (holes.skyMaps.length > 0) sections.push({ title: "Coverage holes", figures: holes.skyMaps });
    sections.push(...holes.sections);
    notes.push(...holes.notes);
  }
  const failures = failureMap(report);
  if (failures) sections.push({ title: "Failures on the sky", figures: [failures] });
  else if (report.failures && report.failures.failures.length > 0)
    notes.push("No failure could be placed on the sky (no geometry for its data ids).");
  return { ...figures, sections, notes };
}

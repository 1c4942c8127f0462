/**
 * Figures of a failure analysis: the failures on the sky coloured by classification over the reference footprint,
 * with the failed detectors' (or patches') outlines and the tract/patch outlines under them; one map per message
 * template on the same frame; the groups by classification; the daily summary as a stacked bar chart.
 */
import type { FailureAnalysis, LocatedFailure } from "../failures/analyze.js";
import type { Classification } from "../failures/classify.js";
import type { DailySummary } from "../failures/daily.js";
import { dataIdKey } from "../failures/dataId.js";
import { footprintCells, type ReferenceFootprint } from "../failures/footprint.js";
import { dc2SkyMap } from "../sky/skymap/maps.js";
import type { RingsSkyMap } from "../sky/skymap/types.js";
import { autoFrame } from "./auto-frame.js";
import { type Provenance, withCaption } from "./caption.js";
import type { RaDec } from "./lines.js";
import { type SkyMap, skyMapOn } from "./map.js";
import type { MapFrame } from "./map-frame.js";
import type { ReportFigures } from "./report.js";
import type { PlotlyFigure, Trace } from "./types.js";

/** Colour of each classification (outside the footprint is no action: muted; to investigate: red). */
export const CLASSIFICATION_COLOURS: Readonly<Record<Classification, string>> = {
  outsideReferenceFootprint: "#6e7781",
  investigate: "#cf222e",
  unlocated: "#bf8700",
};

const CLASSIFICATION_NAMES: Readonly<Record<Classification, string>> = {
  outsideReferenceFootprint: "outside the reference footprint (no action)",
  investigate: "inside: investigate",
  unlocated: "unlocated",
};

const FILLS: Readonly<Record<Classification, string>> = {
  outsideReferenceFootprint: "rgba(110,119,129,0.25)",
  investigate: "rgba(207,34,46,0.35)",
  unlocated: "rgba(191,135,0,0.3)",
};

/** Options of the failure figures. */
export interface FailureFigureOptions {
  /** Reference footprints drawn under the failures (catalog footprints as their occupied grid cells). */
  footprints?: readonly ReferenceFootprint[];
  /** Sky map of the tract/patch outlines (default DC2). */
  skymap?: RingsSkyMap;
  /** At most this many tracts outlined with their patches (the ones holding most failures; default 6). */
  maxTracts?: number;
  /** At most this many per-template maps (new groups first, as the analysis orders them; default 12). */
  maxTemplateMaps?: number;
  /** At most this many series in the daily chart; the rest are summed as "other" (default 10). */
  maxDailySeries?: number;
  /** Input files and skygate version for the captions. */
  sources?: readonly string[];
  version?: string;
}

function located(failures: readonly LocatedFailure[]): LocatedFailure[] {
  return failures.filter((f) => f.location.ra !== null && f.location.dec !== null);
}

/**
 * The frame of the failure maps: fitted to the located failures (a gnomonic view when they sit together, else
 * the whole sky); null when no failure is located.
 * @example failureFrame([]) // null
 */
export function failureFrame(failures: readonly LocatedFailure[]): MapFrame | null {
  const ok = located(failures);
  if (ok.length === 0) return null;
  const ra: number[] = [];
  const dec: number[] = [];
  for (const f of ok) {
    // Corners too, so the outlines of the outermost detectors stay inside the frame.
    for (const [r, d] of f.location.corners ?? [[f.location.ra as number, f.location.dec as number]]) {
      ra.push(r);
      dec.push(d);
    }
  }
  return autoFrame(ra, dec, { minSpan: 0.5 });
}

/** Cells of catalog footprints as rings, and the footprints that cannot be drawn (coverage functions). */
function footprintRings(footprints: readonly ReferenceFootprint[]): { rings: RaDec[][]; notes: string[] } {
  const rings: RaDec[][] = [];
  const notes: string[] = [];
  for (const fp of footprints) {
    if (fp.kind !== "catalog") {
      notes.push(
        `reference footprint ${fp.sources.join(", ")} (MOC/HEALPix) is used to classify but not drawn`,
      );
      continue;
    }
    for (const c of footprintCells(fp, 3000))
      rings.push([
        [c.ra, c.dec],
        [c.ra + c.size, c.dec],
        [c.ra + c.size, c.dec + c.size],
        [c.ra, c.dec + c.size],
      ]);
  }
  return { rings, notes };
}

/** Tracts holding most located failures (their centres' tract, or the tract the data id names). */
function busiestTracts(failures: readonly LocatedFailure[], skymap: RingsSkyMap, max: number): number[] {
  const counts = new Map<number, number>();
  for (const f of located(failures)) {
    const t = f.location.tract ?? skymap.findTract(f.location.ra as number, f.location.dec as number);
    counts.set(t, (counts.get(t) ?? 0) + 1);
  }
  return [...counts.entries()]
    .sort((a, b) => b[1] - a[1] || a[0] - b[0])
    .slice(0, max)
    .map(([t]) => t);
}

/** Base layers shared by every failure map: footprint cells, tract/patch outlines. */
function baseMap(
  frame: MapFrame,
  footprintCellRings: readonly RaDec[][],
  tracts: readonly number[],
  skymap: RingsSkyMap,
): SkyMap {
  const map = skyMapOn(frame);
  if (footprintCellRings.length > 0)
    map.polygons(footprintCellRings, {
      name: "reference footprint",
      color: "rgba(9,105,218,0.0)",
      fill: "rgba(9,105,218,0.18)",
      width: 0.5,
    });
  // Patch numbers only when few tracts are drawn (more would hide the failures).
  for (const t of tracts) map.tractPatches(skymap, t, { color: "#afb8c1", labels: tracts.length <= 2 });
  return map;
}

/** Outline and centre layers of some failures, one legend entry per classification. */
function failureLayers(map: SkyMap, failures: readonly LocatedFailure[], suffix = ""): void {
  for (const c of ["outsideReferenceFootprint", "investigate"] as const) {
    const fs = failures.filter((f) => f.verdict.classification === c && f.location.ra !== null);
    if (fs.length === 0) continue;
    const withCorners = fs.filter((f) => f.location.corners !== null);
    const hover = withCorners.map(
      (f) =>
        `${f.task} ${dataIdKey(f.dataId)}<br>${f.exception ?? ""}: ${f.template}<br>${f.verdict.referenceObjects ?? "?"} reference objects, covered ${f.verdict.coveredFraction === null ? "?" : (100 * f.verdict.coveredFraction).toFixed(0)} %`,
    );
    if (withCorners.length > 0)
      map.polygons(
        withCorners.map((f) => f.location.corners as RaDec[]),
        {
          name: `${CLASSIFICATION_NAMES[c]}: ${fs.length}${suffix}`,
          color: CLASSIFICATION_COLOURS[c],
          fill: FILLS[c],
          width: 1,
          hover,
        },
      );
    const centres = fs.filter((f) => f.location.corners === null);
    if (centres.length > 0)
      map.points(
        {
          ra: centres.map((f) => f.location.ra as number),
          dec: centres.map((f) => f.location.dec as number),
          key: centres.map((f) => `${f.task} ${dataIdKey(f.dataId)}: ${f.template}`),
        },
        {
          name: `${CLASSIFICATION_NAMES[c]} (centres): ${centres.length}`,
          color: CLASSIFICATION_COLOURS[c],
          size: 7,
          densityThreshold: Number.POSITIVE_INFINITY,
        },
      );
  }
}

function provenanceOf(options: FailureFigureOptions, notes: string[]): Provenance {
  return {
    ...(options.sources ? { sources: options.sources } : {}),
    notes,
    ...(options.version !== undefined ? { version: options.version } : {}),
  };
}

/**
 * Failures per group as horizontal bars split by classification (new groups marked), the overview of the page.
 * @example failureGroupsChart({ failures: [], groups: [], retries: [], workflows: [], tasks: {}, partial: false }).data.length // 3
 */
export function failureGroupsChart(
  analysis: FailureAnalysis,
  options: FailureFigureOptions = {},
): PlotlyFigure {
  const labels = analysis.groups.map(
    (g, k) =>
      `${k + 1}. ${g.label === "new" ? "NEW " : ""}${g.task} ${g.exception ?? ""}: ${g.template.length > 60 ? `${g.template.slice(0, 57)}…` : g.template}`,
  );
  const keys: [Classification, "outsideFootprint" | "insideFootprint" | "unlocated"][] = [
    ["investigate", "insideFootprint"],
    ["outsideReferenceFootprint", "outsideFootprint"],
    ["unlocated", "unlocated"],
  ];
  const data: Trace[] = keys.map(([c, field]) => ({
    type: "bar",
    orientation: "h",
    name: CLASSIFICATION_NAMES[c],
    y: labels,
    x: analysis.groups.map((g) => g[field]),
    marker: { color: CLASSIFICATION_COLOURS[c] },
    hovertemplate: `%{y}<br>%{x} ${CLASSIFICATION_NAMES[c]}<extra></extra>`,
  }));
  const figure = {
    data,
    layout: {
      title: { text: "Failures by group (new first) and where they lie", x: 0.01, xanchor: "left" },
      barmode: "stack",
      width: 900,
      height: Math.max(300, 150 + 26 * analysis.groups.length),
      margin: { l: 20, r: 20, t: 60, b: 70 },
      yaxis: { autorange: "reversed", automargin: true },
      xaxis: { title: { text: "failures" } },
      // Legend above the bars, clear of the axis title and the caption.
      legend: { orientation: "h", x: 0, y: 1.0, yanchor: "bottom" },
    },
    config: { displaylogo: false, responsive: true },
  };
  return withCaption(figure, provenanceOf(options, [`${analysis.failures.length} failures`]));
}

/**
 * The failures on the sky: reference footprint (blue cells), tract and patch outlines (grey), failed detectors or
 * patches filled by classification; null when no failure is located.
 * @example failureSkyMap({ failures: [], groups: [], retries: [], workflows: [], tasks: {}, partial: false }) // null
 */
export function failureSkyMap(
  analysis: FailureAnalysis,
  options: FailureFigureOptions = {},
): PlotlyFigure | null {
  const frame = failureFrame(analysis.failures);
  if (!frame) return null;
  const skymap = options.skymap ?? dc2SkyMap;
  const { rings, notes } = footprintRings(options.footprints ?? []);
  const tracts = busiestTracts(analysis.failures, skymap, options.maxTracts ?? 6);
  const map = baseMap(frame, rings, tracts, skymap);
  failureLayers(map, analysis.failures);
  const unlocated = analysis.failures.length - located(analysis.failures).length;
  const counts = countBy(analysis.failures);
  return map.figure({
    title: `Failures on the sky: ${counts.investigate} to investigate, ${counts.outsideReferenceFootprint} outside the reference footprint, ${unlocated} unlocated`,
    provenance: provenanceOf(options, [
      ...(tracts.length > 0 ? [`${skymap.name} tracts ${tracts.join(", ")}`] : []),
      ...notes,
    ]),
  });
}

function countBy(failures: readonly LocatedFailure[]): Record<Classification, number> {
  const out: Record<Classification, number> = { outsideReferenceFootprint: 0, investigate: 0, unlocated: 0 };
  for (const f of failures) out[f.verdict.classification]++;
  return out;
}

/**
 * One map per group (message template), on the frame of the whole map so they compare at a glance.
 * @example failureTemplateMaps({ failures: [], groups: [], retries: [], workflows: [], tasks: {}, partial: false }) // []
 */
export function failureTemplateMaps(
  analysis: FailureAnalysis,
  options: FailureFigureOptions = {},
): PlotlyFigure[] {
  const frame = failureFrame(analysis.failures);
  if (!frame) return [];
  const skymap = options.skymap ?? dc2SkyMap;
  const { rings } = footprintRings(options.footprints ?? []);
  const tracts = busiestTracts(analysis.failures, skymap, options.maxTracts ?? 6);
  const out: PlotlyFigure[] = [];
  analysis.groups.slice(0, options.maxTemplateMaps ?? 12).forEach((g, k) => {
    const members = g.members.map((i) => analysis.failures[i]);
    const map = baseMap(frame, rings, tracts, skymap);
    failureLayers(map, members);
    const missing = members.length - located(members).length;
    out.push(
      map.figure({
        title: `${k + 1}. ${g.label}: ${g.count} × ${g.task} ${g.exception ?? ""} "${g.template.length > 70 ? `${g.template.slice(0, 67)}…` : g.template}"`,
        width: 640,
        provenance: provenanceOf(options, missing > 0 ? [`${missing} unlocated, not drawn`] : []),
      }),
    );
  });
  return out;
}

/**
 * The daily summary as stacked bars: failures per day by task × template (new and rising first, the rest as
 * "other"); null when no failure has a time.
 * @example dailyFailureChart({ days: [], series: [], totals: [], undated: 3 }) // null
 */
export function dailyFailureChart(
  daily: DailySummary,
  options: FailureFigureOptions = {},
): PlotlyFigure | null {
  if (daily.days.length === 0) return null;
  const max = options.maxDailySeries ?? 10;
  const shown = daily.series.slice(0, max);
  const rest = daily.series.slice(max);
  const data: Trace[] = shown.map((s) => ({
    type: "bar",
    name: `${s.trend === "new" ? "NEW " : ""}${s.task}: ${s.template.length > 50 ? `${s.template.slice(0, 47)}…` : s.template}`,
    x: daily.days,
    y: s.counts,
    hovertemplate: `%{x}: %{y} × ${escapeHover(s.task)} ${escapeHover(s.template)} (${s.trend}, first seen ${s.firstSeen})<extra></extra>`,
  }));
  if (rest.length > 0)
    data.push({
      type: "bar",
      name: `other (${rest.length} templates)`,
      x: daily.days,
      y: daily.days.map((_, i) => rest.reduce((a, s) => a + s.counts[i], 0)),
      marker: { color: "#afb8c1" },
    });
  const figure = {
    data,
    layout: {
      title: {
        text: `Failures per day (latest ${daily.days[daily.days.length - 1]}: ${daily.totals[daily.totals.length - 1]})`,
        x: 0.01,
        xanchor: "left",
      },
      barmode: "stack",
      width: 900,
      height: 420 + 18 * Math.min(data.length, 12),
      xaxis: { type: "category", title: { text: "day (UTC)" } },
      yaxis: { title: { text: "failures" } },
      legend: { orientation: "h", y: -0.2, yanchor: "top" },
      margin: { l: 60, r: 20, t: 40, b: 60 },
    },
    config: { displaylogo: false, responsive: true },
  };
  const notes = daily.undated > 0 ? [`${daily.undated} failures without a time not shown`] : [];
  return withCaption(figure, provenanceOf(options, notes));
}

const ORIGIN_COLOURS: Readonly<Record<string, string>> = {
  infrastructure: "#8250df",
  "infrastructure?": "#c297ff",
  pipelines: "#cf222e",
  configuration: "#bf8700",
  critical: "#24292f",
  unknown: "#afb8c1",
};

/**
 * Failures per workflow split by origin (cm_tools flavors; `?` guessed from the message), as percentages of the
 * workflow's jobs when every workflow's jobs are known, else as counts; null without workflows.
 * @example failureWorkflowChart({ failures: [], groups: [], retries: [], workflows: [], tasks: {}, partial: false }) // null
 */
export function failureWorkflowChart(
  analysis: FailureAnalysis,
  options: FailureFigureOptions = {},
): PlotlyFigure | null {
  const rows = analysis.workflows.slice(0, 40);
  if (rows.length === 0) return null;
  const asRate = rows.every((w) => w.jobs !== null && w.jobs > 0);
  const origins = [...new Set(rows.flatMap((w) => Object.keys(w.origins)))].sort(
    (a, b) => Object.keys(ORIGIN_COLOURS).indexOf(a) - Object.keys(ORIGIN_COLOURS).indexOf(b),
  );
  const y = rows.map((w) => w.workflow);
  const data: Trace[] = origins.map((o) => ({
    type: "bar",
    orientation: "h",
    name: o === "infrastructure?" ? "infrastructure (guessed from the message)" : o,
    y,
    x: rows.map((w) => ((w.origins[o] ?? 0) * (asRate ? 100 : 1)) / (asRate ? (w.jobs as number) : 1)),
    marker: { color: ORIGIN_COLOURS[o] ?? "#6e7781" },
    hovertemplate: `%{y}: %{x:.3g}${asRate ? " % of jobs" : " failures"} ${escapeHover(o)}<extra></extra>`,
  }));
  const figure = {
    data,
    layout: {
      title: {
        text: asRate
          ? "Failure rate per workflow by origin"
          : "Failures per workflow by origin (jobs unknown)",
        x: 0.01,
        xanchor: "left",
      },
      barmode: "stack",
      width: 900,
      height: Math.max(320, 200 + 26 * rows.length),
      margin: { l: 20, r: 20, t: 60, b: 120 },
      yaxis: { autorange: "reversed", automargin: true },
      xaxis: { title: { text: asRate ? "% of the workflow's jobs" : "failures" } },
      legend: { orientation: "h", x: 0, y: -0.3, yanchor: "top", traceorder: "normal" },
    },
    config: { displaylogo: false, responsive: true },
  };
  return withCaption(figure, provenanceOf(options, [`${analysis.workflows.length} workflows`]));
}

function escapeHover(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/**
 * Every figure of a failure analysis in the shape the HTML report writer takes: groups overview, the sky map,
 * the per-template maps and the daily chart (with a note for any that could not be drawn).
 * @example failureReportFigures({ failures: [], groups: [], retries: [], workflows: [], tasks: {}, partial: false }).notes // ["no failure could be placed on the sky"]
 */
export function failureReportFigures(
  analysis: FailureAnalysis,
  daily?: DailySummary,
  options: FailureFigureOptions = {},
): ReportFigures {
  const notes: string[] = [];
  const sky = failureSkyMap(analysis, options);
  if (!sky) notes.push("no failure could be placed on the sky");
  const sections: ReportFigures["sections"] = [];
  const templates = sky ? failureTemplateMaps(analysis, options) : [];
  if (templates.length > 0) {
    const more = analysis.groups.length - templates.length;
    sections.push({
      title: `Per template${more > 0 ? ` (first ${templates.length}; ${more} more groups not drawn)` : ""}`,
      figures: templates,
    });
  }
  const workflows = failureWorkflowChart(analysis, options);
  if (workflows) sections.push({ title: "Workflows", figures: [workflows] });
  if (daily) {
    const chart = dailyFailureChart(daily, options);
    if (chart) sections.push({ title: "Daily summary", figures: [chart] });
    else notes.push("daily chart not drawn: no failure has a time");
  }
  return {
    overview: failureGroupsChart(analysis, options),
    skyMaps: sky ? [sky] : [],
    sections,
    perResult: {},
    notes,
  };
}

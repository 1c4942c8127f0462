/** Graticule, sphere outline and RA/Dec labels (degrees or hours) for a projected map. */
import { geoGraticule } from "d3-geo";
import { type ProjectedLines, projectLines } from "./lines.js";
import type { MapFrame } from "./map-frame.js";
import type { Trace } from "./types.js";

/** Spacing and labels of the RA/Dec grid (degrees, or RA in hours). */
export interface GraticuleOptions {
  /** Line spacing [ra, dec] in degrees; chosen from the field size when omitted. */
  step?: readonly [number, number];
  /** RA labels in hours (e.g. 3h40m) instead of degrees. */
  hours?: boolean;
  /** Draw labels (default true). */
  labels?: boolean;
}

const NICE = [0.01, 0.02, 0.05, 0.1, 0.2, 0.25, 0.5, 1, 2, 5, 10, 15, 30, 45, 60, 90];

/**
 * A round spacing giving about `lines` lines over `span` degrees.
 * @example niceStep(2, 4) // 0.5
 */
export function niceStep(span: number, lines = 4): number {
  const raw = span / lines;
  return NICE.find((s) => s >= raw) ?? 90;
}

/**
 * An RA label in degrees ("55.5°") or hours ("3h42m").
 * @example raLabel(55.5, true) // "3h42m"
 */
export function raLabel(ra: number, hours = false): string {
  const r = ((ra % 360) + 360) % 360;
  if (!hours) return `${+r.toFixed(4)}°`;
  const totalMinutes = Math.round((r / 15) * 60 * 100) / 100;
  const h = Math.floor(totalMinutes / 60);
  const m = +(totalMinutes - h * 60).toFixed(2);
  return m === 0 ? `${h}h` : `${h}h${m}m`;
}

/** A Dec label. @example decLabel(-30) // "−30°" */
export function decLabel(dec: number): string {
  return `${dec < 0 ? "−" : dec > 0 ? "+" : ""}${+Math.abs(dec).toFixed(4)}°`;
}

function linesTrace(lines: ProjectedLines, name: string, color: string, width: number): Trace {
  return {
    type: "scatter",
    mode: "lines",
    x: lines.x,
    y: lines.y,
    name,
    showlegend: false,
    hoverinfo: "skip",
    line: { color, width },
  };
}

function inside(frame: MapFrame, p: [number, number] | null): p is [number, number] {
  const e = frame.extent;
  return p !== null && p[0] >= e[0] && p[0] <= e[1] && p[1] >= e[2] && p[1] <= e[3];
}

/** Field of view of the frame in degrees (RA span at the centre, Dec span), from its corners and centre. */
function fieldSpan(frame: MapFrame): [number, number] {
  if (frame.projection.clipAngle === null && frame.whole) return [360, 180];
  const e = frame.extent;
  const decs: number[] = [];
  const ras: number[] = [];
  for (const fx of [0, 0.5, 1])
    for (const fy of [0, 0.5, 1]) {
      const p = frame.projection.invert(e[0] + fx * (e[1] - e[0]), e[2] + fy * (e[3] - e[2]));
      if (p) {
        decs.push(p[1]);
        ras.push(p[0]);
      }
    }
  if (decs.length < 2) return [360, 180];
  const c = frame.projection.center[0];
  const dra = ras.map((r) => ((r - c + 540) % 360) - 180);
  return [Math.max(...dra) - Math.min(...dra), Math.max(...decs) - Math.min(...decs)];
}

/**
 * Graticule lines, the sphere outline (whole-sky maps) and labels.
 * @example graticuleTraces(mapFrame()).length // 3: lines, outline, labels
 */
export function graticuleTraces(frame: MapFrame, options: GraticuleOptions = {}): Trace[] {
  const [raSpan, decSpan] = fieldSpan(frame);
  const whole = frame.whole;
  const step: [number, number] = options.step
    ? [options.step[0], options.step[1]]
    : whole
      ? [options.hours ? 45 : 60, 30]
      : [niceStep(Math.min(raSpan, 360), 4), niceStep(decSpan, 4)];
  const c0 = frame.projection.center;
  // Local maps: lines only over the field (a whole-sky graticule at 0.1° steps would be huge).
  const lonMin = whole ? -180 : Math.floor((c0[0] - raSpan) / step[0]) * step[0];
  const lonMax = whole ? 180 : Math.ceil((c0[0] + raSpan) / step[0]) * step[0];
  const latMin = whole ? -90 : Math.max(-90, Math.floor((c0[1] - decSpan) / step[1]) * step[1]);
  const latMax = whole ? 90 : Math.min(90, Math.ceil((c0[1] + decSpan) / step[1]) * step[1]);
  const precision = whole ? 2 : Math.max(step[0], step[1]) / 20;
  const graticule = geoGraticule()
    .extentMajor([
      [lonMin, latMin - 1e-9],
      [lonMax, latMax + 1e-9],
    ])
    .extentMinor([
      [lonMin, latMin - 1e-9],
      [lonMax, latMax + 1e-9],
    ])
    .step(step)
    .stepMajor([360, 360])
    .precision(precision);
  const grid = graticule.lines().map((l) => l.coordinates as [number, number][]);
  const traces: Trace[] = [linesTrace(projectLines(frame.projection, grid), "graticule", "#d0d7de", 0.7)];
  if (whole) {
    traces.push(linesTrace(sphereOutline(frame), "sphere", "#8c959f", 1));
  }
  if (options.labels === false) return traces;
  const x: number[] = [];
  const y: number[] = [];
  const text: string[] = [];
  const c = frame.projection.center;
  const label = (p: [number, number] | null, t: string) => {
    if (!inside(frame, p)) return;
    x.push(p[0]);
    y.push(p[1]);
    text.push(t);
  };
  if (whole) {
    for (let ra = 0; ra < 360; ra += step[0]) {
      if (Math.abs(((ra - c[0] + 540) % 360) - 180) > 179) continue;
      label(frame.projection.project(ra, 0), raLabel(ra, options.hours));
    }
    for (let dec = -90 + step[1]; dec < 90; dec += step[1])
      label(frame.projection.project(c[0] + 179.9, dec), decLabel(dec));
  } else {
    // Label each meridian at its lowest point in the frame, each parallel at its leftmost point.
    const e = frame.extent;
    const raStart = Math.ceil((c[0] - raSpan) / step[0]) * step[0];
    for (let ra = raStart; ra <= c[0] + raSpan; ra += step[0]) {
      let best: [number, number] | null = null;
      for (let k = 0; k <= 200; k++) {
        const p = frame.projection.project(ra, c[1] - decSpan + (k / 100) * decSpan);
        if (inside(frame, p) && (best === null || p[1] < best[1])) best = p;
      }
      if (best) label([best[0], Math.max(best[1], e[2] + (e[3] - e[2]) * 0.02)], raLabel(ra, options.hours));
    }
    const decStart = Math.ceil(Math.max(-90, c[1] - decSpan) / step[1]) * step[1];
    for (let dec = decStart; dec <= Math.min(90, c[1] + decSpan); dec += step[1]) {
      let best: [number, number] | null = null;
      for (let k = 0; k <= 200; k++) {
        const p = frame.projection.project(c[0] - raSpan + (k / 100) * raSpan, dec);
        if (inside(frame, p) && (best === null || p[0] < best[0])) best = p;
      }
      if (best) label([Math.max(best[0], e[0] + (e[1] - e[0]) * 0.03), best[1]], decLabel(dec));
    }
  }
  traces.push({
    type: "scatter",
    mode: "text",
    x,
    y,
    text,
    textfont: { size: 10, color: "#57606a" },
    showlegend: false,
    hoverinfo: "skip",
    name: "graticule labels",
    cliponaxis: false,
  });
  return traces;
}

/** The projected outline of the sphere (the map's edge), densified. */
function sphereOutline(frame: MapFrame): ProjectedLines {
  const c = frame.projection.center[0];
  const edge: [number, number][] = [];
  // Just inside the seam on both sides, pole to pole: the map's boundary for whole-sky projections.
  for (let d = -90; d <= 90; d += 1) edge.push([c + 180 - 1e-6, d]);
  const other: [number, number][] = [];
  for (let d = 90; d >= -90; d -= 1) other.push([c - 180 + 1e-6, d]);
  const out: ProjectedLines = { x: [], y: [], parts: [0] };
  for (const [ra, dec] of [...edge, ...other, edge[0]]) {
    const p = frame.projection.project(ra, dec);
    if (!p) continue;
    out.x.push(p[0]);
    out.y.push(p[1]);
  }
  return out;
}

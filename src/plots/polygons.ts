/**
 * Polygons and outlines on a sky map: footprints, detector outlines, MOC boundaries; filled, hatched or
 * outlined, with optional labels at their centres. Cut at the seam and poles by projectPolygons/Lines.
 */
import { type Moc, mocBoundaryPolylines } from "../sky/moc/index.js";
import { projectLines, projectPolygons, type RaDec } from "./lines.js";
import type { MapFrame } from "./map-frame.js";
import type { Trace } from "./types.js";

/** How outlines and regions are drawn: line colour and width, fill, hatching, name. */
export interface PolygonOptions {
  name?: string;
  color?: string;
  width?: number;
  /** Fill colour (e.g. "rgba(207,34,46,0.3)"); no fill when omitted. */
  fill?: string;
  /** Hatch the inside (plotly fill pattern "/", "\\", "x", …). */
  hatch?: string;
  /** One label per polygon, drawn at its centre. */
  labels?: readonly string[];
  /** One hover text per polygon. */
  hover?: readonly string[];
  showlegend?: boolean;
}

function centroid(frame: MapFrame, ring: readonly RaDec[]): [number, number] | null {
  // Mean of the unit vectors: the centre on the sphere, whatever the RA wrap.
  let x = 0;
  let y = 0;
  let z = 0;
  for (const [ra, dec] of ring) {
    const a = (ra * Math.PI) / 180;
    const d = (dec * Math.PI) / 180;
    x += Math.cos(d) * Math.cos(a);
    y += Math.cos(d) * Math.sin(a);
    z += Math.sin(d);
  }
  const ra = (Math.atan2(y, x) * 180) / Math.PI;
  const dec = (Math.atan2(z, Math.hypot(x, y)) * 180) / Math.PI;
  return frame.projection.project(ra, dec);
}

function labelTrace(
  frame: MapFrame,
  rings: readonly (readonly RaDec[])[],
  labels: readonly string[],
  color: string,
): Trace {
  const x: number[] = [];
  const y: number[] = [];
  const text: string[] = [];
  rings.forEach((ring, i) => {
    const c = centroid(frame, ring);
    if (!c || labels[i] === undefined) return;
    x.push(c[0]);
    y.push(c[1]);
    text.push(labels[i]);
  });
  return {
    type: "scatter",
    mode: "text",
    x,
    y,
    text,
    textfont: { size: 9, color },
    showlegend: false,
    hoverinfo: "skip",
  };
}

/**
 * Traces for closed polygons (either winding).
 * @example polygonTraces(mapFrame(), [[[10, 0], [20, 0], [20, 10], [10, 10]]], { fill: "red" })[0].fill // "toself"
 */
export function polygonTraces(
  frame: MapFrame,
  rings: readonly (readonly RaDec[])[],
  options: PolygonOptions = {},
): Trace[] {
  const lines = projectPolygons(frame.projection, rings);
  const color = options.color ?? "#0969da";
  const trace: Trace = {
    type: "scatter",
    mode: "lines",
    name: options.name ?? "polygons",
    x: lines.x,
    y: lines.y,
    line: { color, width: options.width ?? 1 },
    showlegend: options.showlegend ?? options.name !== undefined,
  };
  if (options.fill || options.hatch) {
    trace.fill = "toself";
    trace.fillcolor = options.fill ?? "rgba(0,0,0,0)";
    if (options.hatch) trace.fillpattern = { shape: options.hatch, fgcolor: color, size: 6, solidity: 0.2 };
  }
  if (options.hover) {
    // One hover text per vertex of each part, so hovering an outline names its polygon.
    const text: (string | null)[] = [];
    let part = 0;
    for (let i = 0; i < lines.x.length; i++) {
      if (lines.x[i] === null) {
        part++;
        text.push(null);
      } else text.push(options.hover[lines.parts[part]] ?? null);
    }
    trace.text = text;
    trace.hoverinfo = "text";
    trace.hoveron = options.fill || options.hatch ? "fills+points" : "points";
  } else trace.hoverinfo = "skip";
  const traces = [trace];
  if (options.labels) traces.push(labelTrace(frame, rings, options.labels, color));
  return traces;
}

/**
 * Traces for open polylines (great-circle segments).
 * @example outlineTraces(mapFrame(), [[[0, 0], [10, 0]]])[0].mode // "lines"
 */
export function outlineTraces(
  frame: MapFrame,
  lines: readonly (readonly RaDec[])[],
  options: PolygonOptions = {},
): Trace[] {
  const projected = projectLines(frame.projection, lines);
  return [
    {
      type: "scatter",
      mode: "lines",
      name: options.name ?? "outlines",
      x: projected.x,
      y: projected.y,
      line: { color: options.color ?? "#0969da", width: options.width ?? 1 },
      showlegend: options.showlegend ?? options.name !== undefined,
      hoverinfo: "skip",
    },
  ];
}

/**
 * The boundary of a MOC (coverage map) at an order, densified so HEALPix edges follow the sky.
 * @example mocOutlineTraces(mapFrame(), mocFromCells(3, [100, 101]))[0].mode // "lines"
 */
export function mocOutlineTraces(
  frame: MapFrame,
  moc: Moc,
  options: PolygonOptions & { order?: number } = {},
): Trace[] {
  const lines = mocBoundaryPolylines(moc, options.order ?? Math.min(moc.maxOrder, 12), 4);
  return outlineTraces(frame, lines, { name: "MOC boundary", ...options });
}

/** Corner columns of detector outlines (CcdVisit llcra/llcdec … in degrees). */
export interface CornerColumns {
  llcra: ArrayLike<number>;
  llcdec: ArrayLike<number>;
  lrcra: ArrayLike<number>;
  lrcdec: ArrayLike<number>;
  urcra: ArrayLike<number>;
  urcdec: ArrayLike<number>;
  ulcra: ArrayLike<number>;
  ulcdec: ArrayLike<number>;
}

/**
 * Detector (or any quadrilateral) outlines from corner columns; rows with a missing corner are skipped.
 * @example cornerRings({ llcra: [0], llcdec: [0], lrcra: [1], lrcdec: [0], urcra: [1], urcdec: [1], ulcra: [0], ulcdec: [1] }).length // 1
 */
export function cornerRings(c: CornerColumns): RaDec[][] {
  const rings: RaDec[][] = [];
  for (let i = 0; i < c.llcra.length; i++) {
    const ring: RaDec[] = [
      [c.llcra[i], c.llcdec[i]],
      [c.lrcra[i], c.lrcdec[i]],
      [c.urcra[i], c.urcdec[i]],
      [c.ulcra[i], c.ulcdec[i]],
    ];
    if (ring.every((p) => Number.isFinite(p[0]) && Number.isFinite(p[1]))) rings.push(ring);
  }
  return rings;
}

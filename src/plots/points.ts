/**
 * Points on a sky map: scattergl with typed arrays (base64), coloured by a value or a category, hover with
 * RA/Dec and the row key; past `densityThreshold` points a density raster is drawn instead.
 */
import { type ColourScaleOptions, colourRange, log10Values } from "./colour.js";
import { typedArrayJson } from "./encode.js";
import type { MapFrame } from "./map-frame.js";
import { rasterShape } from "./raster.js";
import type { Trace } from "./types.js";

/** Positions to draw (degrees), with optional values, categories and row keys for hover. */
export interface PointsData {
  ra: ArrayLike<number>;
  dec: ArrayLike<number>;
  /** Colour by this value (NaN drawn grey). */
  value?: ArrayLike<number>;
  /** Colour by category: one trace (legend entry) per distinct category. */
  category?: ArrayLike<string>;
  /** Row key shown on hover. */
  key?: ArrayLike<string | number | bigint>;
}

/** How points are drawn: colour scale, marker size, density-raster threshold. */
export interface PointsOptions extends ColourScaleOptions {
  /** Legend name. */
  name?: string;
  /** Above this many points draw a density raster (default 100 000); Infinity always draws points. */
  densityThreshold?: number;
  /** Density raster width in cells (default 600). */
  densityWidth?: number;
  /** Marker size in px (default 3) and colour (when not coloured by value). */
  size?: number;
  color?: string;
  /** Colour bar position (paper x; default 1.02), to keep it clear of a raster's colour bar. */
  colorbarX?: number;
}

/** Projected positions of the points that are drawn, with their row indices. */
export interface ProjectedPoints {
  x: Float32Array;
  y: Float32Array;
  /** Row index of each kept point. */
  rows: Uint32Array;
}

/**
 * Project positions; invalid or clipped positions are dropped (their count is `ra.length − rows.length`).
 * @example projectPoints(mapFrame({ center: [0, 0] }), [0, 10], [0, 0]).rows.length // 2
 */
export function projectPoints(
  frame: MapFrame,
  ra: ArrayLike<number>,
  dec: ArrayLike<number>,
): ProjectedPoints {
  const n = ra.length;
  const x = new Float32Array(n);
  const y = new Float32Array(n);
  const rows = new Uint32Array(n);
  let k = 0;
  const { project } = frame.projection;
  for (let i = 0; i < n; i++) {
    const p = project(ra[i], dec[i]);
    if (p === null) continue;
    x[k] = p[0];
    y[k] = p[1];
    rows[k++] = i;
  }
  return { x: x.subarray(0, k), y: y.subarray(0, k), rows: rows.subarray(0, k) };
}

function pick(values: ArrayLike<number>, rows: Uint32Array, out: Float32Array | Float64Array): void {
  for (let i = 0; i < rows.length; i++) out[i] = values[rows[i]];
}

function hoverText(data: PointsData, rows: Uint32Array): string[] | undefined {
  if (!data.key) return undefined;
  const out = new Array<string>(rows.length);
  for (let i = 0; i < rows.length; i++) out[i] = String(data.key[rows[i]]);
  return out;
}

function scatterTrace(data: PointsData, p: ProjectedPoints, name: string, options: PointsOptions): Trace {
  // RA/Dec for hover: float64 up to 10⁵ points; beyond (only when asked to skip the density raster) float32,
  // good to ~0.1″, which halves the largest part of the payload.
  const custom =
    p.rows.length > 100_000 ? new Float32Array(p.rows.length * 2) : new Float64Array(p.rows.length * 2);
  for (let i = 0; i < p.rows.length; i++) {
    custom[2 * i] = data.ra[p.rows[i]];
    custom[2 * i + 1] = data.dec[p.rows[i]];
  }
  const text = hoverText(data, p.rows);
  const marker: Record<string, unknown> = { size: options.size ?? 3 };
  if (options.color) marker.color = options.color;
  if (data.value) {
    let v: Float32Array = new Float32Array(p.rows.length);
    pick(data.value, p.rows, v);
    if (options.log) v = log10Values(v);
    const [cmin, cmax] = colourRange(v, options);
    Object.assign(marker, {
      color: typedArrayJson(v),
      colorscale: options.colorscale ?? "Viridis",
      cmin,
      cmax,
      colorbar: {
        title: { text: options.title ?? (options.log ? "log10 value" : "value") },
        x: options.colorbarX ?? 1.02,
      },
    });
  }
  return {
    type: "scattergl",
    mode: "markers",
    name,
    x: typedArrayJson(p.x),
    y: typedArrayJson(p.y),
    customdata: typedArrayJson(custom, [p.rows.length, 2]),
    ...(text ? { text } : {}),
    hovertemplate: `RA %{customdata[0]:.6f}°<br>Dec %{customdata[1]:.6f}°${text ? "<br>%{text}" : ""}<extra>${name}</extra>`,
    marker,
  };
}

/**
 * Counts of projected points on a width × height grid over the frame extent (row-major from the bottom);
 * empty cells are NaN so they stay blank, like the area outside the sphere.
 * @example densityGrid(mapFrame(), projectPoints(mapFrame(), [10], [0]), 60, 30).length // 1800
 */
export function densityGrid(
  frame: MapFrame,
  p: ProjectedPoints,
  width: number,
  height: number,
): Float32Array {
  const [x0, x1, y0, y1] = frame.extent;
  const sx = width / (x1 - x0);
  const sy = height / (y1 - y0);
  const z = new Float32Array(width * height);
  for (let i = 0; i < p.x.length; i++) {
    const cx = Math.floor((p.x[i] - x0) * sx);
    const cy = Math.floor((p.y[i] - y0) * sy);
    if (cx >= 0 && cx < width && cy >= 0 && cy < height) z[cy * width + cx]++;
  }
  for (let i = 0; i < z.length; i++) if (z[i] === 0) z[i] = Number.NaN;
  return z;
}

function densityTrace(frame: MapFrame, p: ProjectedPoints, name: string, options: PointsOptions): Trace {
  const [width, height] = rasterShape(frame.extent, options.densityWidth ?? 600);
  let z: Float32Array = densityGrid(frame, p, width, height);
  const log = options.log ?? true;
  if (log) z = log10Values(z);
  const [zmin, zmax] = colourRange(z, options);
  const [x0, x1, y0, y1] = frame.extent;
  return {
    type: "heatmap",
    name: `${name} (density of ${p.x.length} points)`,
    z: typedArrayJson(z, [height, width]),
    x0: x0 + (x1 - x0) / width / 2,
    dx: (x1 - x0) / width,
    y0: y0 + (y1 - y0) / height / 2,
    dy: (y1 - y0) / height,
    zmin,
    zmax,
    zsmooth: false,
    hoverongaps: false,
    colorscale: options.colorscale ?? "Viridis",
    colorbar: { title: { text: options.title ?? (log ? "log10 count" : "count") }, x: 1.02 },
    hovertemplate: `${log ? "log10 count" : "count"} %{z:.3g}<extra>${name}</extra>`,
  };
}

/**
 * Traces for points: one scattergl per category (or one), or a density heatmap past the threshold.
 * @example pointsTraces(mapFrame(), { ra: [10], dec: [0] })[0].type // "scattergl"
 */
export function pointsTraces(frame: MapFrame, data: PointsData, options: PointsOptions = {}): Trace[] {
  if (data.ra.length !== data.dec.length)
    throw new RangeError(`ra and dec lengths differ (${data.ra.length} vs ${data.dec.length})`);
  const name = options.name ?? "points";
  const projected = projectPoints(frame, data.ra, data.dec);
  if (projected.x.length > (options.densityThreshold ?? 100_000))
    return [densityTrace(frame, projected, name, options)];
  if (!data.category) return [scatterTrace(data, projected, name, options)];
  const groups = new Map<string, number[]>();
  for (let i = 0; i < projected.rows.length; i++) {
    const c = String(data.category[projected.rows[i]]);
    const list = groups.get(c);
    if (list) list.push(i);
    else groups.set(c, [i]);
  }
  return [...groups].map(([category, idx]) => {
    const sub: ProjectedPoints = {
      x: Float32Array.from(idx, (i) => projected.x[i]),
      y: Float32Array.from(idx, (i) => projected.y[i]),
      rows: Uint32Array.from(idx, (i) => projected.rows[i]),
    };
    return scatterTrace(data, sub, category, { ...options, color: undefined });
  });
}

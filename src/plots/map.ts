/**
 * skyMap: a projection and frame to which layers are added, d3 style; each layer method calls a pure
 * function from data to plotly traces (exported beside it) and returns the map for chaining. `figure()`
 * gives a plotly `{ data, layout, config }` with hidden equal-aspect axes and the provenance caption.
 */
import type { CheckResult } from "../core/results.js";
import type { Moc } from "../sky/moc/index.js";
import type { RingsSkyMap } from "../sky/skymap/index.js";
import { type Provenance, withCaption } from "./caption.js";
import { findingTraces } from "./findings.js";
import { type GraticuleOptions, graticuleTraces } from "./graticule.js";
import { type HealpixMapInput, type HealpixRasterOptions, healpixTraces } from "./healpix.js";
import type { RaDec } from "./lines.js";
import { type FrameSpec, type MapFrame, mapFrame } from "./map-frame.js";
import { type PointsData, type PointsOptions, pointsTraces } from "./points.js";
import { mocOutlineTraces, outlineTraces, type PolygonOptions, polygonTraces } from "./polygons.js";
import type { SkyProjectionOptions } from "./projection.js";
import { type TractPatchOptions, tractFrame, tractPatchTraces } from "./tract.js";
import type { PlotlyFigure, Trace } from "./types.js";

/** A sky map's projection, centre, frame and graticule. */
export interface SkyMapOptions extends SkyProjectionOptions {
  /** Visible extent: "sky" (default), a fixed extent, or a fit to positions. */
  frame?: FrameSpec;
}

/** How a map becomes a figure: size, title, caption provenance. */
export interface FigureOptions {
  title?: string;
  provenance?: Provenance;
  /** Add a graticule when none was added (default true). */
  graticule?: boolean | GraticuleOptions;
  /** Figure size in px (default 900 × height from the frame's aspect). */
  width?: number;
  height?: number;
}

/** A sky map under construction. */
export interface SkyMap {
  readonly frame: MapFrame;
  /** Traces added so far, in drawing order. */
  readonly traces: readonly Trace[];
  add(traces: Trace | readonly Trace[]): SkyMap;
  points(data: PointsData, options?: PointsOptions): SkyMap;
  healpix(map: HealpixMapInput, options?: HealpixRasterOptions): SkyMap;
  polygons(rings: readonly (readonly RaDec[])[], options?: PolygonOptions): SkyMap;
  outlines(lines: readonly (readonly RaDec[])[], options?: PolygonOptions): SkyMap;
  mocOutline(moc: Moc, options?: PolygonOptions & { order?: number }): SkyMap;
  tractPatches(skymap: RingsSkyMap, tract: number, options?: TractPatchOptions): SkyMap;
  findings(results: readonly CheckResult[]): SkyMap;
  graticule(options?: GraticuleOptions): SkyMap;
  figure(options?: FigureOptions): PlotlyFigure & { layout: Record<string, unknown> };
}

function builder(frame: MapFrame): SkyMap {
  const traces: Trace[] = [];
  let hasGraticule = false;
  const map: SkyMap = {
    frame,
    traces,
    add(t) {
      if (Array.isArray(t)) traces.push(...t);
      else traces.push(t as Trace);
      return map;
    },
    points(data, options = {}) {
      // A second colour bar goes right of a raster's.
      const raster = traces.some((t) => t.type === "heatmap" && t.showscale !== false);
      return map.add(pointsTraces(frame, data, raster ? { colorbarX: 1.16, ...options } : options));
    },
    healpix: (m, options) => map.add(healpixTraces(frame, m, options)),
    polygons: (rings, options) => map.add(polygonTraces(frame, rings, options)),
    outlines: (lines, options) => map.add(outlineTraces(frame, lines, options)),
    mocOutline: (moc, options) => map.add(mocOutlineTraces(frame, moc, options)),
    tractPatches: (skymap, tract, options) => map.add(tractPatchTraces(frame, skymap, tract, options)),
    findings: (results) => map.add(findingTraces(frame, results)),
    graticule(options) {
      hasGraticule = true;
      return map.add(graticuleTraces(frame, options));
    },
    figure(options = {}) {
      let data = [...traces];
      if (!hasGraticule && options.graticule !== false) {
        const g = graticuleTraces(frame, typeof options.graticule === "object" ? options.graticule : {});
        // Heatmaps first, then the graticule over them, then everything else.
        const heat = data.filter((t) => t.type === "heatmap");
        data = [...heat, ...g, ...data.filter((t) => t.type !== "heatmap")];
      }
      const [x0, x1, y0, y1] = frame.extent;
      const width = options.width ?? 900;
      const height =
        options.height ??
        Math.round(Math.min(1200, Math.max(320, (width - 160) * ((y1 - y0) / (x1 - x0)) + 110)));
      const layout: Record<string, unknown> = {
        width,
        height,
        xaxis: { visible: false, range: [x0, x1], constrain: "domain" },
        yaxis: { visible: false, range: [y0, y1], scaleanchor: "x", scaleratio: 1, constrain: "domain" },
        plot_bgcolor: "#ffffff",
        paper_bgcolor: "#ffffff",
        showlegend: true,
        legend: { orientation: "h", y: -0.02, yanchor: "top" },
        hovermode: "closest",
        margin: { l: 20, r: 20, t: options.title ? 40 : 20, b: 60 },
      };
      if (options.title) layout.title = { text: options.title, x: 0.01, xanchor: "left" };
      const figure = { data, layout, config: { displaylogo: false, responsive: true } };
      return options.provenance ? withCaption(figure, options.provenance) : figure;
    },
  };
  return map;
}

/**
 * A sky map: projection (default Mollweide centred on RA 180) and frame (default the whole sky).
 * @example skyMap({ type: "hammer", center: [0, 0] }).points({ ra: [10], dec: [5] }).figure().data.length > 1 // true
 */
export function skyMap(options: SkyMapOptions = {}): SkyMap {
  const { frame, ...projection } = options;
  return builder(mapFrame(projection, frame));
}

/**
 * A map of one tract (gnomonic, fitted to the tract) with its patch outlines drawn.
 * @example tractMap(dc2SkyMap, 4431).figure().data.length > 0 // true
 */
export function tractMap(
  skymap: RingsSkyMap,
  tract: number,
  options: TractPatchOptions & { patches?: boolean } = {},
): SkyMap {
  const map = builder(tractFrame(skymap, tract));
  return options.patches === false ? map : map.tractPatches(skymap, tract, options);
}

/** A map over an existing frame (to share a frame between figures). @example skyMapOn(tractFrame(dc2SkyMap, 4431)) */
export function skyMapOn(frame: MapFrame): SkyMap {
  return builder(frame);
}

/**
 * HEALPix maps on a sky map: the projected extent is rasterized, every cell centre looked up with ang2pix,
 * and drawn as one heatmap with a colour bar. No-data pixels (absent from a sparse map, NaN, or healpy's
 * UNSEEN −1.6375e30) stay blank; they are never drawn as zero.
 */
import { ang2pixNestBatch, ang2pixRingBatch } from "../sky/healpix/index.js";
import { type Moc, mocContainsArray } from "../sky/moc/index.js";
import { type ColourScaleOptions, colourRange, log10Values } from "./colour.js";
import { typedArrayJson } from "./encode.js";
import type { MapFrame } from "./map-frame.js";
import { type RasterGrid, rasterGrid, rasterShape } from "./raster.js";
import type { Trace } from "./types.js";

/** healpy's UNSEEN marker. */
export const HEALPIX_UNSEEN = -1.6375e30;

/** A HEALPix map: dense (one value per pixel), sparse (pixels + values, or pixels alone = 1), or a MOC. */
export type HealpixMapInput =
  | { order: number; nest?: boolean; values: ArrayLike<number>; pixels?: undefined }
  | { order: number; nest?: boolean; pixels: ArrayLike<number>; values?: ArrayLike<number> }
  | { moc: Moc };

/** How a HEALPix map is rasterized: resolution, colour scale, clipping, log scale. */
export interface HealpixRasterOptions extends ColourScaleOptions {
  /** Raster width in cells (default 1000); the height keeps cells square. */
  width?: number;
  name?: string;
}

function isNoData(v: number): boolean {
  return !Number.isFinite(v) || v === HEALPIX_UNSEEN;
}

/** A lookup from pixel index to value for a sparse map: sorted pixels and binary search. */
function sparseLookup(
  pixels: ArrayLike<number>,
  values: ArrayLike<number> | undefined,
): (pix: number) => number {
  const order = Array.from({ length: pixels.length }, (_, i) => i).sort((a, b) => pixels[a] - pixels[b]);
  const sortedPix = Float64Array.from(order, (i) => pixels[i]);
  const sortedVal = Float64Array.from(order, (i) => (values ? values[i] : 1));
  return (pix) => {
    let lo = 0;
    let hi = sortedPix.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const v = sortedPix[mid];
      if (v === pix) return sortedVal[mid];
      if (v < pix) lo = mid + 1;
      else hi = mid - 1;
    }
    return Number.NaN;
  };
}

/**
 * The value of a HEALPix map at every raster cell (NaN = no data or outside the sphere), as float32.
 * @example
 * const grid = rasterGrid(skyProjection(), sphereExtent(skyProjection()), 4, 2);
 * healpixRasterValues({ order: 0, values: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11] }, grid).length // 8
 */
export function healpixRasterValues(map: HealpixMapInput, grid: RasterGrid): Float32Array {
  const n = grid.ra.length;
  const z = new Float32Array(n).fill(Number.NaN);
  if ("moc" in map) {
    const inside = mocContainsArray(map.moc, grid.ra, grid.dec);
    for (let i = 0; i < n; i++) if (inside[i] && Number.isFinite(grid.ra[i])) z[i] = 1;
    return z;
  }
  const npix = 12 * 4 ** map.order;
  const pix =
    (map.nest ?? true)
      ? ang2pixNestBatch(map.order, grid.ra, grid.dec)
      : ang2pixRingBatch(map.order, grid.ra, grid.dec);
  if (map.pixels === undefined) {
    if (map.values.length !== npix)
      throw new RangeError(`a dense order-${map.order} map needs ${npix} values, got ${map.values.length}`);
    for (let i = 0; i < n; i++) {
      const p = pix[i];
      if (p < 0) continue;
      const v = map.values[p];
      if (!isNoData(v)) z[i] = v;
    }
    return z;
  }
  const lookup = sparseLookup(map.pixels, map.values);
  for (let i = 0; i < n; i++) {
    const p = pix[i];
    if (p < 0) continue;
    const v = lookup(p);
    if (!isNoData(v)) z[i] = v;
  }
  return z;
}

/**
 * A heatmap trace of a HEALPix map over the frame.
 * @example healpixTraces(mapFrame(), { order: 6, pixels: [34519], values: [5] })[0].type // "heatmap"
 */
export function healpixTraces(
  frame: MapFrame,
  map: HealpixMapInput,
  options: HealpixRasterOptions = {},
): Trace[] {
  const [width, height] = rasterShape(frame.extent, options.width ?? 1000);
  const grid = rasterGrid(frame.projection, frame.extent, width, height);
  let z: Float32Array = healpixRasterValues(map, grid);
  if (options.log) z = log10Values(z);
  const [zmin, zmax] = colourRange(z, options);
  const name = options.name ?? ("moc" in map ? "coverage" : `HEALPix order ${map.order}`);
  const title = options.title ?? (options.log ? "log10 value" : "value");
  return [
    {
      type: "heatmap",
      name,
      z: typedArrayJson(z, [height, width]),
      x0: grid.x0,
      dx: grid.dx,
      y0: grid.y0,
      dy: grid.dy,
      zmin,
      zmax: zmax === zmin ? zmin + 1 : zmax,
      zsmooth: false,
      hoverongaps: false,
      colorscale:
        options.colorscale ??
        ("moc" in map
          ? [
              [0, "#54aeff"],
              [1, "#54aeff"],
            ]
          : "Viridis"),
      showscale: !("moc" in map),
      colorbar: { title: { text: title }, x: 1.02 },
      hovertemplate: `${title} %{z:.4g}<extra>${name}</extra>`,
    },
  ];
}

/**
 * A raster over a projected extent, the way healpy and skyproj draw maps: every cell centre is inverted to
 * (RA, Dec) with a round-trip test, so cells outside the projected sphere are marked (NaN) and never drawn.
 */
import type { SkyProjection } from "./projection.js";
import type { Extent } from "./types.js";

/** Cell centres of a width × height grid and their sky positions (NaN outside the sphere), row-major from yMin. */
export interface RasterGrid {
  width: number;
  height: number;
  x0: number;
  dx: number;
  y0: number;
  dy: number;
  ra: Float64Array;
  dec: Float64Array;
}

/**
 * The sky position of every raster cell centre over an extent.
 * @example rasterGrid(skyProjection(), sphereExtent(skyProjection()), 4, 2).ra.length // 8
 */
export function rasterGrid(
  projection: SkyProjection,
  extent: Extent,
  width: number,
  height: number,
): RasterGrid {
  if (!(Number.isInteger(width) && Number.isInteger(height) && width > 0 && height > 0))
    throw new RangeError(`raster size must be positive integers, got ${width}×${height}`);
  const dx = (extent[1] - extent[0]) / width;
  const dy = (extent[3] - extent[2]) / height;
  const x0 = extent[0] + dx / 2;
  const y0 = extent[2] + dy / 2;
  const n = width * height;
  const ra = new Float64Array(n).fill(Number.NaN);
  const dec = new Float64Array(n).fill(Number.NaN);
  for (let j = 0; j < height; j++) {
    const y = y0 + j * dy;
    for (let i = 0; i < width; i++) {
      const p = projection.invert(x0 + i * dx, y);
      if (p) {
        ra[j * width + i] = p[0];
        dec[j * width + i] = p[1];
      }
    }
  }
  return { width, height, x0, dx, y0, dy, ra, dec };
}

/** Raster size for an extent: `width` columns and as many rows as keep the cells square. @example rasterShape([0, 2, 0, 1], 1000) // [1000, 500] */
export function rasterShape(extent: Extent, width: number): [number, number] {
  const aspect = (extent[3] - extent[2]) / (extent[1] - extent[0]);
  return [width, Math.max(1, Math.round(width * aspect))];
}

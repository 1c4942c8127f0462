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
  const outline = projection.clipAngle === null ? seamOutline(projection) : null;
  const d3 = projection.d3;
  const lon0 = projection.center[0];
  // Local maps: cells well inside the projected clip circle need no round-trip test either (half a second
  // of geoDistance round trips per tract figure otherwise); only the rim is tested cell by cell.
  const inner = projection.clipAngle === null ? 0 : clipRadius(projection) * (1 - 1e-6);
  // whole-sky maps: an interior cell's inverse must stay within the seam
  const withinSeam = (lon: number) => {
    const r = (((lon - lon0) % 360) + 540) % 360;
    return r > 0 && r < 360;
  };
  for (let j = 0; j < height; j++) {
    const y = y0 + j * dy;
    // Whole-sky maps: cells well inside the projected seam need no round-trip test (the costly part).
    const [a, b] = outline ? rowInterval(outline, y) : [Number.NaN, Number.NaN];
    for (let i = 0; i < width; i++) {
      const x = x0 + i * dx;
      if (outline && !(x > a - 2 * dx && x < b + 2 * dx)) continue;
      const interior = outline ? x > a + 2 * dx && x < b - 2 * dx : x * x + y * y < inner * inner;
      let p: [number, number] | null = null;
      if (interior) {
        const q = d3.invert?.([x, y]);
        if (q && Number.isFinite(q[0]) && Number.isFinite(q[1]) && (!outline || withinSeam(q[0])))
          p = [((q[0] % 360) + 360) % 360, q[1]];
      } else p = projection.invert(x, y);
      if (p) {
        ra[j * width + i] = p[0] === 360 ? 0 : p[0];
        dec[j * width + i] = p[1];
      }
    }
  }
  return { width, height, x0, dx, y0, dy, ra, dec };
}

/**
 * Radius in map units of a local projection's clip circle (scale 1, centred at the origin): tan for the
 * gnomonic, sin for the orthographic projection of the clip angle.
 */
function clipRadius(projection: SkyProjection): number {
  const angle = ((projection.clipAngle ?? 0) * Math.PI) / 180;
  return projection.type === "gnomonic" ? Math.tan(angle) : Math.sin(angle);
}

/** Raster size for an extent: `width` columns and as many rows as keep the cells square. @example rasterShape([0, 2, 0, 1], 1000) // [1000, 500] */
export function rasterShape(extent: Extent, width: number): [number, number] {
  const aspect = (extent[3] - extent[2]) / (extent[1] - extent[0]);
  return [width, Math.max(1, Math.round(width * aspect))];
}

/** The projected seam (the map's edge) of a whole-sky projection as a closed polygon, densified. */
function seamOutline(projection: SkyProjection): [number, number][] {
  const c = projection.center[0];
  const out: [number, number][] = [];
  for (let d = -90; d <= 90; d += 0.25) out.push(projection.d3([c + 180 - 1e-9, d]) as [number, number]);
  for (let d = 90; d >= -90; d -= 0.25) out.push(projection.d3([c - 180 + 1e-9, d]) as [number, number]);
  return out;
}

/** The x extent of a closed polygon along the horizontal line y ([NaN, NaN] when it misses). */
function rowInterval(poly: readonly [number, number][], y: number): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0, j = poly.length - 1; i < poly.length; j = i++) {
    const [xi, yi] = poly[i];
    const [xj, yj] = poly[j];
    if (yi > y !== yj > y) {
      const x = xi + ((y - yi) * (xj - xi)) / (yj - yi);
      lo = Math.min(lo, x);
      hi = Math.max(hi, x);
    }
  }
  return lo <= hi ? [lo, hi] : [Number.NaN, Number.NaN];
}

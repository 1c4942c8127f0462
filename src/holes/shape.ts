/**
 * Does a hole follow the patch or sub-patch grid? The DP0.2 coaddition fault emptied rectangles of the
 * coadd's sub-regions (assembleCoadd `subregionSize`, 2000 × 2000 px from each patch's outer box), so a hole
 * whose cells fill an axis-aligned rectangle in the tract pixel frame, with edges on patch boundaries or on
 * that sub-region grid, carries the signature; a round hole (a bright star) does not.
 */
import type { RingsSkyMap } from "../sky/skymap/types.js";

/** Shape verdict of a hole in its tract's pixel frame. */
export interface HoleShape {
  /** `patch`: whole patch(es); `sub-patch`: a rectangle with edges on the sub-region/patch grid; `rectangular`: an axis-aligned rectangle off the grid; `irregular`: anything else. */
  kind: "patch" | "sub-patch" | "rectangular" | "irregular";
  /** Fraction of the bounding rectangle (tract pixel frame) the hole's cells fill. */
  fill: number;
  /** Edges (of 4) within one cell of a patch boundary or sub-region line. */
  alignedEdges: number;
  /** Tract of the frame and the bounding box in tract pixels. */
  tract: number;
  pixelBox: { minX: number; minY: number; maxX: number; maxY: number };
}

/** Options of {@link holeShape}. */
export interface ShapeOptions {
  /** Sub-region size in pixels (assembleCoadd default 2000). */
  subregionSize?: number;
}

function nearestDistance(v: number, lines: readonly number[]): number {
  let best = Number.POSITIVE_INFINITY;
  for (const l of lines) best = Math.min(best, Math.abs(v - l));
  return best;
}

/**
 * Classifies a hole given the centres of its cells and the cell area, in the frame of `tract`.
 * @example
 * // one order-13 cell inside tract 4431, away from the patch and sub-region edges
 * holeShape(dc2SkyMap, 4431, [55.6], [-31.5], 5.1e-5).kind // "irregular"
 */
export function holeShape(
  map: RingsSkyMap,
  tract: number,
  ra: ArrayLike<number>,
  dec: ArrayLike<number>,
  cellAreaDeg2: number,
  options: ShapeOptions & {
    /** Depth of the deficit (1 − observed/expected over the hole's cells; 1 for an empty hole). */
    depth?: number;
    /** Expected and observed counts of all map cells whose centre lies in a tract-pixel box. */
    countsInBox?: (box: { minX: number; minY: number; maxX: number; maxY: number }) => {
      expected: number;
      observed: number;
    };
    /** Width in pixels of the strips used to place the edges (the fine map's cell size). */
    stripWidth?: number;
  } = {},
): HoleShape {
  const info = map.tract(tract);
  const scale = map.config.pixelScale;
  const [innerX, innerY] = map.config.patchInnerDimensions;
  const border = map.config.patchBorder;
  const sub = options.subregionSize ?? 2000;
  const d = (Math.sqrt(cellAreaDeg2) * 3600) / scale;
  let minX = Number.POSITIVE_INFINITY;
  let minY = Number.POSITIVE_INFINITY;
  let maxX = Number.NEGATIVE_INFINITY;
  let maxY = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < ra.length; i++) {
    const [x, y] = info.wcs.skyToPixel(ra[i], dec[i]);
    minX = Math.min(minX, x);
    maxX = Math.max(maxX, x);
    minY = Math.min(minY, y);
    maxY = Math.max(maxY, y);
  }
  // Centres sit half a cell inside the hole's edges.
  minX -= d / 2;
  minY -= d / 2;
  maxX += d / 2;
  maxY += d / 2;
  // Fill: the missing objects in the bounding box over those a uniform deficit of the hole's depth filling
  // the box would miss (so a low-density rectangle fills its box too); without counts, cells over box area.
  let fill = Math.min(1, (ra.length * d * d) / ((maxX - minX) * (maxY - minY)));
  if (options.countsInBox && options.stripWidth) {
    // Place each edge where the deficit in thin strips across it (fine cells) falls to half the depth.
    const counts = options.countsInBox;
    const s = options.stripWidth;
    const w = (maxX - minX) / 4;
    const h = (maxY - minY) / 4;
    const mid = counts({ minX: minX + w, minY: minY + h, maxX: maxX - w, maxY: maxY - h });
    const depth = mid.expected > 0 ? 1 - mid.observed / mid.expected : 0;
    const deficit = (box: { minX: number; minY: number; maxX: number; maxY: number }) => {
      const c = counts(box);
      return c.expected > 0 ? 1 - c.observed / c.expected : 0;
    };
    if (depth > 0.3) {
      const edge = (from: number, to: number, strip: (a: number, b: number) => number): number => {
        const step = from < to ? s : -s;
        for (let v = from; step > 0 ? v < to : v > to; v += step)
          if (strip(v, v + step) >= depth / 2) return v;
        return from;
      };
      const ys = [minY + h, maxY - h] as const;
      const xs = [minX + w, maxX - w] as const;
      const xStrip = (a: number, b: number) =>
        deficit({ minX: Math.min(a, b), maxX: Math.max(a, b), minY: ys[0], maxY: ys[1] });
      const yStrip = (a: number, b: number) =>
        deficit({ minY: Math.min(a, b), maxY: Math.max(a, b), minX: xs[0], maxX: xs[1] });
      const nMinX = edge(minX - d, (minX + maxX) / 2, xStrip);
      const nMaxX = edge(maxX + d, (minX + maxX) / 2, xStrip);
      const nMinY = edge(minY - d, (minY + maxY) / 2, yStrip);
      const nMaxY = edge(maxY + d, (minY + maxY) / 2, yStrip);
      if (nMaxX > nMinX && nMaxY > nMinY) [minX, maxX, minY, maxY] = [nMinX, nMaxX, nMinY, nMaxY];
    }
  }
  if (options.countsInBox) {
    // Depth measured in the middle half of the box, which any compact hole covers.
    const w = (maxX - minX) / 4;
    const h = (maxY - minY) / 4;
    const middle = options.countsInBox({ minX: minX + w, minY: minY + h, maxX: maxX - w, maxY: maxY - h });
    const depth = middle.expected > 0 ? 1 - middle.observed / middle.expected : (options.depth ?? 1);
    const inBox = options.countsInBox({ minX, minY, maxX, maxY });
    if (inBox.expected > 0 && depth > 0)
      fill = Math.min(1, (inBox.expected - inBox.observed) / (depth * inBox.expected));
  }
  const grid = (inner: number, n: number, extent: number): { patch: number[]; sub: number[] } => {
    const patch: number[] = [];
    const subLines: number[] = [];
    for (let p = 0; p <= n; p++) patch.push(p * inner - 0.5);
    for (let p = 0; p < n; p++) {
      const start = Math.max(p * inner - border, 0);
      const end = Math.min((p + 1) * inner + border, extent);
      for (let s = start; s <= end; s += sub) subLines.push(s - 0.5);
    }
    return { patch, sub: subLines };
  };
  const gx = grid(innerX, info.numPatches[0], info.bbox.width);
  const gy = grid(innerY, info.numPatches[1], info.bbox.height);
  const tol = Math.max(d, 50);
  const onPatch = [
    nearestDistance(minX, gx.patch),
    nearestDistance(maxX, gx.patch),
    nearestDistance(minY, gy.patch),
    nearestDistance(maxY, gy.patch),
  ].map((v) => v <= tol);
  const onAny = [
    nearestDistance(minX, [...gx.patch, ...gx.sub]),
    nearestDistance(maxX, [...gx.patch, ...gx.sub]),
    nearestDistance(minY, [...gy.patch, ...gy.sub]),
    nearestDistance(maxY, [...gy.patch, ...gy.sub]),
  ].map((v) => v <= tol);
  const alignedEdges = onAny.filter(Boolean).length;
  // A disc fills π/4 ≈ 0.785 of its box; a rectangle tiled by HEALPix cells fills ≳ 0.9.
  const rectangular = fill >= 0.85 && ra.length >= 4;
  let kind: HoleShape["kind"] = "irregular";
  if (rectangular && onPatch.every(Boolean) && maxX - minX >= 0.8 * innerX && maxY - minY >= 0.8 * innerY)
    kind = "patch";
  else if (rectangular && (onAny[0] || onAny[1]) && (onAny[2] || onAny[3])) kind = "sub-patch";
  else if (rectangular) kind = "rectangular";
  const round = (v: number) => Math.round(v);
  return {
    kind,
    fill,
    alignedEdges,
    tract,
    pixelBox: { minX: round(minX), minY: round(minY), maxX: round(maxX), maxY: round(maxY) },
  };
}

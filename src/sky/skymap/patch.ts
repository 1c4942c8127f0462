// Patches of a tract: the tract's pixel box cut into inner boxes of `patchInnerDimensions`, each grown by
// `patchBorder` (clipped to the tract) into its outer box; outlines are the boxes' outer pixel edges on the sky.
import type { TanWcs } from "./tanWcs.js";
import type { PatchInfo, PixelBox, RingsSkyMapConfig } from "./types.js";

/**
 * Sky corners of a pixel box's outer pixel edges: SW, SE, NE, NW (+x points West), counter-clockwise on the
 * sky, as sphgeom stores regions.
 * @example boxOutline(dc2SkyMap.tract(4431).wcs, dc2SkyMap.tract(4431).patch(17).innerBBox) // dc2SkyMap.tract(4431).patch(17).innerOutline
 */
export function boxOutline(wcs: TanWcs, box: PixelBox): [number, number][] {
  const x0 = box.minX - 0.5;
  const y0 = box.minY - 0.5;
  const x1 = box.minX + box.width - 0.5;
  const y1 = box.minY + box.height - 0.5;
  return [wcs.pixelToSky(x1, y0), wcs.pixelToSky(x0, y0), wcs.pixelToSky(x0, y1), wcs.pixelToSky(x1, y1)];
}

/** The patch grid of one tract: index conversions and patch geometry. */
export interface PatchGrid {
  patch(index: number | readonly [number, number]): PatchInfo;
  patchIndexPair(sequential: number): [number, number];
  sequentialPatchIndex(x: number, y: number): number;
}

/**
 * The patch grid of tract `id`, whose pixel box is `bbox` and whose grid is `numPatches` = [nx, ny].
 * @example patchGrid(dc2SkyMapConfig, 4431, dc2SkyMap.tract(4431).wcs, dc2SkyMap.tract(4431).bbox, [7, 7]).patchIndexPair(17) // [3, 2]
 */
export function patchGrid(
  config: RingsSkyMapConfig,
  id: number,
  wcs: TanWcs,
  bbox: PixelBox,
  numPatches: readonly [number, number],
): PatchGrid {
  const [nx, ny] = numPatches;
  const patchIndexPair = (sequential: number): [number, number] => [
    sequential % nx,
    Math.floor(sequential / nx),
  ];
  const sequentialPatchIndex = (x: number, y: number): number => nx * y + x;

  const patch = (index: number | readonly [number, number]): PatchInfo => {
    const [x, y] = typeof index === "number" ? patchIndexPair(index) : index;
    if (!Number.isInteger(x) || !Number.isInteger(y) || x < 0 || x >= nx || y < 0 || y >= ny) {
      throw new RangeError(
        `patch ${String(index)} is out of range [0-${nx - 1}, 0-${ny - 1}] in tract ${id}`,
      );
    }
    const [iw, ih] = config.patchInnerDimensions;
    const innerBBox: PixelBox = { minX: x * iw, minY: y * ih, width: iw, height: ih };
    const b = config.patchBorder;
    const ox0 = Math.max(innerBBox.minX - b, 0);
    const oy0 = Math.max(innerBBox.minY - b, 0);
    const ox1 = Math.min(innerBBox.minX + iw + b, bbox.width);
    const oy1 = Math.min(innerBBox.minY + ih + b, bbox.height);
    const outerBBox: PixelBox = { minX: ox0, minY: oy0, width: ox1 - ox0, height: oy1 - oy0 };
    return {
      tract: id,
      patch: sequentialPatchIndex(x, y),
      x,
      y,
      innerBBox,
      outerBBox,
      innerOutline: boxOutline(wcs, innerBBox),
      outerOutline: boxOutline(wcs, outerBBox),
      center: wcs.pixelToSky(innerBBox.minX + (iw - 1) / 2, innerBBox.minY + (ih - 1) / 2),
    };
  };
  return { patch, patchIndexPair, sequentialPatchIndex };
}

// One tract of a rings sky map (lsst/skymap ExplicitTractInfo + LegacyTractBuilder): its centre and inner
// RA/Dec region from the ring layout, a TAN WCS, the smallest pixel box holding the inner region plus the
// overlap, grown to whole patches, and the finder of the patch holding a position.
import { normalizeRa } from "../angles.js";
import { boxOutline, patchGrid } from "./patch.js";
import { type RingLayout, ringIndices } from "./ring-layout.js";
import { createTanWcs } from "./tanWcs.js";
import type { PixelBox, RaDecBox, RingsSkyMapConfig, TractInfo } from "./types.js";

const TWO_PI = 2 * Math.PI;
const DEG = Math.PI / 180;

/**
 * Geometry of tract `id`; throws RangeError for an unknown id.
 * @example buildTract(dc2SkyMapConfig, ringLayout(dc2SkyMapConfig), 4431).findPatch(55.65, -32.2) // 17
 */
export function buildTract(config: RingsSkyMapConfig, layout: RingLayout, id: number): TractInfo {
  const { numRings, ringSizeRad, raStartRad } = layout;
  const { ring, indexInRing } = ringIndices(layout, id, config.name);
  let raC: number;
  let decC: number;
  let region: RaDecBox;
  if (ring === -1 || ring === numRings) {
    const south = ring === -1;
    raC = 0;
    decC = south ? -90 : 90;
    const edge = (-Math.PI / 2 + (ring + (south ? 1.5 : 0.5)) * ringSizeRad) / DEG;
    region = south
      ? { raMin: 0, raMax: 360, decMin: -90, decMax: edge }
      : { raMin: 0, raMax: 360, decMin: edge, decMax: 90 };
  } else {
    const n = layout.tractsPerRing[ring];
    decC = (ringSizeRad * (ring + 1) - 0.5 * Math.PI) / DEG;
    raC = normalizeRa(((TWO_PI * indexInRing) / n + raStartRad) / DEG);
    region = {
      raMin: normalizeRa((raStartRad + ((indexInRing - 0.5) * TWO_PI) / n) / DEG),
      raMax: normalizeRa((raStartRad + ((indexInRing + 0.5) * TWO_PI) / n) / DEG),
      decMin: (-Math.PI / 2 + (ring + 0.5) * ringSizeRad) / DEG,
      decMax: (-Math.PI / 2 + (ring + 1.5) * ringSizeRad) / DEG,
    };
  }
  // Minimum box: the tangent-plane images of the four points at (radius + overlap) E, N, W, S of the centre.
  // Great circles through the tangent point map to straight lines, so they sit at ±tan(distance) exactly.
  const distance = 0.5 * ringSizeRad + config.tractOverlap * DEG;
  const scaleRad = (config.pixelScale / 3600) * DEG;
  const half = Math.tan(distance) / scaleRad;
  // Box2D -> Box2I with EXPAND: every pixel (centred on an integer) that the float box touches.
  const minPix = Math.floor(-half + 0.5);
  const maxPix = Math.ceil(half - 0.5);
  const dims = [maxPix + 1 - minPix, maxPix + 1 - minPix];
  const mins = [minPix, minPix];
  const numPatches: [number, number] = [0, 0];
  for (let i = 0; i < 2; i++) {
    const inner = config.patchInnerDimensions[i];
    const num = Math.ceil(dims[i] / inner);
    const extra = inner * num - dims[i];
    // Grow to whole patches, keeping the centre (Python's floor division).
    mins[i] -= Math.floor(extra / 2);
    dims[i] = inner * num;
    numPatches[i] = num;
  }
  const wcs = createTanWcs({
    crval: [raC, decC],
    crpix: [-mins[0], -mins[1]],
    scaleArcsec: config.pixelScale,
  });
  const bbox: PixelBox = { minX: 0, minY: 0, width: dims[0], height: dims[1] };
  const { patch, patchIndexPair, sequentialPatchIndex } = patchGrid(config, id, wcs, bbox, numPatches);

  const pixelIndex = (ra: number, dec: number): [number, number] => {
    const [px, py] = wcs.skyToPixel(ra, dec);
    // Point2D -> Point2I rounds to the nearest pixel centre.
    return [Math.floor(px + 0.5), Math.floor(py + 0.5)];
  };
  const inBox = (ix: number, iy: number): boolean =>
    ix >= 0 && iy >= 0 && ix < bbox.width && iy < bbox.height;

  const innerOutline: [number, number][] =
    ring === -1 || ring === numRings
      ? Array.from({ length: 36 }, (_, k): [number, number] => [
          k * 10,
          ring === -1 ? region.decMax : region.decMin,
        ])
      : [
          [region.raMin, region.decMin],
          [region.raMax, region.decMin],
          [region.raMax, region.decMax],
          [region.raMin, region.decMax],
        ];

  return {
    id,
    ring,
    indexInRing,
    ctrCoord: [raC, decC],
    wcs,
    bbox,
    numPatches,
    innerRegion: region,
    innerOutline,
    outerOutline: boxOutline(wcs, bbox),
    patch,
    patchIndexPair,
    sequentialPatchIndex,
    findPatch(ra, dec) {
      const [ix, iy] = pixelIndex(ra, dec);
      if (!inBox(ix, iy)) return -1;
      return sequentialPatchIndex(
        Math.floor(ix / config.patchInnerDimensions[0]),
        Math.floor(iy / config.patchInnerDimensions[1]),
      );
    },
    contains(ra, dec) {
      const [ix, iy] = pixelIndex(ra, dec);
      return inBox(ix, iy);
    },
  };
}

// LSST "rings" sky map (lsst/skymap RingsSkyMap + ExplicitTractInfo + LegacyTractBuilder), re-derived from
// the published algorithm: Dec rings of equal width, each cut into equal RA tracts; each tract a square TAN
// pixel grid cut into patches. Numbering follows RingsSkyMap version 1 (post DM-14809).
import { normalizeRa } from "../angles.js";
import { createTanWcs, type TanWcs } from "./tanWcs.js";

/** Parameters of a rings sky map (names follow lsst/skymap's config fields). */
export interface RingsSkyMapConfig {
  name: string;
  numRings: number;
  /** Pixel scale in arcsec/pixel. */
  pixelScale: number;
  /** Minimum overlap of adjacent tracts in degrees. */
  tractOverlap: number;
  /** Inner patch size in pixels [x, y]. */
  patchInnerDimensions: readonly [number, number];
  /** Patch border in pixels (outer box = inner box grown by this, clipped to the tract). */
  patchBorder: number;
  /** RA of the centre of the first tract of every ring, degrees. */
  raStart: number;
}

/** An integer pixel box (LSST Box2I): pixels minX … minX+width−1 (pixel centres on integers). */
export interface PixelBox {
  minX: number;
  minY: number;
  width: number;
  height: number;
}

/** The inner region of a tract: an RA/Dec box (RA range may wrap through 0). */
export interface RaDecBox {
  raMin: number;
  raMax: number;
  decMin: number;
  decMax: number;
}

/** A patch: its indices, pixel boxes in the tract frame and sky outlines (corner lists [ra, dec]). */
export interface PatchInfo {
  tract: number;
  /** Sequential index nx*y + x. */
  patch: number;
  x: number;
  y: number;
  innerBBox: PixelBox;
  outerBBox: PixelBox;
  /**
   * Sky corners of the inner box's outer pixel edges, counter-clockwise on the sky (SW, SE, NE, NW; i.e.
   * pixel corners (maxX,minY), (minX,minY), (minX,maxY), (maxX,maxY)), the vertex order of Butler regions.
   */
  innerOutline: [number, number][];
  /** Same for the outer box; this is the region stored in Butler registries. */
  outerOutline: [number, number][];
  /** Sky position of the centre of the inner box. */
  center: [number, number];
}

/** A tract: ring position, centre, WCS, pixel box, patch grid and outlines. */
export interface TractInfo {
  id: number;
  /** Ring number: -1 south cap, 0…numRings−1, numRings north cap. */
  ring: number;
  /** Index within the ring (0 for the caps). */
  indexInRing: number;
  /** Tract centre [ra, dec] (CRVAL of the WCS). */
  ctrCoord: [number, number];
  wcs: TanWcs;
  /** Tract pixel box, always starting at (0, 0). */
  bbox: PixelBox;
  /** Number of patches [nx, ny]. */
  numPatches: [number, number];
  /** Inner (non-overlapping) region as an RA/Dec box. */
  innerRegion: RaDecBox;
  /** Corners of the inner RA/Dec box [ra, dec] (edges of constant Dec are small circles, not great circles). */
  innerOutline: [number, number][];
  /** Corners of the full tract pixel box on the sky (the registry's tract region), same order as patch outlines. */
  outerOutline: [number, number][];
  /** Patch by sequential index or by [x, y]; throws RangeError when out of range. */
  patch(index: number | readonly [number, number]): PatchInfo;
  /** [x, y] of a sequential patch index. */
  patchIndexPair(sequential: number): [number, number];
  /** Sequential patch index nx*y + x. */
  sequentialPatchIndex(x: number, y: number): number;
  /** Sequential index of the patch whose inner box holds (ra, dec); -1 when outside the tract box. */
  findPatch(ra: number, dec: number): number;
  /** Whether (ra, dec) falls in the tract pixel box. */
  contains(ra: number, dec: number): boolean;
}

/** A rings sky map. */
export interface RingsSkyMap {
  readonly config: Readonly<RingsSkyMapConfig>;
  readonly name: string;
  /** Number of tracts, including the two polar caps (tract ids 0 … numTracts−1). */
  readonly numTracts: number;
  /** Ring width in degrees (180 / (numRings + 1)). */
  readonly ringSize: number;
  /** Number of tracts in each ring, south to north. */
  readonly tractsPerRing: readonly number[];
  /** Tract id whose inner region holds (ra, dec). */
  findTract(ra: number, dec: number): number;
  /** Tract id and sequential patch index (inner boxes) of (ra, dec). */
  findTractPatch(ra: number, dec: number): { tract: number; patch: number };
  /**
   * Columnar findTractPatch; patch is -1 where the point falls outside its tract's pixel box, and both are
   * -1 for invalid positions (NaN, infinite, |Dec| > 90), so callers can report those rows.
   */
  findTractPatchArray(
    ra: ArrayLike<number>,
    dec: ArrayLike<number>,
  ): { tract: Int32Array; patch: Int32Array };
  /** Tract geometry by id (cached); throws RangeError for an unknown id. */
  tract(id: number): TractInfo;
  /** Ring number and index within ring of a tract id. */
  ringIndices(id: number): { ring: number; indexInRing: number };
}

const TWO_PI = 2 * Math.PI;

function validPosition(ra: number, dec: number): boolean {
  return Number.isFinite(ra) && Number.isFinite(dec) && dec >= -90 && dec <= 90;
}

function checkPosition(ra: number, dec: number): void {
  if (!validPosition(ra, dec))
    throw new RangeError(`(${ra}, ${dec}) is not a sky position (RA, Dec in degrees)`);
}
const DEG = Math.PI / 180;

/**
 * Build a rings sky map from its parameters.
 * @example
 * const map = createRingsSkyMap({ name: "DC2", numRings: 120, pixelScale: 0.2, tractOverlap: 1 / 60,
 *   patchInnerDimensions: [4000, 4000], patchBorder: 100, raStart: 0 });
 * map.findTractPatch(55.65, -32.2); // { tract: 4431, patch: 17 }
 */
export function createRingsSkyMap(config: RingsSkyMapConfig): RingsSkyMap {
  const { numRings } = config;
  const ringSizeRad = Math.PI / (numRings + 1);
  const tractsPerRing: number[] = [];
  for (let i = 0; i < numRings; i++) {
    const startDec = ringSizeRad * (i + 0.5) - 0.5 * Math.PI;
    const stopDec = startDec + ringSizeRad;
    // RA division is made at the Dec closest to the equator, so tracts fully overlap there.
    const dec = Math.min(Math.abs(startDec), Math.abs(stopDec));
    tractsPerRing.push(Math.floor((TWO_PI * Math.cos(dec)) / ringSizeRad) + 1);
  }
  const cumulative = [0];
  for (const n of tractsPerRing) cumulative.push(cumulative[cumulative.length - 1] + n);
  const numTracts = cumulative[numRings] + 2;
  const raStartRad = config.raStart * DEG;
  const firstRingStart = ringSizeRad * 0.5 - 0.5 * Math.PI;
  const cache = new Map<number, TractInfo>();

  function ringOf(decRad: number): number {
    if (decRad < firstRingStart) return -1;
    if (decRad > -firstRingStart) return numRings;
    return Math.min(Math.floor((decRad - firstRingStart) / ringSizeRad), numRings);
  }

  function tractOf(raRad: number, decRad: number): number {
    const ring = ringOf(decRad);
    if (ring === -1) return 0;
    if (ring === numRings) return numTracts - 1;
    const n = tractsPerRing[ring];
    let delta = (raRad - raStartRad) % TWO_PI;
    if (delta < 0) delta += TWO_PI;
    let t = Math.floor(delta / (TWO_PI / n) + 0.5);
    if (t >= n) t = 0; // wrap-around at raStart
    return cumulative[ring] + t + 1;
  }

  function ringIndices(id: number): { ring: number; indexInRing: number } {
    if (!Number.isInteger(id) || id < 0 || id >= numTracts) {
      throw new RangeError(`tract ${id} is out of range [0, ${numTracts - 1}] for sky map ${config.name}`);
    }
    if (id === 0) return { ring: -1, indexInRing: 0 };
    if (id === numTracts - 1) return { ring: numRings, indexInRing: 0 };
    let ring = 0;
    let k = id - 1;
    while (ring < numRings && k >= tractsPerRing[ring]) {
      k -= tractsPerRing[ring];
      ring++;
    }
    return { ring, indexInRing: k };
  }

  function tract(id: number): TractInfo {
    let info = cache.get(id);
    if (!info) {
      info = buildTract(id);
      cache.set(id, info);
    }
    return info;
  }

  function buildTract(id: number): TractInfo {
    const { ring, indexInRing } = ringIndices(id);
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
      const n = tractsPerRing[ring];
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
    const [nx, ny] = numPatches;

    const outline = (box: PixelBox): [number, number][] => {
      const x0 = box.minX - 0.5;
      const y0 = box.minY - 0.5;
      const x1 = box.minX + box.width - 0.5;
      const y1 = box.minY + box.height - 0.5;
      // +x points West, so this is SW, SE, NE, NW: counter-clockwise on the sky, as sphgeom stores regions.
      return [wcs.pixelToSky(x1, y0), wcs.pixelToSky(x0, y0), wcs.pixelToSky(x0, y1), wcs.pixelToSky(x1, y1)];
    };

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
        innerOutline: outline(innerBBox),
        outerOutline: outline(outerBBox),
        center: wcs.pixelToSky(innerBBox.minX + (iw - 1) / 2, innerBBox.minY + (ih - 1) / 2),
      };
    };

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
      outerOutline: outline(bbox),
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

  return {
    config: { ...config },
    name: config.name,
    numTracts,
    ringSize: ringSizeRad / DEG,
    tractsPerRing,
    findTract(ra, dec) {
      checkPosition(ra, dec);
      return tractOf(ra * DEG, dec * DEG);
    },
    findTractPatch(ra, dec) {
      checkPosition(ra, dec);
      const id = tractOf(ra * DEG, dec * DEG);
      const patch = tract(id).findPatch(ra, dec);
      if (patch < 0) throw new RangeError(`(${ra}, ${dec}) falls outside the pixel box of tract ${id}`);
      return { tract: id, patch };
    },
    findTractPatchArray(ra, dec) {
      const n = ra.length;
      if (dec.length !== n) throw new RangeError(`ra has ${n} values but dec has ${dec.length}`);
      const tracts = new Int32Array(n);
      const patches = new Int32Array(n);
      for (let i = 0; i < n; i++) {
        if (!validPosition(ra[i], dec[i])) {
          tracts[i] = -1;
          patches[i] = -1;
          continue;
        }
        const id = tractOf(ra[i] * DEG, dec[i] * DEG);
        tracts[i] = id;
        patches[i] = tract(id).findPatch(ra[i], dec[i]);
      }
      return { tract: tracts, patch: patches };
    },
    tract,
    ringIndices,
  };
}

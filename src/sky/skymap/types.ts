// Types of an LSST "rings" sky map (lsst/skymap RingsSkyMap, ExplicitTractInfo, PatchInfo): configuration,
// pixel and RA/Dec boxes, patches, tracts and the map itself.
import type { TanWcs } from "./tanWcs.js";

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

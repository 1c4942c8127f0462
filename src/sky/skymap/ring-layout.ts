// The ring layout of a rings sky map: Dec rings of equal width, each cut into equal RA tracts, plus one tract
// per polar cap; tract ids run from the south cap (0) ring by ring to the north cap (numTracts − 1).
// Numbering follows RingsSkyMap version 1 (post DM-14809).
import type { RingsSkyMapConfig } from "./types.js";

const TWO_PI = 2 * Math.PI;
const DEG = Math.PI / 180;

/** Where the rings and their tracts are (angles in radians). */
export interface RingLayout {
  readonly numRings: number;
  /** Ring width, radians (π / (numRings + 1)). */
  readonly ringSizeRad: number;
  /** Number of tracts in each ring, south to north. */
  readonly tractsPerRing: readonly number[];
  /** Tracts before each ring (excluding the south cap); `cumulative[numRings]` counts every ring tract. */
  readonly cumulative: readonly number[];
  readonly numTracts: number;
  /** RA of the centre of the first tract of every ring, radians. */
  readonly raStartRad: number;
  /** Dec where the first ring starts (the south cap's edge), radians. */
  readonly firstRingStart: number;
}

/**
 * The ring layout of a sky map's configuration.
 * @example ringLayout(dc2SkyMapConfig).numTracts // 18938
 */
export function ringLayout(config: RingsSkyMapConfig): RingLayout {
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
  return {
    numRings,
    ringSizeRad,
    tractsPerRing,
    cumulative,
    numTracts: cumulative[numRings] + 2,
    raStartRad: config.raStart * DEG,
    firstRingStart: ringSizeRad * 0.5 - 0.5 * Math.PI,
  };
}

/**
 * Ring of a Dec in radians: -1 for the south cap, numRings for the north cap.
 * @example ringOf(ringLayout(dc2SkyMapConfig), (-32.2 * Math.PI) / 180) // 38
 */
export function ringOf(layout: RingLayout, decRad: number): number {
  const { firstRingStart, numRings, ringSizeRad } = layout;
  if (decRad < firstRingStart) return -1;
  if (decRad > -firstRingStart) return numRings;
  return Math.min(Math.floor((decRad - firstRingStart) / ringSizeRad), numRings);
}

/**
 * Tract id whose inner region holds (ra, dec) in radians.
 * @example tractOf(ringLayout(dc2SkyMapConfig), (55.65 * Math.PI) / 180, (-32.2 * Math.PI) / 180) // 4431
 */
export function tractOf(layout: RingLayout, raRad: number, decRad: number): number {
  const ring = ringOf(layout, decRad);
  if (ring === -1) return 0;
  if (ring === layout.numRings) return layout.numTracts - 1;
  const n = layout.tractsPerRing[ring];
  let delta = (raRad - layout.raStartRad) % TWO_PI;
  if (delta < 0) delta += TWO_PI;
  let t = Math.floor(delta / (TWO_PI / n) + 0.5);
  if (t >= n) t = 0; // wrap-around at raStart
  return layout.cumulative[ring] + t + 1;
}

/**
 * Ring number and index within the ring of a tract id; throws RangeError for an unknown id.
 * @example ringIndices(ringLayout(dc2SkyMapConfig), 4431, "DC2") // { ring: 38, indexInRing: 32 }
 */
export function ringIndices(
  layout: RingLayout,
  id: number,
  mapName: string,
): { ring: number; indexInRing: number } {
  const { numRings, numTracts, tractsPerRing } = layout;
  if (!Number.isInteger(id) || id < 0 || id >= numTracts) {
    throw new RangeError(`tract ${id} is out of range [0, ${numTracts - 1}] for sky map ${mapName}`);
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

// LSST "rings" sky map (lsst/skymap RingsSkyMap + ExplicitTractInfo + LegacyTractBuilder), re-derived from
// the published algorithm: Dec rings of equal width, each cut into equal RA tracts; each tract a square TAN
// pixel grid cut into patches. This module assembles the map and its finders; the layout of rings is
// ring-layout.ts, a tract's geometry tract.ts, its patches patch.ts, the types types.ts.
import { ringIndices, ringLayout, tractOf } from "./ring-layout.js";
import { buildTract } from "./tract.js";
import type { RingsSkyMap, RingsSkyMapConfig, TractInfo } from "./types.js";

const DEG = Math.PI / 180;

function validPosition(ra: number, dec: number): boolean {
  return Number.isFinite(ra) && Number.isFinite(dec) && dec >= -90 && dec <= 90;
}

function checkPosition(ra: number, dec: number): void {
  if (!validPosition(ra, dec))
    throw new RangeError(`(${ra}, ${dec}) is not a sky position (RA, Dec in degrees)`);
}

/**
 * Build a rings sky map from its parameters.
 * @example
 * const map = createRingsSkyMap({ name: "DC2", numRings: 120, pixelScale: 0.2, tractOverlap: 1 / 60,
 *   patchInnerDimensions: [4000, 4000], patchBorder: 100, raStart: 0 });
 * map.findTractPatch(55.65, -32.2); // { tract: 4431, patch: 17 }
 */
export function createRingsSkyMap(config: RingsSkyMapConfig): RingsSkyMap {
  const layout = ringLayout(config);
  const cache = new Map<number, TractInfo>();

  function tract(id: number): TractInfo {
    let info = cache.get(id);
    if (!info) {
      info = buildTract(config, layout, id);
      cache.set(id, info);
    }
    return info;
  }

  return {
    config: { ...config },
    name: config.name,
    numTracts: layout.numTracts,
    ringSize: layout.ringSizeRad / DEG,
    tractsPerRing: layout.tractsPerRing,
    findTract(ra, dec) {
      checkPosition(ra, dec);
      return tractOf(layout, ra * DEG, dec * DEG);
    },
    findTractPatch(ra, dec) {
      checkPosition(ra, dec);
      const id = tractOf(layout, ra * DEG, dec * DEG);
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
        const id = tractOf(layout, ra[i] * DEG, dec[i] * DEG);
        tracts[i] = id;
        patches[i] = tract(id).findPatch(ra[i], dec[i]);
      }
      return { tract: tracts, patch: patches };
    },
    tract,
    ringIndices: (id) => ringIndices(layout, id, config.name),
  };
}

// The two rings sky maps skygate knows: DC2 (DP0.2) and HSC (hsc_rings_v1).
import { createRingsSkyMap } from "./rings.js";
import type { RingsSkyMap, RingsSkyMapConfig } from "./types.js";

/**
 * DC2 sky map parameters (DP0.2 skymap "DC2"). Sources: lsst/obs_lsst config/makeSkyMap.py (rings, 120 rings,
 * TAN, tractOverlap 1/60°, 0.2″/px) and lsst/skymap LegacyTractBuilderConfig defaults (4000 px patches,
 * 100 px border), checked against the real DC2 registry record (tract_max 18938, 7×7 patches).
 * @example dc2SkyMapConfig.pixelScale // 0.2
 */
export const dc2SkyMapConfig: Readonly<RingsSkyMapConfig> = Object.freeze({
  name: "DC2",
  numRings: 120,
  pixelScale: 0.2,
  tractOverlap: 1 / 60,
  patchInnerDimensions: [4000, 4000] as const,
  patchBorder: 100,
  raStart: 0,
});

/**
 * HSC SSP sky map "hsc_rings_v1": same rings with 0.168″/px (lsst/analysis_tools tests build a skymap that
 * "mimics hsc_rings_v1" with numRings 120, TAN, tractOverlap 1/60, pixelScale 0.168; other fields default).
 * Verified against the real tract/patch regions of butler exports (9×9 patches per tract).
 * @example hscSkyMapConfig.pixelScale // 0.168
 */
export const hscSkyMapConfig: Readonly<RingsSkyMapConfig> = Object.freeze({
  name: "hsc_rings_v1",
  numRings: 120,
  pixelScale: 0.168,
  tractOverlap: 1 / 60,
  patchInnerDimensions: [4000, 4000] as const,
  patchBorder: 100,
  raStart: 0,
});

/**
 * The DC2 / DP0.2 rings sky map (18,938 tracts of 7×7 patches).
 * @example dc2SkyMap.findTractPatch(55.65, -32.2) // { tract: 4431, patch: 17 }
 */
export const dc2SkyMap: RingsSkyMap = createRingsSkyMap(dc2SkyMapConfig);

/**
 * The HSC SSP rings sky map hsc_rings_v1 (9×9 patches per tract).
 * @example hscSkyMap.findTract(150.1, 2.2) // 9813 (COSMOS)
 */
export const hscSkyMap: RingsSkyMap = createRingsSkyMap(hscSkyMapConfig);

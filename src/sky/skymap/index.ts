// Public skymap API: LSST rings skymaps (tracts and patches), the DC2 and HSC maps, TAN WCS.
export { dc2SkyMap, dc2SkyMapConfig, hscSkyMap, hscSkyMapConfig } from "./maps.js";
export { findAllTracts, findPatchesOverlapping } from "./regions.js";
export {
  createRingsSkyMap,
  type PatchInfo,
  type PixelBox,
  type RaDecBox,
  type RingsSkyMap,
  type RingsSkyMapConfig,
  type TractInfo,
} from "./rings.js";
export { createTanWcs, type TanWcs, type TanWcsOptions } from "./tanWcs.js";

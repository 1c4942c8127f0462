// Public skymap API: LSST rings skymaps (tracts and patches), the DC2 and HSC maps, TAN WCS.
export { dc2SkyMap, dc2SkyMapConfig, hscSkyMap, hscSkyMapConfig } from "./maps.js";
export { findAllTracts, findPatchesOverlapping } from "./regions.js";
export { createRingsSkyMap } from "./rings.js";
export { createTanWcs, type TanWcs, type TanWcsOptions } from "./tanWcs.js";
export type { PatchInfo, PixelBox, RaDecBox, RingsSkyMap, RingsSkyMapConfig, TractInfo } from "./types.js";

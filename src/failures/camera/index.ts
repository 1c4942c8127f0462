// Camera geometry: LSSTCam-imSim built in, obs_lsst policy loader, focal plane → sky.
export * from "./lsstCamImSim.js";
export * from "./policy.js";
export * from "./project.js";
export type * from "./types.js";

// Camera geometry: LSSTCam-imSim built in, obs_lsst policy loader, focal plane → sky.
export { lsstCamImSim, SENSOR_PIXELS } from "./lsstCamImSim.js";
export { loadCameraPolicy, resolveCamera } from "./policy.js";
export {
  detectorCornersMm,
  detectorSkyCorners,
  focalPlaneHullMm,
  focalPlaneToSky,
  inverseGnomonic,
  type ProjectOptions,
} from "./project.js";
export type { Camera, CameraDetector, Pointing } from "./types.js";

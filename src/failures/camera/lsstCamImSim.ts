/**
 * The LSSTCam-imSim camera (DC2 / DP0.2) built in: 21 science rafts × 9 CCDs = 189 detectors, transcribed from
 * obs_lsst `policy/imsim/rafts.yaml` (raft offsets, id0), `policy/imsim/cameraHeader.yaml` (CCD offsets in a raft,
 * E2V 4096×4004 / ITL 4072×4000 px of 10 µm), `policy/lsstCam/R*.yaml` (detectorType) and
 * `policy/cameraTransforms.yaml` (plate scale, radial distortion). test/failures/camera.test.ts checks it equals
 * what loadCameraPolicy reads from the policy files.
 */
import type { Camera, CameraDetector } from "./types.js";

/** Raft name → [x mm, y mm, id of S00, sensor type]. */
const RAFTS: readonly (readonly [string, number, number, number, "E2V" | "ITL"])[] = [
  ["R01", -127.6, -253.8, 0, "ITL"],
  ["R02", -0.5, -254.1, 9, "ITL"],
  ["R03", 126.6, -254.4, 18, "ITL"],
  ["R10", -254.4, -126.6, 27, "ITL"],
  ["R11", -127.3, -126.8, 36, "E2V"],
  ["R12", -0.2, -127.0, 45, "E2V"],
  ["R13", 126.8, -127.4, 54, "E2V"],
  ["R14", 253.9, -127.6, 63, "E2V"],
  ["R20", -254.1, 0.6, 72, "ITL"],
  ["R21", -127.1, 0.2, 81, "E2V"],
  ["R22", 0.0, 0.0, 90, "E2V"],
  ["R23", 127.1, -0.3, 99, "E2V"],
  ["R24", 254.2, -0.5, 108, "E2V"],
  ["R30", -253.9, 127.6, 117, "E2V"],
  ["R31", -126.8, 127.4, 126, "E2V"],
  ["R32", 0.3, 127.1, 135, "E2V"],
  ["R33", 127.4, 126.8, 144, "E2V"],
  ["R34", 254.4, 126.5, 153, "E2V"],
  ["R41", -126.5, 254.5, 162, "ITL"],
  ["R42", 0.6, 254.1, 171, "ITL"],
  ["R43", 127.6, 253.9, 180, "ITL"],
];

/** CCD name → offset in the raft (mm), in id order S00, S01, S02, S10 … S22. */
const CCDS: readonly (readonly [string, number, number])[] = [
  ["S00", -42.37, -42.19],
  ["S01", -0.09, -42.32],
  ["S02", 42.18, -42.37],
  ["S10", -42.32, 0.08],
  ["S11", 0.0, 0.0],
  ["S12", 42.28, -0.1],
  ["S20", -42.19, 42.36],
  ["S21", 0.1, 42.28],
  ["S22", 42.36, 42.2],
];

/** Detector size in pixels by sensor type (cameraHeader.yaml CCD bbox). */
export const SENSOR_PIXELS: Readonly<Record<string, readonly [number, number]>> = {
  E2V: [4096, 4004],
  ITL: [4072, 4000],
};

/**
 * The built-in LSSTCam-imSim camera (189 detectors sorted by id).
 * @example lsstCamImSim().detectors[94].name // "R22_S11"
 */
export function lsstCamImSim(): Camera {
  const detectors: CameraDetector[] = [];
  for (const [raft, rx, ry, id0, type] of RAFTS) {
    CCDS.forEach(([ccd, cx, cy], k) => {
      const [w, h] = SENSOR_PIXELS[type];
      detectors.push({
        id: id0 + k,
        name: `${raft}_${ccd}`,
        type,
        xMm: rx + cx,
        yMm: ry + cy,
        widthPx: w,
        heightPx: h,
        pixelMm: 0.01,
        yawDeg: 0,
      });
    });
  }
  detectors.sort((a, b) => a.id - b.id);
  return {
    name: "LSSTCam-imSim",
    plateScale: 20.005867576692737,
    radialCoeffs: [0.0, 1.0, 0.0, -8.33713991e-9, 0.0, -1.41389858e-15],
    detectors,
  };
}

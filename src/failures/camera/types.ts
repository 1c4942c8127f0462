/** Camera geometry as skygate needs it to place detectors on the sky from a pointing. */

/** One detector: id, name, centre in focal-plane mm, size in pixels. */
export interface CameraDetector {
  id: number;
  /** `R22_S11`. */
  name: string;
  /** Sensor vendor (`E2V`, `ITL`) or other type name. */
  type: string;
  xMm: number;
  yMm: number;
  widthPx: number;
  heightPx: number;
  /** Pixel size in mm. */
  pixelMm: number;
  /** In-plane rotation of the detector in degrees (0 for LSSTCam-imSim). */
  yawDeg: number;
}

/** A camera: plate scale, radial field distortion and detectors. */
export interface Camera {
  name: string;
  /** Plate scale in arcsec per mm. */
  plateScale: number;
  /**
   * FocalPlane → FieldAngle radial polynomial (obs_lsst cameraTransforms.yaml): field radius in mm-equivalents is
   * Σ c_i r^i for r in mm; the field angle is that times the plate scale. [0, 1] means no distortion.
   */
  radialCoeffs: readonly number[];
  detectors: readonly CameraDetector[];
}

/** A telescope pointing: boresight and sky rotation angle in degrees. */
export interface Pointing {
  ra: number;
  dec: number;
  rotation: number;
}

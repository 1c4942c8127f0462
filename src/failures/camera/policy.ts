/**
 * Reading a camera from obs_lsst policy YAML (`imsim/rafts.yaml`, `imsim/cameraHeader.yaml`, `lsstCam/R*.yaml`,
 * `cameraTransforms.yaml`), so another obs_lsst camera directory can be used with `--camera DIR`.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { InputError } from "../../core/errors.js";
import { isRecord } from "../readers/common.js";
import { lsstCamImSim } from "./lsstCamImSim.js";
import type { Camera, CameraDetector } from "./types.js";

function load(path: string): unknown {
  if (!existsSync(path)) throw new InputError(path, "missing", "camera policy file not found");
  try {
    // cameraTransforms.yaml starts with a shebang-like comment and a `---` document marker.
    return parse(readFileSync(path, "utf8"), { merge: true, maxAliasCount: -1 });
  } catch (error) {
    throw new InputError(
      path,
      "corrupt",
      `not valid YAML (${error instanceof Error ? error.message.split("\n")[0] : String(error)})`,
    );
  }
}

function pair(value: unknown, path: string, where: string): [number, number] {
  if (!Array.isArray(value) || value.length !== 2 || !value.every((v) => typeof v === "number"))
    throw new InputError(path, "corrupt", `${where}: expected [x, y]`);
  return [value[0], value[1]];
}

/**
 * A camera from an obs_lsst policy directory laid out as `imsim/…`, `lsstCam/…`, `cameraTransforms.yaml`.
 * @example loadCameraPolicy("test/data/obs_lsst_imsim_camera").detectors.length // 189
 */
export function loadCameraPolicy(dir: string): Camera {
  const raftsPath = join(dir, "imsim/rafts.yaml");
  const headerPath = join(dir, "imsim/cameraHeader.yaml");
  const rafts = load(raftsPath);
  const header = load(headerPath);
  if (!isRecord(rafts) || !isRecord(rafts.rafts))
    throw new InputError(raftsPath, "corrupt", "no `rafts:` mapping");
  if (!isRecord(header)) throw new InputError(headerPath, "corrupt", "not a mapping");
  const transformsPath = join(dir, "cameraTransforms.yaml");
  const transforms = load(transformsPath);
  if (!isRecord(transforms) || typeof transforms.plateScale !== "number")
    throw new InputError(transformsPath, "corrupt", "no plateScale");
  const field =
    isRecord(transforms.transforms) && isRecord(transforms.transforms.FieldAngle)
      ? transforms.transforms.FieldAngle
      : {};
  const coeffs = Array.isArray(field.coeffs) ? field.coeffs.map(Number) : [0, 1];
  const detectors: CameraDetector[] = [];
  for (const [raft, info] of Object.entries(rafts.rafts)) {
    if (!isRecord(info)) continue;
    const [rx, ry] = pair(info.offset, raftsPath, `${raft}.offset`);
    const id0 = Number(info.id0);
    const raftPath = join(dir, `lsstCam/${raft}.yaml`);
    const raftDoc = load(raftPath);
    const inner = isRecord(raftDoc) ? raftDoc[raft] : undefined;
    const rdoc: Record<string, unknown> = isRecord(inner) ? inner : {};
    const type = String(rdoc.detectorType ?? "ITL");
    const layout = header[`RAFT_${type}`];
    if (!isRecord(layout) || !isRecord(layout.ccds))
      throw new InputError(headerPath, "corrupt", `no RAFT_${type}.ccds`);
    const within = isRecord(rdoc.geometryWithinRaft) ? rdoc.geometryWithinRaft : {};
    for (const [ccd, c] of Object.entries(layout.ccds)) {
      if (!isRecord(c)) continue;
      const [cx, cy] = pair(c.offset, headerPath, `RAFT_${type}.ccds.${ccd}.offset`);
      const bbox = c.bbox as number[][];
      const pixel = Array.isArray(c.pixelSize) ? Number(c.pixelSize[0]) : 0.01;
      const w = within[ccd];
      const extra: Record<string, unknown> = isRecord(w) ? w : {};
      const [ex, ey] = Array.isArray(extra.offset) ? pair(extra.offset, raftPath, `${ccd}.offset`) : [0, 0];
      detectors.push({
        id: id0 + Number(c.id),
        name: `${raft}_${ccd}`,
        type,
        xMm: rx + cx + ex,
        yMm: ry + cy + ey,
        widthPx: bbox[1][0] - bbox[0][0] + 1,
        heightPx: bbox[1][1] - bbox[0][1] + 1,
        pixelMm: pixel,
        yawDeg: Number(extra.yaw ?? 0),
      });
    }
  }
  detectors.sort((a, b) => a.id - b.id);
  const name = typeof header.name === "string" ? header.name : "camera";
  return { name, plateScale: transforms.plateScale, radialCoeffs: coeffs, detectors };
}

/**
 * A camera by name (`LSSTCam-imSim`, built in) or policy directory.
 * @example resolveCamera("LSSTCam-imSim").detectors.length // 189
 */
export function resolveCamera(nameOrDir: string): Camera {
  if (nameOrDir.toLowerCase() === "lsstcam-imsim" || nameOrDir.toLowerCase() === "imsim")
    return lsstCamImSim();
  if (existsSync(nameOrDir)) return loadCameraPolicy(nameOrDir);
  throw new InputError(
    nameOrDir,
    "missing",
    "unknown camera (built in: LSSTCam-imSim; or give an obs_lsst policy directory)",
  );
}

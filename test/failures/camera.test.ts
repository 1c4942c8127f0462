import { describe, expect, it } from "vitest";
import { openRegistry, registryDetectors } from "../../src/failures/butler/registry.js";
import { lsstCamImSim } from "../../src/failures/camera/lsstCamImSim.js";
import { loadCameraPolicy, resolveCamera } from "../../src/failures/camera/policy.js";
import { detectorSkyCorners, focalPlaneToSky } from "../../src/failures/camera/project.js";
import { readCcdVisitRegions, readVisitPointings } from "../../src/failures/geometry.js";
import { angularSeparation } from "../../src/sky/angles.js";
import { data, pilot } from "./data.js";

describe("LSSTCam-imSim camera", () => {
  it("the built-in camera equals what the obs_lsst policy files give", () => {
    const policy = loadCameraPolicy(data("obs_lsst_imsim_camera"));
    expect(policy.detectors).toHaveLength(189);
    expect(lsstCamImSim()).toEqual(policy);
    expect(resolveCamera("LSSTCam-imSim").detectors[94]).toMatchObject({
      name: "R22_S11",
      type: "E2V",
      xMm: 0,
      yMm: 0,
    });
  });

  it("detector ids and names agree with the real ap_verify_ci_dc2 registry's detector table", async () => {
    const reg = await openRegistry(data("ap_verify_ci_dc2/gen3.sqlite3"));
    const names = registryDetectors(reg);
    reg.close();
    expect(names.size).toBe(189);
    for (const d of lsstCamImSim().detectors) expect(names.get(d.id)).toBe(d.name);
  });

  it("the boresight maps to itself and the distortion is a few arcsec at the field edge", () => {
    const cam = lsstCamImSim();
    const p = { ra: 55.6, dec: -32.2, rotation: 37 };
    expect(focalPlaneToSky(cam, p, 0, 0)).toEqual([55.6, -32.2]);
    const [ra1, dec1] = focalPlaneToSky(cam, p, 300, 0);
    const [ra0, dec0] = focalPlaneToSky(cam, p, 300, 0, { distortion: false });
    // |c3 r³ + c5 r⁵| × plate scale = (8.337e-9 × 300³ + 1.414e-15 × 300⁵) mm × 20.0059″/mm = 4.572″ inward
    // (computed independently in Python); the TAN projection changes it by < 0.01″ at 1.7°.
    expect(angularSeparation(ra0, dec0, ra1, dec1) * 3600).toBeCloseTo(4.5721, 1);
  });

  it("detectors placed from Visit pointings agree with the pilot's CcdVisit corners (distortion-free layout exact, with distortion within 10″)", async () => {
    const cam = lsstCamImSim();
    const ccd = await readCcdVisitRegions(pilot("CcdVisit.parquet"));
    const visits = await readVisitPointings(pilot("Visit.parquet"));
    expect(ccd.regions.size).toBe(1134);
    let maxFlat = 0;
    let maxDist = 0;
    let sum = 0;
    let n = 0;
    for (const [key, corners] of ccd.regions) {
      const [visit, detector] = key.split(":").map(Number);
      const p = visits.pointings.get(visit);
      if (!p) throw new Error(`no pointing for ${visit}`);
      const flat = detectorSkyCorners(cam, p, cam.detectors[detector], { distortion: false });
      const real = detectorSkyCorners(cam, p, cam.detectors[detector]);
      for (let k = 0; k < 4; k++) {
        maxFlat = Math.max(
          maxFlat,
          angularSeparation(flat[k][0], flat[k][1], corners[k][0], corners[k][1]) * 3600,
        );
        const s = angularSeparation(real[k][0], real[k][1], corners[k][0], corners[k][1]) * 3600;
        maxDist = Math.max(maxDist, s);
        sum += s;
        n++;
      }
    }
    // The fixture generator lays detectors out without field distortion: the same layout gives the same corners.
    expect(maxFlat).toBeLessThan(1e-6);
    expect(maxDist).toBeLessThan(10);
    expect(sum / n).toBeLessThan(3);
  });
});

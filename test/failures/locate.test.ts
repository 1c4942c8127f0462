import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { analyzeFailures } from "../../src/failures/analyze.js";
import { readExportRegions } from "../../src/failures/butler/exportYaml.js";
import { lsstCamImSim } from "../../src/failures/camera/lsstCamImSim.js";
import { classifyLocation } from "../../src/failures/classify.js";
import {
  footprintCells,
  footprintFromHealpixMap,
  footprintFromMoc,
  footprintFromPositions,
  measureRegion,
} from "../../src/failures/footprint.js";
import { readCcdVisitRegions, readVisitPointings } from "../../src/failures/geometry.js";
import { locateDataId } from "../../src/failures/locate.js";
import { readFailureReport } from "../../src/failures/read.js";
import { loadReferenceFootprints, readRefcatPositions } from "../../src/failures/refcat.js";
import { angularSeparation } from "../../src/sky/angles.js";
import { mocFromPolygon } from "../../src/sky/moc/index.js";
import { dc2SkyMap } from "../../src/sky/skymap/index.js";
import { data, pilot } from "./data.js";

interface TruthFailure {
  task: string;
  dataId: { visit: number; detector: number };
  classification: string;
  ra: number;
  dec: number;
}
const truth = JSON.parse(readFileSync(pilot("truth.json"), "utf8")).defects.find(
  (d: { defect: string }) => d.defect === "failures",
);

describe("the RTN-041 case on the pilot: 'No reference objects supplied' outside the refcat footprint", () => {
  for (const path of ["ccdVisit", "cameraGeometry"] as const) {
    it(`every failure classified as the answer key says, located by ${path}`, async () => {
      const reads = [await readFailureReport(pilot("failures/pipetask_report_v2.json"))];
      const footprints = await loadReferenceFootprints([pilot("refcat.parquet")]);
      const pointings = [await readVisitPointings(pilot("Visit.parquet"))];
      const geometry =
        path === "ccdVisit"
          ? {
              ccdVisit: await readCcdVisitRegions(pilot("CcdVisit.parquet")),
              camera: lsstCamImSim(),
              pointings,
            }
          : { camera: lsstCamImSim(), pointings };
      const a = analyzeFailures({ reads, footprints, geometry });
      expect(a.failures).toHaveLength(truth.failures.length);
      for (const t of truth.failures as TruthFailure[]) {
        const f = a.failures.find(
          (x) =>
            x.task === t.task && x.dataId.visit === t.dataId.visit && x.dataId.detector === t.dataId.detector,
        );
        expect(f?.location.method).toBe(path);
        expect(f?.verdict.classification).toBe(t.classification);
        // The answer key's detector centre: the corners' centroid from CcdVisit (< 0.1″), within the distortion (< 10″) from the camera.
        const sep =
          angularSeparation(f?.location.ra as number, f?.location.dec as number, t.ra, t.dec) * 3600;
        expect(sep).toBeLessThan(path === "ccdVisit" ? 0.1 : 10);
        if (t.classification === "outsideReferenceFootprint") expect(f?.verdict.referenceObjects).toBe(0);
        else expect(f?.verdict.referenceObjects).toBeGreaterThan(0);
      }
      const noRef = a.groups.find((g) => g.template === "No reference objects supplied");
      expect(noRef).toMatchObject({
        count: truth.outsideFootprint,
        outsideFootprint: truth.outsideFootprint,
        insideFootprint: 0,
        unlocated: 0,
      });
      expect(a.groups.reduce((s, g) => s + g.insideFootprint, 0)).toBe(truth.insideFootprint);
    });
  }
});

describe("locating data ids", () => {
  const cam = lsstCamImSim();
  it("gives the reason when a detector or a visit has no geometry", async () => {
    const pointings = [await readVisitPointings(pilot("Visit.parquet"))];
    expect(locateDataId({ visit: 419121, detector: 195 }, { camera: cam, pointings }).reason).toBe(
      "detector 195 is not in camera LSSTCam-imSim (189 detectors)",
    );
    expect(locateDataId({ visit: 1, detector: 5 }, { camera: cam, pointings }).reason).toBe(
      "visit 1 detector 5 absent from every geometry source (visit pointings)",
    );
    expect(locateDataId({ visit: 1, detector: 5 }, {}).reason).toBe(
      "no geometry source given (CcdVisit, registry, export or Visit table)",
    );
    expect(locateDataId({ band: "u" }, {}).reason).toBe("data id has no spatial dimension (band)");
    expect(
      locateDataId({ instrument: "HSC", visit: 419121, detector: 5 }, { camera: cam, pointings }).reason,
    ).toMatch(/instrument HSC has no camera geometry/);
  });

  it("places tract/patch failures by the DC2 sky map (patch as index or x,y) and a visit alone by the focal plane", async () => {
    const a = locateDataId({ tract: 5063, patch: "3,1", band: "y" }, {});
    expect(a).toMatchObject({ method: "skymapPatch", tract: 5063, patch: 10 });
    expect(dc2SkyMap.findTractPatch(a.ra as number, a.dec as number)).toEqual({ tract: 5063, patch: 10 });
    expect(locateDataId({ tract: 3828, skymap: "DC2", band: "i" }, {}).method).toBe("skymapTract");
    const pointings = [await readVisitPointings(pilot("Visit.parquet"))];
    const v = locateDataId({ visit: 419121 }, { camera: cam, pointings });
    expect(v.method).toBe("visitFootprint");
    expect(
      angularSeparation(v.ra as number, v.dec as number, 55.65640521767392, -31.987566592365063),
    ).toBeLessThan(0.05);
  });

  it("a warp failure (tract, patch, visit) without visit geometry falls back to its patch; a detector never to its visit", async () => {
    const r = await readFailureReport(data("failure_reports/derived_failed_dataids_transcribed.csv"));
    const a = analyzeFailures({ reads: [r] });
    const warps = a.failures.filter((f) => f.task === "makeCoaddTempExp");
    expect(warps).toHaveLength(5);
    for (const f of warps) expect(f.location).toMatchObject({ method: "skymapPatch", tract: 5063 });
    const pointings = [await readVisitPointings(pilot("Visit.parquet"))];
    expect(
      locateDataId({ visit: 419121, detector: 195 }, { camera: lsstCamImSim(), pointings }).method,
    ).toBeNull();
  });

  it("places real HSC failures from an export's detector regions", () => {
    const regions = [readExportRegions(data("butler_exports/testdata_jointcal_hsc_exports.yaml"))];
    const [key] = [...regions[0].regions.keys()];
    const [visit, detector] = key.split(":").map(Number);
    const loc = locateDataId({ instrument: "HSC", visit, detector }, { regions });
    expect(loc.method).toBe("detectorRegion");
    expect(loc.corners).toEqual(regions[0].regions.get(key));
  });

  it("numbers an HSC detector's patch on HSC's sky map (9 × 9), not DC2's (7 × 7)", () => {
    const regions = [readExportRegions(data("butler_exports/daf_butler_hsc-rc2-subset.yaml.gz"))];
    const loc = locateDataId({ instrument: "HSC", visit: 318, detector: 90 }, { regions });
    expect(loc.method).toBe("detectorRegion");
    // A second session's hand projection with lsst.skymap's rings formulae (hsc_rings_v1: 0.168″ pixels, patch
    // 4000 px inner): the centre (150.6512, 2.7262) falls at pixel (9367, 28605) of tract 9813, patch (2, 7) =
    // 7 · 9 + 2 = 65. DC2's grid gave (1, 5) = 36 before.
    expect([loc.tract, loc.patch, loc.skymap]).toEqual([9813, 65, "hsc_rings_v1"]);
    expect(loc.ra).toBeCloseTo(150.6512, 3);
    expect(loc.dec).toBeCloseTo(2.7262, 3);
    // a gzipped export cut short is an input error naming it, not a parse of binary text
    const cut = join(mkdtempSync(join(tmpdir(), "skygate-gz-")), "export.yaml.gz");
    writeFileSync(
      cut,
      readFileSync(data("butler_exports/daf_butler_hsc-rc2-subset.yaml.gz")).subarray(0, 4000),
    );
    expect(() => readExportRegions(cut)).toThrow(/export\.yaml\.gz: bad gzip data/);
    // a data id naming its sky map keeps it
    expect(
      locateDataId({ instrument: "HSC", skymap: "DC2", visit: 318, detector: 90 }, { regions }).skymap,
    ).toBe("DC2");
  });
});

describe("reference footprints", () => {
  it("reads the real HTM-sharded SDSS refcat as one table (radians → degrees) and classifies boxes in, out and on the edge", async () => {
    // Four SDSS shards of the folder (it also holds nine more and a PS1 shard of another catalogue).
    const pos = await readRefcatPositions(
      `${data("pipe_tasks_sdss_refcat")}/{903253,903269,903281,903287}.fits`,
    );
    expect(pos.ra.length).toBe(2 + 7 + 899 + 255);
    for (let i = 0; i < pos.ra.length; i++) {
      expect(pos.ra[i]).toBeGreaterThanOrEqual(215.1);
      expect(pos.ra[i]).toBeLessThanOrEqual(216.1);
      expect(pos.dec[i]).toBeGreaterThanOrEqual(52.6);
      expect(pos.dec[i]).toBeLessThanOrEqual(53.6);
    }
    const fp = footprintFromPositions(pos.ra, pos.dec, "sdss");
    const box = (ra: number, dec: number, h = 0.1): [number, number][] => [
      [ra - h, dec - h],
      [ra - h, dec + h],
      [ra + h, dec + h],
      [ra + h, dec - h],
    ];
    // Brute-force count as the oracle for the indexed count.
    const brute = (c: [number, number][]) => {
      let n = 0;
      for (let i = 0; i < pos.ra.length; i++)
        if (pos.ra[i] >= c[0][0] && pos.ra[i] <= c[2][0] && pos.dec[i] >= c[0][1] && pos.dec[i] <= c[1][1])
          n++;
      return n;
    };
    const inside = box(215.95, 53.2);
    const m = measureRegion(fp, inside);
    // RA/Dec boxes have small-circle edges of constant Dec; the polygon's great-circle edges bow by < 0.1″ here.
    expect(Math.abs((m.referenceObjects as number) - brute(inside))).toBeLessThanOrEqual(1);
    expect(m.referenceObjects).toBeGreaterThan(50);
    const out = classifyLocation(
      { ra: 0, dec: 0, corners: box(217.5, 53.1), method: "ccdVisit", source: "t" },
      [fp],
    );
    expect(out).toMatchObject({
      classification: "outsideReferenceFootprint",
      referenceObjects: 0,
      coveredFraction: 0,
    });
    const edge = measureRegion(fp, box(216.1, 53.2));
    expect(edge.coveredFraction).toBeGreaterThan(0.2);
    expect(edge.coveredFraction).toBeLessThan(0.8);
  });
});

describe("coverage footprints and plot data", () => {
  it("a MOC footprint classifies by covered fraction; a count map gives expected objects", () => {
    const moc = mocFromPolygon(10, [
      [55, -33],
      [56, -33],
      [56, -32],
      [55, -32],
    ]);
    const fp = footprintFromMoc(moc, "moc");
    const box = (ra: number, dec: number, h = 0.05): [number, number][] => [
      [ra - h, dec - h],
      [ra - h, dec + h],
      [ra + h, dec + h],
      [ra + h, dec - h],
    ];
    const inside = classifyLocation(
      { ra: 55.5, dec: -32.5, corners: box(55.5, -32.5), method: "ccdVisit", source: "t" },
      [fp],
    );
    expect(inside).toMatchObject({ classification: "investigate", referenceObjects: null });
    expect(inside.coveredFraction).toBeCloseTo(1, 12);
    expect(
      classifyLocation({ ra: 58, dec: -32.5, corners: box(58, -32.5), method: "ccdVisit", source: "t" }, [
        fp,
      ]),
    ).toMatchObject({ classification: "outsideReferenceFootprint", coveredFraction: 0 });
    const edge = measureRegion(fp, box(56, -32.5));
    expect(edge.coveredFraction).toBeGreaterThan(0.3);
    expect(edge.coveredFraction).toBeLessThan(0.7);
    // An order-4 NEST count map with 1000 objects in every pixel: density = 1000 / pixel area (41252.96 / 3072 deg²).
    const counts = new Float64Array(12 * 4 ** 4).fill(1000);
    const map = footprintFromHealpixMap(counts, { nest: true, counts: true, source: "map" });
    const m = measureRegion(map, box(55.5, -32.5, 0.5));
    expect(m.coveredFraction).toBeCloseTo(1, 12);
    expect(m.expectedReferenceObjects).toBeCloseTo((1000 / 13.4287) * m.areaDeg2, 0);
  });

  it("footprintCells merges occupied grid cells into at most maxCells boxes holding every object", () => {
    const n = 20_000;
    const ra = new Float64Array(n);
    const dec = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      ra[i] = 10 + ((i * 7919) % 1000) / 500;
      dec[i] = -5 + ((i * 104729) % 997) / 997;
    }
    const fp = footprintFromPositions(ra, dec, "t");
    const cells = footprintCells(fp, 50);
    expect(cells.length).toBeLessThanOrEqual(50);
    expect(cells.reduce((s, c) => s + c.objects, 0)).toBe(n);
    for (const c of cells) {
      expect(c.ra).toBeGreaterThanOrEqual(10 - 1e-9);
      expect(c.dec).toBeGreaterThanOrEqual(-5 - 1e-9);
    }
  });
});

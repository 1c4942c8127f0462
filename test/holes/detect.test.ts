// The detector on the dense-tract fixture: planted holes found with tract/patch/area/shape, nothing on the
// clean twin, masks explained, no false alarms from Poisson noise, at tract boundaries or at the survey edge.
import { describe, expect, it } from "vitest";
import { denseTract } from "../../fixtures/generator/dense.js";
import { detectHoles } from "../../src/holes/detect.js";
import { footprintFromTracts } from "../../src/holes/footprint.js";
import { maskFromShapes } from "../../src/holes/masks.js";
import { angularSeparation, dc2SkyMap } from "../../src/sky/index.js";
import { dense, TEST_OBJECTS } from "./data.js";

const tract4431 = () => footprintFromTracts(dc2SkyMap, new Map([[4431, null]]));
const starMasks = (t: ReturnType<typeof dense>) =>
  maskFromShapes(
    "stars",
    t.truth.brightStars.map((s) => ({ kind: "circle" as const, ra: s.ra, dec: s.dec, radius: s.radius })),
  );

describe("detectHoles on the dense tract", () => {
  const defective = dense({ objects: TEST_OBJECTS, seed: 1 });
  const result = detectHoles(defective.ra, defective.dec, {
    footprint: tract4431(),
    masks: [starMasks(defective)],
  });

  it("finds every planted defect, in its tract and patch, and nothing else", () => {
    expect(defective.truth.defects.map((d) => d.kind)).toEqual([
      "chunkHole",
      "missingPatch",
      "lowDensityPatch",
    ]);
    expect(result.holes).toHaveLength(3);
    for (const d of defective.truth.defects) {
      const hit = result.holes.find((h) => h.tract === d.tract && h.patchXY === d.patchXY);
      expect(hit, `${d.kind} in ${d.patchXY}`).toBeDefined();
      expect(angularSeparation(hit?.ra ?? 0, hit?.dec ?? 0, d.ra, d.dec)).toBeLessThan(
        d.kind === "chunkHole" ? 0.02 : 0.05,
      );
      expect(hit?.significance).toBeGreaterThan(2.33);
    }
  });

  it("measures the empty area of the chunk hole and the missing patch", () => {
    const chunk = defective.truth.defects[0];
    const patch = defective.truth.defects[1];
    const hChunk = result.holes.find((h) => h.patchXY === chunk.patchXY);
    const hPatch = result.holes.find((h) => h.patchXY === patch.patchXY);
    expect(Math.abs((hChunk?.areaDeg2 ?? 0) / chunk.areaDeg2 - 1)).toBeLessThan(0.25);
    expect(Math.abs((hPatch?.areaDeg2 ?? 0) / patch.areaDeg2 - 1)).toBeLessThan(0.1);
    // A low-density patch (40 % kept) is missing 60 % of a patch's objects.
    const low = result.holes.find((h) => h.patchXY === defective.truth.defects[2].patchXY);
    expect(Math.abs((low?.areaDeg2 ?? 0) / (0.6 * patch.areaDeg2) - 1)).toBeLessThan(0.35);
  });

  it("says the chunk follows the sub-patch grid and the missing patch the patch grid", () => {
    expect(result.holes.find((h) => h.patchXY === "2,4")?.shape?.kind).toBe("sub-patch");
    expect(result.holes.find((h) => h.patchXY === "5,1")?.shape?.kind).toBe("patch");
    const box = result.holes.find((h) => h.patchXY === "2,4")?.shape?.pixelBox;
    const truth = defective.truth.defects[0].pixelBox;
    for (const k of ["minX", "minY", "maxX", "maxY"] as const)
      expect(Math.abs((box?.[k] ?? 0) - truth[k])).toBeLessThan(300);
  });

  it("outlines each hole with closed polygons around its centre", () => {
    for (const h of result.holes) {
      expect(h.outline.length).toBeGreaterThan(0);
      const ring = h.outline[0];
      expect(ring[0]).toEqual(ring[ring.length - 1]);
      expect(h.observed).toBeLessThan(h.expected);
    }
  });

  it("explains the bright-star masks instead of alarming", () => {
    expect(result.explained.length).toBeGreaterThan(0);
    for (const e of result.explained) {
      const near = defective.truth.brightStars.some(
        (s) => angularSeparation(s.ra, s.dec, e.ra, e.dec) < s.radius + 0.02,
      );
      expect(near).toBe(true);
      expect(e.explainedBy).toEqual(["stars"]);
    }
  });
});

describe("no false alarms", () => {
  it("raises nothing on the clean twin (same stars, masks given)", () => {
    const clean = dense({ objects: TEST_OBJECTS, seed: 1, defects: false });
    const r = detectHoles(clean.ra, clean.dec, { footprint: tract4431(), masks: [starMasks(clean)] });
    expect(r.holes).toEqual([]);
    expect(r.explained.length).toBeGreaterThan(0);
  });

  it("does see the stars when the masks are not given (so the masks are what explains them)", () => {
    const clean = dense({ objects: TEST_OBJECTS, seed: 1, defects: false });
    const r = detectHoles(clean.ra, clean.dec, { footprint: tract4431() });
    expect(r.holes.length).toBeGreaterThan(0);
    for (const h of r.holes) {
      expect(
        clean.truth.brightStars.some((s) => angularSeparation(s.ra, s.dec, h.ra, h.dec) < s.radius + 0.02),
      ).toBe(true);
    }
  });

  it.each([1, 2, 3, 4, 5])(
    "raises nothing from Poisson noise on a clean unclustered tract (seed %i)",
    (seed) => {
      const t = denseTract({ objects: TEST_OBJECTS, seed, defects: false, stars: 0, clustering: 0 });
      const r = detectHoles(t.ra, t.dec, { footprint: tract4431() });
      expect(r.holes).toEqual([]);
      expect(r.tests).toBeGreaterThan(1000);
    },
  );

  it("raises nothing at tract boundaries and overlaps (two adjacent tracts)", () => {
    const a = denseTract({ tract: 4431, objects: TEST_OBJECTS, seed: 7, defects: false, stars: 0 });
    const b = denseTract({ tract: 4432, objects: TEST_OBJECTS, seed: 7, defects: false, stars: 0 });
    const ra = new Float64Array([...a.ra, ...b.ra]);
    const dec = new Float64Array([...a.dec, ...b.dec]);
    const r = detectHoles(ra, dec, {
      footprint: footprintFromTracts(
        dc2SkyMap,
        new Map([
          [4431, null],
          [4432, null],
        ]),
      ),
    });
    expect(r.holes).toEqual([]);
    expect(r.objects.outside).toBeLessThan(0.002 * ra.length);
  });

  it("raises nothing at the survey edge with the data's own extent as footprint", () => {
    const t = denseTract({ objects: TEST_OBJECTS, seed: 3, defects: false, stars: 0 });
    const r = detectHoles(t.ra, t.dec);
    expect(r.footprint.kind).toBe("extent");
    expect(r.holes).toEqual([]);
  });

  it("still finds interior holes with the data's own extent", () => {
    const t = dense({ objects: TEST_OBJECTS, seed: 1 });
    const r = detectHoles(t.ra, t.dec, { masks: [starMasks(t)] });
    const patches = r.holes.map((h) => h.patchXY);
    expect(patches).toContain("2,4");
    expect(patches).toContain("5,1");
  });
});

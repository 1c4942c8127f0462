// Masks: the real HSC S18A bright-star region file (testdata_ci_hsc), its radius-by-magnitude rule, DS9
// parsing errors, and the detector explaining real bright-star holes instead of alarming.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { Rng } from "../../fixtures/generator/prng.js";
import { detectHoles } from "../../src/holes/detect.js";
import { footprintFromMoc } from "../../src/holes/footprint.js";
import {
  brightStarMasks,
  HSC_I_BAND_RULE,
  MaskFormatError,
  maskFromShapes,
  parseDs9Regions,
} from "../../src/holes/masks.js";
import { angularSeparation, convexPolygon, mocFromPolygon, polygonContains } from "../../src/sky/index.js";
import { testData } from "./data.js";

const FILE = testData("testdata_ci_hsc", "brightObjectMasks_0_BrightObjectMask-0-5,4-HSC-I.reg");
const shapes = parseDs9Regions(readFileSync(FILE, "utf8"), FILE);

describe("the real HSC bright-star masks", () => {
  it("reads every circle and box of the file", () => {
    expect(shapes.filter((s) => s.kind === "circle")).toHaveLength(3823);
    expect(shapes.filter((s) => s.kind === "polygon")).toHaveLength(231);
    expect(shapes[0]).toMatchObject({ kind: "circle", ra: 320.55715, dec: -1.2999674, radius: 0.018709064 });
    expect(shapes[0].label).toContain("mag:11.807202");
  });

  it("reproduces the file's radii from the magnitudes with the README's rule (within 2.5 %)", () => {
    const circles = shapes.filter((s) => s.kind === "circle");
    const mags = circles.map((s) => Number(/mag:([\d.]+)/.exec(s.label ?? "")?.[1]));
    const rule = brightStarMasks(
      Float64Array.from(circles, (s) => (s.kind === "circle" ? s.ra : 0)),
      Float64Array.from(circles, (s) => (s.kind === "circle" ? s.dec : 0)),
      Float64Array.from(mags),
      { ...HSC_I_BAND_RULE, magLimit: 99 },
    );
    expect(rule).toHaveLength(circles.length);
    rule.forEach((r, i) => {
      const c = circles[i];
      if (r.kind !== "circle" || c.kind !== "circle") throw new Error("circle expected");
      expect(Math.abs(c.radius / r.radius - 1)).toBeLessThan(0.025);
    });
  });

  it("refuses malformed regions with the file and line", () => {
    expect(() => parseDs9Regions("fk5\ncircle(1,2)\n", "a.reg")).toThrow(/a\.reg:2: circle needs/);
    expect(() => parseDs9Regions("image\ncircle(1,2,3)\n", "b.reg")).toThrow(MaskFormatError);
    expect(() => parseDs9Regions("circle(1,2,3d)\n", "c.reg")).toThrow(/before any coordinate system/);
    expect(() => parseDs9Regions("fk5\n-circle(1,2,3d)\n", "d.reg")).toThrow(/excluded/);
    expect(() => parseDs9Regions("fk5\ncircle(1:00:00,2,3d)\n", "e.reg")).toThrow(/not a number/);
    expect(() => parseDs9Regions("# nothing\n", "f.reg")).toThrow(/no region/);
  });

  describe("on a simulated catalogue with objects removed around the real stars", () => {
    // A 0.7° × 0.7° box of the patch at 2·10⁵ objects/deg², Poisson, objects inside any mask removed.
    const box: [number, number][] = [
      [320.5, -1.3],
      [321.2, -1.3],
      [321.2, -0.6],
      [320.5, -0.6],
    ];
    const poly = convexPolygon(box);
    const rng = new Rng(5, "hsc-masks");
    const inBox = shapes.filter((s) =>
      s.kind === "circle"
        ? polygonContains(poly, s.ra, s.dec)
        : polygonContains(poly, s.corners[0][0], s.corners[0][1]),
    );
    const masks = maskFromShapes("HSC-I S18A", inBox);
    const inside = (ra: number, dec: number) =>
      inBox.some((s) =>
        s.kind === "circle"
          ? angularSeparation(ra, dec, s.ra, s.dec) <= s.radius
          : polygonContains(convexPolygon(s.corners), ra, dec),
      );
    const n = Math.round(2e5 * 0.49);
    const ra: number[] = [];
    const dec: number[] = [];
    for (let i = 0; i < n; i++) {
      const a = rng.range(320.5, 321.2);
      const d = rng.range(-1.3, -0.6);
      if (!inside(a, d)) {
        ra.push(a);
        dec.push(d);
      }
    }
    const footprint = footprintFromMoc(mocFromPolygon(14, box), "0.7° box");

    it("explains the bright-star holes and raises nothing", () => {
      expect(inBox.length).toBeGreaterThan(100);
      const r = detectHoles(Float64Array.from(ra), Float64Array.from(dec), { footprint, masks: [masks] });
      expect(r.holes).toEqual([]);
      expect(r.explained.length).toBeGreaterThan(5);
    });

    it("alarms at the bright stars when the masks are not given", () => {
      const r = detectHoles(Float64Array.from(ra), Float64Array.from(dec), { footprint });
      // Neighbouring star holes merge into few regions; each sits on the masked stars.
      expect(r.holes.length).toBeGreaterThan(0);
      let missing = 0;
      for (const h of r.holes) {
        missing += h.areaDeg2;
        expect(
          inBox.some(
            (s) => s.kind === "circle" && angularSeparation(s.ra, s.dec, h.ra, h.dec) < s.radius + 0.05,
          ),
        ).toBe(true);
      }
      expect(missing).toBeGreaterThan(0.005);
    });
  });
});

// Real HSC data: the faro ci_hsc matched catalogue (tract 0, i band) with the real S18A bright-star masks.
// Without masks the bright star at (320.840, −0.354) leaves a hole; with them it is explained.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { detectHoles } from "../../src/holes/detect.js";
import { maskFromShapes, parseDs9Regions } from "../../src/holes/masks.js";
import { readPositions } from "../../src/holes/positions.js";
import { openTable } from "../../src/io/open.js";
import { angularSeparation } from "../../src/sky/index.js";
import { external } from "../helpers/paths.js";
import { testData } from "./data.js";

describe("holes in the real HSC matched catalogue", async () => {
  const source = await openTable("T", external("faro_hsc", "matchedCatalogTract_0_i.fits.gz"));
  const positions = await readPositions(source);
  const file = testData("testdata_ci_hsc", "brightObjectMasks_0_BrightObjectMask-0-5,4-HSC-I.reg");
  const shapes = parseDs9Regions(readFileSync(file, "utf8"), file);
  const stars = shapes.flatMap((s) => (s.kind === "circle" ? [s] : []));

  it("reads the radian positions of every row", () => {
    expect(positions.columns).toEqual({ ra: "coord_ra", dec: "coord_dec", unit: "rad" });
    expect(positions.ra.length).toBe(positions.rows);
    expect(Math.min(...positions.ra)).toBeGreaterThan(318);
  });

  it("finds the hole of the bright star at (320.840, −0.354) without masks", () => {
    const r = detectHoles(positions.ra, positions.dec);
    expect(r.holes.some((h) => angularSeparation(h.ra, h.dec, 320.8403, -0.3542) < 0.01)).toBe(true);
  });

  it("explains it with the real masks, leaving nothing strong unexplained", () => {
    const r = detectHoles(positions.ra, positions.dec, { masks: [maskFromShapes("HSC-I", shapes)] });
    expect(r.explained.some((h) => angularSeparation(h.ra, h.dec, 320.8403, -0.3542) < 0.01)).toBe(true);
    for (const h of r.holes) {
      // What is left is marginal and next to a masked star (halo beyond the mask radius).
      expect(h.significance).toBeLessThan(3);
      expect(stars.some((s) => angularSeparation(s.ra, s.dec, h.ra, h.dec) < s.radius + 0.03)).toBe(true);
    }
  });
});

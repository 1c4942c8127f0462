import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { radecToVector } from "../../src/sky/angles.js";
import {
  convexPolygon,
  polygonAreaDeg2,
  polygonContains,
  polygonContainsArray,
  polygonDistance,
  polygonFromCcdCorners,
  polygonOverlapsDisc,
  polygonsOverlap,
  sphericalPolygonAreaSr,
} from "../../src/sky/polygon.js";
import { dc2SkyMap } from "../../src/sky/skymap/index.js";
import { REPO_ROOT } from "../helpers/paths.js";

interface GoldenPolygon {
  corners: [number, number][];
  area_sr: number;
  points: [number, number][];
  inside: boolean[];
  discs: { ra: number; dec: number; radius: number; distance: number; overlaps: boolean }[];
}
// scripts/golden/sky_polygons.py: L'Huilier areas (mpmath), gnomonic-plane crossing tests, sampled distances.
const golden = JSON.parse(readFileSync(resolve(REPO_ROOT, "test/golden/sky/polygons.json"), "utf8")) as {
  polygons: GoldenPolygon[];
};

describe("convex polygons vs independent golden data", () => {
  it("has 120 polygons with points and discs", () => {
    expect(golden.polygons).toHaveLength(120);
    expect(golden.polygons.reduce((s, p) => s + p.points.length, 0)).toBeGreaterThan(6000);
    expect(golden.polygons.reduce((s, p) => s + p.discs.length, 0)).toBeGreaterThan(2000);
  });

  it("matches L'Huilier areas to 1e-9 relative, for either winding", () => {
    for (const g of golden.polygons) {
      const p = convexPolygon(g.corners);
      const ours = polygonAreaDeg2(p) / (180 / Math.PI) ** 2;
      expect(Math.abs(ours - g.area_sr) / g.area_sr).toBeLessThan(1e-9);
    }
  });

  it("agrees with the gnomonic-plane crossing test on every point", () => {
    for (const g of golden.polygons) {
      const p = convexPolygon(g.corners);
      g.points.forEach(([ra, dec], i) => {
        expect(polygonContains(p, ra, dec)).toBe(g.inside[i]);
      });
      const flags = polygonContainsArray(
        p,
        g.points.map((x) => x[0]),
        g.points.map((x) => x[1]),
      );
      expect(Array.from(flags, (f) => f === 1)).toEqual(g.inside);
    }
  });

  it("decides disc overlaps like the densely sampled distance, and the distance agrees", () => {
    for (const g of golden.polygons) {
      const p = convexPolygon(g.corners);
      for (const d of g.discs) {
        expect(polygonOverlapsDisc(p, d.ra, d.dec, d.radius)).toBe(d.overlaps);
        const ours = polygonDistance(p, d.ra, d.dec);
        // Sampling can only overestimate (by < 1e-4 deg for these edge lengths); ours must not exceed it.
        expect(ours).toBeLessThanOrEqual(d.distance + 1e-12);
        expect(d.distance - ours).toBeLessThan(1e-4);
      }
    }
  });
});

describe("convex polygons by hand", () => {
  it("has the octant area 4π/8 sr = 5156.62 deg² (Girard: three right angles)", () => {
    const octant = convexPolygon([
      [0, 0],
      [90, 0],
      [0, 90],
    ]);
    expect(polygonAreaDeg2(octant)).toBeCloseTo((4 * Math.PI * (180 / Math.PI) ** 2) / 8, 9);
    expect(
      sphericalPolygonAreaSr([radecToVector(0, 0), radecToVector(0, 90), radecToVector(90, 0)]),
    ).toBeCloseTo(-Math.PI / 2, 12);
  });

  it("contains its corners and edges but not points just outside", () => {
    const p = convexPolygon([
      [10, -5],
      [20, -5],
      [20, 5],
      [10, 5],
    ]);
    expect(polygonContains(p, 10, -5)).toBe(true);
    expect(polygonContains(p, 15, 0)).toBe(true);
    expect(polygonContains(p, 10, 0)).toBe(true); // on the meridian edge
    expect(polygonContains(p, 9.999999, 0)).toBe(false);
    // The great-circle edge between (20, 5) and (10, 5) bulges north to Dec atan(tan 5° / cos 5°) = 5.0191°.
    expect(polygonContains(p, 15, 5.019)).toBe(true);
    expect(polygonContains(p, 15, 5.0192)).toBe(false);
  });

  it("handles RA wrap through 0", () => {
    const p = convexPolygon([
      [359, -1],
      [1, -1],
      [1, 1],
      [359, 1],
    ]);
    expect(polygonContains(p, 0, 0)).toBe(true);
    expect(polygonContains(p, 359.5, 0.5)).toBe(true);
    expect(polygonContains(p, 180, 0)).toBe(false);
    expect(polygonAreaDeg2(p)).toBeCloseTo(4, 2);
  });

  it("rejects non-convex, degenerate and too-short corner lists", () => {
    expect(() =>
      convexPolygon([
        [0, 0],
        [10, 0],
        [5, 1],
        [10, 10],
        [0, 10],
      ]),
    ).toThrow(RangeError);
    expect(() =>
      convexPolygon([
        [0, 0],
        [0, 0],
        [1, 1],
      ]),
    ).toThrow(RangeError);
    expect(() => convexPolygon([[0, 0]])).toThrow(RangeError);
    expect(() =>
      convexPolygon([
        [0, 0],
        [Number.NaN, 1],
        [1, 1],
      ]),
    ).toThrow(RangeError);
  });

  it("builds CcdVisit polygons from llc/ulc/urc/lrc corners", () => {
    const p = polygonFromCcdCorners(55.5, -32.5, 55.5, -32.3, 55.7, -32.3, 55.7, -32.5);
    expect(polygonContains(p, 55.6, -32.4)).toBe(true);
    expect(polygonContains(p, 55.8, -32.4)).toBe(false);
  });

  it("gives a DC2 interior patch an area of (4200 × 0.2″)² within the TAN distortion (2e-4)", () => {
    const patch = dc2SkyMap.tract(4431).patch(24);
    const area = polygonAreaDeg2(convexPolygon(patch.outerOutline));
    const nominal = ((4200 * 0.2) / 3600) ** 2;
    expect(Math.abs(area / nominal - 1)).toBeLessThan(2e-4);
  });

  it("detects overlapping and disjoint polygons, including edge crossings without inner corners", () => {
    const a = convexPolygon([
      [0, 0],
      [2, 0],
      [2, 2],
      [0, 2],
    ]);
    const b = convexPolygon([
      [1, 1],
      [3, 1],
      [3, 3],
      [1, 3],
    ]);
    const far = convexPolygon([
      [10, 0],
      [12, 0],
      [12, 2],
    ]);
    // A cross: neither has a corner inside the other.
    const wide = convexPolygon([
      [-1, 0.8],
      [3, 0.8],
      [3, 1.2],
      [-1, 1.2],
    ]);
    const tall = convexPolygon([
      [0.8, -1],
      [1.2, -1],
      [1.2, 3],
      [0.8, 3],
    ]);
    expect(polygonsOverlap(a, b)).toBe(true);
    expect(polygonsOverlap(a, far)).toBe(false);
    expect(polygonsOverlap(wide, tall)).toBe(true);
  });
});

import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { angularSeparation, radecToVector, type Vec3 } from "../../src/sky/angles.js";
import { ang2pixNest, boundariesNestVectors, pix2angNest } from "../../src/sky/healpix/index.js";
import { mocDifference, mocFromPolygon, mocFromPolygons, mocIsEmpty } from "../../src/sky/moc/index.js";
import {
  convexPolygon,
  discOverlapsCell,
  polygonAreaDeg2,
  polygonContains,
  polygonContainsArray,
  polygonDistance,
  polygonFromCcdCorners,
  polygonOverlapsCell,
  polygonOverlapsDisc,
  polygonsOverlap,
  sphericalPolygonAreaSr,
} from "../../src/sky/polygon.js";
import { dc2SkyMap } from "../../src/sky/skymap/index.js";
import { externalText, REPO_ROOT } from "../helpers/paths.js";

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

describe("HEALPix cells as polygons", () => {
  function outline(order: number, pix: number, step: number): Vec3[] {
    const f = boundariesNestVectors(order, pix, step);
    const v: Vec3[] = [];
    for (let i = 0; i < f.length; i += 3) v.push([f[i], f[i + 1], f[i + 2]]);
    return v;
  }

  it("gives a densified cell outline the pixel area 4π/(12·4^order), converging as 1/step²", () => {
    for (const order of [0, 3, 8]) {
      const exact = (4 * Math.PI) / (12 * 4 ** order);
      for (const pix of [0, 5 * 4 ** order, 12 * 4 ** order - 1]) {
        const err64 = Math.abs(Math.abs(sphericalPolygonAreaSr(outline(order, pix, 64))) / exact - 1);
        const err256 = Math.abs(Math.abs(sphericalPolygonAreaSr(outline(order, pix, 256))) / exact - 1);
        expect(err256).toBeLessThan(5e-6);
        expect(err256).toBeLessThan(err64 / 8); // chords: error ∝ 1/step², so ~16× smaller
      }
    }
  });

  // Subcells at order+5: if any subcell centre is inside the region, the cell certainly overlaps it.
  function anySubcellInside(
    order: number,
    pix: number,
    inside: (ra: number, dec: number) => boolean,
  ): boolean {
    const sub = 4 ** 5;
    for (let c = pix * sub; c < (pix + 1) * sub; c++) {
      const [ra, dec] = pix2angNest(order + 5, c);
      if (inside(ra, dec)) return true;
    }
    return false;
  }

  it("finds every cell that a polygon reaches into (checked by sub-cell centres) and no far cells", () => {
    let reached = 0;
    for (const g of golden.polygons.slice(0, 40)) {
      const p = convexPolygon(g.corners);
      const [cra, cdec] = g.corners[0];
      // An order where cells are comparable to the polygon, so some straddle its edges.
      const size = Math.max(...g.corners.map(([ra, dec]) => angularSeparation(cra, cdec, ra, dec)));
      const order = Math.min(20, Math.max(2, Math.round(Math.log2(58.6 / Math.max(size, 1e-4)))));
      const home = ang2pixNest(order, cra, cdec);
      const first = home - (home % 4); // the home cell and its three siblings
      for (const cell of [first, first + 1, first + 2, first + 3]) {
        const overlaps = polygonOverlapsCell(p, order, cell);
        if (anySubcellInside(order, cell, (ra, dec) => polygonContains(p, ra, dec))) {
          reached++;
          expect(overlaps).toBe(true);
        }
      }
      expect(polygonOverlapsCell(p, order, home)).toBe(true);
      // The antipodal cell never overlaps.
      expect(polygonOverlapsCell(p, order, ang2pixNest(order, cra + 180, -cdec))).toBe(false);
    }
    expect(reached).toBeGreaterThan(60);
  });

  it("finds every cell a disc reaches into and agrees with the cell's distance", () => {
    const ra = 55.65;
    const dec = -32.2;
    let reached = 0;
    for (const [order, radius] of [
      [6, 0.5],
      [10, 0.02],
      [3, 10],
    ] as const) {
      const home = ang2pixNest(order, ra, dec);
      const first = home - (home % 4);
      for (const cell of [first, first + 1, first + 2, first + 3, first + 4, Math.max(0, first - 1)]) {
        const overlaps = discOverlapsCell(ra, dec, radius, order, cell);
        if (anySubcellInside(order, cell, (r, d) => angularSeparation(ra, dec, r, d) <= radius)) {
          reached++;
          expect(overlaps).toBe(true);
        }
      }
      expect(discOverlapsCell(ra, dec, radius, order, ang2pixNest(order, ra + 180, -dec))).toBe(false);
    }
    expect(reached).toBeGreaterThan(5);
  });
});

describe("real HSC visit and detector regions (daf_butler hsc-rc2-subset)", () => {
  const rows = externalText("butler_exports", "derived_region_vertices_radec.csv.gz")
    .trim()
    .split("\n")
    .slice(1)
    .map((l) => l.split(","));
  const visits = new Map<string, [number, number][]>();
  const detectors = new Map<string, Map<string, [number, number][]>>();
  for (const r of rows) {
    if (!r[0].includes("hsc-rc2-subset")) continue;
    const corner: [number, number] = [Number(r[9]), Number(r[10])];
    if (r[1] === "visit") visits.set(r[6], [...(visits.get(r[6]) ?? []), corner]);
    if (r[1] === "visit_detector_region") {
      const byDetector = detectors.get(r[6]) ?? new Map<string, [number, number][]>();
      byDetector.set(r[7], [...(byDetector.get(r[7]) ?? []), corner]);
      detectors.set(r[6], byDetector);
    }
  }

  it("reads 160 convex visit polygons and 1132 detector polygons (PROVENANCE counts)", () => {
    expect(visits.size).toBe(160);
    expect([...detectors.values()].reduce((s, m) => s + m.size, 0)).toBe(1132);
    for (const corners of visits.values()) expect(() => convexPolygon(corners)).not.toThrow();
  });

  it("finds every detector corner inside its visit's region, as the Butler built them", () => {
    let checked = 0;
    for (const [visit, corners] of visits) {
      const region = convexPolygon(corners);
      for (const detector of detectors.get(visit)?.values() ?? []) {
        for (const [ra, dec] of detector) {
          checked++;
          expect(polygonContains(region, ra, dec)).toBe(true);
        }
      }
    }
    expect(checked).toBe(4528);
  });

  it("keeps the detector coverage of a visit inside the visit's coverage (order 12)", () => {
    for (const visit of [...visits.keys()].slice(0, 5)) {
      const detectorMoc = mocFromPolygons(12, [...(detectors.get(visit)?.values() ?? [])]);
      const visitMoc = mocFromPolygon(12, visits.get(visit) as [number, number][], { inclusive: true });
      expect(mocIsEmpty(detectorMoc)).toBe(false);
      expect(mocIsEmpty(mocDifference(detectorMoc, visitMoc))).toBe(true);
    }
  });
});

import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { ang2pixNest, pix2angNest } from "../../src/sky/healpix/index.js";
import {
  emptyMoc,
  fullSkyMoc,
  type Moc,
  mocArea,
  mocBoundaryEdges,
  mocBoundaryPolylines,
  mocCellCount,
  mocCells,
  mocComplement,
  mocConnectedComponents,
  mocContains,
  mocContainsArray,
  mocContainsCell,
  mocDegrade,
  mocDifference,
  mocEquals,
  mocFromAscii,
  mocFromCcdCorners,
  mocFromCells,
  mocFromCellsBig,
  mocFromDisc,
  mocFromHealpixMap,
  mocFromJson,
  mocFromPoints,
  mocFromPolygon,
  mocFromRingCells,
  mocFromRuns,
  mocFromUniq,
  mocIntersection,
  mocIsEmpty,
  mocSymmetricDifference,
  mocToAscii,
  mocToJson,
  mocToOrderCells,
  mocToUniq,
  mocUnion,
} from "../../src/sky/moc/index.js";
import { external, externalText, REPO_ROOT } from "../helpers/paths.js";
import { queryCases, readGolden } from "./healpix/golden.js";

interface RegionCase {
  order: number;
  exclusive: number[];
  inclusive: number[];
}
// scripts/golden/sky_moc.py (healpy): cell lists as runs [first, last+1, ...].
const golden = JSON.parse(readFileSync(resolve(REPO_ROOT, "test/golden/sky/moc.json"), "utf8")) as {
  polygons: (RegionCase & { corners: [number, number][] })[];
  discs: (RegionCase & { ra: number; dec: number; radius: number })[];
  dc2_wfd: {
    order: number;
    nest_runs: number[];
    area_deg2: number;
    component_sizes: number[];
    boundary_edges: number;
    order8_runs: number[];
    order8_component_sizes: number[];
    order8_boundary_edges: number;
  };
  constructed: { order: number; cells: number[]; component_sizes: number[]; boundary_edges: number };
};

const SKY = 4 * Math.PI * (180 / Math.PI) ** 2;

function readRingFootprint(): number[] {
  const lines = externalText(
    "dc2_visitlist",
    "DC2RegionPixels_minion1016_v3_WFDvisits_nside1024_WFDvisitsInWFD.csv.gz",
  )
    .trim()
    .split("\n");
  expect(lines[0]).toBe("regionPixels");
  return lines.slice(1).map(Number);
}

describe("MOC range algebra (hand-computable)", () => {
  const a = mocFromCells(3, [1, 2, 3, 4, 5]);
  const b = mocFromCells(3, [4, 5, 6, 7]);

  it("unions, intersects, subtracts and complements", () => {
    expect(mocEquals(mocUnion(a, b), mocFromCells(3, [1, 2, 3, 4, 5, 6, 7]))).toBe(true);
    expect(mocEquals(mocIntersection(a, b), mocFromCells(3, [4, 5]))).toBe(true);
    expect(mocEquals(mocDifference(a, b), mocFromCells(3, [1, 2, 3]))).toBe(true);
    expect(mocEquals(mocSymmetricDifference(a, b), mocFromCells(3, [1, 2, 3, 6, 7]))).toBe(true);
    expect(mocIsEmpty(mocIntersection(a, mocComplement(a)))).toBe(true);
    expect(mocEquals(mocUnion(a, mocComplement(a)), fullSkyMoc())).toBe(true);
    expect(mocCellCount(mocComplement(a), 3)).toBe(768 - 5);
  });

  it("merges touching ranges and mixes orders", () => {
    // Cells 0-3 of order 1 are cell 0 of order 0.
    const m = mocFromCells(1, [0, 1, 2, 3, 4]);
    expect(m.ranges.length).toBe(2);
    expect(mocToOrderCells(m)).toEqual([
      [0, 0n],
      [1, 4n],
    ]);
    expect(mocEquals(mocUnion(mocFromCells(0, [0]), mocFromCells(1, [4])), m)).toBe(true);
  });

  it("degrades to a covering superset", () => {
    expect(mocEquals(mocDegrade(mocFromCells(2, [5]), 0), mocFromCells(0, [0]))).toBe(true);
    expect(mocDegrade(mocFromCells(2, [5]), 0).maxOrder).toBe(0);
    expect(mocEquals(mocDegrade(mocFromCells(2, [15, 16]), 1), mocFromCells(1, [3, 4]))).toBe(true);
  });

  it("measures area: one order-0 cell is 4π/12 sr, the sky 41252.96 deg²", () => {
    expect(mocArea(mocFromCells(0, [0]))).toBeCloseTo(SKY / 12, 9);
    expect(mocArea(fullSkyMoc())).toBeCloseTo(41252.96124941928, 8);
    expect(mocArea(emptyMoc())).toBe(0);
    expect(mocArea(mocFromCellsBig(29, [0n]))).toBeCloseTo(SKY / (12 * 4 ** 29), 25);
  });

  it("keeps order-29 cells exact (indices above 2^53)", () => {
    const big = 12n * 4n ** 29n - 1n; // last cell of order 29
    const m = mocFromCellsBig(29, [big, big - 1n, 5n]);
    expect(mocToAscii(m)).toBe(`29/5,${big - 1n}-${big}`);
    expect(mocEquals(mocFromAscii(mocToAscii(m)), m)).toBe(true);
    expect(mocEquals(mocFromJson(mocToJson(m)), m)).toBe(true);
    expect(mocToJson(m)).toBe(`{"29":[5,${big - 1n},${big}]}`);
  });

  it("contains points and cells", () => {
    const m = mocFromCells(0, [4]);
    const [ra, dec] = pix2angNest(0, 4);
    expect(mocContains(m, ra, dec)).toBe(true);
    expect(mocContains(m, ra + 180, -dec)).toBe(false);
    expect(Array.from(mocContainsArray(m, [ra, ra + 180, Number.NaN], [dec, -dec, 0]))).toEqual([1, 0, 0]);
    expect(mocContainsCell(m, 3, 4 * 64 + 17)).toBe(true);
    expect(mocContainsCell(m, 3, 3 * 64 + 17)).toBe(false);
  });

  it("refuses invalid cells and orders", () => {
    expect(() => mocFromCells(0, [12])).toThrow(RangeError);
    expect(() => mocFromCells(3, [1.5])).toThrow(RangeError);
    expect(() => mocFromCells(25, [1])).toThrow(RangeError);
    expect(() => mocFromPoints(5, [10], [Number.NaN])).toThrow(/position 0/);
    expect(() => mocFromRuns(3, [5, 2])).toThrow(/position 1/);
    expect(() => mocFromRuns(3, [0, 769])).toThrow(RangeError);
  });
});

describe("IVOA MOC 2.0 serializations", () => {
  it("reads the ASCII example '3/1-5 4/77' and JSON '{\"3\":[1,2,3],\"4\":[77]}'", () => {
    const ascii = mocFromAscii("3/1-5 4/77");
    expect(ascii.maxOrder).toBe(4);
    expect(mocCells(ascii, 4).length).toBe(5 * 4 + 1);
    expect(mocToAscii(ascii)).toBe("3/1-5 4/77");
    const json = mocFromJson('{"3":[1,2,3],"4":[77]}');
    expect(mocCellCount(json, 3)).toBe(4); // 77 at order 4 lies in order-3 cell 19
    expect(mocToJson(json)).toBe('{"3":[1,2,3],"4":[77]}');
  });

  it("writes the fewest cells and keeps the depth with an empty order", () => {
    const m = mocFromCells(
      6,
      Array.from({ length: 16 }, (_, k) => 16 + k),
    ); // order-4 cell 1
    expect(mocToAscii(m)).toBe("4/1 6/");
    expect(mocToJson(m)).toBe('{"4":[1],"6":[]}');
    expect(mocFromAscii("4/1 6/").maxOrder).toBe(6);
    expect(mocFromJson('{"4":[1],"6":[]}').maxOrder).toBe(6);
    // Commas, newlines and overlapping cells are accepted and merged.
    expect(mocEquals(mocFromAscii("1/0,1\n2/0-3 "), mocFromCells(1, [0, 1]))).toBe(true);
  });

  it("converts to and from NUNIQ (uniq = 4·4^order + pix, by hand)", () => {
    // Order 3 cell 1 -> 4·64 + 1 = 257; order 0 cell 11 -> 4 + 11 = 15; order 29 last cell -> 16·4^29 − 1.
    const m = mocUnion(mocFromCells(3, [1]), mocFromCells(0, [11]));
    expect(Array.from(mocToUniq(m))).toEqual([15n, 257n]);
    expect(mocEquals(mocFromUniq([257, 15n]), m)).toBe(true);
    const last = 16n * 4n ** 29n - 1n;
    expect(mocToOrderCells(mocFromUniq([last]))).toEqual([[29, 12n * 4n ** 29n - 1n]]);
    expect(() => mocFromUniq([3])).toThrow(RangeError);
    expect(() => mocFromUniq([2 ** 60])).toThrow(RangeError); // not an exact number
    expect(() => mocFromUniq([16n * 4n ** 29n])).toThrow(RangeError); // order 30
  });

  it("rejects malformed text naming the token", () => {
    expect(() => mocFromAscii("3/1-x")).toThrow(/1-x/);
    expect(() => mocFromAscii("12")).toThrow(RangeError);
    expect(() => mocFromAscii("3/768")).toThrow(RangeError);
    expect(() => mocFromAscii("30/1")).toThrow(RangeError);
    expect(() => mocFromJson('{"3":[1.5]}')).toThrow(/1.5/);
    expect(() => mocFromJson("[1,2]")).toThrow(RangeError);
  });
});

function runsToMoc(order: number, runs: number[]): Moc {
  return mocFromRuns(order, runs);
}

describe("region coverages vs healpy query_polygon / query_disc", () => {
  it("matches query_polygon(inclusive=False) exactly and stays inside query_polygon(inclusive=True)", () => {
    for (const g of golden.polygons) {
      const exclusive = mocFromPolygon(g.order, g.corners);
      expect(mocEquals(exclusive, runsToMoc(g.order, g.exclusive))).toBe(true);
      const inclusive = mocFromPolygon(g.order, g.corners, { inclusive: true });
      // healpy's inclusive answer may hold extra cells; every cell we find overlapping must be in it.
      expect(mocIsEmpty(mocDifference(inclusive, runsToMoc(g.order, g.inclusive)))).toBe(true);
      expect(mocIsEmpty(mocDifference(exclusive, inclusive))).toBe(true);
    }
  });

  it("matches query_disc(inclusive=False) exactly and stays inside query_disc(inclusive=True)", () => {
    for (const g of golden.discs) {
      const exclusive = mocFromDisc(g.order, g.ra, g.dec, g.radius);
      expect(mocEquals(exclusive, runsToMoc(g.order, g.exclusive))).toBe(true);
      const inclusive = mocFromDisc(g.order, g.ra, g.dec, g.radius, { inclusive: true });
      expect(mocIsEmpty(mocDifference(inclusive, runsToMoc(g.order, g.inclusive)))).toBe(true);
      expect(mocIsEmpty(mocDifference(exclusive, inclusive))).toBe(true);
    }
  });

  it("reproduces healpy's answers exactly in healpy mode (src/sky/healpix queries)", () => {
    for (const g of golden.discs) {
      for (const inclusive of [false, true]) {
        const ours = mocFromDisc(g.order, g.ra, g.dec, g.radius, { inclusive, healpy: true });
        expect(mocEquals(ours, runsToMoc(g.order, inclusive ? g.inclusive : g.exclusive))).toBe(true);
      }
    }
  });

  it("rebuilds the DC2 uDDF footprint file exactly from its corners (healpy inclusive=True)", () => {
    const path = external(
      "dc2_visitlist",
      "DC2RegionPixels_minion1016_v3_DDvisits_nside1024_DDvisitsInuDD.csv",
    );
    const ring = readFileSync(path, "utf8").trim().split("\n").slice(1).map(Number);
    expect(ring.length).toBe(448);
    const corners: [number, number][] = [
      [53.764, -27.533],
      [53.771, -28.667],
      [52.479, -28.667],
      [52.486, -27.533],
    ];
    const ours = mocFromPolygon(10, corners, { inclusive: true, healpy: true });
    expect(mocEquals(ours, mocFromRingCells(10, ring))).toBe(true);
  });
});

describe("the DC2 WFD footprint (RING nside 1024, test/data/dc2_visitlist)", () => {
  const ring = readRingFootprint();
  const footprint = mocFromRingCells(10, ring);
  const g = golden.dc2_wfd;

  it("has the 91,599 cells of PROVENANCE, healpy's NEST cells and area 91,599 × 4π/(12·1024²)", () => {
    expect(ring.length).toBe(91599);
    expect(mocCellCount(footprint)).toBe(91599);
    expect(mocEquals(footprint, runsToMoc(10, g.nest_runs))).toBe(true);
    expect(mocArea(footprint)).toBeCloseTo(g.area_deg2, 9);
    expect(mocArea(footprint)).toBeCloseTo((91599 * SKY) / (12 * 1024 * 1024), 9);
  });

  it("is one edge-connected component with healpy's boundary edge count; likewise at order 8", () => {
    const comps = mocConnectedComponents(footprint);
    expect(comps.map((c) => mocCellCount(c))).toEqual(g.component_sizes);
    expect(mocBoundaryEdges(footprint).length).toBe(g.boundary_edges);
    // One component without holes: its outline is a single closed loop through every boundary edge.
    const loops = mocBoundaryPolylines(footprint);
    expect(loops).toHaveLength(1);
    expect(loops[0]).toHaveLength(g.boundary_edges + 1);
    expect(loops[0][loops[0].length - 1]).toEqual(loops[0][0]);
    const coarse = mocDegrade(footprint, 8);
    expect(mocEquals(coarse, runsToMoc(8, g.order8_runs))).toBe(true);
    expect(mocConnectedComponents(coarse).map((c) => mocCellCount(c))).toEqual(g.order8_component_sizes);
    expect(mocBoundaryEdges(coarse, 8, 2).length).toBe(g.order8_boundary_edges);
  });

  it("contains the footprint polygon computed from its published corners (healpy inclusive=True built it)", () => {
    const corners: [number, number][] = [
      [71.46, -27.25],
      [73.79, -44.33],
      [49.92, -44.33],
      [52.25, -27.25],
    ];
    const ours = mocFromPolygon(10, corners, { inclusive: true });
    expect(mocIsEmpty(mocDifference(ours, footprint))).toBe(true);
    // DC2 centre (61.863, -35.79) inside; the uDDF corner region is inside the WFD region too.
    expect(mocContains(footprint, 61.863, -35.79)).toBe(true);
    expect(mocContains(footprint, 53.1, -28.1)).toBe(true);
    expect(mocContains(footprint, 80, -35)).toBe(false);
  });

  it("is rebuilt exactly from its corners in healpy RING mode (DESC ran query_polygon with nest=False)", () => {
    const corners: [number, number][] = [
      [71.46, -27.25],
      [73.79, -44.33],
      [49.92, -44.33],
      [52.25, -27.25],
    ];
    const ringMode = mocFromPolygon(10, corners, { inclusive: true, healpy: "ring" });
    expect(mocCellCount(ringMode)).toBe(91599);
    expect(mocEquals(ringMode, footprint)).toBe(true);
    // healpy's nest=True answer (the default healpy mode) lacks one corner cell, NEST 9205164, that lies
    // wholly outside the polygon (test/golden/healpix/README.md); true and "nest" mean the same.
    const nestMode = mocFromPolygon(10, corners, { inclusive: true, healpy: "nest" });
    expect(mocEquals(nestMode, mocFromPolygon(10, corners, { inclusive: true, healpy: true }))).toBe(true);
    expect(mocCellCount(nestMode)).toBe(91598);
    expect(mocEquals(mocDifference(ringMode, nestMode), mocFromCells(10, [9205164]))).toBe(true);
  });
});

describe("healpy RING mode of the disc and polygon builders vs healpy query_disc/query_polygon(nest=False)", () => {
  const q = readGolden("queries.bin.gz");
  const ringCells = (name: string): number[] => {
    const r = q.i8(name);
    const out: number[] = [];
    for (let i = 0; i < r.length; i += 2) for (let p = Number(r[i]); p < Number(r[i + 1]); p++) out.push(p);
    return out;
  };
  const cases = queryCases(q).filter((c) => !c.nest && c.order <= 10);

  it("discs (exact and inclusive, orders 0-10)", () => {
    const discs = cases.filter((c) => c.kind === "disc");
    expect(discs.length).toBeGreaterThan(50);
    for (const c of discs) {
      const ours = mocFromDisc(c.order, c.ra ?? 0, c.dec ?? 0, c.radius ?? 0, {
        inclusive: c.inclusive,
        healpy: "ring",
      });
      expect(mocEquals(ours, mocFromRingCells(c.order, ringCells(c.name))), c.name).toBe(true);
    }
  });

  it("polygons (exact and inclusive, orders 0-10)", () => {
    const polys = cases.filter((c) => c.kind === "polygon");
    expect(polys.length).toBeGreaterThan(20);
    for (const c of polys) {
      const ours = mocFromPolygon(c.order, c.vertices ?? [], { inclusive: c.inclusive, healpy: "ring" });
      expect(mocEquals(ours, mocFromRingCells(c.order, ringCells(c.name))), c.name).toBe(true);
    }
  });
});

describe("topology of a constructed set (healpy neighbours)", () => {
  const g = golden.constructed;
  const m = mocFromCells(g.order, g.cells);

  it("separates cells that touch only at a corner", () => {
    expect(mocConnectedComponents(m).map((c) => mocCellCount(c))).toEqual(g.component_sizes);
    expect(mocBoundaryEdges(m).length).toBe(g.boundary_edges);
  });

  it("chains boundary edges into closed loops: one per simple region, two for two apart regions", () => {
    const lone = mocBoundaryPolylines(mocFromCells(2, [100]), 2, 3);
    expect(lone).toHaveLength(1);
    expect(lone[0]).toHaveLength(4 * 3 + 1);
    expect(lone[0][12]).toEqual(lone[0][0]);
    const block = mocBoundaryPolylines(mocFromCells(0, [0]), 1);
    expect(block).toHaveLength(1);
    expect(block[0]).toHaveLength(8 + 1);
    expect(mocBoundaryPolylines(mocFromCells(1, [0, 40]))).toHaveLength(2);
  });

  it("draws the 4 edges of a lone cell, 8 of a 2×2 block, each a chain of step+1 corner points", () => {
    const lone = mocBoundaryEdges(mocFromCells(2, [100]), 2, 3);
    expect(lone).toHaveLength(4);
    for (const e of lone) expect(e).toHaveLength(4);
    // Consecutive edges share their end/start corner.
    for (let k = 0; k < 4; k++) expect(lone[k][3]).toEqual(lone[(k + 1) % 4][0]);
    expect(mocBoundaryEdges(mocFromCells(0, [0]), 1)).toHaveLength(8);
  });
});

describe("HEALPix maps", () => {
  it("keeps finite, non-zero, non-UNSEEN cells; RING by default (RING 0 at nside 2 is NEST 3)", () => {
    const map = new Float64Array(48);
    map[0] = 1; // RING pixel 0: the northernmost pixel of base face 0, i.e. NEST x = y = 1 -> 3
    map[5] = Number.NaN;
    map[6] = -1.6375e30;
    map[7] = -2;
    const ring = mocFromHealpixMap(map);
    expect(mocCells(ring, 1).length).toBe(2);
    expect(mocContainsCell(ring, 1, 3)).toBe(true);
    const nest = mocFromHealpixMap(map, { nest: true });
    expect(Array.from(mocCells(nest, 1))).toEqual([0, 7]);
    expect(() => mocFromHealpixMap(new Float64Array(47))).toThrow(/12·4\^order/);
  });
});

describe("point and detector coverages", () => {
  it("covers exactly the cells of the points", () => {
    const ra = [55.65, 55.66, 200, 10];
    const dec = [-32.2, -32.2, 45, -89.9];
    const m = mocFromPoints(12, ra, dec);
    const expected = new Set(ra.map((r, i) => ang2pixNest(12, r, dec[i])));
    expect(mocCellCount(m)).toBe(expected.size);
    for (let i = 0; i < ra.length; i++) expect(mocContains(m, ra[i], dec[i])).toBe(true);
    const deep = mocFromPoints(29, ra, dec);
    expect(mocCellCount(deep, 29)).toBe(4);
    for (let i = 0; i < ra.length; i++) expect(mocContains(deep, ra[i], dec[i])).toBe(true);
  });

  it("builds a footprint from CcdVisit corners, refusing bad rows by number", () => {
    const cols = {
      llcra: [55.5, 55.7],
      llcdec: [-32.5, -32.5],
      ulcra: [55.5, 55.7],
      ulcdec: [-32.3, -32.3],
      urcra: [55.7, 55.9],
      urcdec: [-32.3, -32.3],
      lrcra: [55.7, 55.9],
      lrcdec: [-32.5, -32.5],
    };
    const exclusive = mocFromCcdCorners(12, cols);
    const inclusive = mocFromCcdCorners(12, cols, { inclusive: true });
    // Two adjacent 0.2° × 0.2° detectors: about 0.2 × 0.4 × cos(32.4°) deg². Centre-in cells differ from
    // the true area by less than perimeter (1.2° × cos) × cell size (order 12: 0.0143°).
    const nominal = 0.2 * 0.4 * Math.cos((32.4 * Math.PI) / 180);
    expect(Math.abs(mocArea(exclusive) - nominal)).toBeLessThan(1.2 * 0.0143);
    expect(mocIsEmpty(mocDifference(exclusive, inclusive))).toBe(true);
    expect(mocArea(inclusive)).toBeGreaterThan(nominal);
    expect(mocConnectedComponents(inclusive)).toHaveLength(1);
    expect(() => mocFromCcdCorners(12, { ...cols, urcdec: [-32.3, Number.NaN] })).toThrow(/row 1/);
  });
});

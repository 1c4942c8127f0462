import { describe, expect, it } from "vitest";
import {
  queryPolygonNest,
  queryPolygonNestBig,
  queryPolygonNestRanges,
  queryPolygonNestRangesBig,
} from "../../../src/sky/healpix/index.js";
import { queryCases, readGolden } from "./golden.js";

// Expected values: healpy 1.16.1 query_polygon(nest=True) at orders 25 and 29 for tiny convex
// polygons (big_polygons.bin.gz) and at orders <= 24 (queries.bin.gz), both written by
// scripts/golden/healpy_golden.py.
interface BigCase {
  name: string;
  order: number;
  shape: string;
  corners: [number, number][];
  inclusive: boolean;
  fact: number;
  count: number;
}

const big = readGolden("big_polygons.bin.gz");
const cases = big.meta.cases as BigCase[];

describe("queryPolygonNestBig against healpy query_polygon(nest=True) at orders 25 and 29", () => {
  it("has exact and inclusive mas polygons at both orders", () => {
    for (const order of [25, 29]) {
      const at = cases.filter((c) => c.order === order);
      expect(at.filter((c) => c.inclusive).length).toBeGreaterThanOrEqual(5);
      expect(at.filter((c) => !c.inclusive).length).toBeGreaterThanOrEqual(5);
    }
    expect(cases.every((c) => c.count > 0)).toBe(true);
  });

  it("returns healpy's ranges and pixels for every case", () => {
    const bad: string[] = [];
    for (const c of cases) {
      const opts = { inclusive: c.inclusive, fact: c.fact };
      const got = queryPolygonNestRangesBig(c.order, c.corners, opts);
      const want = Array.from(big.i8(c.name));
      if (got.join() !== want.join())
        bad.push(`${c.name} order ${c.order} ${c.shape} inclusive ${c.inclusive}`);
      expect(queryPolygonNestBig(c.order, c.corners, opts).length, c.name).toBe(c.count);
    }
    expect(bad).toEqual([]);
  });

  it("20 mas polygons at order 29: the exact answer lies inside the inclusive one", () => {
    const o29 = cases.filter((c) => c.order === 29 && c.count > 1000);
    expect(o29.length).toBeGreaterThanOrEqual(8);
    for (let i = 0; i + 1 < o29.length; i += 2) {
      const [exact, incl] = [o29[i], o29[i + 1]];
      expect(exact.inclusive || !incl.inclusive, exact.name).toBe(false);
      const inside = new Set(queryPolygonNestBig(29, incl.corners, { inclusive: true, fact: 1 }));
      const missing = queryPolygonNestBig(29, exact.corners).filter((p) => !inside.has(p));
      expect(missing, exact.name).toEqual([]);
    }
  });

  it("rejects an inclusive oversampling factor beyond order 29, as healpy", () => {
    const c = cases.find((x) => x.order === 29) as BigCase;
    expect(() => queryPolygonNestRangesBig(29, c.corners, { inclusive: true })).toThrow(RangeError);
    expect(() => queryPolygonNestRangesBig(30, c.corners)).toThrow(RangeError);
  });
});

describe("queryPolygonNestBig agrees with queryPolygonNest at order 24 and below", () => {
  const small = readGolden("queries.bin.gz");
  const polys = queryCases(small).filter((c) => c.kind === "polygon" && c.nest);

  it("on healpy's order <= 24 polygon cases", () => {
    expect(polys.length).toBeGreaterThan(10);
    for (const c of polys) {
      const v = c.vertices as [number, number][];
      const opts = { inclusive: c.inclusive };
      const got = queryPolygonNestRangesBig(c.order, v, opts);
      expect(got.join(), c.name).toBe(Array.from(small.i8(c.name)).join());
      expect(got.map(Number), c.name).toEqual(Array.from(queryPolygonNestRanges(c.order, v, opts)));
    }
  });

  it("exact, inclusive fact 4 and fact 1 at orders 0-24", () => {
    const quad: [number, number][] = [
      [55.2, -32.6],
      [56.1, -32.5],
      [56.0, -31.8],
      [55.3, -31.9],
    ];
    const tri: [number, number][] = [
      [10, 20],
      [10.0002, 20],
      [10.0001, 20.00015],
    ];
    for (const [order, poly] of [
      [0, quad],
      [6, quad],
      [12, quad],
      [16, tri],
      [20, tri],
      [24, tri],
    ] as [number, [number, number][]][]) {
      for (const opts of [{}, { inclusive: true }, { inclusive: true, fact: 1 }]) {
        expect(queryPolygonNestBig(order, poly, opts).map(Number), `order ${order}`).toEqual(
          queryPolygonNest(order, poly, opts),
        );
      }
    }
  });
});

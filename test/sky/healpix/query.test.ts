import { describe, expect, it } from "vitest";
import {
  queryDiscNest,
  queryDiscNestRanges,
  queryDiscRing,
  queryDiscRingRanges,
  queryPolygonNest,
  queryPolygonNestRanges,
  queryPolygonRing,
  queryPolygonRingRanges,
  rangesToPixels,
} from "../../../src/sky/healpix/index.js";
import { type QueryCase, queryCases, readGolden } from "./golden.js";

// Expected values: healpy 1.16.1 query_disc / query_polygon, stored as [start, end) ranges.
const g = readGolden("queries.bin.gz");
const cases = queryCases(g);

function expand(r: ArrayLike<bigint | number>): number[] {
  const out: number[] = [];
  for (let i = 0; i < r.length; i += 2) for (let p = Number(r[i]); p < Number(r[i + 1]); p++) out.push(p);
  return out;
}

function label(c: QueryCase): string {
  const shape =
    c.kind === "disc" ? `disc (${c.ra}, ${c.dec}) r=${c.radius}` : `polygon ${JSON.stringify(c.vertices)}`;
  return `order ${c.order} ${c.nest ? "NEST" : "RING"} ${c.inclusive ? "inclusive" : "exact"} ${shape}`;
}

describe("queries against healpy", () => {
  it("has disc and polygon cases", () => {
    expect(cases.filter((c) => c.kind === "disc").length).toBeGreaterThan(100);
    expect(cases.filter((c) => c.kind === "polygon").length).toBeGreaterThan(30);
  });

  for (const c of cases) {
    it(label(c), () => {
      const want = g.i8(c.name);
      const opts = { inclusive: c.inclusive };
      let got: number[];
      if (c.kind === "disc") {
        const ra = c.ra as number;
        const dec = c.dec as number;
        const r = c.radius as number;
        if (c.nest) {
          const ranges = queryDiscNestRanges(c.order, ra, dec, r, opts);
          expect(Array.from(ranges)).toEqual(Array.from(want, Number));
          got = queryDiscNest(c.order, ra, dec, r, opts);
        } else {
          const ranges = queryDiscRingRanges(c.order, ra, dec, r, opts);
          expect(Array.from(ranges)).toEqual(Array.from(want, Number));
          expect(Array.from(rangesToPixels(ranges))).toEqual(expand(want));
          got = queryDiscRing(c.order, ra, dec, r, opts);
        }
      } else {
        const v = c.vertices as [number, number][];
        if (c.nest) {
          expect(Array.from(queryPolygonNestRanges(c.order, v, opts))).toEqual(Array.from(want, Number));
          got = queryPolygonNest(c.order, v, opts);
        } else {
          const ranges = queryPolygonRingRanges(c.order, v, opts);
          expect(Array.from(ranges)).toEqual(Array.from(want, Number));
          expect(Array.from(rangesToPixels(ranges))).toEqual(expand(want));
          got = queryPolygonRing(c.order, v, opts);
        }
      }
      expect(got.length).toBe(c.count);
      expect(got).toEqual(expand(want));
    });
  }
});

describe("number[] queries into a caller's array (QueryOptions.out)", () => {
  // one array for every case, so that it grows and shrinks between answers of different sizes
  const out: number[] = [];
  for (const c of cases.filter((_, i) => i % 3 === 0)) {
    it(label(c), () => {
      const opts = { inclusive: c.inclusive, out };
      let got: number[];
      if (c.kind === "disc") {
        const f = c.nest ? queryDiscNest : queryDiscRing;
        got = f(c.order, c.ra as number, c.dec as number, c.radius as number, opts);
      } else {
        const f = c.nest ? queryPolygonNest : queryPolygonRing;
        got = f(c.order, c.vertices as [number, number][], opts);
      }
      expect(got).toBe(out);
      expect(got).toEqual(expand(g.i8(c.name)));
    });
  }
});

describe("queries after one that threw inside its walk", () => {
  it("still answer as healpy (the ranges' scratch store is given back)", () => {
    const some = cases.filter((c) => !c.nest).slice(0, 6);
    for (const c of some) {
      // a negative radius throws inside the RING walk, after its range list took the scratch store
      expect(() => queryDiscRing(c.order, 10, 20, -1)).toThrow(RangeError);
      expect(() => queryDiscRingRanges(c.order, 10, 20, -1)).toThrow(RangeError);
      const opts = { inclusive: c.inclusive };
      const want = Array.from(g.i8(c.name), Number);
      const got =
        c.kind === "disc"
          ? queryDiscRingRanges(c.order, c.ra as number, c.dec as number, c.radius as number, opts)
          : queryPolygonRingRanges(c.order, c.vertices as [number, number][], opts);
      expect(Array.from(got)).toEqual(want);
    }
  });
});

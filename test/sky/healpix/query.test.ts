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

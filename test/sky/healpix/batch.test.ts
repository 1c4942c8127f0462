import { describe, expect, it } from "vitest";
import {
  ang2pixNestBatch,
  ang2pixNestBatchBig,
  ang2pixRingBatch,
  pix2angNestBatch,
  pix2angNestBatchBig,
  pix2angRingBatch,
} from "../../../src/sky/healpix/index.js";
import { GOLDEN_ORDERS, randomPoints, readGolden } from "./golden.js";

// Expected values: healpy 1.16.1 (scripts/golden/healpy_golden.py), same data as the scalar tests.
for (const order of GOLDEN_ORDERS) {
  describe(`batch order ${order} against healpy`, () => {
    const g = readGolden(`order_${String(order).padStart(2, "0")}.bin.gz`);
    const { ra, dec } = randomPoints(order, g.meta.n_random as number);
    const eRa = g.f8("edge_ra");
    const eDec = g.f8("edge_dec");
    const exact = g.i8("edge_libm_exact");

    function diff(got: ArrayLike<number | bigint>, want: BigInt64Array, excuse?: BigInt64Array): number[] {
      const bad: number[] = [];
      for (let i = 0; i < want.length; i++) {
        if (BigInt(got[i]) !== want[i] && (!excuse || excuse[i] === 1n)) bad.push(i);
      }
      return bad;
    }

    if (order <= 24) {
      it("ang2pixNestBatch / ang2pixRingBatch, random and edge points", () => {
        expect(diff(ang2pixNestBatch(order, ra, dec), g.i8("rand_nest"))).toEqual([]);
        expect(diff(ang2pixRingBatch(order, ra, dec), g.i8("rand_ring"))).toEqual([]);
        expect(diff(ang2pixNestBatch(order, eRa, eDec), g.i8("edge_nest"), exact)).toEqual([]);
        expect(diff(ang2pixRingBatch(order, eRa, eDec), g.i8("edge_ring"), exact)).toEqual([]);
        if (order <= 13) {
          const out = new Int32Array(ra.length);
          expect(ang2pixNestBatch(order, ra, dec, out)).toBe(out);
          expect(diff(out, g.i8("rand_nest"))).toEqual([]);
        }
      });

      it("pix2angNestBatch / pix2angRingBatch", () => {
        const pix = Array.from(g.i8("pix"), Number);
        const n = pix2angNestBatch(order, pix);
        const r = pix2angRingBatch(order, pix);
        const wnr = g.f8("pix2ang_nest_ra");
        const wnd = g.f8("pix2ang_nest_dec");
        const wrr = g.f8("pix2ang_ring_ra");
        const wrd = g.f8("pix2ang_ring_dec");
        for (let i = 0; i < pix.length; i++) {
          expect(Math.abs(n.ra[i] - wnr[i])).toBeLessThanOrEqual(1e-12);
          expect(Math.abs(n.dec[i] - wnd[i])).toBeLessThanOrEqual(1e-12);
          expect(Math.abs(r.ra[i] - wrr[i])).toBeLessThanOrEqual(1e-12);
          expect(Math.abs(r.dec[i] - wrd[i])).toBeLessThanOrEqual(1e-12);
        }
      });
    }

    it("ang2pixNestBatchBig and pix2angNestBatchBig", () => {
      expect(diff(ang2pixNestBatchBig(order, ra, dec), g.i8("rand_nest"))).toEqual([]);
      const pix = g.i8("pix");
      const c = pix2angNestBatchBig(order, pix);
      const wnd = g.f8("pix2ang_nest_dec");
      for (let i = 0; i < pix.length; i++) expect(Math.abs(c.dec[i] - wnd[i])).toBeLessThanOrEqual(1e-12);
    });
  });
}

describe("batch input checks", () => {
  it("marks invalid positions with -1 and rejects mismatched or too small arrays", () => {
    const got = ang2pixNestBatch(3, [10, 10, Number.NaN, 10], [95, Number.NaN, 0, -90.01]);
    expect(Array.from(got)).toEqual([-1, -1, -1, -1]);
    expect(Array.from(ang2pixRingBatch(3, [10], [91]))).toEqual([-1]);
    expect(Array.from(ang2pixNestBatchBig(29, [10], [91]))).toEqual([-1n]);
    expect(() => ang2pixNestBatch(3, [1, 2], [1])).toThrow(RangeError);
    expect(() => ang2pixNestBatch(14, [1], [1], new Int32Array(1))).toThrow(RangeError);
    expect(() => ang2pixNestBatch(3, [1, 2], [1, 2], new Float64Array(1))).toThrow(RangeError);
    expect(() => pix2angNestBatch(3, [768])).toThrow(RangeError);
  });
});

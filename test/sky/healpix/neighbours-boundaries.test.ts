import { describe, expect, it } from "vitest";
import {
  boundariesNest,
  boundariesNestVectors,
  neighboursNest,
  neighboursRing,
} from "../../../src/sky/healpix/index.js";
import { angDistDeg, GOLDEN_ORDERS, readGolden } from "./golden.js";

// Expected values: healpy 1.16.1 get_all_neighbours and boundaries (scripts/golden/healpy_golden.py).
for (const order of GOLDEN_ORDERS.filter((o) => o <= 24)) {
  describe(`order ${order} against healpy`, () => {
    const g = readGolden(`order_${String(order).padStart(2, "0")}.bin.gz`);

    it("neighboursNest for random pixels and every face corner/edge pixel", () => {
      const pix = g.i8("neigh_pix");
      const want = g.i8("neigh_nest");
      const bad: string[] = [];
      for (let i = 0; i < pix.length; i++) {
        const got = neighboursNest(order, Number(pix[i]));
        const exp = Array.from(want.subarray(8 * i, 8 * i + 8), Number);
        if (got.join() !== exp.join()) bad.push(`${pix[i]}: got ${got}, healpy ${exp}`);
      }
      expect(bad).toEqual([]);
    });

    it("neighboursRing", () => {
      const pix = g.i8("neigh_ring_pix");
      const want = g.i8("neigh_ring");
      for (let i = 0; i < pix.length; i++) {
        expect(neighboursRing(order, Number(pix[i]))).toEqual(
          Array.from(want.subarray(8 * i, 8 * i + 8), Number),
        );
      }
    });

    for (const step of [1, 3]) {
      it(`boundariesNest step ${step}: vectors within 1e-15, [ra, dec] within 1e-12 deg`, () => {
        const pix = g.i8("bound_pix");
        const [x, y, z] = ["x", "y", "z"].map((c) => g.f8(`bound${step}_${c}`));
        const ra = g.f8(`bound${step}_ra`);
        const dec = g.f8(`bound${step}_dec`);
        const n = 4 * step;
        let worstVec = 0;
        let worstAng = 0;
        for (let i = 0; i < pix.length; i++) {
          const v = boundariesNestVectors(order, Number(pix[i]), step);
          const rd = boundariesNest(order, Number(pix[i]), step);
          expect(v.length).toBe(3 * n);
          expect(rd.length).toBe(n);
          for (let k = 0; k < n; k++) {
            const j = i * n + k;
            worstVec = Math.max(
              worstVec,
              Math.abs(v[3 * k] - x[j]),
              Math.abs(v[3 * k + 1] - y[j]),
              Math.abs(v[3 * k + 2] - z[j]),
            );
            worstAng = Math.max(worstAng, angDistDeg(rd[k][0], rd[k][1], ra[j], dec[j]));
            expect(Math.abs(rd[k][1] - dec[j])).toBeLessThanOrEqual(1e-12);
          }
        }
        expect(worstVec).toBeLessThanOrEqual(1e-15);
        expect(worstAng).toBeLessThanOrEqual(1e-12);
      });
    }
  });
}

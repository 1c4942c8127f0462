import { describe, expect, it } from "vitest";
import {
  ang2pixNestBig,
  boundariesNest,
  boundariesNestBig,
  boundariesNestVectorsBig,
  boundariesRingBig,
  neighboursNest,
  neighboursNestBig,
  neighboursRing,
  neighboursRingBig,
  nest2ringBig,
  pix2angNestBig,
  queryDiscNest,
  queryDiscNestBig,
  queryDiscNestRanges,
  queryDiscNestRangesBig,
  ring2nestBig,
} from "../../../src/sky/healpix/index.js";
import { angDistDeg, readGolden, XorShift32 } from "./golden.js";

// Expected values: healpy 1.16.1 get_all_neighbours, boundaries and query_disc at orders 25 and 29
// (scripts/golden/healpy_golden.py: order_29.bin.gz and big_orders.bin.gz).
const o29 = readGolden("order_29.bin.gz");
const big = readGolden("big_orders.bin.gz");
const sets = [
  { order: 25, g: big, prefix: "o25_" },
  { order: 29, g: o29, prefix: "" },
];

for (const { order, g, prefix } of sets) {
  describe(`order ${order} (bigint) against healpy`, () => {
    it("neighboursNestBig for random pixels and every face corner/edge pixel: zero mismatches", () => {
      const pix = g.i8(`${prefix}neigh_pix`);
      const want = g.i8(`${prefix}neigh_nest`);
      expect(pix.length).toBeGreaterThan(1000);
      const bad: string[] = [];
      for (let i = 0; i < pix.length; i++) {
        const got = neighboursNestBig(order, pix[i]);
        const exp = Array.from(want.subarray(8 * i, 8 * i + 8));
        if (got.join() !== exp.join()) bad.push(`${pix[i]}: got ${got}, healpy ${exp}`);
      }
      expect(bad).toEqual([]);
    });

    it("neighboursRingBig: zero mismatches", () => {
      const pix = g.i8(`${prefix}neigh_ring_pix`);
      const want = g.i8(`${prefix}neigh_ring`);
      const bad: string[] = [];
      for (let i = 0; i < pix.length; i++) {
        const got = neighboursRingBig(order, pix[i]);
        const exp = Array.from(want.subarray(8 * i, 8 * i + 8));
        if (got.join() !== exp.join()) bad.push(`${pix[i]}: got ${got}, healpy ${exp}`);
      }
      expect(bad).toEqual([]);
    });

    for (const step of [1, 3]) {
      it(`boundariesNestBig step ${step}: vectors within 1e-15, [ra, dec] within 1e-12 deg`, () => {
        const pix = g.i8(`${prefix}bound_pix`);
        const [x, y, z] = ["x", "y", "z"].map((c) => g.f8(`${prefix}bound${step}_${c}`));
        const ra = g.f8(`${prefix}bound${step}_ra`);
        const dec = g.f8(`${prefix}bound${step}_dec`);
        const n = 4 * step;
        let worstVec = 0;
        let worstAng = 0;
        let worstDec = 0;
        for (let i = 0; i < pix.length; i++) {
          const v = boundariesNestVectorsBig(order, pix[i], step);
          const rd = boundariesNestBig(order, pix[i], step);
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
            worstDec = Math.max(worstDec, Math.abs(rd[k][1] - dec[j]));
          }
        }
        expect(worstVec).toBeLessThanOrEqual(1e-15);
        expect(worstAng).toBeLessThanOrEqual(1e-12);
        expect(worstDec).toBeLessThanOrEqual(1e-12);
      });
    }
  });
}

describe("RING boundaries at orders 25 and 29 against healpy (step 2)", () => {
  const cases = [
    { order: 25, pix: big.i8("o25_neigh_ring_pix").subarray(0, 50), p: "o25_ring_bound2" },
    { order: 29, pix: big.i8("o29_ring_bound_pix"), p: "o29_ring_bound2" },
  ];
  for (const { order, pix, p } of cases) {
    it(`order ${order}: within 1e-12 deg`, () => {
      const ra = big.f8(`${p}_ra`);
      const dec = big.f8(`${p}_dec`);
      expect(ra.length).toBe(8 * pix.length);
      let worst = 0;
      for (let i = 0; i < pix.length; i++) {
        const rd = boundariesRingBig(order, pix[i], 2);
        for (let k = 0; k < 8; k++)
          worst = Math.max(worst, angDistDeg(rd[k][0], rd[k][1], ra[8 * i + k], dec[8 * i + k]));
      }
      expect(worst).toBeLessThanOrEqual(1e-12);
    });
  }
});

describe("queryDiscNestBig against healpy query_disc(nest=True) at orders 25 and 29", () => {
  const cases = big.meta.cases as {
    name: string;
    order: number;
    ra: number;
    dec: number;
    radius_deg: number;
    inclusive: boolean;
    fact: number;
    count: number;
  }[];
  it("has milliarcsecond discs at both orders, exact and inclusive", () => {
    expect(cases.filter((c) => c.order === 25).length).toBe(32);
    expect(cases.filter((c) => c.order === 29).length).toBe(32);
    expect(cases.every((c) => c.count > 0)).toBe(true);
  });
  it("the order-12 fact-1 cases match the number API too (inclusive without oversampling)", () => {
    const o12 = cases.filter((c) => c.order === 12);
    expect(o12.length).toBe(16);
    for (const c of o12) {
      const got = queryDiscNestRanges(12, c.ra, c.dec, c.radius_deg, { inclusive: c.inclusive, fact: 1 });
      expect(Array.from(got).join(), c.name).toBe(Array.from(big.i8(c.name)).join());
    }
    // fact 1 keeps every pixel whose centre is within radius + max_pixrad (no sub-pixel test): more
    // than the exact answer (which skygate wrongly returned for fact 1 before)
    const [e, i1] = o12.slice(0, 2);
    expect(e.inclusive || !i1.inclusive).toBe(false);
    expect(i1.count).toBeGreaterThan(e.count);
  });
  it("returns healpy's ranges for every case", () => {
    const bad: string[] = [];
    for (const c of cases) {
      const opts = { inclusive: c.inclusive, fact: c.fact };
      const got = queryDiscNestRangesBig(c.order, c.ra, c.dec, c.radius_deg, opts);
      const want = Array.from(big.i8(c.name));
      if (got.join() !== want.join())
        bad.push(`${c.name} order ${c.order} (${c.ra}, ${c.dec}) r ${c.radius_deg} inc ${c.inclusive}`);
      if (c.count < 1000)
        expect(queryDiscNestBig(c.order, c.ra, c.dec, c.radius_deg, opts).length).toBe(c.count);
    }
    expect(bad).toEqual([]);
  });
});

describe("bigint variants agree with the number API at order 24 and below", () => {
  it("neighbours and boundaries", () => {
    const rng = new XorShift32(77);
    for (const order of [0, 3, 12, 24]) {
      const npix = 12n << BigInt(2 * order);
      for (let i = 0; i < 200; i++) {
        const p = rng.below(npix);
        expect(neighboursNestBig(order, p).map(Number)).toEqual(neighboursNest(order, Number(p)));
        expect(neighboursRingBig(order, p).map(Number)).toEqual(neighboursRing(order, Number(p)));
        expect(boundariesNestBig(order, p, 2)).toEqual(boundariesNest(order, Number(p), 2));
      }
    }
  });
  it("queryDiscNestBig equals queryDiscNest (exact, inclusive fact 4 and fact 1)", () => {
    for (const opts of [{}, { inclusive: true }, { inclusive: true, fact: 1 }]) {
      expect(queryDiscNestBig(10, 55.65, -32.2, 0.3, opts).map(Number)).toEqual(
        queryDiscNest(10, 55.65, -32.2, 0.3, opts),
      );
    }
  });
  it("at order 29 the exact disc is inside the inclusive one, which has every pixel of each centre", () => {
    for (const [ra, dec] of [
      [12.5, -3.25],
      [200, 89.99999],
      [61.863, -35.79],
    ]) {
      const exact = new Set(queryDiscNestBig(29, ra, dec, 0.01 / 3600));
      const incl = new Set(queryDiscNestBig(29, ra, dec, 0.01 / 3600, { inclusive: true, fact: 1 }));
      expect(exact.size).toBeGreaterThan(100);
      for (const p of exact) expect(incl.has(p)).toBe(true);
      expect(incl.has(ang2pixNestBig(29, ra, dec))).toBe(true);
    }
  });
  it("rejects bad orders, pixels and oversampling", () => {
    expect(() => neighboursNestBig(30, 0n)).toThrow(RangeError);
    expect(() => neighboursNestBig(29, 12n << 58n)).toThrow(RangeError);
    expect(() => boundariesRingBig(29, -1n)).toThrow(RangeError);
    expect(() => queryDiscNestBig(29, 0, 0, 1e-6, { inclusive: true })).toThrow(RangeError);
  });
});

describe("properties at order 29", () => {
  const rng = new XorShift32(2929);
  const npix = 12n << 58n;
  const pixels = Array.from({ length: 500 }, () => rng.below(npix));
  // face corners (7 neighbours) and face edges
  const side = (1n << 29n) - 1n;
  for (const face of [0n, 4n, 8n, 11n])
    pixels.push(face << 58n, (face << 58n) + (1n << 58n) - 1n, (face << 58n) | side);

  it("neighbours are symmetric, distinct and adjacent", () => {
    for (const p of pixels) {
      const nb = neighboursNestBig(29, p);
      const real = nb.filter((q) => q >= 0n);
      expect(real.length).toBeGreaterThanOrEqual(7);
      expect(new Set(real).size).toBe(real.length);
      const [ra, dec] = pix2angNestBig(29, p);
      for (const q of real) {
        expect(neighboursNestBig(29, q)).toContain(p);
        const [qra, qdec] = pix2angNestBig(29, q);
        // centres of adjacent order-29 pixels are < 2 pixel sizes (0.39 mas) apart
        expect(angDistDeg(ra, dec, qra, qdec) * 3.6e6).toBeLessThan(1.2);
      }
      // RING neighbours are the same pixels
      expect(
        neighboursRingBig(29, nest2ringBig(29, p)).map((q) => (q < 0n ? q : ring2nestBig(29, q))),
      ).toEqual(nb);
    }
  });

  it("boundaries enclose the centre: a point just inside each corner maps back to the pixel", () => {
    for (const p of pixels) {
      const [ra, dec] = pix2angNestBig(29, p);
      const corners = boundariesNestBig(29, p, 1);
      expect(ang2pixNestBig(29, ra, dec)).toBe(p);
      for (const [cra, cdec] of corners) {
        // 10 % of the way from the corner to the centre (RA difference taken across 0/360)
        let dra = ra - cra;
        if (dra > 180) dra -= 360;
        if (dra < -180) dra += 360;
        if (Math.abs(cdec) > 89.9999) continue; // the pole corner has no defined RA
        expect(ang2pixNestBig(29, cra + 0.1 * dra, cdec + 0.1 * (dec - cdec))).toBe(p);
        expect(angDistDeg(ra, dec, cra, cdec) * 3.6e6).toBeLessThan(0.6);
      }
    }
  });
});

import { describe, expect, it } from "vitest";
import {
  ang2pixNest,
  ang2pixNestBig,
  ang2pixRing,
  boundariesNest,
  maxPixrad,
  neighboursNest,
  nest2ring,
  nest2ringBig,
  nside2npix,
  nside2order,
  nside2pixarea,
  nside2resol,
  order2npix,
  order2nside,
  orderPix2uniq,
  orderPix2uniqBig,
  pix2angNest,
  pix2angNestBig,
  pix2angRing,
  queryDiscNest,
  queryDiscRing,
  queryPolygonNest,
  ring2nest,
  ring2nestBig,
  uniq2orderPix,
  uniq2orderPixBig,
} from "../../../src/sky/healpix/index.js";
import { angDistDeg, GOLDEN_ORDERS, readGolden, XorShift32 } from "./golden.js";

const rng = new XorShift32(777);
const randomPix = (order: number) => Number(rng.below(BigInt(12 * 4 ** order)));

type V = [number, number, number];
const vec = (ra: number, dec: number): V => {
  const r = Math.PI / 180;
  return [Math.cos(dec * r) * Math.cos(ra * r), Math.cos(dec * r) * Math.sin(ra * r), Math.sin(dec * r)];
};
const radec = (v: V): [number, number] => {
  const n = Math.hypot(v[0], v[1], v[2]);
  let ra = (Math.atan2(v[1], v[0]) * 180) / Math.PI;
  if (ra < 0) ra += 360;
  return [ra, (Math.asin(v[2] / n) * 180) / Math.PI];
};
const cross = (a: V, b: V): V => [
  a[1] * b[2] - a[2] * b[1],
  a[2] * b[0] - a[0] * b[2],
  a[0] * b[1] - a[1] * b[0],
];
const dot = (a: V, b: V) => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];

describe("round trips", () => {
  for (const order of [0, 1, 5, 10, 16, 20, 24]) {
    it(`pix -> ang -> pix and nest -> ring -> nest at order ${order}`, () => {
      for (let k = 0; k < 2000; k++) {
        const p = randomPix(order);
        const [ra, dec] = pix2angNest(order, p);
        expect(ang2pixNest(order, ra, dec)).toBe(p);
        const [rra, rdec] = pix2angRing(order, p);
        expect(ang2pixRing(order, rra, rdec)).toBe(p);
        expect(ring2nest(order, nest2ring(order, p))).toBe(p);
        expect(nest2ring(order, ring2nest(order, p))).toBe(p);
      }
    });
  }

  it("bigint round trips at orders 25-29 agree with the number API below 25", () => {
    for (let k = 0; k < 2000; k++) {
      const order = 25 + (k % 5);
      const p = rng.below(12n << BigInt(2 * order));
      const [ra, dec] = pix2angNestBig(order, p);
      expect(ang2pixNestBig(order, ra, dec)).toBe(p);
      expect(ring2nestBig(order, nest2ringBig(order, p))).toBe(p);
      // the parent at order 24 of the pixel is the order-24 pixel of its centre
      expect(Number(p >> BigInt(2 * (order - 24)))).toBe(ang2pixNest(24, ra, dec));
    }
    const p = randomPix(20);
    expect(nest2ringBig(20, BigInt(p))).toBe(BigInt(nest2ring(20, p)));
  });

  it("pixel centres are distinct and cover the sphere: every pixel of order 3 is hit once by its centre", () => {
    const seen = new Set<number>();
    for (let p = 0; p < order2npix(3); p++) seen.add(ang2pixNest(3, ...pix2angNest(3, p)));
    expect(seen.size).toBe(768);
  });
});

describe("neighbours", () => {
  for (const order of [1, 2, 3]) {
    it(`are symmetric; 24 pixels have only 7 neighbours (order ${order}, all pixels)`, () => {
      let missing = 0;
      for (let p = 0; p < order2npix(order); p++) {
        const nb = neighboursNest(order, p);
        expect(nb).toHaveLength(8);
        for (const q of nb) {
          if (q === -1) missing++;
          else expect(neighboursNest(order, q)).toContain(p);
        }
        expect(new Set(nb.filter((q) => q >= 0)).size).toBe(nb.filter((q) => q >= 0).length);
      }
      // 8 base-face vertices (at z = +-2/3) join only 3 faces (12 * 4 = 48 corners = 2 poles * 4
      // + 4 equator vertices * 4 + 8 * 3), and each of the 3 pixels touching one lacks a neighbour
      expect(missing).toBe(24);
    });
  }

  it("are adjacent on the sky at order 20 (centres within 2.5 pixel sizes)", () => {
    const size = (nside2resol(order2nside(20)) * 180) / Math.PI;
    for (let k = 0; k < 500; k++) {
      const p = randomPix(20);
      const [ra, dec] = pix2angNest(20, p);
      for (const q of neighboursNest(20, p)) {
        if (q < 0) continue;
        const [qra, qdec] = pix2angNest(20, q);
        expect(angDistDeg(ra, dec, qra, qdec)).toBeLessThan(2.5 * size);
        expect(neighboursNest(20, q)).toContain(p);
      }
    }
  });
});

describe("boundaries", () => {
  for (const order of [0, 3, 10, 24]) {
    it(`enclose the centre, and points just inside each boundary point map to the pixel (order ${order})`, () => {
      for (let k = 0; k < 300; k++) {
        const p = randomPix(order);
        const c = vec(...pix2angNest(order, p));
        const corners = boundariesNest(order, p, 1).map(([ra, dec]) => vec(ra, dec));
        // counter-clockwise N, W, S, E seen from outside: the centre is left of every edge
        for (let i = 0; i < 4; i++)
          expect(dot(cross(corners[i], corners[(i + 1) % 4]), c)).toBeGreaterThan(0);
        for (const b of boundariesNest(order, p, 3)) {
          const v = vec(...b);
          const t = 0.99;
          const inside: V = [c[0] + t * (v[0] - c[0]), c[1] + t * (v[1] - c[1]), c[2] + t * (v[2] - c[2])];
          expect(ang2pixNest(order, ...radec(inside))).toBe(p);
        }
      }
    });
  }
});

describe("disc and polygon queries", () => {
  const cases: [number, number, number, number][] = [
    [6, 33.3, -12.4, 3],
    [10, 200.1, 61.7, 0.7],
    [12, 55.65, -32.2, 0.2],
    [8, 0.2, 89.6, 1.5],
  ];
  for (const [order, ra, dec, r] of cases) {
    it(`exact disc is within the inclusive disc; centres inside iff within the radius; sampled points are covered (order ${order})`, () => {
      const exact = queryDiscNest(order, ra, dec, r);
      const inclusive = new Set(queryDiscNest(order, ra, dec, r, { inclusive: true }));
      for (const p of exact) expect(inclusive.has(p)).toBe(true);
      for (const p of exact)
        expect(angDistDeg(ra, dec, ...pix2angNest(order, p))).toBeLessThanOrEqual(r * (1 + 1e-12));
      const exactSet = new Set(exact);
      for (const p of inclusive) {
        if (!exactSet.has(p))
          expect(angDistDeg(ra, dec, ...pix2angNest(order, p))).toBeGreaterThan(r * (1 - 1e-12));
      }
      // random points in the disc all fall in inclusive pixels
      const c = vec(ra, dec);
      for (let k = 0; k < 2000; k++) {
        const d = (r * Math.sqrt(rng.unit())) / 57.29577951308232;
        const a = rng.unit() * 2 * Math.PI;
        const east = cross([0, 0, 1], c);
        const en = Math.hypot(...east) || 1;
        const e: V = [east[0] / en, east[1] / en, east[2] / en];
        const n = cross(c, e);
        const dir: V = [
          Math.cos(a) * e[0] + Math.sin(a) * n[0],
          Math.cos(a) * e[1] + Math.sin(a) * n[1],
          Math.cos(a) * e[2] + Math.sin(a) * n[2],
        ];
        const pt: V = [
          Math.cos(d) * c[0] + Math.sin(d) * dir[0],
          Math.cos(d) * c[1] + Math.sin(d) * dir[1],
          Math.cos(d) * c[2] + Math.sin(d) * dir[2],
        ];
        expect(inclusive.has(ang2pixNest(order, ...radec(pt)))).toBe(true);
      }
      // RING gives the same exact set
      expect(
        queryDiscRing(order, ra, dec, r)
          .map((q) => ring2nest(order, q))
          .sort((x, y) => x - y),
      ).toEqual(exact);
    });
  }

  it("polygon: exact within inclusive, inclusive covers sampled inside points, non-convex rejected", () => {
    const poly: [number, number][] = [
      [55.0, -32.5],
      [56.3, -32.6],
      [56.4, -31.9],
      [55.1, -31.8],
    ];
    const exact = queryPolygonNest(10, poly);
    const inclusive = new Set(queryPolygonNest(10, poly, { inclusive: true }));
    expect(exact.length).toBeGreaterThan(100);
    for (const p of exact) expect(inclusive.has(p)).toBe(true);
    for (let k = 0; k < 2000; k++) {
      const ra = 55.1 + rng.unit() * 1.1;
      const dec = -32.4 + rng.unit() * 0.5;
      expect(inclusive.has(ang2pixNest(10, ra, dec))).toBe(true);
    }
    expect(() =>
      queryPolygonNest(6, [
        [0, 0],
        [10, 0],
        [5, 2],
        [10, 10],
        [0, 10],
      ]),
    ).toThrow(/not convex/);
  });
});

describe("UNIQ, areas and resolutions", () => {
  it("packs uniq = 4 * 4^order + pix (hand values) and round-trips", () => {
    expect(orderPix2uniq(0, 0)).toBe(4);
    expect(orderPix2uniq(0, 11)).toBe(15);
    expect(orderPix2uniq(1, 0)).toBe(16);
    expect(orderPix2uniq(3, 5)).toBe(4 * 64 + 5);
    expect(orderPix2uniqBig(29, 0n)).toBe(1n << 60n);
    expect(uniq2orderPixBig((1n << 60n) + 12345n)).toEqual({ order: 29, pix: 12345n });
    for (const order of [0, 1, 7, 15, 24]) {
      for (let k = 0; k < 200; k++) {
        const p = randomPix(order);
        expect(uniq2orderPix(orderPix2uniq(order, p))).toEqual({ order, pix: p });
      }
    }
    for (const order of [25, 29]) {
      const p = rng.below(12n << BigInt(2 * order));
      expect(uniq2orderPixBig(orderPix2uniqBig(order, p))).toEqual({ order, pix: p });
    }
    expect(() => uniq2orderPix(3)).toThrow(RangeError);
  });

  it("order/nside/npix helpers by hand", () => {
    expect(order2nside(10)).toBe(1024);
    expect(nside2order(1024)).toBe(10);
    expect(() => nside2order(1000)).toThrow(RangeError);
    expect(nside2npix(1)).toBe(12);
    expect(order2npix(29)).toBe(12 * 2 ** 58);
    expect(nside2pixarea(1)).toBeCloseTo(Math.PI / 3, 15);
    expect(() => ang2pixNest(25, 0, 0)).toThrow(/bigint/);
    expect(() => ang2pixNest(3, 0, 91)).toThrow(RangeError);
    expect(() => pix2angNest(0, 12)).toThrow(RangeError);
  });

  for (const order of GOLDEN_ORDERS) {
    it(`pixel area, resolution and max_pixrad match healpy at order ${order}`, () => {
      const m = readGolden(`order_${String(order).padStart(2, "0")}.bin.gz`).meta;
      const nside = order2nside(order);
      const rel = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);
      expect(rel(nside2pixarea(nside), m.pixarea as number)).toBeLessThan(1e-15);
      expect(rel(nside2pixarea(nside, true), m.pixarea_deg2 as number)).toBeLessThan(1e-14);
      expect(rel(nside2resol(nside), m.resol as number)).toBeLessThan(1e-15);
      expect(rel(nside2resol(nside, true), m.resol_arcmin as number)).toBeLessThan(1e-14);
      expect(rel(maxPixrad(order), m.max_pixrad as number)).toBeLessThan(1e-12);
    });
  }
});

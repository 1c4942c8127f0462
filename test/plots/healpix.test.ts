import { describe, expect, it } from "vitest";
import { decodeTypedArray, type TypedArrayJson } from "../../src/plots/encode.js";
import { HEALPIX_UNSEEN, healpixRasterValues, healpixTraces } from "../../src/plots/healpix.js";
import { mapFrame } from "../../src/plots/map-frame.js";
import { rasterGrid } from "../../src/plots/raster.js";
import { ang2pixNest, ang2pixRing } from "../../src/sky/healpix/index.js";
import { mocFromCells } from "../../src/sky/moc/index.js";

describe("HEALPix raster", () => {
  const frame = mapFrame({ type: "mollweide", center: [180, 0] });

  it.each([
    [3, true],
    [3, false],
    [6, true],
  ] as const)(
    "order %i nest=%s: every drawn cell holds the value of ang2pix at its centre",
    (order, nest) => {
      const npix = 12 * 4 ** order;
      const values = Float64Array.from({ length: npix }, (_, i) => i);
      const trace = healpixTraces(frame, { order, nest, values }, { width: 120 })[0];
      const z = decodeTypedArray(trace.z as TypedArrayJson);
      const [h, w] = (trace.z as TypedArrayJson).shape!.split(",").map(Number);
      expect(z.length).toBe(h * w);
      let checked = 0;
      for (let j = 0; j < h; j++)
        for (let i = 0; i < w; i++) {
          const x = (trace.x0 as number) + i * (trace.dx as number);
          const y = (trace.y0 as number) + j * (trace.dy as number);
          const sky = frame.projection.invert(x, y);
          const v = z[j * w + i];
          if (sky === null) {
            expect(v).toBeNaN();
            continue;
          }
          const expected = nest ? ang2pixNest(order, sky[0], sky[1]) : ang2pixRing(order, sky[0], sky[1]);
          expect(v).toBe(Math.fround(expected));
          checked++;
        }
      expect(checked).toBeGreaterThan(0.7 * w * h);
    },
  );

  it("no-data (NaN, UNSEEN, absent from a sparse map) stays NaN; zero stays zero", () => {
    const order = 1;
    const grid = rasterGrid(frame.projection, frame.extent, 80, 40);
    const values = new Float64Array(48).fill(0);
    values[5] = Number.NaN;
    values[6] = HEALPIX_UNSEEN;
    const dense = healpixRasterValues({ order, values }, grid);
    const sparse = healpixRasterValues({ order, pixels: [7, 8], values: [0, 2] }, grid);
    let zeros = 0;
    for (let i = 0; i < dense.length; i++) {
      if (!Number.isFinite(grid.ra[i])) {
        expect(dense[i]).toBeNaN();
        continue;
      }
      const pix = ang2pixNest(order, grid.ra[i], grid.dec[i]);
      if (pix === 5 || pix === 6) expect(dense[i]).toBeNaN();
      else {
        expect(dense[i]).toBe(0);
        zeros++;
      }
      if (pix === 7) expect(sparse[i]).toBe(0);
      else if (pix === 8) expect(sparse[i]).toBe(2);
      else expect(sparse[i]).toBeNaN();
    }
    expect(zeros).toBeGreaterThan(0);
  });

  it("a MOC is drawn as 1 inside and no-data outside", () => {
    const grid = rasterGrid(frame.projection, frame.extent, 60, 30);
    const z = healpixRasterValues({ moc: mocFromCells(2, [10, 11, 100]) }, grid);
    for (let i = 0; i < z.length; i++) {
      if (!Number.isFinite(grid.ra[i])) continue;
      const pix = ang2pixNest(2, grid.ra[i], grid.dec[i]);
      if ([10, 11, 100].includes(pix)) expect(z[i]).toBe(1);
      else expect(z[i]).toBeNaN();
    }
  });

  it("log scale and percentile clipping set the colour range from finite values", () => {
    const values = Float64Array.from({ length: 48 }, (_, i) => 10 ** (i % 4));
    const t = healpixTraces(frame, { order: 1, values }, { width: 100, log: true, clip: [0, 100] })[0];
    expect(t.zmin).toBeCloseTo(0, 6);
    expect(t.zmax).toBeCloseTo(3, 6);
    expect(() => healpixTraces(frame, { order: 1, values: [1, 2, 3] })).toThrow(/needs 48 values/);
  });
});

import { describe, expect, it } from "vitest";
import { sphereExtent } from "../../src/plots/frame.js";
import { mapFrame } from "../../src/plots/map-frame.js";
import { projectPoints } from "../../src/plots/points.js";
import { type ProjectionName, skyProjection } from "../../src/plots/projection.js";
import { rasterGrid } from "../../src/plots/raster.js";

const WHOLE: ProjectionName[] = ["mollweide", "hammer", "mbtfpq", "aitoff"];

describe("skyProjection", () => {
  it.each(WHOLE)("%s centred on RA 0: RA 10° is left of RA 0° at the same Dec, north is up", (type) => {
    const p = skyProjection({ type, center: [0, 0] });
    for (const dec of [-60, 0, 45]) {
      const a = p.project(0, dec);
      const b = p.project(10, dec);
      const c = p.project(350, dec);
      expect(b?.[0]).toBeLessThan(a?.[0] ?? Number.NaN);
      expect(c?.[0]).toBeGreaterThan(a?.[0] ?? Number.NaN);
    }
    expect(p.project(0, 30)?.[1]).toBeGreaterThan(0);
    expect(p.project(0, -30)?.[1]).toBeLessThan(0);
    expect(p.project(0, 0)?.[0]).toBeCloseTo(0, 12);
  });

  it("Mollweide matches the closed form at known points", () => {
    const p = skyProjection({ type: "mollweide", center: [0, 0] });
    // x = −(2√2/π) λ cos θ, y = √2 sin θ with 2θ + sin 2θ = π sin φ; at φ = 0: θ = 0; at φ = 90°: θ = 90°.
    expect(p.project(90, 0)?.[0]).toBeCloseTo(-Math.SQRT2, 10);
    expect(p.project(0, 90)?.[1]).toBeCloseTo(Math.SQRT2, 10);
    expect(p.project(180 - 1e-9, 0)?.[0]).toBeCloseTo(-2 * Math.SQRT2, 6);
  });

  it.each([...WHOLE, "gnomonic", "orthographic"] as ProjectionName[])(
    "%s inverts its own projection",
    (type) => {
      const p = skyProjection({ type, center: [55.65, -32.2], clipAngle: 30 });
      for (const [ra, dec] of [
        [55.65, -32.2],
        [60, -30],
        [50.5, -40],
      ]) {
        const xy = p.project(ra, dec);
        expect(xy).not.toBeNull();
        const back = p.invert(xy![0], xy![1]);
        expect(back![0]).toBeCloseTo(ra, 7);
        expect(back![1]).toBeCloseTo(dec, 7);
      }
    },
  );

  it("returns null outside the sphere and beyond a local clip angle", () => {
    const m = skyProjection({ type: "mollweide" });
    expect(m.invert(2.8, 1.3)).toBeNull();
    const g = skyProjection({ type: "gnomonic", center: [55.65, -32.2], clipAngle: 5 });
    expect(g.project(200, 10)).toBeNull(); // the antipode would otherwise land at the centre
    expect(g.project(55.65, -38)).toBeNull();
    expect(g.project(55.65, -36)).not.toBeNull();
    expect(m.project(10, -90.5)).toBeNull();
    expect(m.project(Number.NaN, 0)).toBeNull();
  });

  it("rejects unknown projections and bad clip angles", () => {
    expect(() => skyProjection({ type: "mercator" as ProjectionName })).toThrow(/unknown projection/);
    expect(() => skyProjection({ type: "gnomonic", clipAngle: 90 })).toThrow(/clipAngle/);
  });

  it("projectPoints drops invalid positions and keeps row indices", () => {
    const frame = mapFrame({ center: [0, 0] });
    const p = projectPoints(frame, [10, Number.NaN, 20, 30], [0, 0, -91, 5]);
    expect(Array.from(p.rows)).toEqual([0, 3]);
    expect(p.x[0]).toBeCloseTo(frame.projection.project(10, 0)![0], 6);
  });

  it("the raster marks cells outside the projected sphere as NaN (π/4 of a Mollweide box is sky)", () => {
    const p = skyProjection({ type: "mollweide" });
    const grid = rasterGrid(p, sphereExtent(p), 200, 100);
    let inside = 0;
    for (let i = 0; i < grid.ra.length; i++) if (Number.isFinite(grid.ra[i])) inside++;
    expect(inside / grid.ra.length).toBeCloseTo(Math.PI / 4, 2);
    // Corner cell: outside; centre cell: inside near (180, 0).
    expect(grid.ra[0]).toBeNaN();
    const c = 50 * 200 + 100;
    expect(grid.ra[c]).toBeGreaterThan(178);
    expect(Math.abs(grid.dec[c])).toBeLessThan(2);
  });

  it.each([
    ["gnomonic", 30],
    ["orthographic", 90],
    ["orthographic", 40],
  ] as const)(
    "a %s raster (clip %d°) equals the cell-by-cell round-trip inversion, rim included",
    (type, clip) => {
      const p = skyProjection({ type, center: [55.6, -32.1], clipAngle: clip });
      const r =
        1.1 * (type === "gnomonic" ? Math.tan((clip * Math.PI) / 180) : Math.sin((clip * Math.PI) / 180));
      const grid = rasterGrid(p, [-r, r, -r, r], 120, 120);
      let sky = 0;
      for (let j = 0; j < 120; j++)
        for (let i = 0; i < 120; i++) {
          const q = p.invert(grid.x0 + i * grid.dx, grid.y0 + j * grid.dy);
          const k = j * 120 + i;
          if (q === null) expect(grid.ra[k]).toBeNaN();
          else {
            sky++;
            expect(grid.ra[k]).toBe(q[0]);
            expect(grid.dec[k]).toBe(q[1]);
          }
        }
      // the clip disc covers π/4 of its bounding square, which is 1/1.21 of the raster
      expect(sky / 14400).toBeCloseTo(Math.PI / 4 / 1.21, 2);
    },
  );
});

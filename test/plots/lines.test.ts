import { describe, expect, it } from "vitest";
import { type ProjectedLines, projectLines, projectPolygons, windForD3 } from "../../src/plots/lines.js";
import { skyProjection } from "../../src/plots/projection.js";
import { boundariesNest } from "../../src/sky/healpix/index.js";

/** Split a null-separated trace into its parts. */
function parts(lines: ProjectedLines): [number, number][][] {
  const out: [number, number][][] = [[]];
  for (let i = 0; i < lines.x.length; i++) {
    if (lines.x[i] === null) out.push([]);
    else out[out.length - 1].push([lines.x[i] as number, lines.y[i] as number]);
  }
  return out.filter((p) => p.length > 0);
}

/** Largest jump between consecutive vertices of any part: a smeared polygon jumps across the map. */
function maxJump(lines: ProjectedLines): number {
  let max = 0;
  for (const part of parts(lines))
    for (let i = 1; i < part.length; i++)
      max = Math.max(max, Math.hypot(part[i][0] - part[i - 1][0], part[i][1] - part[i - 1][1]));
  return max;
}

const SEAM_BOX: [number, number][] = [
  [350, -5],
  [10, -5],
  [10, 5],
  [350, 5],
];

describe("seam and pole handling", () => {
  it("a box across RA 0/360 on a map centred on RA 180 is cut into two parts, one at each edge", () => {
    const p = skyProjection({ type: "mollweide", center: [180, 0] });
    const out = projectPolygons(p, [SEAM_BOX]);
    const ps = parts(out);
    expect(ps).toHaveLength(2);
    const sides = ps.map((part) => Math.sign(part.reduce((s, q) => s + q[0], 0)));
    expect(sides.sort()).toEqual([-1, 1]);
    for (const part of ps) {
      // each part hugs an edge: |x| ≥ |x| of the corner RA 10°, Dec 5° (RA 350° on the other side)
      for (const q of part) expect(Math.abs(q[0])).toBeGreaterThan(Math.abs(p.project(10, 5)![0]) - 1e-6);
    }
    expect(maxJump(out)).toBeLessThan(0.3);
  });

  it("the same box on a map centred on RA 0 is one part around the centre", () => {
    const p = skyProjection({ type: "hammer", center: [0, 0] });
    const ps = parts(projectPolygons(p, [SEAM_BOX]));
    expect(ps).toHaveLength(1);
    for (const q of ps[0]) expect(Math.abs(q[0])).toBeLessThan(0.2);
  });

  it("a polar cap is drawn as one region reaching the pole, not smeared", () => {
    const p = skyProjection({ type: "mollweide", center: [180, 0] });
    const cap: [number, number][] = [0, 60, 120, 180, 240, 300].map((ra) => [ra, 75]);
    const out = projectPolygons(p, [cap]);
    const ys = out.y.filter((v): v is number => v !== null);
    expect(Math.max(...ys)).toBeCloseTo(Math.SQRT2, 3); // the pole is on the outline
    expect(Math.min(...ys)).toBeGreaterThan(p.project(0, 76)![1] - 0.2);
    expect(maxJump(out)).toBeLessThan(3); // edges along the cut run along the map edge, in small steps
  });

  it("HEALPix pixels across RA 0 are cut into parts on both edges; no pixel is smeared across the map", () => {
    const p = skyProjection({ type: "mollweide", center: [180, 0] });
    let straddling = 0;
    for (let pix = 0; pix < 192; pix++) {
      const ring = boundariesNest(2, pix, 4);
      for (const r of [ring, ring.slice().reverse()]) {
        const out = projectPolygons(p, [r]);
        // A smeared outline would jump across the map (~5.7 units); the polar pixels' cut edges follow the
        // map edge in small steps.
        expect(maxJump(out)).toBeLessThan(0.5);
        const east = ring.some((v) => v[0] > 0.5 && v[0] < 90);
        const west = ring.some((v) => v[0] > 270 && v[0] < 359.5);
        if (east && west && ring.every((v) => Math.abs(v[1]) < 85)) {
          const sides = new Set(parts(out).map((part) => Math.sign(part.reduce((s, q) => s + q[0], 0))));
          expect(sides).toEqual(new Set([-1, 1]));
          straddling++;
        }
      }
    }
    expect(straddling).toBeGreaterThanOrEqual(8);
  });

  it("the north polar HEALPix pixel reaches the top of the map", () => {
    const p = skyProjection({ type: "mollweide", center: [180, 0] });
    const out = projectPolygons(p, [boundariesNest(0, 0, 8)]);
    const ys = out.y.filter((v): v is number => v !== null);
    expect(Math.max(...ys)).toBeCloseTo(Math.SQRT2, 3);
  });

  it("windForD3 reverses counter-clockwise rings so the small side is inside", () => {
    const ccw: [number, number][] = [
      [10, 0],
      [20, 0],
      [20, 10],
      [10, 10],
    ];
    const w = windForD3(ccw);
    expect(w[0]).toEqual(w[w.length - 1]);
    expect(windForD3(w.slice(0, -1))).toEqual(w);
  });

  it("a line across the seam is cut; a line elsewhere is not", () => {
    const p = skyProjection({ center: [180, 0] });
    expect(
      projectLines(p, [
        [
          [350, 0],
          [10, 0],
        ],
      ]).parts,
    ).toEqual([0, 0]);
    expect(
      projectLines(p, [
        [
          [100, 0],
          [120, 0],
        ],
      ]).parts,
    ).toEqual([0]);
  });
});

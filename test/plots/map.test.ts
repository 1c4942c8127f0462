import { describe, expect, it } from "vitest";
import { decodeTypedArray, type TypedArrayJson, typedArrayJson } from "../../src/plots/encode.js";
import { skyMap, tractMap } from "../../src/plots/map.js";
import { mapFrame } from "../../src/plots/map-frame.js";
import { densityGrid, pointsTraces, projectPoints } from "../../src/plots/points.js";
import { patchFrame } from "../../src/plots/tract.js";
import type { Trace } from "../../src/plots/types.js";
import { dc2SkyMap } from "../../src/sky/skymap/index.js";

/** Even-odd point-in-polygon in the plane. */
function insidePlanar(poly: [number, number][], x: number, y: number): boolean {
  let inside = false;
  for (let i = 0, j = poly.length - 1; i < poly.length; j = i++) {
    const [xi, yi] = poly[i];
    const [xj, yj] = poly[j];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

function partsOf(trace: Trace): [number, number][][] {
  const xs = trace.x as (number | null)[];
  const ys = trace.y as (number | null)[];
  const out: [number, number][][] = [[]];
  xs.forEach((x, i) => {
    if (x === null) out.push([]);
    else out[out.length - 1].push([x, ys[i] as number]);
  });
  return out.filter((p) => p.length > 0);
}

describe("skyMap figure", () => {
  it("hides the axes, keeps equal aspect and puts the frame's extent as the ranges", () => {
    const map = skyMap({ type: "mollweide", center: [0, 0] }).points({
      ra: [10, 0],
      dec: [0, 0],
      key: ["a", "b"],
    });
    const fig = map.figure({ title: "t", provenance: { table: "Object", version: "9.9.9" } });
    const layout = fig.layout as Record<string, Record<string, unknown>>;
    expect(layout.xaxis.visible).toBe(false);
    expect(layout.yaxis.scaleanchor).toBe("x");
    expect(layout.xaxis.range).toEqual([map.frame.extent[0], map.frame.extent[1]]);
    const points = fig.data.find((t) => t.type === "scattergl")!;
    const x = decodeTypedArray(points.x as TypedArrayJson);
    expect(x[0]).toBeLessThan(x[1]); // RA 10° left of RA 0°
    expect(points.text).toEqual(["a", "b"]);
    const custom = decodeTypedArray(points.customdata as TypedArrayJson);
    expect(Array.from(custom)).toEqual([10, 0, 0, 0]);
    // graticule added by default, caption carries the provenance
    expect(fig.data.some((t) => t.name === "graticule")).toBe(true);
    const title = (fig.layout as { title: { text: string; subtitle: { text: string } } }).title;
    expect(title.text).toBe("t");
    expect(title.subtitle.text).toBe("table Object · skygate 9.9.9");
  });

  it("switches to a density raster past the threshold, counting every point once", () => {
    const frame = mapFrame({ center: [0, 0] });
    const n = 5000;
    const ra = Float64Array.from({ length: n }, (_, i) => (i * 0.07) % 360);
    const dec = Float64Array.from({ length: n }, (_, i) => ((i * 0.013) % 170) - 85);
    const scatter = pointsTraces(frame, { ra, dec }, { densityThreshold: n });
    expect(scatter[0].type).toBe("scattergl");
    const density = pointsTraces(
      frame,
      { ra, dec },
      { densityThreshold: n - 1, log: false, densityWidth: 100 },
    );
    expect(density[0].type).toBe("heatmap");
    const z = decodeTypedArray(density[0].z as TypedArrayJson);
    let total = 0;
    for (const v of z) if (Number.isFinite(v)) total += v;
    expect(total).toBe(n);
    expect(
      Array.from(densityGrid(frame, projectPoints(frame, [0], [0]), 4, 2)).filter(Number.isFinite),
    ).toEqual([1]);
  });

  it("colours by category with one trace per category", () => {
    const frame = mapFrame();
    const traces = pointsTraces(frame, {
      ra: [1, 2, 3],
      dec: [0, 0, 0],
      category: ["star", "galaxy", "star"],
    });
    expect(traces.map((t) => t.name)).toEqual(["star", "galaxy"]);
  });

  it("DP0.2 tract 4431: the point (55.65, −32.2) lies inside patch 17's outline and no other", () => {
    const map = tractMap(dc2SkyMap, 4431).points({ ra: [55.65], dec: [-32.2] });
    expect(map.frame.projection.type).toBe("gnomonic");
    const fig = map.figure();
    const patches = fig.data.find((t) => t.name === "patches")!;
    const parts = partsOf(patches);
    expect(parts).toHaveLength(49);
    const p = map.frame.projection.project(55.65, -32.2)!;
    const containing = parts
      .map((part, i) => (insidePlanar(part, p[0], p[1]) ? i : -1))
      .filter((i) => i >= 0);
    expect(containing).toEqual([17]);
    const labels = fig.data.find(
      (t) => Array.isArray(t.text) && (t.text as string[]).includes("17") && t.mode === "text",
    )!;
    expect((labels.text as string[]).length).toBe(49);
    // the point is inside the frame
    const [x0, x1, y0, y1] = map.frame.extent;
    expect(p[0] > x0 && p[0] < x1 && p[1] > y0 && p[1] < y1).toBe(true);
  });

  it("a patch frame holds the DP0.2 point of patch 17 and not the centre of patch 16", () => {
    const frame = patchFrame(dc2SkyMap, 4431, 17);
    const inside = (ra: number, dec: number) => {
      const p = frame.projection.project(ra, dec);
      const [x0, x1, y0, y1] = frame.extent;
      return p !== null && p[0] > x0 && p[0] < x1 && p[1] > y0 && p[1] < y1;
    };
    expect(inside(55.65, -32.2)).toBe(true);
    const c16 = dc2SkyMap.tract(4431).patch(16).center;
    expect(inside(c16[0], c16[1])).toBe(false);
  });

  it("missing patches are hatched", () => {
    const fig = tractMap(dc2SkyMap, 4431, { missing: [3] }).figure();
    const missing = fig.data.find((t) => t.name === "missing patches")!;
    expect((missing.fillpattern as { shape: string }).shape).toBe("/");
    expect(partsOf(missing)).toHaveLength(1);
  });

  it("typedArrayJson round-trips and checks 2-D shapes", () => {
    const a = new Float32Array([1.5, -2, Number.NaN]);
    const back = decodeTypedArray(typedArrayJson(a));
    expect(back[0]).toBe(1.5);
    expect(back[2]).toBeNaN();
    expect(typedArrayJson(new Uint8Array(6), [2, 3]).shape).toBe("2,3");
    expect(() => typedArrayJson(new Uint8Array(5), [2, 3])).toThrow(/shape/);
  });
});

import { describe, expect, it } from "vitest";
import type { CheckResult } from "../../src/core/results.js";
import { captionText } from "../../src/plots/caption.js";
import { familyBandCells, familyBandHeatmap, patchHeatmap } from "../../src/plots/diagnostics/heatmaps.js";
import { columnHistogram, histogramCounts } from "../../src/plots/diagnostics/histogram.js";
import { checkOverview } from "../../src/plots/diagnostics/overview.js";
import { findingPositions } from "../../src/plots/findings.js";
import { figureJson } from "../../src/plots/html.js";

function result(
  partial: Partial<CheckResult> & Pick<CheckResult, "table" | "check" | "status">,
): CheckResult {
  return {
    id: `${partial.table}.${partial.column ?? ""}.${partial.check}`,
    column: null,
    failing: 0,
    total: 100,
    message: "",
    sample: [],
    ...partial,
  };
}

describe("histogram", () => {
  it("counts inside and outside the range and every non-finite value", () => {
    const values = [-1, 0, 0.5, 1, 2, 3, Number.NaN, Number.NaN, Infinity, -Infinity];
    const c = histogramCounts(values, { bins: 4, range: { min: 0, max: 2 } });
    const sum = (a: Float64Array) => a.reduce((s, v) => s + v, 0);
    expect(sum(c.outside)).toBe(2); // -1 and 3
    expect(sum(c.inside)).toBe(4);
    expect([c.nan, c.posInf, c.negInf]).toEqual([2, 1, 1]);
    const fig = columnHistogram(values, { range: { min: 0, max: 2 }, nulls: 5, flagged: 3 });
    const side = fig.data[2] as { y: string[]; x: number[] };
    expect(Object.fromEntries(side.y.map((k, i) => [k, side.x[i]]))).toEqual({
      NaN: 2,
      null: 5,
      "+Inf": 1,
      "−Inf": 1,
      "flag set": 3,
    });
    expect((fig.layout as { shapes: unknown[] }).shapes).toHaveLength(2);
  });

  it("folds heavy tails into the end bins and says so", () => {
    const values = Float64Array.from({ length: 5000 }, (_, i) => (i === 0 ? 1e12 : i % 100));
    const c = histogramCounts(values, { bins: 10 });
    expect(c.above).toBe(1);
    expect(c.inside.reduce((s, v) => s + v, 0)).toBe(5000);
  });
});

describe("heat maps and overview", () => {
  const results: CheckResult[] = [
    result({
      table: "Object",
      column: "g_psfFlux",
      check: "nanWithoutFlag",
      status: "fail",
      failing: 27,
      total: 1500,
    }),
    result({
      table: "Object",
      column: "r_psfFlux",
      check: "nanWithoutFlag",
      status: "pass",
      failing: 0,
      total: 1500,
    }),
    result({ table: "Object", column: "g_cModelFlux", check: "nanWithoutFlag", status: "pass", total: 1500 }),
    result({ table: "Object", column: "r_cModelFlux", check: "nanWithoutFlag", status: "error", total: 0 }),
    result({
      table: "Source",
      column: "ra",
      check: "raDec",
      status: "fail",
      failing: 2,
      total: 10,
      sample: [{ row: 1, ra: 10, dec: 5 }, { row: 2, ra: 10, dec: -95 }, { row: 3 }],
    }),
    result({ table: "Source", column: null, check: "unique", status: "pass" }),
  ];

  it("family × band cells come from <band>_<family> columns; families without failure are left out", () => {
    const cells = familyBandCells(results, "nanWithoutFlag");
    expect(cells).toHaveLength(3); // the errored result is not a rate
    const fig = familyBandHeatmap(cells);
    const t = fig.data[0] as { y: string[]; x: string[]; z: (number | null)[][] };
    expect(t.y).toEqual(["psfFlux"]);
    expect(t.x).toEqual(["g", "r"]);
    expect(t.z[0][0]).toBeCloseTo(27 / 1500, 12);
    expect(t.z[0][1]).toBe(0);
  });

  it("patch heat map: missing patches are null and hatched, zero stays zero", () => {
    const fig = patchHeatmap(
      new Map([
        [0, 0],
        [17, 120],
      ]),
    );
    const z = (fig.data[0] as { z: (number | null)[][] }).z;
    expect(z[0][0]).toBe(0);
    expect(z[2][3]).toBe(120); // patch 17 = 7·2 + 3
    expect(z[0][1]).toBeNull();
    const hatch = fig.data[1] as { x: (number | null)[] };
    expect(hatch.x.filter((v) => v === null)).toHaveLength(46); // 47 missing patches, 46 separators
  });

  it("overview: status counts per table and worst failure rate per table × check", () => {
    const fig = checkOverview(results);
    const bars = fig.data.slice(0, 4) as { name: string; y: string[]; x: number[] }[];
    const fail = bars.find((b) => b.name === "fail")!;
    expect(fail.y).toEqual(["Object", "Source"]);
    expect(fail.x).toEqual([1, 1]);
    const heat = fig.data[4] as { x: string[]; y: string[]; z: (number | null)[][] };
    const at = (t: string, c: string) => heat.z[heat.y.indexOf(t)][heat.x.indexOf(c)];
    expect(at("Object", "nanWithoutFlag")).toBeCloseTo(27 / 1500, 12);
    expect(at("Source", "raDec")).toBeCloseTo(0.2, 12);
    expect(at("Source", "unique")).toBe(0);
    expect(at("Object", "unique")).toBeNull();
  });

  it("puts the check map below the bars when its kinds would not fit beside them", () => {
    const layoutOf = (kinds: number) =>
      checkOverview(
        Array.from({ length: kinds }, (_, i) =>
          result({ table: "Object", check: `kind${i}`, status: "pass" }),
        ),
      ).layout as { width: number; xaxis2: { domain: number[] }; yaxis2: { domain?: number[] } };
    const few = layoutOf(5);
    expect(few.xaxis2.domain).toEqual([0.42, 1]);
    expect(few.yaxis2.domain).toBeUndefined();
    const many = layoutOf(30); // a gate: suite kinds plus its metrics
    expect(many.width).toBeLessThanOrEqual(1100);
    expect(many.xaxis2.domain).toEqual([0, 1]);
    expect(many.yaxis2.domain?.[1]).toBeLessThan(0.5);
  });

  it("finding positions keep only samples with a position", () => {
    const g = findingPositions(results);
    expect(g).toHaveLength(1);
    expect(g[0].ra).toEqual([10, 10]);
  });

  it("captions say what the figure was made from", () => {
    expect(
      captionText({ sources: ["a.parquet", "b.parquet", "c", "d"], table: "Object", tract: 4431, band: "r" }),
    ).toBe(
      "table Object · from a.parquet, b.parquet, c (+1 more) · tract 4431 · band r · skygate (version unknown)",
    );
  });

  it("figure JSON is script-safe and encodes typed arrays as bdata", () => {
    const json = figureJson({
      data: [{ name: "</script>", x: new Float64Array([1, 2]), y: [Number.NaN, 1] }],
    });
    expect(json).not.toContain("</");
    expect(JSON.parse(json).data[0].x.dtype).toBe("f8");
    expect(JSON.parse(json).data[0].y).toEqual([null, 1]);
  });
});

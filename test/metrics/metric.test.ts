// Metrics from profiles: names, units and data ids (hand-built profiles).
import { describe, expect, it } from "vitest";
import { formatDataId, parseDataId, partitionMetrics, tableMetrics } from "../../src/metrics/metric.js";
import type { TableProfile } from "../../src/metrics/types.js";

const profile: TableProfile = {
  rows: 4,
  sources: ["a.parquet"],
  columns: {
    g_psfFlux: {
      type: "double",
      rows: 4,
      nulls: 1,
      nan: 1,
      posInf: 0,
      negInf: 0,
      min: 1,
      max: 3,
      mean: 2,
      stddev: Math.SQRT2,
      distinct: null,
    },
    g_psfFlux_flag: { type: "boolean", rows: 4, nulls: 0, true: 1, false: 3 },
  },
};

describe("metrics", () => {
  it("round-trips data ids", () => {
    expect(formatDataId({ tract: 4431, band: "r", patch: 12 })).toBe("band=r,patch=12,tract=4431");
    expect(parseDataId("band=r,patch=12,tract=4431")).toEqual({ band: "r", patch: 12, tract: 4431 });
    expect(parseDataId("")).toEqual({});
  });

  it("names metrics TABLE.COLUMN.STAT with units and fractions", () => {
    const metrics = tableMetrics("Object", profile, { g_psfFlux: "nJy" }, { tract: 4431 });
    const byName = new Map(metrics.map((m) => [m.name, m]));
    expect(byName.get("Object.rows")).toEqual({
      name: "Object.rows",
      value: 4,
      unit: "count",
      dataId: { tract: 4431 },
    });
    expect(byName.get("Object.g_psfFlux.nanFraction")?.value).toBe(0.25);
    expect(byName.get("Object.g_psfFlux.mean")).toMatchObject({ value: 2, unit: "nJy" });
    expect(byName.get("Object.g_psfFlux_flag.trueFraction")?.value).toBe(0.25);
    expect(byName.has("Object.g_psfFlux.distinctCount")).toBe(false);
  });

  it("tags partition metrics with their data id", () => {
    const metrics = partitionMetrics("Object", { "4431": profile, "band=r,tract=4432": profile }, "tract");
    expect(metrics.find((m) => m.name === "Object.rows" && m.dataId.tract === 4431)).toBeDefined();
    expect(metrics.find((m) => m.name === "Object.rows" && m.dataId.band === "r")?.dataId).toEqual({
      band: "r",
      tract: 4432,
    });
  });
});

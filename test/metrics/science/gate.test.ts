// Science metrics as gate metrics: names parse against the registry, units and inputs are checked before any
// work (with the gate file's line), values are judged in the gate's unit.
import { describe, expect, it } from "vitest";
import { checkMetricSpecs, judgeMetric, measure, parseMetricName } from "../../../src/gate/metrics.js";
import type { MetricSpec } from "../../../src/gate/types.js";
import type { Metric } from "../../../src/metrics/metric.js";
import { SCIENCE_METRICS } from "../../../src/metrics/science/registry.js";

const spec = (metric: string, unit = ""): MetricSpec => ({
  metric,
  unit,
  operator: ">=",
  levels: { minimum: 0.5 },
  require: "minimum",
  line: 7,
});
const tables = new Map([
  [
    "Object",
    new Map<string, string | undefined>([
      ["tract", undefined],
      ["patch", undefined],
    ]),
  ],
  ["Source", new Map<string, string | undefined>([["psfFlux", "nJy"]])],
]);

describe("science metrics in gates", () => {
  it("every registered metric has a unit, a data id, a definition and a citation", () => {
    for (const m of SCIENCE_METRICS) {
      expect(m.unit, m.name).not.toBe("");
      expect(m.dataId.length, m.name).toBeGreaterThan(0);
      expect(m.definition.length, m.name).toBeGreaterThan(20);
      expect(m.cite, m.name).toMatch(/faro|analysis_tools|SRD|LPM-17|RTN|skymap/);
    }
  });

  it("parses summaries and data-id selections; unregistered names stay column statistics", () => {
    expect(parseMetricName("Object.objectDensityRatio.min")).toEqual({
      kind: "science",
      table: "Object",
      name: "objectDensityRatio",
      summary: "min",
      where: {},
    });
    expect(parseMetricName("Object.nanRate{family=psfFlux,band=g}")).toMatchObject({
      kind: "science",
      summary: null,
      where: { family: "psfFlux", band: "g" },
    });
    expect(parseMetricName("Object.g_psfFlux.nanRate")?.kind).toBe("column");
  });

  it("rejects a wrong unit, a table the metric is not measured on, and absent columns, naming the line", () => {
    expect(() => checkMetricSpecs("g.yaml", [spec("Object.objectDensity.min", "mag")], tables)).toThrow(
      /g\.yaml.*7.*does not fit objectDensity.*"arcmin-2"/s,
    );
    expect(() => checkMetricSpecs("g.yaml", [spec("Source.objectDensity.min", "arcmin-2")], tables)).toThrow(
      /measured on Object, not Source/,
    );
    const noPatch = new Map([["Object", new Map<string, string | undefined>([["tract", undefined]])]]);
    expect(() => checkMetricSpecs("g.yaml", [spec("Object.objectDensity.min", "deg-2")], noPatch)).toThrow(
      /needs column patch of Object/,
    );
    expect(() =>
      checkMetricSpecs("g.yaml", [spec("Object.objectDensity.min", "deg-2")], tables),
    ).not.toThrow();
  });

  it("measures the selected, summarized value and converts it to the gate's unit", () => {
    const values: Metric[] = [
      { name: "Object.objectDensity", value: 0.2, unit: "arcmin-2", dataId: { tract: 1, patch: 0 } },
      { name: "Object.objectDensity", value: 0.1, unit: "arcmin-2", dataId: { tract: 1, patch: 1 } },
    ];
    const science = new Map([["Object.objectDensity", values]]);
    const target = parseMetricName("Object.objectDensity.min");
    if (target === undefined) throw new Error("no target");
    expect(measure(target, {}, [], science)).toBe(0.1);
    const judged = judgeMetric(
      { ...spec("Object.objectDensity.min", "deg-2"), levels: { minimum: 300 } },
      0.1,
      "arcmin-2",
    );
    expect(judged.outcome.value).toBeCloseTo(360, 10);
    expect(judged.result.status).toBe("pass");
    const one = parseMetricName("Object.objectDensity");
    if (one === undefined) throw new Error("no target");
    expect(measure(one, {}, [], science)).toBeNull(); // two patches and no summary: ambiguous, so not measured
    expect(
      measure(target, {}, [], new Map([["Object.objectDensity", "table Object has no column patch"]])),
    ).toBeNull();
  });
});

describe("the shipped repeatability gate", () => {
  it("passes the bundled repeated-measurement fixture at the SRD minimum, PA1 and AM1 near their analytic values", async () => {
    const { loadGate } = await import("../../../src/gate/parse.js");
    const { runGate } = await import("../../../src/gate/run.js");
    const { ArrowEngine } = await import("../../../src/engines/arrow/arrow-engine.js");
    const report = await runGate(loadGate("gates/repeatability.yaml"), {
      engines: { engineFor: () => new ArrowEngine() },
      version: "test",
      today: "2026-12-06",
    });
    expect(report.status).toBe("pass");
    const value = (name: string) => report.metrics.find((m) => m.metric === name)?.value as number;
    // σ_phot = 7 mmag, σ_astrom = 10 mas, 5 visits: PA1 ≈ 7·√(3.357/5) = 5.74, AM1 ≈ 10·√(3.357/2) = 12.96.
    expect(value("ForcedSource.PA1.max")).toBeGreaterThan(5.2);
    expect(value("ForcedSource.PA1.max")).toBeLessThan(6.4);
    expect(value("Source.AM1.max")).toBeGreaterThan(12);
    expect(value("Source.AM1.max")).toBeLessThan(14.5);
  }, 120_000);

  it("errs (never passes) on data with one visit per band, naming why", async () => {
    const { loadGate } = await import("../../../src/gate/parse.js");
    const { runGate } = await import("../../../src/gate/run.js");
    const { ArrowEngine } = await import("../../../src/engines/arrow/arrow-engine.js");
    const report = await runGate(loadGate("gates/repeatability.yaml", { data: "fixtures/pilot-clean" }), {
      engines: { engineFor: () => new ArrowEngine() },
      version: "test",
      today: "2026-12-06",
    });
    const pa1 = report.results.find((r) => r.id === "ForcedSource.metric.PA1.max");
    expect(pa1?.status).toBe("error");
    expect(pa1?.message).toMatch(/could not be measured: nothing qualified/);
    expect(report.status).toBe("error");
  }, 120_000);

  it("the committed fixture is what the generator writes today", async () => {
    const { mkdtempSync, readFileSync, rmSync } = await import("node:fs");
    const { tmpdir } = await import("node:os");
    const { join } = await import("node:path");
    const { writeRepeats } = await import("../../../fixtures/generator/repeats.js");
    const dir = mkdtempSync(join(tmpdir(), "skygate-repeats-det-"));
    try {
      await writeRepeats(dir);
      for (const f of ["Object.parquet", "Source.parquet", "ForcedSource.parquet", "truth.json"])
        expect(readFileSync(join(dir, f)).equals(readFileSync(join("fixtures/repeats", f))), f).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});

// Gate history: runs appended to Parquet (a file or a folder), read back by DuckDB, and a metric or a finding
// followed across runs by `skygate compare --history`.
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.js";
import { InputError } from "../../src/core/errors.js";
import { appendHistory, historyRows, metricSeries, readHistory } from "../../src/gate/history.js";
import type { GateReport } from "../../src/gate/run.js";
import { captureIO } from "../helpers/io.js";

function fakeRun(value: number | null, holeFailing: number): GateReport {
  return {
    tool: "skygate",
    version: "t",
    status: holeFailing > 0 ? "fail" : "pass",
    tables: {},
    coverage: { columns: 0, checked: 0, unchecked: [] },
    results: [
      {
        id: "Object.hole",
        table: "Object",
        column: null,
        check: "hole",
        status: holeFailing > 0 ? "fail" : "pass",
        failing: holeFailing,
        total: 59,
        message: "m",
        sample: [],
      },
    ],
    metrics: [
      {
        metric: "Object.g_psfFlux.nanRate",
        value,
        unit: "%",
        operator: "<=",
        levels: { minimum: { value: 2, pass: value !== null && value <= 2 } },
        require: "minimum",
      },
    ],
    gate: {
      name: "coadd",
      file: "gates/coadd.yaml",
      status: holeFailing > 0 ? "fail" : "pass",
      blocking: [],
      warnings: [],
      waived: [],
      expiredWaivers: [],
      unusedWaivers: [],
    },
  };
}

describe("gate history", () => {
  it("appends runs to one Parquet file and reads them back in order", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "skygate-hist-")), "history.parquet");
    await appendHistory(file, historyRows(fakeRun(1.5, 1), "2026-12-01T00:00:00Z", { data: "a" }));
    await appendHistory(file, historyRows(fakeRun(3, 0), "2026-12-02T00:00:00Z", { data: "b" }));
    await appendHistory(file, historyRows(fakeRun(null, 2), "2026-12-03T00:00:00Z"));
    const rows = await readHistory(file);
    expect(rows.length).toBe(6);
    const nan = metricSeries(rows, "Object.g_psfFlux.nanRate");
    expect(nan.map((p) => [p.value, p.status, p.params])).toEqual([
      [1.5, "pass", '{"data":"a"}'],
      [3, "fail", '{"data":"b"}'],
      [null, "error", "{}"],
    ]);
    expect(metricSeries(rows, "Object.hole").map((p) => [p.value, p.unit])).toEqual([
      [1, "failing"],
      [0, "failing"],
      [2, "failing"],
    ]);
  });
  it("a folder gets one file per run; DuckDB reads it as one table", async () => {
    const dir = join(mkdtempSync(join(tmpdir(), "skygate-hist-")), "runs");
    await appendHistory(dir, historyRows(fakeRun(1, 0), "2026-12-01T00:00:00Z"));
    await appendHistory(dir, historyRows(fakeRun(2, 0), "2026-12-02T00:00:00Z"));
    expect(readdirSync(dir).filter((f) => f.endsWith(".parquet")).length).toBe(2);
    expect(metricSeries(await readHistory(dir), "Object.g_psfFlux.nanRate").map((p) => p.value)).toEqual([
      1, 2,
    ]);
  });
  it("a missing or foreign file is an input error naming it", async () => {
    await expect(readHistory("no/such.parquet")).rejects.toThrow(/no\/such\.parquet: no gate history here/);
    const bad = join(mkdtempSync(join(tmpdir(), "skygate-hist-")), "x.parquet");
    writeFileSync(bad, "not parquet");
    await expect(readHistory(bad)).rejects.toThrow(InputError);
  });
  it("skygate gate --history then compare --history follows a metric across runs", async () => {
    const dir = mkdtempSync(join(tmpdir(), "skygate-hist-"));
    const file = join(dir, "h.parquet");
    const args = ["gates/single-frame.yaml", "--quiet", "--engine", "arrow", "--history", file];
    expect(await main(["gate", ...args], captureIO())).toBe(1);
    expect(await main(["gate", ...args, "--param", "data=fixtures/pilot-clean"], captureIO())).toBe(0);
    const io = captureIO();
    const html = join(dir, "h.html");
    expect(
      await main(
        ["compare", "--history", file, "--metric", "Source.sourceId.unique.failingRate", "--html", html],
        io,
      ),
    ).toBe(0);
    const lines = io.out.join("").split("\n");
    expect(lines[0]).toBe("Source.sourceId.unique.failingRate over 2 run(s):");
    expect(lines[2]).toMatch(/^ {2}1 .* single-frame {2}FAIL {2}0\.003252 {2}fail/);
    expect(lines[3]).toMatch(/^ {2}2 .* single-frame {2}PASS {2}0 {2}pass/);
    expect(existsSync(html) && readFileSync(html, "utf8").includes("Plotly.newPlot")).toBe(true);
    const typo = captureIO();
    expect(await main(["compare", "--history", file, "--metric", "isr.failureLocaton"], typo)).toBe(2);
    expect(typo.err.join("")).toMatch(/did you mean isr\.failureLocation/);
  }, 120_000);
});

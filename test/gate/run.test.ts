import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.js";
import { InputError } from "../../src/core/errors.js";
import type { CheckResult } from "../../src/core/results.js";
import { ArrowEngine } from "../../src/engines/arrow/arrow-engine.js";
import { idMatches } from "../../src/gate/match.js";
import { judgeMetric, parseMetricName, unitAllowed } from "../../src/gate/metrics.js";
import { loadGate, parseGate } from "../../src/gate/parse.js";
import { type GateReport, runGate } from "../../src/gate/run.js";
import { applyWaivers, gateStatus } from "../../src/gate/waivers.js";
import { toJson } from "../../src/report/json.js";
import { captureIO } from "../helpers/io.js";

const engine = new ArrowEngine();
const engines = { engineFor: () => engine };
const truth = JSON.parse(readFileSync("fixtures/pilot/truth.json", "utf8")) as {
  defects: { table: string | null; column: string | null; check: string }[];
};

const result = (id: string, status: CheckResult["status"]): CheckResult => ({
  id,
  table: id.split(".")[0],
  column: null,
  check: id.split(".").pop() ?? "",
  status,
  failing: status === "fail" ? 1 : 0,
  total: 10,
  message: "m",
  sample: [],
});

describe("waivers and warn-only findings", () => {
  it("a live waiver turns a failure into a labelled skip; expired and unused waivers are reported", () => {
    const waivers = [
      { match: "T.*.nan", reason: "known", ticket: "DM-1", expires: "2026-12-06" },
      { match: "T.x.inf", reason: "old", ticket: "DM-2", expires: "2026-01-01" },
      { match: "T.y.range", reason: "fixed", ticket: "DM-3", expires: "2030-01-01" },
    ];
    const out = applyWaivers(
      [result("T.a.nan", "fail"), result("T.x.inf", "fail"), result("T.b.nan", "pass")],
      waivers,
      [],
      "2026-12-06",
    );
    expect(out.results[0]).toMatchObject({ status: "skip", waiver: { ticket: "DM-1", status: "fail" } });
    expect(out.results[0].message).toMatch(/^waived \(DM-1, until 2026-12-06: known\): m$/);
    expect(out.results[1].status).toBe("fail");
    expect(out.results[2].waiver).toBeUndefined();
    expect(out.expired.map((w) => w.ticket)).toEqual(["DM-2"]);
    expect(out.unused.map((w) => w.ticket)).toEqual(["DM-3"]);
    // The day after its expiry date a waiver no longer applies.
    expect(applyWaivers([result("T.a.nan", "fail")], waivers, [], "2026-12-07").results[0].status).toBe(
      "fail",
    );
  });
  it("warn patterns never block; errors block when nothing fails", () => {
    const out = applyWaivers(
      [result("T.a.crossBand", "fail"), result("T.b.nan", "error")],
      [],
      ["*.crossBand"],
      "2026-12-06",
    );
    expect(out.results[0].blocking).toBe(false);
    expect(gateStatus(out.results)).toBe("error");
    expect(gateStatus([out.results[0]])).toBe("pass");
  });
  it("patterns: * is the only wildcard, dots are literal", () => {
    expect(idMatches("Object.*_psfFlux.nan", "Object.g_psfFlux.nan")).toBe(true);
    expect(idMatches("Object.g.psfFlux", "Object.gxpsfFlux")).toBe(false);
  });
});

describe("metrics", () => {
  it("names, units and levels", () => {
    expect(parseMetricName("Object.rows")).toEqual({ kind: "rows", table: "Object" });
    expect(parseMetricName("Object.g_psfFlux.median")).toBeUndefined();
    expect(unitAllowed("fraction", "%")).toBe(true);
    expect(unitAllowed("nJy", "mag")).toBe(false);
    expect(unitAllowed("deg", "arcsec")).toBe(true);
    const spec = {
      metric: "T.c.nanRate",
      operator: "<=" as const,
      unit: "%",
      levels: { minimum: 5, design: 1, stretch: 0.1 },
      require: "design" as const,
    };
    const judged = judgeMetric(spec, 0.02, "fraction");
    expect(judged.outcome.value).toBe(2);
    expect(judged.outcome.levels).toEqual({
      minimum: { value: 5, pass: true },
      design: { value: 1, pass: false },
      stretch: { value: 0.1, pass: false },
    });
    expect(judged.result).toMatchObject({ id: "T.c.metric.nanRate", status: "fail", failing: 1, total: 1 });
    expect(judgeMetric(spec, null, "fraction").result.status).toBe("error");
    expect(
      judgeMetric(
        {
          ...spec,
          unit: "arcsec",
          metric: "T.c.mean",
          levels: { minimum: 3600 },
          require: "minimum",
          operator: ">=",
        },
        1,
        "deg",
      ).result.status,
    ).toBe("pass");
  });
});

describe("the shipped coadd gate on the bundled pilot and its clean twin", () => {
  let pilot: GateReport;
  let clean: GateReport;

  it("fails the defective pilot with every coadd-table defect of the answer key blocking or waived", async () => {
    pilot = await runGate(loadGate("gates/coadd.yaml"), { engines, version: "test", today: "2026-12-06" });
    expect(pilot.status).toBe("fail");
    const blockingOrWaived = new Set([...pilot.gate.blocking, ...pilot.gate.waived.map((w) => w.id)]);
    for (const d of truth.defects) {
      if ((d.table !== "Object" && d.table !== "ForcedSource") || d.column === null || d.check === "hole")
        continue;
      if (d.check === "crossBand") continue; // warn-only in this gate
      expect(
        blockingOrWaived.has(`${d.table}.${d.column}.${d.check}`),
        `${d.table}.${d.column}.${d.check}`,
      ).toBe(true);
    }
    expect(pilot.gate.waived.map((w) => w.id).sort()).toEqual([
      "Object.g_cModelFlux.nanWithoutFlag",
      "Object.g_psfFlux.nanWithoutFlag",
    ]);
    expect(pilot.gate.warnings).toEqual(["Object.i_psfFluxErr.crossBand"]);
    // The answer key's hole (patch 16 of tract 4431) blocks, found by the gate's holes section.
    const hole = truth.defects.find((d) => d.check === "hole") as unknown as { patch: number; tract: number };
    expect(pilot.gate.blocking).toContain("Object.hole");
    expect(pilot.holes?.holes.map((h) => [h.tract, h.patch])).toEqual([[hole.tract, hole.patch]]);
    const gNan = pilot.metrics.find((m) => m.metric === "Object.g_psfFlux.nanRate");
    expect(gNan?.levels.minimum?.pass).toBe(true);
    expect(gNan?.levels.design?.pass).toBe(false);
  }, 120_000);

  it("passes the clean twin, and says the waiver has nothing left to waive", async () => {
    clean = await runGate(loadGate("gates/coadd.yaml", { data: "fixtures/pilot-clean" }), {
      engines,
      version: "test",
      today: "2026-12-06",
    });
    expect(clean.status).toBe("pass");
    expect(clean.holes?.holes).toEqual([]);
    expect(clean.results.find((r) => r.id === "Object.hole")?.status).toBe("pass");
    expect(clean.gate.unusedWaivers.map((w) => w.ticket)).toEqual(["DM-99999"]);
  }, 120_000);

  it("an expired waiver fails the gate and waives nothing", async () => {
    const late = await runGate(loadGate("gates/coadd.yaml"), {
      engines,
      version: "test",
      today: "2027-07-01",
    });
    expect(late.gate.waived).toEqual([]);
    expect(late.results.find((r) => r.check === "waiverExpired")?.status).toBe("fail");
  }, 120_000);

  it("is reproducible: the same inputs give the same JSON", async () => {
    const again = await runGate(loadGate("gates/coadd.yaml"), {
      engines,
      version: "test",
      today: "2026-12-06",
    });
    expect(toJson(again)).toBe(toJson(pilot));
  }, 120_000);
});

describe("names are checked before any work", () => {
  it("a metric on an unknown column or in the wrong unit names the gate file and line", async () => {
    const base =
      "gate: g\nschema: ../fixtures/schemas/dp02_dc2.yaml\ntables:\n  Object: ../fixtures/pilot/Object.parquet\nmetrics:\n";
    const unknown = parseGate(`${base}  - metric: Object.g_psfFlx.nanRate\n    minimum: 1\n`, "gates/g.yaml");
    await expect(runGate(unknown, { engines, version: "t" })).rejects.toThrow(
      /gates\/g\.yaml:6:.*has no column g_psfFlx \(did you mean g_psfFlux\?\)$/,
    );
    // A table the schema lacks: its line in the gate file and the name probably meant.
    const misspelt = parseGate(
      "gate: g\nschema: ../fixtures/schemas/dp02_dc2.yaml\ntables:\n  Objekt: ../fixtures/pilot/Object.parquet\n",
      "gates/g.yaml",
    );
    await expect(runGate(misspelt, { engines, version: "t" })).rejects.toThrow(
      /gates\/g\.yaml:4: table Objekt is not in schema dp02_dc2_catalogs \(.*\): did you mean Object\?$/,
    );
    const unit = parseGate(
      `${base}  - metric: Object.g_psfFlux.mean\n    unit: mag\n    minimum: 1\n`,
      "gates/g.yaml",
    );
    await expect(runGate(unit, { engines, version: "t" })).rejects.toThrow(InputError);
    await expect(runGate(unit, { engines, version: "t" })).rejects.toThrow(
      /unit "mag" does not fit a value in "nJy"/,
    );
    const table = parseGate(
      `gate: g\ntables:\n  Object: ../fixtures/pilot/Object.parquet\nchecks:\n  expectRows:\n    Objects: 3\n`,
      "gates/g.yaml",
    );
    await expect(runGate(table, { engines, version: "t" })).rejects.toThrow(/expectRows names Objects/);
  });
});

describe("skygate gate", () => {
  it("exits 1 on the pilot, 0 on the clean twin, 2 on a bad gate file; writes every report", async () => {
    const io = captureIO();
    const dir = join(mkdtempSync(join(tmpdir(), "skygate-gate-")), "gate");
    const args = ["gates/single-frame.yaml", "--quiet", "--today", "2026-12-06", "--engine", "arrow"];
    expect(
      await main(
        ["gate", ...args, "--json", `${dir}.json`, "--junit", `${dir}.xml`, "--md", `${dir}.md`],
        io,
      ),
    ).toBe(1);
    expect(io.out.join("")).toMatch(/^gate single-frame: FAIL/);
    const json = JSON.parse(readFileSync(`${dir}.json`, "utf8"));
    expect(json.gate.status).toBe("fail");
    expect(json.status).toBe("fail");
    // The failure report: new groups block, the known "No reference objects supplied" group passes, and the
    // gate's `group` waiver acknowledges the truncated raw (isr) without waiving characterizeImage's two groups.
    expect(json.gate.blocking).toContain("calibrate.failureLocation");
    expect(
      json.gate.blocking.filter((id: string) => id === "characterizeImage.failureLocation"),
    ).toHaveLength(2);
    expect(json.gate.blocking).not.toContain("isr.failureLocation");
    expect(json.gate.waived).toEqual([
      expect.objectContaining({ id: "isr.failureLocation", ticket: "DM-99998" }),
    ]);
    expect(json.failures.groups.filter((g: { label: string }) => g.label === "known").length).toBe(2);
    expect(readFileSync(`${dir}.md`, "utf8")).toMatch(
      /## Failure groups[\s\S]*No reference objects supplied/,
    );
    expect(readFileSync(`${dir}.xml`, "utf8")).toMatch(/metric\.rows/);
    expect(await main(["gate", ...args, "--param", "data=fixtures/pilot-clean"], captureIO())).toBe(0);
    const bad = captureIO();
    expect(await main(["gate", "gates/single-frame.yaml", "--param", "dat=x"], bad)).toBe(2);
    expect(bad.err.join("")).toMatch(/gates\/single-frame\.yaml: --param dat: .*did you mean data/);
  }, 180_000);
});

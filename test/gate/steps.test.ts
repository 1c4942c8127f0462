// Holes, failures and notebooks inside gates: validated before anything runs, results judged, waived and
// reported like every other finding.
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.js";
import { InputError } from "../../src/core/errors.js";
import { ArrowEngine } from "../../src/engines/arrow/arrow-engine.js";
import { gateMarkdown, gateText } from "../../src/gate/format.js";
import { parseGate } from "../../src/gate/parse.js";
import { runGate } from "../../src/gate/run.js";
import { toJson } from "../../src/report/json.js";
import { toJunit } from "../../src/report/junit.js";
import { captureIO } from "../helpers/io.js";

const engine = new ArrowEngine();
const engines = { engineFor: () => engine };

function errorOf(text: string, path = "gates/g.yaml"): InputError {
  try {
    parseGate(text, path);
  } catch (error) {
    if (error instanceof InputError) return error;
    throw error;
  }
  throw new Error("parsed without error");
}

const TABLES =
  // biome-ignore lint/suspicious/noTemplateCurlyInString: ${data} is a gate-file parameter, not a template
  "gate: g\nparams:\n  data: ../fixtures/pilot\ntables:\n  Object: ${data}/Object.parquet\n  CcdVisit: ${data}/CcdVisit.parquet\n  Visit: ${data}/Visit.parquet\nchecks:\n  suite: false\n";
const HOLES = "holes:\n  tables: Object\n  footprint: tracts:4431\n  where: detect_isPrimary\n";
const FAILURES =
  // biome-ignore lint/suspicious/noTemplateCurlyInString: ${data} is a gate-file parameter, not a template
  "failures:\n  reports: ${data}/failures/pipetask_report_v2.json\n  knownErrors: ../examples/failures/known-errors-dc2.yaml\n  ccdvisit: CcdVisit\n  visit: Visit\n  refcat: ${data}/refcat.parquet\n";

describe("the holes, failures and notebook sections are validated with their lines", () => {
  it("resolves files from the gate's folder and gate table names to their paths", () => {
    const spec = parseGate(
      `${TABLES}${HOLES}  masks: [stars.reg, "circle:55.6,-32.2,0.05", "stars:CcdVisit:r_mag"]\n${FAILURES}`,
      "/r/gates/g.yaml",
    );
    expect(spec.holes).toMatchObject({
      tables: ["Object"],
      footprint: "tracts:4431",
      where: ["detect_isPrimary"],
      masks: [
        "/r/gates/stars.reg",
        "circle:55.6,-32.2,0.05",
        "stars:/r/fixtures/pilot/CcdVisit.parquet:r_mag",
      ],
    });
    expect(spec.failures).toMatchObject({
      reports: ["/r/fixtures/pilot/failures/pipetask_report_v2.json"],
      knownErrors: "/r/examples/failures/known-errors-dc2.yaml",
      ccdvisit: "/r/fixtures/pilot/CcdVisit.parquet",
      visits: ["/r/fixtures/pilot/Visit.parquet"],
      refcat: ["/r/fixtures/pilot/refcat.parquet"],
      camera: "LSSTCam-imSim",
      distortion: true,
      minReferenceObjects: 1,
    });
    const nb = parseGate(
      `${TABLES}notebook:\n  path: review.ipynb\n  params: { data: "\${data}", n: 3 }\n`,
      "/r/gates/g.yaml",
    );
    expect(nb.notebooks).toEqual([
      { path: "/r/gates/review.ipynb", params: { data: "../fixtures/pilot", n: 3 }, line: 11 },
    ]);
  });
  it("names the line and the key or table probably meant", () => {
    expect(errorOf(`${TABLES}holes:\n  tables: Objects\n`).message).toBe(
      "gates/g.yaml:11:11: Objects is not among the gate's tables (did you mean Object?)",
    );
    expect(errorOf(`${TABLES}holes:\n  tables: Object\n  footprnt: tracts:4431\n`).message).toMatch(
      /^gates\/g\.yaml:12:3: holes: unknown key `footprnt` \(did you mean `footprint`\?\)/,
    );
    expect(errorOf(`${TABLES}holes:\n  tables: Object\n  footprint: tract:4431\n`).message).toMatch(
      /^gates\/g\.yaml:12:.*unknown footprint kind `tract` \(did you mean `tracts`\?\)/,
    );
    expect(errorOf(`${TABLES}holes:\n  tables: Object\n  alpha: 2\n`).message).toMatch(
      /:12:.*`alpha` is out of range/,
    );
    expect(errorOf(`${TABLES}failures:\n  report: x.json\n`).message).toMatch(
      /:11:3: failures: unknown key `report` \(did you mean `reports`\?\)/,
    );
    expect(errorOf(`${TABLES}failures:\n  reports: x.json\n  expected: { calibrate: -1 }\n`).message).toMatch(
      /:12:.*expected quanta of calibrate must be a positive count/,
    );
    expect(errorOf(`${TABLES}notebook:\n  path: n.ipynb\n  timeot: 3\n`).message).toMatch(
      /:12:3: notebook: unknown key `timeot` \(did you mean `timeout`\?\)/,
    );
  });
  it("reads every input before any check: an unreadable footprint, report or notebook names the gate line", async () => {
    const bad = async (text: string) => {
      const spec = parseGate(text, "gates/g.yaml");
      return runGate(spec, { engines, version: "t" });
    };
    await expect(bad(`${TABLES}holes:\n  tables: Object\n  footprint: moc:nope.moc.json\n`)).rejects.toThrow(
      /^gates\/g\.yaml:11: holes\.footprint: .*nope\.moc\.json/,
    );
    await expect(bad(`${TABLES}failures:\n  reports: nope.json\n`)).rejects.toThrow(
      /^gates\/g\.yaml:11: failures\.reports: .*nope\.json/,
    );
    await expect(bad(`${TABLES}notebook: nope.ipynb\n`)).rejects.toThrow(
      /^gates\/g\.yaml:10: notebook .*nope\.ipynb: no such notebook/,
    );
    await expect(
      bad(`${TABLES}notebook:\n  path: ../test/gate/data/ok.ipynb\n  params: { answr: 42 }\n`),
    ).rejects.toThrow(/answr/);
  });
});

describe("holes and failures run inside the gate", () => {
  it("the pilot's hole and new failure groups block; known failures pass; a waiver acknowledges the hole", async () => {
    const waiver =
      'waivers:\n  - id: Object.hole\n    reason: object-store read failure in patch 16\n    ticket: DM-1\n    expires: 2099-01-01\nwarn: ["isr.failureLocation"]\n';
    const report = await runGate(parseGate(`${TABLES}${HOLES}${FAILURES}${waiver}`, "gates/g.yaml"), {
      engines,
      version: "t",
      today: "2026-12-07",
    });
    expect(report.status).toBe("fail");
    expect(report.gate.waived.map((w) => w.id)).toEqual(["Object.hole"]);
    expect(report.gate.warnings).toEqual(["isr.failureLocation"]);
    expect(report.gate.blocking).toContain("Object.patchCompleteness");
    expect(report.gate.blocking).toContain("calibrate.failureLocation");
    expect(report.gate.blocking).not.toContain("isr.failureLocation");
    const groups = report.failures?.groups as { label: string; count: number; outsideFootprint: number }[];
    const known = groups.find((g) => g.count === 56);
    expect(known).toMatchObject({ label: "known", outsideFootprint: 56 });
    expect(report.results.filter((r) => r.check === "failureLocation" && r.status === "pass").length).toBe(2);
    // Reports carry them: JSON sections, a JUnit case each, Markdown tables.
    const json = JSON.parse(toJson(report));
    expect(json.holes.holes[0]).toMatchObject({ tract: 4431, patch: 16 });
    expect(json.failures.failures.length).toBe(61);
    expect(toJunit(report)).toMatch(/Object\.hole/);
    expect(gateMarkdown(report)).toMatch(/## Coverage holes\n\n\| table[\s\S]*\| Object \| 55\.89/);
  }, 120_000);
  it("a `group` waiver acknowledges one kind of failure of a task; the task's other groups still block", async () => {
    const waiver =
      'waivers:\n  - id: characterizeImage.failureLocation\n    group: "All pixels masked*"\n    reason: masked detectors in the pilot\n    ticket: DM-2\n    expires: 2099-01-01\n  - group: "Unable to read raw*"\n    reason: truncated raw, re-transfer requested\n    ticket: DM-3\n    expires: 2099-01-01\n';
    const report = await runGate(parseGate(`${TABLES}${FAILURES}${waiver}`, "gates/g.yaml"), {
      engines,
      version: "t",
      today: "2026-12-07",
    });
    const groups = report.results.filter((r) => r.check === "failureLocation");
    const status = (text: string) => groups.filter((r) => r.message.includes(text)).map((r) => r.status);
    expect(status("All pixels masked")).toEqual(["skip"]);
    expect(status("Unable to read raw")).toEqual(["skip"]);
    expect(status("Unable to measure aperture correction")).toEqual(["fail"]);
    expect(report.gate.blocking.filter((id) => id === "characterizeImage.failureLocation")).toHaveLength(1);
    expect(report.gate.waived).toEqual([
      expect.objectContaining({
        id: "characterizeImage.failureLocation",
        group: "All pixels masked. Cannot estimate background",
        ticket: "DM-2",
      }),
      expect.objectContaining({
        id: "isr.failureLocation",
        group: "Unable to read raw for detector; file truncated",
        ticket: "DM-3",
      }),
    ]);
    expect(report.gate.unusedWaivers).toEqual([]);
    expect(gateText(report)).toContain(
      'waived: characterizeImage.failureLocation "All pixels masked. Cannot estimate background" (DM-2',
    );
  }, 120_000);
  it("a `group` waiver needs a `failures` section and TASK.failureLocation ids, named with the line", () => {
    const group = 'waivers:\n  - group: "x*"\n    reason: r\n    ticket: DM-1\n    expires: 2099-01-01\n';
    expect(() => parseGate(`${TABLES}${group}`, "gates/g.yaml")).toThrow(
      /^gates\/g\.yaml:11:12: waiver \*\.failureLocation: `group` picks a failure group, but the gate has no `failures`/,
    );
    const onObject = group.replace("  - group", "  - id: Object.hole\n    group");
    expect(() => parseGate(`${TABLES}${FAILURES}${onObject}`, "gates/g.yaml")).toThrow(
      /waiver Object\.hole: `group` picks a failure group by its message template/,
    );
  });
  it("passes the clean twin: no hole, no failed quantum", async () => {
    const report = await runGate(
      parseGate(
        `${TABLES}${HOLES}${FAILURES}`.replace("../fixtures/pilot", "../fixtures/pilot-clean"),
        "gates/g.yaml",
      ),
      { engines, version: "t" },
    );
    expect(report.status).toBe("pass");
    expect(report.results.map((r) => `${r.id} ${r.status}`).sort()).toEqual([
      "Object.hole pass",
      "Object.patchCompleteness pass",
      "failures.failureLocation pass",
    ]);
  }, 120_000);
});

describe("notebooks inside the gate", () => {
  it("a passing notebook passes; a failing cell fails the gate naming the cell; the HTML report shows it", async () => {
    const dir = mkdtempSync(join(tmpdir(), "skygate-gate-nb-"));
    const gate = (answer: number) =>
      `gate: nb\ntables:\n  Visit: ${process.cwd()}/fixtures/pilot-clean/Visit.parquet\nnotebook:\n  path: ${process.cwd()}/test/gate/data/ok.ipynb\n  params: { answer: ${answer} }\n`;
    writeFileSync(join(dir, "ok.yaml"), gate(42));
    writeFileSync(join(dir, "bad.yaml"), gate(41));
    const ok = captureIO();
    expect(await main(["gate", join(dir, "ok.yaml"), "--quiet", "--html", join(dir, "ok.html")], ok)).toBe(0);
    expect(ok.out.join("")).toMatch(/notebook .*ok\.ipynb: pass: 3 cells ok/);
    const html = readFileSync(join(dir, "ok.html"), "utf8");
    expect(html).toMatch(/<section class="notebook">/);
    expect(html).toMatch(/<title>skygate gate nb: pass<\/title>/);
    expect(html).toContain("answer = 42");
    const bad = captureIO();
    expect(await main(["gate", join(dir, "bad.yaml"), "--quiet", "--json", join(dir, "bad.json")], bad)).toBe(
      1,
    );
    const json = JSON.parse(readFileSync(join(dir, "bad.json"), "utf8"));
    expect(json.gate.blocking).toEqual(["notebook.ok.notebook"]);
    expect(json.notebooks[0]).toMatchObject({ status: "fail", failedCell: { index: 3 } });
    expect(json.notebooks[0].failedCell.error).toMatch(/expected 42, got 41/);
    expect(JSON.stringify(json)).not.toContain("notebookPages");
  }, 180_000);
});

import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { InputError } from "../../src/core/errors.js";
import { readFailureReport } from "../../src/failures/read.js";
import { data, pilot, tmp } from "./data.js";

const truth = JSON.parse(readFileSync(pilot("truth.json"), "utf8")).defects.find(
  (d: { defect: string }) => d.defect === "failures",
);

describe("pipetask report", () => {
  it("v1 YAML and v2 JSON of the pilot list the answer key's 61 failures with task, data id and exception", async () => {
    for (const file of ["pipetask_report_v1.yaml", "pipetask_report_v2.json"]) {
      const r = await readFailureReport(pilot("failures", file));
      expect(r.format).toBe(file.endsWith(".yaml") ? "pipetaskReportV1" : "pipetaskReportV2");
      expect(r.partial).toBe(false);
      const got = r.failures
        .map((f) => `${f.task}|${f.dataId.visit}|${f.dataId.detector}|${f.exception}|${f.message}`)
        .sort();
      const want = truth.failures
        .map(
          (f: {
            task: string;
            dataId: { visit: number; detector: number };
            exception: string;
            message: string;
          }) => `${f.task}|${f.dataId.visit}|${f.dataId.detector}|${f.exception}|${f.message}`,
        )
        .sort();
      expect(got).toEqual(want);
      expect(r.tasks.calibrate.expected).toBe(1134);
      expect(r.datasets?.postISRCCD).toMatchObject({ expected: 1134, produced: 1133 });
    }
  });

  it("reads the real cm-service v1 manifest: one failure on tract 3828 with the executor wrapper stripped", async () => {
    const r = await readFailureReport(
      data("failure_reports/cm_service_manifest_report_dc2_test-med-1_w_2023_37.yaml"),
    );
    expect(r.format).toBe("pipetaskReportV1");
    expect(r.failures).toHaveLength(1);
    const f = r.failures[0];
    expect(f.task).toBe("diff_matched_analysis");
    expect(f.dataId).toEqual({ band: "i~nd", skymap: "DC2", tract: 3828 });
    expect(f.exception).toBe("ValueError");
    expect(f.message).toMatch(
      /Column d_pixelFlags_edge specified in parameters not available in parquet file\.$/,
    );
    expect(r.datasets?.diff_matched_analysis_log).toEqual({ expected: 2, produced: 2 });
  });
});

describe("pipetask report v2 exceptions and wonky quanta", () => {
  it("takes the exception type and message from the exceptions section, counts runs as attempts, reads wonky quanta", async () => {
    const { readFailureDocument } = await import("../../src/failures/read.js");
    const doc = {
      tasks: {
        deblend: {
          n_expected: 49,
          n_failed: 1,
          n_wonky: 1,
          exceptions: {
            "builtins.MemoryError": [
              {
                quantum_id: "q1",
                data_id: { skymap: "DC2", tract: 4648, patch: 29 },
                run: "r12",
                exception: {
                  type_name: "builtins.MemoryError",
                  message: "Unable to allocate 190 GiB",
                  metadata: {},
                },
              },
            ],
          },
          failed_quanta: [
            {
              data_id: { skymap: "DC2", tract: 4648, patch: 29 },
              runs: Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`r${i + 1}`, "FAILED"])),
              messages: ["oom"],
            },
          ],
          wonky_quanta: [
            {
              data_id: { skymap: "DC2", tract: 4648, patch: 30 },
              runs: { r1: "SUCCESSFUL", r2: "FAILED" },
              messages: [],
            },
          ],
        },
      },
    };
    const r = readFailureDocument(doc, "v2.json");
    expect(r.failures.map((f) => [f.status, f.exception, f.message, f.attempts, f.workflow])).toEqual([
      ["FAILED", "MemoryError", "Unable to allocate 190 GiB", 12, "r12"],
      ["WONKY", null, "", 2, "r2"],
    ]);
  });
});

describe("PanDA records, CSV tables, log streams", () => {
  it("takes task and visit/detector from the real PanDA job names", async () => {
    const r = await readFailureReport(data("failure_reports/cm_tools_panda_errors_hsc.yaml"));
    expect(r.format).toBe("pandaErrors");
    expect(r.failures.map((f) => [f.task, f.dataId, f.pandaCode])).toEqual([
      ["characterizeImage", { visit: 1180, detector: 102 }, "pilot, 1305"],
      ["fgcmBuildFromIsolatedStars", {}, "pilot, 1305"],
    ]);
    expect(r.failures[0].message).toMatch(/^Unable to measure aperture correction/);
  });

  it("reads the transcribed failure CSV with dimension columns (34 rows, Gen2 names mapped)", async () => {
    const r = await readFailureReport(data("failure_reports/derived_failed_dataids_transcribed.csv"));
    expect(r.format).toBe("failureTable");
    expect(r.failures).toHaveLength(34);
    const coadd = r.failures.find((f) => f.task === "makeCoaddTempExp" && f.exception === "NoResults");
    expect(coadd?.dataId).toEqual({ visit: 188998, detector: 92, band: "y", tract: 5063, patch: "3,1" });
  });

  it("reads the real JSON log records of cm-service's FAILURE_STATES.md, with the exception from the traceback", async () => {
    const md = readFileSync(data("failure_reports/cm_service_FAILURE_STATES.md"), "utf8");
    const records = md.split("\n").filter((l) => l.startsWith('{"name"'));
    expect(records.length).toBeGreaterThanOrEqual(3);
    const dir = tmp();
    const path = join(dir, "bps.log.jsonl");
    writeFileSync(path, `${records.join("\n")}\nnot json at all\n`);
    const r = await readFailureReport(path);
    expect(r.format).toBe("logStream");
    expect(r.records).toBe(records.length);
    expect(r.badCount).toBe(1);
    expect(r.bad[0].source).toBe(`${path}:${records.length + 1}`);
    expect(r.partial).toBe(true);
    const run = r.failures.find((f) => f.exception === "ValueError");
    expect(run?.message).toMatch(/already exists, but --extend-run was not given/);
    expect(r.failures.every((f) => f.time !== undefined)).toBe(true);
  });

  it("reads a plain JSONL of task, dataId, exception, message, time and counts bad lines", async () => {
    const dir = tmp();
    const path = join(dir, "f.jsonl");
    writeFileSync(
      path,
      [
        JSON.stringify({
          task: "calibrate",
          dataId: "{instrument: 'LSSTCam-imSim', detector: 12, visit: 1234}",
          exception: "RuntimeError",
          message: "No reference objects supplied",
          time: "2022-06-01T03:00:00Z",
        }),
        '{"task": "calibrate", "dataId": {"visit": 1',
        JSON.stringify({ task: "isr", dataId: { visit: 7, detector: 3 }, message: "boom" }),
      ].join("\n"),
    );
    const r = await readFailureReport(path);
    expect(r.format).toBe("failureTable");
    expect(r.failures.map((f) => f.dataId)).toEqual([
      { instrument: "LSSTCam-imSim", detector: 12, visit: 1234 },
      { visit: 7, detector: 3 },
    ]);
    expect(r.badCount).toBe(1);
    expect(r.partial).toBe(true);
  });

  it("reads a provenance-report data-id table directory task/STATUS/Exception.ecsv", async () => {
    const dir = tmp();
    const ecsv = (rows: string[]) =>
      `# %ECSV 1.0\n# ---\n# datatype:\n# - {name: instrument, datatype: string}\n# - {name: detector, datatype: int64}\n# - {name: visit, datatype: int64}\n# schema: astropy-2.0\ninstrument detector visit\n${rows.join("\n")}\n`;
    mkdirSync(join(dir, "calibrate/FAILED"), { recursive: true });
    mkdirSync(join(dir, "calibrate/SUCCESSFUL"), { recursive: true });
    writeFileSync(
      join(dir, "calibrate/FAILED/RuntimeError.ecsv"),
      ecsv(["LSSTCam-imSim 12 1234", "LSSTCam-imSim 13 1234"]),
    );
    writeFileSync(join(dir, "calibrate/FAILED/UNKNOWN.ecsv"), ecsv(["LSSTCam-imSim 14 1234"]));
    writeFileSync(
      join(dir, "calibrate/SUCCESSFUL/UNKNOWN.ecsv"),
      ecsv(["LSSTCam-imSim 1 1234", "LSSTCam-imSim 2 1234", "LSSTCam-imSim 3 1234"]),
    );
    const r = await readFailureReport(dir);
    expect(r.format).toBe("provenanceReport");
    expect(r.failures.map((f) => [f.exception, f.dataId.detector])).toEqual([
      ["RuntimeError", 12],
      ["RuntimeError", 13],
      [null, 14],
    ]);
    expect(r.tasks.calibrate).toEqual({ failed: 3, succeeded: 3 });
  });
});

describe("bad input", () => {
  it("a truncated JSON report is an InputError naming the file", async () => {
    const dir = tmp();
    const path = join(dir, "report.json");
    writeFileSync(path, readFileSync(pilot("failures/pipetask_report_v2.json"), "utf8").slice(0, 5000));
    await expect(readFailureReport(path)).rejects.toThrow(InputError);
    await expect(readFailureReport(path)).rejects.toThrow(/report\.json: not valid JSON/);
  });

  it("a file of no known format, an empty file and a missing file are InputErrors naming them", async () => {
    await expect(readFailureReport(pilot("failures/quanta_table.txt"))).rejects.toThrow(
      /quanta_table\.txt: not a failure report/,
    );
    await expect(
      readFailureReport(data("failure_reports/cm_tools_error_code_decisions_hsc_rc2.yaml")),
    ).rejects.toThrow(/not a failure report/);
    const dir = tmp();
    writeFileSync(join(dir, "empty.yaml"), "");
    await expect(readFailureReport(join(dir, "empty.yaml"))).rejects.toThrow(/empty\.yaml: file is empty/);
    await expect(readFailureReport(join(dir, "nope.yaml"))).rejects.toThrow(/nope\.yaml: no such file/);
    await expect(readFailureReport(dir)).rejects.toThrow(/is not a provenance report/);
  });

  it("prose (Markdown, reST) is not a report, whatever a YAML parser says of it; a broken .yaml keeps its line", async () => {
    await expect(readFailureReport(data("failure_reports/cm_service_FAILURE_STATES.md"))).rejects.toThrow(
      /cm_service_FAILURE_STATES\.md: not a failure report \(expected /,
    );
    const dir = tmp();
    writeFileSync(join(dir, "broken.yaml"), "tasks:\n  a: [1,\n");
    await expect(readFailureReport(join(dir, "broken.yaml"))).rejects.toThrow(
      /broken\.yaml:\d+: not valid YAML/,
    );
  });
});

// Retries and resources: butler provenance-report JSON (pipe_base ProvenanceReport shape: task → status →
// exception → quanta with attempts and resource_usage, as in rubin-qa-anchors §3.2 and pipe_base's
// resource_usage.py) and PanDA job records. No real v3 report was available, so the documents are built here in
// that shape; the DP0.2 case (tract 4648 patch 29 deblend: 12 attempts, 190 GB) is the one to reproduce.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { CliIO } from "../../src/cli/io.js";
import { main } from "../../src/cli/main.js";
import { analyzeFailures } from "../../src/failures/analyze.js";
import { readFailureReport } from "../../src/failures/read.js";
import { isProvenanceV3 } from "../../src/failures/readers/provenanceV3.js";
import { historyText } from "../../src/failures/report.js";
import { tmp } from "./data.js";

const usage = (memory: number, runTime: number, start: string) => ({
  memory,
  start,
  prep_time: 2.5,
  init_time: 4,
  run_time: runTime,
  run_time_cpu: runTime * 0.9,
});

/** A deblend step: 3 quanta ran once, tract 4648 patch 29 needed 12 attempts, one quantum failed twice, one blocked. */
function provenanceReport() {
  const deblendAttempts = Array.from({ length: 12 }, (_, k) => ({
    attempt: k,
    status: k < 11 ? "FAILED" : "SUCCESSFUL",
    caveats: null,
    exception: k < 11 ? { type_name: "builtins.MemoryError", message: "std::bad_alloc", metadata: {} } : null,
    // Memory asked for grew with each retry; 190 GB on the last one.
    resource_usage: usage(
      k < 11 ? (16 + 16 * k) * 1e9 : 190e9,
      3600 + k,
      `2022-03-0${1 + Math.floor(k / 6)}T0${k % 6}:00:00+00:00`,
    ),
    previous_process_quanta: [],
  }));
  const once = (patch: number) => ({
    quantum_id: `q-${patch}`,
    data_id: { skymap: "DC2", tract: 4648, patch },
    attempts: [
      {
        attempt: 0,
        status: 1,
        caveats: null,
        exception: null,
        resource_usage: usage(8e9, 900, "2022-03-01T01:00:00+00:00"),
      },
    ],
  });
  return {
    deblend: {
      SUCCESSFUL: {
        null: [
          once(1),
          once(2),
          once(3),
          {
            quantum_id: "q-29",
            data_id: { skymap: "DC2", tract: 4648, patch: 29 },
            attempts: deblendAttempts,
          },
        ],
      },
      FAILED: {
        "lsst.pex.exceptions.wrappers.LengthError": [
          {
            quantum_id: "q-30",
            data_id: { skymap: "DC2", tract: 4648, patch: 30 },
            attempts: [0, 1].map((k) => ({
              attempt: k,
              status: -1,
              exception: {
                type_name: "lsst.pex.exceptions.wrappers.LengthError",
                message: "Footprint too large: 123456 pixels",
              },
              resource_usage: usage(32e9, 60 + k, "2022-03-02T03:00:00+00:00"),
            })),
          },
        ],
      },
      BLOCKED: {
        null: [{ quantum_id: "q-31", data_id: { skymap: "DC2", tract: 4648, patch: 31 }, attempts: [] }],
      },
    },
  };
}

describe("provenance report (v3 JSON)", () => {
  it("is detected by shape, not by name", () => {
    expect(isProvenanceV3(provenanceReport())).toBe(true);
    expect(isProvenanceV3({ tasks: { isr: { n_expected: 3 } } })).toBe(false);
    expect(isProvenanceV3({ isr: { FAILED: {} } })).toBe(false); // no quanta at all
  });

  it("failures are the failed quanta; the 12-attempt deblend is listed as succeeded after retries, with 190 GB", async () => {
    const dir = tmp();
    const path = join(dir, "provenance.json");
    writeFileSync(path, JSON.stringify(provenanceReport()));
    const read = await readFailureReport(path);
    expect(read.format).toBe("provenanceReportV3");
    expect(read.failures).toHaveLength(1);
    expect(read.failures[0]).toMatchObject({
      task: "deblend",
      dataId: { skymap: "DC2", tract: 4648, patch: 30 },
      status: "FAILED",
      exception: "LengthError",
      message: "Footprint too large: 123456 pixels",
      attempts: 2,
      attemptStatuses: ["FAILED", "FAILED"],
      runTimeS: 61,
      memoryBytes: 32e9,
    });
    expect(read.succeeded).toBe(4);
    expect(read.retried?.map((f) => f.dataId.patch)).toEqual([29]);
    // 6 quanta, all listed (successful ones included), so the task's expected count is known.
    expect(read.tasks.deblend).toEqual({ succeeded: 4, failed: 1, blocked: 1, expected: 6 });

    const a = analyzeFailures({ reads: [read] });
    expect(a.retries.map((r) => [r.dataId.patch, r.attempts, r.status, r.memoryBytes])).toEqual([
      [29, 12, "SUCCESSFUL", 190e9],
      [30, 2, "FAILED", 32e9],
    ]);
    expect(historyText(a.retries[0].history ?? [])).toBe("FAILED ×11, SUCCESSFUL");
    expect(a.groups[0].rate).toBeCloseTo(1 / 6, 12);
  });

  it("the Markdown lists the retries with memory in GB", async () => {
    const dir = tmp();
    const path = join(dir, "provenance.json");
    writeFileSync(path, JSON.stringify(provenanceReport()));
    const o = { stdout: () => {}, stderr: () => {}, stderrIsTTY: false, version: "t" } as CliIO;
    expect(await main(["failures", "--report", path, "--md", join(dir, "r.md")], o)).toBe(1);
    expect(readFileSync(join(dir, "r.md"), "utf8")).toContain(
      "| deblend | patch=29,skymap=DC2,tract=4648 | 12 | SUCCESSFUL | FAILED ×11, SUCCESSFUL | 3611 | 190.0 |",
    );
  });
});

describe("PanDA job records", () => {
  it("job name, status, attempts, wall time and maxRSS (kB) are read; finished jobs are not failures", async () => {
    const dir = tmp();
    const job = (name: string, status: string, attemptNr: number, maxRSS: number, diag = "") => ({
      PandaID: 1,
      jediTaskID: 43600,
      jobName: `008058:861192d5-2e1d-45db-b656-5e658b10a344_${name}+qgraphNodeId:x`,
      jobStatus: status,
      attemptNr,
      maxRSS,
      startTime: "2023-04-14 03:00:00",
      endTime: "2023-04-14 03:20:30",
      pilotErrorCode: diag ? 1305 : 0,
      pilotErrorDiag: diag,
    });
    const rows = [
      job(
        "characterizeImage_1180_102",
        "failed",
        3,
        4_000_000,
        "Failed to execute payload:All pixels masked. Cannot estimate background",
      ),
      job("calibrate_1180_103", "finished", 4, 6_000_000),
      job("calibrate_1180_104", "finished", 1, 2_000_000),
    ];
    const path = join(dir, "jobs.jsonl");
    writeFileSync(path, rows.map((r) => JSON.stringify(r)).join("\n"));
    const read = await readFailureReport(path);
    expect(read.failures).toHaveLength(1);
    expect(read.failures[0]).toMatchObject({
      task: "characterizeImage",
      dataId: { visit: 1180, detector: 102 },
      status: "FAILED",
      attempts: 3,
      runTimeS: 1230,
      memoryBytes: 4_000_000 * 1024,
      pandaCode: "pilot, 1305",
      workflow: "43600",
      message: "All pixels masked. Cannot estimate background",
    });
    expect(read.succeeded).toBe(2);
    expect(read.retried?.map((f) => f.dataId)).toEqual([{ visit: 1180, detector: 103 }]);
  });
});

import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { analyzeFailures } from "../../src/failures/analyze.js";
import { dailyMarkdown, dailySummary, summarizeLogStream, trendOf } from "../../src/failures/daily.js";
import { readPipetaskV2 } from "../../src/failures/readers/pipetaskV2.js";
import type { Failure } from "../../src/failures/types.js";
import { tmp } from "./data.js";

const f = (task: string, message: string, time: string): Failure => ({
  task,
  dataId: {},
  status: "FAILED",
  exception: "RuntimeError",
  message,
  time,
  source: "t",
});

describe("daily summary", () => {
  it("counts per day × task × template, with trends and first-seen times; days without failures are zeros", () => {
    const failures = [
      f("calibrate", "No reference objects supplied", "2022-06-01T01:00:00Z"),
      f("calibrate", "No reference objects supplied", "2022-06-03T01:00:00Z"),
      ...Array.from({ length: 5 }, (_, i) =>
        f("calibrate", "No reference objects supplied", `2022-06-04T0${i}:00:00Z`),
      ),
      f("isr", "file 17 truncated", "2022-06-04T05:00:00Z"),
      f("isr", "file 18 truncated", "2022-06-04T06:00:00Z"),
      f("isr", "no time here", ""),
    ];
    const s = dailySummary(failures);
    expect(s.days).toEqual(["2022-06-01", "2022-06-02", "2022-06-03", "2022-06-04"]);
    expect(s.totals).toEqual([1, 0, 1, 7]);
    expect(s.undated).toBe(1);
    expect(s.series.map((x) => [x.task, x.template, x.counts, x.trend, x.firstSeen])).toEqual([
      ["isr", "file <n> truncated", [0, 0, 0, 2], "new", "2022-06-04T05:00:00Z"],
      ["calibrate", "No reference objects supplied", [1, 0, 1, 5], "rising", "2022-06-01T01:00:00Z"],
    ]);
    const md = dailyMarkdown(s);
    expect(md).toMatch(/Latest day: \*\*2022-06-04\*\*, 7 failures; 1 new templates/);
    expect(md).toMatch(/\| new \| isr \| RuntimeError \| file &lt;n&gt; truncated \| 0 \| 0 \| 0 \| 2 \|/);
  });

  it("trend rules", () => {
    expect(trendOf([2, 2, 2])).toBe("steady");
    expect(trendOf([4, 4, 1])).toBe("falling");
    expect(trendOf([4, 4, 0])).toBe("gone");
    expect(trendOf([1, 1, 9])).toBe("rising");
  });

  it("summarises a JSON-lines log stream in one pass, counting bad lines", async () => {
    const dir = tmp();
    const path = join(dir, "day.jsonl");
    const rec = (t: string, level: string, msg: string, label: string) =>
      JSON.stringify({
        asctime: t,
        levelname: level,
        name: "lsst.ctrl.mpexec",
        message: msg,
        MDC: { LABEL: label },
      });
    writeFileSync(
      path,
      [
        rec("2022-06-01T01:00:00Z", "INFO", "all fine", "isr"),
        rec(
          "2022-06-01T02:00:00Z",
          "ERROR",
          "Execution of task 'calibrate' on quantum {visit: 1, detector: 2} failed. Exception RuntimeError: No reference objects supplied",
          "calibrate",
        ),
        "{ broken",
        rec("2022-06-02T02:00:00Z", "ERROR", "Something odd 42", "isr"),
      ].join("\n"),
    );
    const s = await summarizeLogStream(path);
    expect(s.records).toBe(3);
    expect(s.badLines).toBe(1);
    expect(s.series.map((x) => [x.task, x.template, x.counts])).toEqual([
      ["isr", "Something odd <n>", [0, 1]],
      ["calibrate", "No reference objects supplied", [1, 0]],
    ]);
    expect(dailyMarkdown(s)).toMatch(/\*\*Partial\*\*: 1 input lines skipped/);
  });
});

describe("retries and workflows", () => {
  it("lists quanta that needed several attempts and failures per workflow with their flavor", () => {
    const doc = {
      tasks: {
        deblend: {
          n_expected: 49,
          n_failed: 1,
          failed_quanta: [
            {
              data_id: { tract: 4648, patch: 29, skymap: "DC2" },
              runs: { r1: "FAILED", r2: "FAILED", r3: "FAILED" },
              messages: ["MemoryError: out of memory"],
            },
          ],
        },
        isr: {
          n_expected: 10,
          n_failed: 1,
          failed_quanta: [
            { data_id: { visit: 1, detector: 2 }, runs: { r3: "FAILED" }, messages: ["RuntimeError: x"] },
          ],
        },
      },
    };
    const a = analyzeFailures({ reads: [readPipetaskV2(doc, "v2.json")] });
    expect(a.retries).toEqual([
      {
        task: "deblend",
        dataId: { tract: 4648, patch: 29, skymap: "DC2" },
        attempts: 3,
        status: "FAILED",
        history: ["FAILED", "FAILED", "FAILED"],
        message: "out of memory",
        source: "v2.json: deblend.failed_quanta[0]",
      },
    ]);
    // One run, with its tasks' expected quanta (49 + 10) as its jobs; the out-of-memory failure is guessed
    // infrastructure, the other unknown.
    expect(a.workflows).toEqual([
      {
        workflow: "r3",
        failures: 2,
        flavors: { new: 2 },
        tasks: { deblend: 1, isr: 1 },
        origins: { "infrastructure?": 1, unknown: 1 },
        jobs: 59,
        rate: 2 / 59,
        infrastructureRate: 1 / 59,
        verdict: "3.4 % of 59 jobs failed, mostly infrastructure (guessed) (1)",
      },
    ]);
    expect(a.groups.find((g) => g.task === "deblend")?.exception).toBe("MemoryError");
  });
});

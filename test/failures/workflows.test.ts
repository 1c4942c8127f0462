// Failure rates per workflow: an infrastructure problem (a third of one workflow's jobs failing on authentication)
// stands apart from a workflow with a few science-pipeline failures, by known flavor and, for new groups, by a
// guess from the message that is labelled as a guess.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { CliIO } from "../../src/cli/io.js";
import { main } from "../../src/cli/main.js";
import { analyzeFailures, workflowJobsOf } from "../../src/failures/analyze.js";
import { readFailureReport } from "../../src/failures/read.js";
import { guessOrigin, originOfFlavor, workflowRates } from "../../src/failures/workflows.js";
import { data, pilot, tmp } from "./data.js";

function io(): CliIO & { out: string } {
  const o = { out: "", version: "t", stderrIsTTY: false, stderr: () => {} } as unknown as CliIO & {
    out: string;
  };
  o.stdout = (t: string) => {
    o.out += t;
  };
  return o;
}

/** 35 of 100 jobs of one workflow fail on authentication, 3 of 100 of another on the PSF. */
function productionDay(dir: string): string {
  const rows: string[] = [];
  for (let i = 0; i < 35; i++)
    rows.push(
      JSON.stringify({
        task: "isr",
        visit: 1000 + i,
        detector: 10,
        exception: "RuntimeError",
        message: `HTTP 401 Unauthorized: token expired reading s3://embargo/raw/${1000 + i}/10.fits`,
        workflow: "step1/w_2024_10/group-a",
      }),
    );
  for (let i = 0; i < 3; i++)
    rows.push(
      JSON.stringify({
        task: "calibrate",
        visit: 2000 + i,
        detector: 20,
        exception: "ValueError",
        message: `PSF at (${100 + i}, 200) has an invalid FWHM value of nan`,
        workflow: "step1/w_2024_10/group-b",
      }),
    );
  const path = join(dir, "failures.jsonl");
  writeFileSync(path, `${rows.join("\n")}\n`);
  return path;
}

describe("origins", () => {
  it("cm_tools flavors map to origins; unknown flavors stay unknown", () => {
    expect(originOfFlavor("payload")).toBe("pipelines");
    for (const f of ["panda", "usdf", "production"]) expect(originOfFlavor(f)).toBe("infrastructure");
    expect(originOfFlavor("critical")).toBe("critical");
    expect(originOfFlavor("USDF?")).toBe("unknown");
    expect(originOfFlavor(null)).toBe("unknown");
  });

  it("every infrastructure-flavored message of the real cm_tools registry is guessed as infrastructure", () => {
    const text = readFileSync(data("failure_reports/cm_tools_error_code_decisions_hsc_rc2.yaml"), "utf8");
    // Entries: diagMessage lines followed (within the entry) by a flavor.
    const entries = text.split(/\n\s{8}\w[\w-]*:\n/).slice(1);
    const infra = entries.filter((e) => /flavor: "(panda)"/.test(e));
    expect(infra.length).toBeGreaterThanOrEqual(8);
    const missed = infra
      .map((e) => /diagMessage: >?\s*"?([^\n]*(?:\n\s{16}[^\n]*)*)/.exec(e)?.[1] ?? "")
      .filter((m) => guessOrigin(m) !== "infrastructure?");
    // The one miss is the executor's generic wrapper, which names no cause at all.
    expect(missed).toHaveLength(1);
    expect(missed[0]).toMatch(/^Task <TaskDef\(.*failed; processing will continue/s);
    // And none of the payload (science) messages is.
    const payload = entries.filter((e) => /flavor: "payload"/.test(e));
    const wrong = payload
      .map((e) => /diagMessage: >?\s*"?([^\n]*(?:\n\s{16}[^\n]*)*)/.exec(e)?.[1] ?? "")
      .filter((m) => guessOrigin(m) !== "unknown");
    expect(wrong).toEqual([]);
  });
});

describe("workflow rates", () => {
  it("an infrastructure problem stands apart from a science-pipelines one", async () => {
    const dir = tmp();
    const read = await readFailureReport(productionDay(dir));
    const a = analyzeFailures({
      reads: [read],
      workflowJobs: { "step1/w_2024_10/group-a": 100, "step1/w_2024_10/group-b": 100 },
    });
    expect(a.workflows.map((w) => w.workflow)).toEqual([
      "step1/w_2024_10/group-a",
      "step1/w_2024_10/group-b",
    ]);
    const [auth, science] = a.workflows;
    expect(auth).toMatchObject({
      failures: 35,
      jobs: 100,
      rate: 0.35,
      infrastructureRate: 0.35,
      origins: { "infrastructure?": 35 },
    });
    expect(auth.verdict).toBe(
      "infrastructure problem: 35 % of 100 jobs failed, 35 % on infrastructure (35 guessed from the message)",
    );
    expect(science).toMatchObject({
      failures: 3,
      rate: 0.03,
      infrastructureRate: 0,
      origins: { unknown: 3 },
    });
    expect(science.verdict).not.toMatch(/infrastructure problem/);
  });

  it("known flavors decide over the guess; the alarm level is an option", () => {
    const f = { workflow: "w", task: "isr", message: "token expired" };
    const rows = workflowRates(
      [
        { ...f, flavor: "payload" },
        { ...f, flavor: "panda" },
        { ...f, flavor: undefined },
      ],
      { jobs: { w: 20 }, infrastructureAlarm: 0.05 },
    );
    expect(rows[0].origins).toEqual({ pipelines: 1, infrastructure: 1, "infrastructure?": 1 });
    expect(rows[0].infrastructureRate).toBe(0.1);
    expect(rows[0].verdict).toMatch(/^infrastructure problem/);
    expect(
      workflowRates([{ ...f, flavor: "panda" }], { jobs: { w: 20 }, infrastructureAlarm: 0.2 })[0].verdict,
    ).toBe("5 % of 20 jobs failed, mostly infrastructure (1)");
  });

  it("a report of one run with task counts gives that run's jobs", async () => {
    const read = await readFailureReport(pilot("failures/pipetask_report_v2.json"));
    const jobs = workflowJobsOf([read]);
    const expected = Object.values(read.tasks).reduce((s, t) => s + (t.expected ?? 0), 0);
    expect(Object.values(jobs)).toEqual([expected]);
    const a = analyzeFailures({ reads: [read] });
    expect(a.workflows[0].jobs).toBe(expected);
    expect(a.workflows[0].rate).toBeCloseTo(a.failures.length / expected, 12);
  });

  it("the CLI prints infrastructure problems and writes the table", async () => {
    const dir = tmp();
    const out = io();
    const code = await main(
      [
        "failures",
        "--report",
        productionDay(dir),
        "--workflow-jobs",
        "step1/w_2024_10/group-a=100",
        "--workflow-jobs",
        "step1/w_2024_10/group-b=100",
        "--md",
        join(dir, "r.md"),
        "--json",
        join(dir, "r.json"),
      ],
      out,
    );
    expect(code).toBe(1);
    expect(out.out).toContain(
      "workflow step1/w_2024_10/group-a: infrastructure problem: 35 % of 100 jobs failed",
    );
    expect(readFileSync(join(dir, "r.md"), "utf8")).toContain(
      "| step1/w_2024_10/group-a | 35 | 100 | 35 % | 35 % | infrastructure? 35 | new 35 |",
    );
    const r = JSON.parse(readFileSync(join(dir, "r.json"), "utf8"));
    expect(r.workflows[1]).toMatchObject({ workflow: "step1/w_2024_10/group-b", jobs: 100, rate: 0.03 });
    let err = "";
    const bad = {
      ...io(),
      stderr: (t: string) => {
        err += t;
      },
    };
    expect(await main(["failures", "--report", productionDay(dir), "--infrastructure-alarm", "2"], bad)).toBe(
      2,
    );
    expect(err).toMatch(/--infrastructure-alarm expects a fraction/);
  });
});

// The morning page and the streaming daily mode: new templates first, the trend against the previous days' mean,
// first seen; `--daily-only` never builds failures (counts only), counts bad lines and exits 1 when a template is
// new on the latest day.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { CliIO } from "../../src/cli/io.js";
import { main } from "../../src/cli/main.js";
import { dailySummary } from "../../src/failures/daily.js";
import { changeText, dailyHtml } from "../../src/failures/daily-html.js";
import type { Failure } from "../../src/failures/types.js";
import { inspectHtml } from "../../src/plots/export.js";
import { tmp } from "./data.js";

function io(): CliIO & { out: string; err: string } {
  const o = { out: "", err: "", version: "t", stderrIsTTY: false } as CliIO & { out: string; err: string };
  o.stdout = (t) => {
    o.out += t;
  };
  o.stderr = (t) => {
    o.err += t;
  };
  return o;
}

/** Three days of LSST JSON log records: a steady PSF error, a rising timeout, a new error on the last day. */
function logs(dir: string): string {
  const lines: string[] = [];
  const rec = (day: number, hour: number, label: string, message: string, level = "ERROR") =>
    JSON.stringify({
      asctime: `2024-03-0${day}T${String(hour).padStart(2, "0")}:15:00.000Z`,
      levelname: level,
      name: "lsst.ctrl.mpexec.singleQuantumExecutor",
      message,
      MDC: { LABEL: label, RUN: "step1/w_2024_10" },
    });
  for (let d = 1; d <= 3; d++) {
    for (let k = 0; k < 4; k++)
      lines.push(
        rec(
          d,
          k,
          "calibrate",
          `Execution of task 'calibrate' on quantum {visit: ${100 + k}, detector: ${k}} failed. Exception ValueError: PSF at (${k}, 7) has an invalid FWHM value of nan`,
        ),
      );
    for (let k = 0; k < (d === 3 ? 9 : 1); k++)
      lines.push(
        rec(
          d,
          5,
          "isr",
          `Execution of task 'isr' on quantum {exposure: ${200 + k}, detector: 3} failed. Exception TimeoutError: read timed out after ${30 + k} s`,
        ),
      );
    lines.push(rec(d, 6, "isr", "processing 1 quantum", "INFO"));
  }
  lines.push(
    rec(
      3,
      7,
      "deblend",
      "Execution of task 'deblend' on quantum {tract: 4431, patch: 3} failed. Exception MemoryError: std::bad_alloc",
    ),
  );
  lines.push("{ not json");
  const path = join(dir, "logs.jsonl");
  writeFileSync(path, `${lines.join("\n")}\n`);
  return path;
}

describe("the morning page", () => {
  it("change against the previous days' mean", () => {
    const s = {
      task: "t",
      exception: null,
      template: "x",
      firstSeen: "d",
      trend: "steady" as const,
      total: 0,
    };
    expect(changeText({ ...s, counts: [4, 4, 2] })).toBe("−50 %");
    expect(changeText({ ...s, counts: [4, 4, 4] })).toBe("±0 %");
    expect(changeText({ ...s, counts: [0, 0, 3] })).toBe("new");
  });

  it("new templates come first, then rising ones, then the rest", () => {
    const f = (day: number, message: string): Failure => ({
      task: "isr",
      dataId: {},
      status: "FAILED",
      exception: "RuntimeError",
      message,
      time: `2024-03-0${day}T01:00:00Z`,
      source: "t",
    });
    const failures = [f(1, "steady 1"), f(2, "steady 2"), f(3, "steady 3"), f(3, "brand new 9")];
    for (let k = 0; k < 6; k++) failures.push(f(3, `rising ${k}`));
    failures.push(f(1, "rising 0"));
    const page = dailyHtml(dailySummary(failures));
    const at = (t: string) => page.indexOf(t);
    expect(at("<h2>New templates</h2>")).toBeGreaterThan(0);
    expect(at("brand new &lt;n&gt;")).toBeLessThan(at("<h2>Rising</h2>"));
    expect(at("<h2>Rising</h2>")).toBeLessThan(at("rising &lt;n&gt;"));
    expect(at("rising &lt;n&gt;")).toBeLessThan(at("steady &lt;n&gt;"));
    expect(page).toContain(
      "Latest day <strong>2024-03-03</strong>: <strong>8</strong> failures (previous 2 days: 1.5 per day)",
    );
  });
});

describe("skygate failures --daily-only", () => {
  it("summarises the log stream, writes the page, Markdown and JSON series, exits 1 on a new template", async () => {
    const dir = tmp();
    const out = io();
    const code = await main(
      [
        "failures",
        "--report",
        logs(dir),
        "--daily-only",
        "--daily-html",
        join(dir, "daily.html"),
        "--daily-json",
        join(dir, "daily.json"),
        "--daily-md",
        join(dir, "daily.md"),
      ],
      out,
    );
    expect(code).toBe(1);
    expect(out.out).toContain(
      "skygate failures --daily-only: 27 log records, 24 failures over 3 day(s); latest 2024-03-03: 14 failures, 1 new template(s); PARTIAL: 1 lines skipped",
    );
    expect(out.out).toContain('NEW deblend MemoryError "std::bad_alloc" × 1');
    const series = JSON.parse(readFileSync(join(dir, "daily.json"), "utf8"));
    expect(series.days).toEqual(["2024-03-01", "2024-03-02", "2024-03-03"]);
    expect(series.totals).toEqual([5, 5, 14]);
    expect(series.series.map((s: { trend: string }) => s.trend)).toEqual(["new", "rising", "steady"]);
    expect(series.badLines).toBe(1);
    const html = join(dir, "daily.html");
    const text = readFileSync(html, "utf8");
    expect(text).toContain("<strong>Partial</strong>: 1 input lines skipped");
    const seen = await inspectHtml(html, join(dir, "daily.png"), {
      width: 1100,
      height: 1400,
      fullPage: false,
    });
    expect(seen.problems).toEqual([]);
    expect(seen.figures).toBe(1);
    expect(seen.rendered).toBe(1);
  }, 120_000);

  it("a file that is not JSON lines is an input error naming it (exit 2)", async () => {
    const dir = tmp();
    const path = join(dir, "report.yaml");
    writeFileSync(path, "isr:\n  failed: 1\n");
    const out = io();
    expect(await main(["failures", "--report", path, "--daily-only"], out)).toBe(2);
    expect(out.err).toContain(`${path}: --daily-only reads JSON-lines log streams`);
  });
});

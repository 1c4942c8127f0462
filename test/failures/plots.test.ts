// Failure figures: what each map and chart draws is derived from the analysis (counts per classification, one
// outline per located detector, footprint cells), checked here against the analysis itself and the pilot's
// RTN-041 case; the HTML page is opened in headless Chromium: every figure renders, offline, no console errors.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { CliIO } from "../../src/cli/io.js";
import { main } from "../../src/cli/main.js";
import { analyzeFailures } from "../../src/failures/analyze.js";
import { lsstCamImSim } from "../../src/failures/camera/lsstCamImSim.js";
import { dailySummary } from "../../src/failures/daily.js";
import { readCcdVisitRegions, readVisitPointings } from "../../src/failures/geometry.js";
import { readFailureReport } from "../../src/failures/read.js";
import { loadReferenceFootprints } from "../../src/failures/refcat.js";
import type { Failure } from "../../src/failures/types.js";
import { inspectHtml } from "../../src/plots/export.js";
import {
  dailyFailureChart,
  failureFrame,
  failureGroupsChart,
  failureReportFigures,
  failureSkyMap,
  failureTemplateMaps,
} from "../../src/plots/failures.js";
import { pilot, tmp } from "./data.js";

type T = Record<string, unknown>;

/** Number of polygons in a polygon trace: parts are separated by null. */
function parts(trace: T): number {
  const x = trace.x as (number | null)[];
  let n = x.length > 0 ? 1 : 0;
  for (let i = 0; i < x.length; i++) if (x[i] === null && i < x.length - 1) n++;
  return n;
}

async function pilotAnalysis() {
  const reads = [await readFailureReport(pilot("failures/pipetask_report_v2.json"))];
  const footprints = await loadReferenceFootprints([pilot("refcat.parquet")]);
  const pointings = [await readVisitPointings(pilot("Visit.parquet"))];
  const analysis = analyzeFailures({ reads, geometry: { camera: lsstCamImSim(), pointings }, footprints });
  return { analysis, footprints };
}

describe("failure sky map", () => {
  it("draws every located failed detector once, filled by classification, over the footprint and tracts", async () => {
    const { analysis, footprints } = await pilotAnalysis();
    const fig = failureSkyMap(analysis, { footprints });
    expect(fig).not.toBeNull();
    const traces = (fig?.data ?? []) as T[];
    const outside = analysis.failures.filter((f) => f.verdict.classification === "outsideReferenceFootprint");
    const inside = analysis.failures.filter((f) => f.verdict.classification === "investigate");
    expect(outside.length).toBe(56); // the RTN-041 case
    const out = traces.find((t) => String(t.name).startsWith("outside the reference footprint"));
    const inv = traces.find((t) => String(t.name).startsWith("inside: investigate"));
    expect(out?.name).toBe(`outside the reference footprint (no action): ${outside.length}`);
    expect(inv?.name).toBe(`inside: investigate: ${inside.length}`);
    // One closed outline per failed detector (none crosses the seam here, so none is cut in two).
    expect(parts(out as T)).toBe(outside.length);
    expect(parts(inv as T)).toBe(inside.length);
    // Hover names each detector's data id.
    expect(((out as T).text as string[]).some((t) => t?.includes(`visit=${outside[0].dataId.visit}`))).toBe(
      true,
    );
    const fp = traces.find((t) => t.name === "reference footprint");
    expect(fp?.fill).toBe("toself");
    // Tract outlines: the 6 tracts holding most failures by default, every one when allowed.
    const tracts = new Set(analysis.failures.map((f) => f.location.tract));
    expect(tracts.size).toBe(8);
    expect(traces.filter((x) => /^tract \d+$/.test(String(x.name)))).toHaveLength(6);
    const all = (failureSkyMap(analysis, { footprints, maxTracts: 50 })?.data ?? []) as T[];
    for (const t of tracts) expect(all.some((x) => x.name === `tract ${t}`)).toBe(true);
    const layout = fig?.layout as { title: { text: string } };
    expect(layout.title.text).toBe(
      `Failures on the sky: ${inside.length} to investigate, ${outside.length} outside the reference footprint, 0 unlocated`,
    );
  });

  it("the frame holds every failed detector's corners", async () => {
    const { analysis } = await pilotAnalysis();
    const frame = failureFrame(analysis.failures);
    expect(frame?.projection.type).toBe("gnomonic");
    const [x0, x1, y0, y1] = frame?.extent ?? [0, 0, 0, 0];
    for (const f of analysis.failures)
      for (const [ra, dec] of f.location.corners ?? []) {
        const p = frame?.projection.project(ra, dec);
        expect(p).not.toBeNull();
        const [x, y] = p as [number, number];
        expect(x >= Math.min(x0, x1) && x <= Math.max(x0, x1)).toBe(true);
        expect(y >= Math.min(y0, y1) && y <= Math.max(y0, y1)).toBe(true);
      }
  });

  it("without geometry nothing is located: no map, and the page says why", async () => {
    const reads = [await readFailureReport(pilot("failures/pipetask_report_v2.json"))];
    const analysis = analyzeFailures({ reads });
    expect(failureSkyMap(analysis)).toBeNull();
    expect(failureReportFigures(analysis).notes).toContain("no failure could be placed on the sky");
  });

  it("CcdVisit corners are drawn as given", async () => {
    const reads = [await readFailureReport(pilot("failures/pipetask_report_v2.json"))];
    const ccdVisit = await readCcdVisitRegions(pilot("CcdVisit.parquet"));
    const analysis = analyzeFailures({ reads, geometry: { ccdVisit } });
    const viaCcd = analysis.failures.filter((f) => f.location.method === "ccdVisit");
    expect(viaCcd).toHaveLength(61); // the pilot's CcdVisit has a row for every failed detector
    const fig = failureSkyMap(analysis);
    const traces = (fig?.data ?? []) as T[];
    const drawn = traces
      .filter((t) => /^(outside|inside)/.test(String(t.name)) && t.fill === "toself")
      .reduce((a, t) => a + parts(t), 0);
    expect(drawn).toBe(viaCcd.length);
    // The first drawn vertex is a CcdVisit corner, projected.
    const first = traces.find((t) => /^(outside|inside)/.test(String(t.name)) && t.fill === "toself") as T;
    const frame = failureFrame(analysis.failures);
    const projected = viaCcd.flatMap((f) =>
      (f.location.corners ?? []).map(([r, d]) => frame?.projection.project(r, d)),
    );
    const x0 = (first.x as number[])[0];
    expect(projected.some((p) => p && Math.abs(p[0] - x0) < 1e-6)).toBe(true);
  });
});

describe("per-template maps and groups chart", () => {
  it("one map per group, each drawing only that group's failures", async () => {
    const { analysis, footprints } = await pilotAnalysis();
    const maps = failureTemplateMaps(analysis, { footprints });
    expect(maps).toHaveLength(analysis.groups.length);
    maps.forEach((m, k) => {
      const drawn = (m.data as T[])
        .filter((t) => /^(outside|inside)/.test(String(t.name)) && t.fill === "toself")
        .reduce((a, t) => a + parts(t), 0);
      expect(drawn).toBe(analysis.groups[k].count);
    });
    expect(failureTemplateMaps(analysis, { footprints, maxTemplateMaps: 2 })).toHaveLength(2);
  });

  it("bars per group add up to the group counts", async () => {
    const { analysis } = await pilotAnalysis();
    const bars = failureGroupsChart(analysis).data as T[];
    analysis.groups.forEach((g, k) => {
      expect(bars.reduce((a, b) => a + (b.x as number[])[k], 0)).toBe(g.count);
    });
    expect((bars[0].y as string[])[0]).toMatch(
      /^1\. NEW calibrate RuntimeError: No reference objects supplied/,
    );
  });
});

describe("daily chart", () => {
  const f = (day: string, message: string): Failure => ({
    task: "calibrate",
    dataId: {},
    status: "FAILED",
    exception: "RuntimeError",
    message,
    time: `${day}T03:00:00Z`,
    source: "t",
  });

  it("stacked bars per template sum to the day totals; the tail is summed as other", () => {
    const failures: Failure[] = [];
    for (let t = 0; t < 5; t++)
      for (let d = 1; d <= 3; d++)
        for (let k = 0; k < t + d; k++)
          failures.push(f(`2024-03-0${d}`, `error kind ${"abcde"[t]} in file ${k}`));
    failures.push(f("2024-03-05", "late error"));
    const daily = dailySummary(failures);
    expect(daily.days).toEqual(["2024-03-01", "2024-03-02", "2024-03-03", "2024-03-04", "2024-03-05"]);
    const fig = dailyFailureChart(daily, { maxDailySeries: 3 });
    const bars = fig?.data as T[];
    expect(bars).toHaveLength(4);
    expect(bars[3].name).toBe("other (3 templates)");
    daily.days.forEach((_, i) => {
      expect(bars.reduce((a, b) => a + (b.y as number[])[i], 0)).toBe(daily.totals[i]);
    });
    // New templates come first.
    expect(bars[0].name).toBe("NEW calibrate: late error");
    expect(dailyFailureChart(dailySummary([{ ...f("2024-03-01", "x"), time: undefined }]))).toBeNull();
  });
});

function io(): CliIO & { err: string[] } {
  const err: string[] = [];
  return {
    stdout: () => {},
    stderr: (t: string) => err.push(t),
    stderrIsTTY: false,
    version: "test",
    err,
  } as CliIO & {
    err: string[];
  };
}

describe("skygate failures --html", () => {
  it("a self-contained page whose every figure renders in headless Chromium, with the failure tables", async () => {
    const dir = tmp();
    const html = join(dir, "failures.html");
    const cli = io();
    const code = await main(
      [
        "failures",
        "--report",
        pilot("failures/pipetask_report_v2.json"),
        "--visit",
        pilot("Visit.parquet"),
        "--refcat",
        pilot("refcat.parquet"),
        "--html",
        html,
      ],
      cli,
    );
    expect(code).toBe(1);
    expect(cli.err.join("")).toBe("");
    const text = readFileSync(html, "utf8");
    expect(text).toContain("<title>skygate failures: fail</title>");
    expect(text.match(/\* plotly\.js v\d/g)?.length).toBe(1);
    expect(/<script[^>]+src=/i.test(text)).toBe(false);
    for (const h of ["Overview", "Failures on the sky", "Per template", "Groups", "Workflows"])
      expect(text).toContain(`<h2>${h}`);
    const seen = await inspectHtml(html, join(dir, "failures.png"), {
      width: 1300,
      height: 2400,
      fullPage: false,
    });
    expect(seen.problems).toEqual([]);
    // groups overview, sky map, one map per group (6), the workflow chart
    expect(seen.figures).toBe(9);
    expect(seen.rendered).toBe(seen.figures);
  }, 180_000);
});

// Rich notebook HTML of every result type, built from real runs on the pilot fixtures (seeded defects listed in
// fixtures/pilot/truth.json, the oracle), and kept small for large results.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { checkTables } from "../../src/checks/index.js";
import { compareRuns } from "../../src/compare/index.js";
import type { CheckResult, Report } from "../../src/core/results.js";
import { ArrowEngine } from "../../src/engines/index.js";
import {
  analyzeFailures,
  loadKnownErrors,
  loadReferenceFootprints,
  lsstCamImSim,
  readFailureReport,
  readVisitPointings,
} from "../../src/failures/index.js";
import { loadGate, runGate } from "../../src/gate/index.js";
import { footprintFromSpec, maskFromSpec, parseWhere, runHoleChecks } from "../../src/holes/index.js";
import { openTable, type TableSource } from "../../src/io/index.js";
import type { TableProfile } from "../../src/metrics/types.js";
import {
  comparisonHtml,
  failuresHtml,
  gateHtml,
  holesReportHtml,
  profileHtml,
  quantileHistogram,
  reportHtml,
  richHtml,
  sparklineSvg,
} from "../../src/notebook/index.js";

const ROOT = process.cwd();
const truth = JSON.parse(readFileSync(join(ROOT, "fixtures/pilot/truth.json"), "utf8")) as {
  defects: Array<{ defect: string; table: string | null; column: string | null; rows?: number[] }>;
};
const QUANTILES = [0.01, 0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.99];

/** Rows of the first table in an HTML fragment (the open part, before any <details>). */
function openRows(html: string): string[] {
  // Folds inside cells (sample rows, unchecked columns) are part of their row; the first other fold ends the open part.
  const cells = html.replace(/<details><summary>\d+ (sample rows|unchecked)<\/summary>.*?<\/details>/g, "");
  const table = cells.split("<details>")[0] ?? "";
  return table.match(/<tr><td[^>]*>.*?<\/tr>/g) ?? [];
}

let pilot: TableSource;
let report: Report;
let profile: TableProfile;
const engine = new ArrowEngine();

beforeAll(async () => {
  pilot = await openTable("Object", join(ROOT, "fixtures/pilot/Object.parquet"));
  report = await checkTables({
    sources: new Map([["Object", pilot]]),
    engineFor: () => engine,
    version: "test",
  });
  profile = (await engine.profile(pilot, { quantiles: QUANTILES })).profile;
}, 120_000);

describe("reportHtml", () => {
  it("lists every failing check of the seeded defects with its failing count, and folds sample rows", () => {
    const html = reportHtml(report);
    const failing = report.results.filter((r) => r.status === "fail");
    expect(failing.length).toBeGreaterThan(5);
    expect(openRows(html.split("<h4>Problems")[1] ?? "").length).toBe(failing.length);
    for (const d of truth.defects.filter((x) => x.table === "Object" && x.rows && x.column)) {
      const id = `Object.${d.column}.${d.defect}`;
      const row = openRows(html.split("<h4>Problems")[1] ?? "").find((r) => r.includes(`<code>${id}</code>`));
      expect(row, id).toBeDefined();
      expect(row).toContain(`<td>${d.rows?.length}</td>`);
    }
    expect(html).toContain("<summary>5 sample rows</summary>");
    expect(html).toMatch(/^<style>/);
    expect(html).toContain('<span class="skygate-fail">FAIL</span>');
  });

  it("shows the coverage table: columns, checked, unchecked", () => {
    const html = reportHtml(report);
    const c = report.coverage.tables?.Object;
    expect(c).toBeDefined();
    expect(html).toContain(`<td class="l">Object</td><td>${c?.columns}</td><td>${c?.checked}</td>`);
  });

  it("never sends 10^5 problems: 20 open, 200 folded, the rest counted", () => {
    const many: CheckResult[] = Array.from({ length: 100_000 }, (_, i) => ({
      id: `T.c${i}.nan`,
      table: "T",
      column: `c${i}`,
      check: "nan",
      status: "fail",
      failing: 1,
      total: 10,
      message: "1 NaN",
      sample: [{ row: i }],
    }));
    const big: Report = {
      tool: "skygate",
      version: "x",
      status: "fail",
      tables: { T: { rows: 10, columns: 100_000, sources: [] } },
      coverage: { columns: 100_000, checked: 100_000, unchecked: [] },
      results: many,
    };
    const html = reportHtml(big);
    expect(html.match(/<code>T\.c\d+\.nan<\/code>/g)?.length).toBe(220);
    expect(html).toContain("<summary>show 200 more</summary>");
    expect(html).toContain("99780 more not shown (all 100000 are in report.results)");
    expect(html.length).toBeLessThan(300_000);
  });

  it("labels partial results", () => {
    const partial = {
      ...report,
      results: report.results.map((r, i) => (i === 0 ? { ...r, partial: true } : r)),
    };
    expect(reportHtml(partial)).toContain("<b>1 partial</b>");
  });
});

describe("profileHtml", () => {
  it("tells nulls, NaN and ±Inf apart per column, as counted independently from the data", async () => {
    const table = await pilot.read({ columns: ["z_kronRad", "i_ap12Flux", "g_psfFlux"] });
    const html = profileHtml(profile, { name: "Object", shown: 2000, folded: 0 });
    for (const name of ["z_kronRad", "i_ap12Flux", "g_psfFlux"]) {
      const column = table.data.getChild(name);
      let nulls = 0;
      let nan = 0;
      let pos = 0;
      let neg = 0;
      for (let i = 0; i < table.data.numRows; i++) {
        const v = column?.isValid(i) ? (column.get(i) as number) : null;
        if (v === null) nulls++;
        else if (Number.isNaN(v)) nan++;
        else if (v === Number.POSITIVE_INFINITY) pos++;
        else if (v === Number.NEGATIVE_INFINITY) neg++;
      }
      const row = openRows(html).find((r) => r.includes(`<code>${name}</code>`)) ?? "";
      const cells = [...row.matchAll(/<td[^>]*>(.*?)<\/td>/g)].map((m) => m[1].replace(/<[^>]+>/g, ""));
      expect(cells.slice(2, 6), name).toEqual([nulls, nan, pos, neg].map(String));
    }
  });

  it("puts columns with problems first and folds the rest of 991 columns", () => {
    const html = profileHtml(profile, { name: "Object" });
    const open = openRows(html);
    expect(open.length).toBe(20);
    // The first rows all have a non-zero null/NaN/Inf count (282 NaN columns exist in the pilot).
    for (const r of open) expect(r).toMatch(/<td>[1-9]\d*<\/td>/);
    expect(html).toContain("Object</b>: 1500 rows × 991 columns");
    expect(html).toContain("<summary>show 200 more</summary>");
    expect(html).toContain("771 more not shown");
    expect(html.length).toBeLessThan(400_000);
  });
});

describe("quantileHistogram and sparklineSvg", () => {
  it("is flat for uniform quantiles and sums to 1", () => {
    const q: Record<string, number> = {};
    for (let i = 1; i < 10; i++) q[String(i / 10)] = i;
    const bins = quantileHistogram({ min: 0, max: 10, quantiles: q }, 5) ?? [];
    expect(bins.map((b) => Number(b.toFixed(6)))).toEqual([0.2, 0.2, 0.2, 0.2, 0.2]);
  });

  it("shows a point mass as one bar, and nothing without quantiles", () => {
    const bins =
      quantileHistogram({ min: 0, max: 10, quantiles: { "0.1": 5.5, "0.5": 5.5, "0.9": 5.5 } }, 10) ?? [];
    expect(bins.indexOf(Math.max(...bins))).toBe(5);
    expect(bins[5]).toBeGreaterThan(0.8);
    expect(quantileHistogram({ min: 0, max: 1 })).toBeNull();
    expect(quantileHistogram({ min: null, max: null, quantiles: { "0.5": 1 } })).toBeNull();
  });

  it("draws one bar per value, tallest at full height", () => {
    const svg = sparklineSvg([1, 4, 2], "t<x");
    expect(svg.match(/<rect /g)?.length).toBe(3);
    expect(svg).toContain('height="16.0"');
    expect(svg).toContain("<title>t&lt;x</title>");
  });
});

describe("holesReportHtml", () => {
  it("shows the seeded hole in patch 2,2 of tract 4431, then the same region explained by a mask", async () => {
    const hole = truth.defects.find((d) => d.defect === "hole") as unknown as { ra: number; dec: number };
    const footprint = (await footprintFromSpec("tracts:4431")) ?? undefined;
    const where = parseWhere(["detect_isPrimary"]);
    const sources = new Map([["Object", pilot]]);
    const found = await runHoleChecks(sources, { footprint, where });
    expect(found.holes.length).toBe(1);
    const html = holesReportHtml(found);
    const row = openRows(html.split("<h4>Holes</h4>")[1] ?? "")[0] ?? "";
    expect(row).toContain("4431 / 2,2");
    expect(Math.abs(found.holes[0].ra - hole.ra)).toBeLessThan(0.1);
    expect(html).toContain('class="skygate-cell-warn" title="2,2 low');
    expect(html.match(/<td class="skygate-cell-/g)?.length).toBe(49);

    const mask = await maskFromSpec(`circle:${hole.ra},${hole.dec},0.1`);
    const explained = await runHoleChecks(sources, { footprint, where, masks: [mask] });
    const html2 = holesReportHtml(explained);
    expect(html2).toContain("No unexplained hole.");
    expect(html2).toContain("<h4>Explained by masks (1)</h4>");
    expect(html2).toContain(`circle ${hole.ra},${hole.dec},0.1`);
    expect(richHtml(explained)).toBe(html2);

    // A search that could not run (no row passes the filter) never reads "No unexplained hole."
    const none = await runHoleChecks(sources, { footprint, where: parseWhere(["objectId<0"]) });
    expect(none.results.find((r) => r.check === "hole")?.status).toBe("error");
    const html3 = holesReportHtml(none);
    expect(html3).not.toContain("No unexplained hole.");
    expect(html3).toContain("No hole search ran for Object: see the errors below.");
  }, 120_000);
});

describe("comparisonHtml", () => {
  it("opens with the changes over threshold, exactly the comparison's, and folds the others", async () => {
    const clean = await openTable("Object", join(ROOT, "fixtures/pilot-clean/Object.parquet"));
    const before = (await engine.profile(clean, { quantiles: QUANTILES })).profile;
    const comparison = compareRuns(
      { kind: "profile", path: "clean", tables: { Object: before } },
      { kind: "profile", path: "pilot", tables: { Object: profile } },
    );
    const over = comparison.changes.filter((c) => c.exceeds);
    expect(over.length).toBeGreaterThan(0);
    const html = comparisonHtml(comparison);
    expect(openRows(html).length).toBe(Math.min(20, over.length));
    // The seeded all-null column and the missing/extra columns are among them (truth.json).
    for (const column of ["z_kronRad", "y_bdChi2", "ebv"])
      expect(openRows(html).join("")).toContain(`Object.${column}`);
    expect(html).toContain(`${comparison.changes.length - over.length} changes below threshold`);
    expect(richHtml(comparison)).toBe(html);
  }, 120_000);
});

describe("failuresHtml", () => {
  it("lists new groups first and counts the No reference objects failures outside the footprint", async () => {
    const read = await readFailureReport(join(ROOT, "fixtures/pilot/failures/pipetask_report_v2.json"));
    const analysis = analyzeFailures({
      reads: [read],
      known: loadKnownErrors(join(ROOT, "examples/failures/known-errors-dc2.yaml")),
      footprints: await loadReferenceFootprints([join(ROOT, "fixtures/pilot/refcat.parquet")]),
      geometry: {
        camera: lsstCamImSim(),
        pointings: [await readVisitPointings(join(ROOT, "fixtures/pilot/Visit.parquet"))],
      },
    });
    const html = failuresHtml(analysis);
    const rows = openRows(html);
    expect(rows.length).toBe(analysis.groups.length);
    const fresh = analysis.groups.filter((g) => g.label === "new").length;
    for (const [i, r] of rows.entries()) expect(r.includes(">NEW<"), `row ${i}`).toBe(i < fresh);
    const noRef = analysis.groups.find((g) => g.template.includes("No reference objects supplied"));
    const row = rows.find((r) => r.includes("No reference objects supplied")) ?? "";
    expect(row).toContain(`<td>${noRef?.count}</td>`);
    expect(row).toContain(`<td>${noRef?.outsideFootprint}</td>`);
    expect(richHtml(analysis)).toBe(html);
  }, 120_000);
});

describe("gateHtml", () => {
  it("shows the verdict and one metric row per metric, each level green when met and red when missed", async () => {
    const spec = loadGate(join(ROOT, "gates/coadd.yaml"), { data: join(ROOT, "fixtures/pilot") });
    const gate = await runGate(spec, {
      engines: { engineFor: () => new ArrowEngine() },
      version: "test",
      today: "2026-12-06",
    });
    const html = gateHtml(gate);
    expect(html).toContain(`<b>gate ${gate.gate.name}</b>: <span class="skygate-fail">FAIL</span>`);
    const metrics = html.split("<h4>Metrics against their levels</h4>")[1] ?? "";
    const rows = openRows(metrics);
    expect(rows.length).toBe(gate.metrics.length);
    const ok = gate.metrics.reduce((n, m) => n + Object.values(m.levels).filter((l) => l?.pass).length, 0);
    const bad = gate.metrics.reduce(
      (n, m) => n + Object.values(m.levels).filter((l) => l && !l.pass).length,
      0,
    );
    const table = metrics.split("</table>")[0] ?? "";
    expect(table.match(/skygate-cell-ok/g)?.length ?? 0).toBe(ok);
    expect(table.match(/skygate-cell-bad/g)?.length ?? 0).toBe(bad);
    for (const w of gate.gate.waived) expect(html).toContain(`waived <code>${w.id}</code>`);
    expect(richHtml(gate)).toBe(html);
    expect(richHtml(gate.metrics)).toContain(table.slice(0, 200));
  }, 180_000);
});

describe("richHtml", () => {
  it("dispatches reports and profiles and leaves other values alone", () => {
    expect(richHtml(report)).toBe(reportHtml(report));
    expect(richHtml(profile)).toBe(profileHtml(profile));
    expect(richHtml({ profile })).toBe(profileHtml(profile));
    expect(richHtml({ a: 1 })).toBeUndefined();
    expect(richHtml([1, 2])).toBeUndefined();
    expect(richHtml("text")).toBeUndefined();
  });
});

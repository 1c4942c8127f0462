// Triage: the same rule over the bands of one quantity is one problem in the text and Markdown reports, with a
// per-band breakdown; the JSON keeps one result per column; the summary never adds columns to rows.
import { describe, expect, it } from "vitest";
import type { CheckResult, Report } from "../../src/core/results.js";
import { toJson } from "../../src/report/json.js";
import { toMarkdown } from "../../src/report/markdown.js";
import { rollupByCheck } from "../../src/report/summary.js";
import { toText } from "../../src/report/text.js";
import { groupByBand } from "../../src/report/triage.js";

function fail(column: string, check: string, failing: number, total: number, message: string): CheckResult {
  return {
    id: `Object.${column}.${check}`,
    table: "Object",
    column,
    check,
    status: "fail",
    failing,
    total,
    message,
    sample: [],
  };
}

const results = [
  fail("r_psfFlux", "nanWithoutFlag", 5, 100, "5 of 100 rows: NaN or null while r_psfFlux_flag is false"),
  fail("g_psfFlux", "nanWithoutFlag", 3, 100, "3 of 100 rows: NaN or null while g_psfFlux_flag is false"),
  fail("g_kronRad", "allNull", 1, 1, "every one of 100 values is null or NaN"),
  fail("airmass", "range", 2, 100, "2 of 100 rows: below 1"),
];
const report: Report = {
  tool: "skygate",
  version: "t",
  status: "fail",
  tables: { Object: { rows: 100, columns: 4, sources: ["x"] } },
  coverage: { columns: 4, checked: 4, unchecked: [] },
  results,
};

describe("band groups", () => {
  it("groups one rule over the bands of a quantity, in band order, and leaves the rest alone", () => {
    const groups = groupByBand(results);
    expect(groups.map((g) => [g.id, g.breakdown])).toEqual([
      ["Object.{g,r}_psfFlux.nanWithoutFlag", "g 3/100, r 5/100"],
      ["Object.g_kronRad.allNull", null],
      ["Object.airmass.range", null],
    ]);
  });

  it("shows the groups in text and Markdown, keeps one JSON result per column, never sums columns as rows", () => {
    expect(toText(report)).toMatch(
      /FAIL {2}Object\.\{g,r\}_psfFlux\.nanWithoutFlag +2 bands \(g 3\/100, r 5\/100\): 3 of 100/,
    );
    expect(toMarkdown(report)).toContain(
      "`Object.{g,r}_psfFlux.nanWithoutFlag` |  |  | 2 bands (g 3/100, r 5/100)",
    );
    expect(JSON.parse(toJson(report)).results).toHaveLength(4);
    const rollup = Object.fromEntries(rollupByCheck(results).map((r) => [r.check, r.failingRows]));
    expect(rollup).toEqual({ nanWithoutFlag: 8, allNull: null, range: 2 });
  });
});

describe("partial results", () => {
  it("say so in the text and Markdown reports", () => {
    const partial: Report = { ...report, results: [{ ...(results[3] as CheckResult), partial: true }] };
    expect(toText(partial)).toContain("PARTIAL (saw only part of the data): 2 of 100 rows");
    expect(toMarkdown(partial)).toContain("PARTIAL (saw only part of the data): 2 of 100 rows");
  });
});

describe("sample rows in the reports for people", () => {
  it("show row, key, value and the position in degrees beside each problem", () => {
    const withSample: Report = {
      ...report,
      results: [
        {
          ...(results[3] as CheckResult),
          sample: [{ row: 7, key: "9223372036854775807", ra: 53.6560417, dec: -28.2641314, value: 0.5 }],
        },
      ],
    };
    const line = "e.g. row 7 key 9223372036854775807 value 0.5 ra 53.65604° dec -28.26413°; 1 more";
    expect(toText(withSample)).toContain(line);
    expect(toText(withSample)).toContain("sample positions in degrees");
    expect(toMarkdown(withSample)).toContain(`2 of 100 rows: below 1 — ${line}`);
  });
});

describe("results that repeat an id", () => {
  it("stay one problem each (one `hole` result per hole), never grouped as bands", () => {
    const hole = (n: number): CheckResult => ({
      id: "Object.hole",
      table: "Object",
      column: null,
      check: "hole",
      status: "fail",
      failing: 1,
      total: 1,
      message: `hole ${n}`,
      sample: [],
    });
    const groups = groupByBand([hole(1), hole(2), hole(3)]);
    expect(groups.map((g) => g.results.length)).toEqual([1, 1, 1]);
    expect(groups.map((g) => g.breakdown)).toEqual([null, null, null]);
  });
});

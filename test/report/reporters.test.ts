// Reporters format a hand-made report; every expectation is read off the literal below.
import { XMLParser } from "fast-xml-parser";
import { describe, expect, it } from "vitest";
import { toHtml } from "../../src/report/html.js";
import { toJson } from "../../src/report/json.js";
import { toJunit } from "../../src/report/junit.js";
import { toMarkdown } from "../../src/report/markdown.js";
import { rollupByCheck } from "../../src/report/summary.js";
import { toText } from "../../src/report/text.js";
import { exitCodeFor, type Report, reportStatus } from "../../src/report/types.js";

const report: Report = {
  tool: "skygate",
  version: "1.2.3",
  status: "fail",
  tables: { Object: { rows: 10, columns: 3, sources: ["a.parquet", "b.parquet"] } },
  coverage: { columns: 3, checked: 2, unchecked: ["Object.y_bdChi2"] },
  results: [
    {
      id: "Object.r_psfFlux.nanWithoutFlag",
      table: "Object",
      column: "r_psfFlux",
      check: "nanWithoutFlag",
      status: "fail",
      failing: 2,
      total: 10,
      message: "2 of 10 rows: NaN while r_psfFlux_flag is false",
      sample: [
        { row: 3, key: "17", ra: 55.1, dec: -32.1 },
        { row: 7, key: "21", ra: 55.2, dec: -32.2 },
      ],
    },
    {
      id: "Object.y_bdChi2.nan",
      table: "Object",
      column: "y_bdChi2",
      check: "nan",
      status: "error",
      failing: 0,
      total: 0,
      message: "could not run: column y_bdChi2 missing <from> the data & more",
      sample: [],
    },
    {
      id: "Object.r_psfFlux.nan",
      table: "Object",
      column: "r_psfFlux",
      check: "nan",
      status: "pass",
      failing: 0,
      total: 10,
      message: "no NaN",
      sample: [],
    },
    {
      id: "Object.x.allNull",
      table: "Object",
      column: "x",
      check: "allNull",
      status: "skip",
      failing: 0,
      total: 0,
      message: "table has no rows",
      sample: [],
    },
  ],
};

describe("status and exit code", () => {
  it("lets a failure win over an error, and an error over passes; skips never count", () => {
    expect(reportStatus(report.results)).toBe("fail");
    expect(reportStatus(report.results.filter((r) => r.status !== "fail"))).toBe("error");
    expect(reportStatus(report.results.filter((r) => r.status === "pass" || r.status === "skip"))).toBe(
      "pass",
    );
    expect([exitCodeFor("fail"), exitCodeFor("error"), exitCodeFor("pass")]).toEqual([1, 3, 0]);
  });
});

describe("reporters", () => {
  it("JSON round-trips the contract shape and writes non-finite numbers as null", () => {
    const withInf: Report = {
      ...report,
      results: [
        { ...report.results[0], sample: [{ row: 1, value: Number.POSITIVE_INFINITY }] },
      ] as Report["results"],
    };
    const parsed = JSON.parse(toJson(withInf));
    expect(parsed.results[0].sample[0]).toEqual({ row: 1, value: null });
    expect(JSON.parse(toJson(report))).toEqual(report);
  });

  it("text summary counts statuses per check and lists failures before errors", () => {
    const text = toText(report);
    expect(rollupByCheck(report.results).map((r) => [r.check, r.counts])).toEqual([
      ["nanWithoutFlag", { pass: 0, fail: 1, error: 0, skip: 0 }],
      ["nan", { pass: 1, fail: 0, error: 1, skip: 0 }],
      ["allNull", { pass: 0, fail: 0, error: 0, skip: 1 }],
    ]);
    expect(text).toMatch(/Object: 10 rows, 3 columns, 2 sources/);
    const fail = text.indexOf("FAIL   Object.r_psfFlux.nanWithoutFlag");
    const error = text.indexOf("ERROR  Object.y_bdChi2.nan");
    expect(fail).toBeGreaterThan(0);
    expect(error).toBeGreaterThan(fail);
    expect(text).toMatch(/Coverage: 2\/3 columns checked; unchecked: Object.y_bdChi2/);
    expect(text).toMatch(/Status: FAIL \(1 failed, 1 errored, 1 passed, 1 skipped\)/);
  });

  it("JUnit XML parses, escapes messages and counts failures, errors and skips", () => {
    const xml = toJunit(report);
    const parsed = new XMLParser({ ignoreAttributes: false }).parse(xml);
    const suites = parsed.testsuites;
    expect([suites["@_tests"], suites["@_failures"], suites["@_errors"], suites["@_skipped"]]).toEqual([
      "4",
      "1",
      "1",
      "1",
    ]);
    const cases = suites.testsuite.testcase;
    expect(cases[1].error["@_message"]).toBe("could not run: column y_bdChi2 missing <from> the data & more");
    expect(cases[0].failure["@_message"]).toBe("2 of 10: 2 of 10 rows: NaN while r_psfFlux_flag is false");
  });

  it("Markdown and HTML carry the verdict, the problems and escaped text", () => {
    const md = toMarkdown(report);
    expect(md.split("\n")[0]).toBe("# skygate check: FAIL");
    expect(md).toContain("| ❌ | `Object.r_psfFlux.nanWithoutFlag` | 2 | 10 |");
    expect(md).toContain("Unchecked: `Object.y_bdChi2`");
    const html = toHtml(report);
    expect(html).toContain("missing &lt;from&gt; the data &amp; more");
    expect(html).not.toContain("<from>");
    expect(html).toContain('<span class="badge s-fail">FAIL</span>');
    expect(html).not.toMatch(/<script|https?:\/\//);
  });
});

describe("Markdown escapes data-derived text", () => {
  it("a hostile column or table name never becomes a raw tag, a link or a broken row", () => {
    const hostile: Report = {
      ...report,
      tables: { "Obj<script>": { rows: 1, columns: 1, sources: ["x.csv"] } },
      coverage: { columns: 1, checked: 0, unchecked: ["Obj<script>.a`<img src=x onerror=alert(1)>`b"] },
      results: [
        {
          id: "Obj<script>.a`<img src=x onerror=alert(1)>`b.nan",
          table: "Obj<script>",
          column: "a`<img src=x onerror=alert(1)>`b",
          check: "nan",
          status: "fail",
          failing: 1,
          total: 2,
          message: "1 of 2 rows: NaN in a`<img src=x onerror=alert(1)>`b | [x](javascript:alert(1))",
          sample: [],
        },
      ],
    };
    const md = toMarkdown(hostile);
    expect(md).not.toMatch(/<img|<script/i);
    // brackets escaped: no link
    expect(md).toContain("\\[x\\](javascript");
    // every table row of the Problems section keeps its 6 cells (5 separators + ends)
    const problemRow = md.split("\n").find((l) => l.startsWith("| ❌"));
    expect(problemRow?.replace(/\\\|/g, "").split("|").length).toBe(7);
    expect(md).toContain("Obj&lt;script&gt;");
  });
});

describe("Markdown says when the engine fell back", () => {
  it("one quoted line per fallback, none without", () => {
    expect(toMarkdown(report)).not.toContain("fell back");
    const md = toMarkdown({
      ...report,
      engine: {
        choice: "auto",
        fallbacks: [
          { table: "Object", operation: "profile", from: "duckdb", to: "arrow", reason: "Not implemented" },
        ],
      },
    });
    expect(md).toContain(
      "> Engine: auto fell back from DuckDB to Arrow for Object (profile): Not implemented",
    );
  });
});

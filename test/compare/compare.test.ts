import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.js";
import { compareRuns } from "../../src/compare/compare.js";
import { comparisonText } from "../../src/compare/format.js";
import { readRunDocument, runDocumentFromJson } from "../../src/compare/load.js";
import type { Comparison } from "../../src/compare/types.js";
import { InputError } from "../../src/core/errors.js";
import { captureIO } from "../helpers/io.js";

const dir = mkdtempSync(join(tmpdir(), "skygate-compare-"));
const pilot = join(dir, "pilot.json");
const clean = join(dir, "clean.json");
const cleanAgain = join(dir, "clean-again.json");
const truth = JSON.parse(readFileSync("fixtures/pilot/truth.json", "utf8")) as {
  defects: { defect: string; table: string | null; column: string | null; rows?: number[] }[];
};

beforeAll(async () => {
  for (const [out, folder] of [
    [pilot, "pilot"],
    [clean, "pilot-clean"],
    [cleanAgain, "pilot-clean"],
  ] as const) {
    const code = await main(
      [
        "profile",
        "--quiet",
        "--engine",
        "arrow",
        "--quantiles",
        "--json",
        out,
        "--table",
        `Object=fixtures/${folder}/Object.parquet`,
        "--table",
        `Visit=fixtures/${folder}/Visit.parquet`,
      ],
      captureIO(),
    );
    expect(code).toBe(0);
  }
}, 120_000);

describe("compare of two profiles", () => {
  it("finds nothing between two profiles of the same data", () => {
    const c = compareRuns(readRunDocument(clean), readRunDocument(cleanAgain));
    expect(c.changes).toEqual([]);
    expect(c.status).toBe("pass");
  });

  it("finds the pilot's injected defects against its clean twin, over threshold", () => {
    const c = compareRuns(readRunDocument(clean), readRunDocument(pilot));
    expect(c.status).toBe("fail");
    const find = (column: string, what: string) =>
      c.changes.find((x) => x.table === "Object" && x.column === column && x.what === what);
    for (const d of truth.defects) {
      if (d.table !== "Object" || d.column === null) continue;
      if (d.defect === "nanWithoutFlag") expect(find(d.column, "nanRate")?.exceeds, d.column).toBe(true);
      if (d.defect === "inf") expect(find(d.column, "infRate")?.exceeds, d.column).toBe(true);
      if (d.defect === "missingColumn") expect(find(d.column, "columnRemoved"), d.column).toBeDefined();
      if (d.defect === "extraColumn") expect(find(d.column, "columnAdded"), d.column).toBeDefined();
      if (d.defect === "type") expect(find(d.column, "type"), d.column).toBeDefined();
    }
    const airmass = c.changes.find((x) => x.table === "Visit" && x.column === "airmass");
    expect(airmass).toBeDefined();
    // Exactly the injected defects, as the README says: the twins are different draws of the same sky, and
    // sampling noise (46 against 41 distinct parentObjectId) stays under its floor.
    const over = c.changes
      .filter((x) => x.table === "Object" && x.exceeds)
      .map((x) => `${x.column} ${x.what}`);
    expect(over.sort()).toEqual(
      [
        "ebv columnAdded",
        "footprintArea type",
        "i_psfFluxErr type",
        "y_bdChi2 columnRemoved",
        "z_kronRad nullRate",
        "g_psfFlux nanRate",
        "g_cModelFlux nanRate",
        "i_ap12Flux infRate",
      ].sort(),
    );
  });

  it("ranks structural changes first, then by |size|", () => {
    const c = compareRuns(readRunDocument(clean), readRunDocument(pilot));
    const sizes = c.changes.map((x) => (x.size === null ? Number.POSITIVE_INFINITY : Math.abs(x.size)));
    for (let i = 1; i < sizes.length; i++) expect(sizes[i - 1]).toBeGreaterThanOrEqual(sizes[i]);
    expect(c.changes[0].size).toBeNull();
  });

  it("the CLI writes the JSON and exits 1 on a change, 0 on none", async () => {
    const io = captureIO();
    const out = join(dir, "changes.json");
    expect(await main(["compare", clean, pilot, "--json", out, "--md", join(dir, "c.md")], io)).toBe(1);
    const json = JSON.parse(readFileSync(out, "utf8")) as Comparison;
    expect(json.changes.length).toBeGreaterThan(0);
    for (const c of json.changes)
      expect(Object.keys(c)).toEqual(
        expect.arrayContaining(["table", "column", "what", "before", "after", "size"]),
      );
    expect(readFileSync(join(dir, "c.md"), "utf8")).toMatch(/^# skygate compare: FAIL/);
    expect(await main(["compare", clean, cleanAgain], captureIO())).toBe(0);
  });

  it("a threshold override changes the verdict of size-measured changes only", () => {
    const before = runDocumentFromJson({ tables: { T: { rows: 100, sources: [], columns: {} } } }, "a");
    const after = runDocumentFromJson({ tables: { T: { rows: 105, sources: [], columns: {} } } }, "b");
    expect(compareRuns(before, after).status).toBe("pass");
    expect(
      compareRuns(before, after, {
        thresholds: {
          cohenH: 0.05,
          standardizedMeanDifference: 0.1,
          logRatio: 0.01,
          kolmogorovSmirnov: 0.05,
        },
      }).status,
    ).toBe("fail");
  });
});

describe("compare of two check reports", () => {
  it("flags a check that regressed and one that appeared", () => {
    const r = {
      id: "T.c.nan",
      table: "T",
      column: "c",
      check: "nan",
      status: "pass",
      failing: 0,
      total: 100,
      message: "",
      sample: [],
    };
    const before = runDocumentFromJson({ results: [r] }, "a");
    const after = runDocumentFromJson(
      {
        results: [
          { ...r, status: "fail", failing: 2 },
          { ...r, id: "T.d.nan", column: "d" },
        ],
      },
      "b",
    );
    const c = compareRuns(before, after);
    expect(c.changes.map((x) => x.what).sort()).toEqual(["checkAdded", "failingRate", "status"]);
    expect(c.changes.find((x) => x.what === "failingRate")?.exceeds).toBe(true);
  });
  it("a fixed check does not fail the comparison", () => {
    const r = {
      id: "T.c.nan",
      table: "T",
      column: "c",
      check: "nan",
      status: "fail",
      failing: 5,
      total: 100,
      message: "",
      sample: [],
    };
    const c = compareRuns(
      runDocumentFromJson({ results: [r] }, "a"),
      runDocumentFromJson({ results: [{ ...r, status: "pass", failing: 0 }] }, "b"),
    );
    expect(c.status).toBe("pass");
    expect(c.changes.length).toBe(2);
  });
  it("a check that started running is no regression, one that stopped is; lines name the check", () => {
    const r = { table: "T", column: "c", failing: 0, total: 100, message: "", sample: [] };
    const results = (status: string) => [
      { ...r, id: "T.c.nan", check: "nan", status },
      { ...r, id: "T.c.inf", check: "inf", status: status === "skip" ? "pass" : "skip" },
    ];
    const c = compareRuns(
      runDocumentFromJson({ results: results("skip") }, "a"),
      runDocumentFromJson({ results: results("pass") }, "b"),
    );
    expect(c.changes.map((x) => [x.id, x.before, x.after, x.exceeds]).sort()).toEqual([
      ["T.c.inf", "pass", "skip", true],
      ["T.c.nan", "skip", "pass", false],
    ]);
    expect(c.status).toBe("fail");
    expect(comparisonText(c)).toContain("! T.c.inf  status  pass → skip");
    expect(comparisonText(c)).toContain("  T.c.nan  status  skip → pass");
  });
});

describe("bad input", () => {
  it("unreadable, empty, non-JSON and unlike files are input errors naming the file (CLI exit 2)", async () => {
    expect(() => readRunDocument(join(dir, "nope.json"))).toThrow(InputError);
    expect(() => runDocumentFromJson({ hello: 1 }, "x.json")).toThrow(/x\.json/);
    const io = captureIO();
    expect(await main(["compare", pilot, join(dir, "nope.json")], io)).toBe(2);
    expect(io.err.join("")).toMatch(/nope\.json/);
    expect(await main(["compare", pilot], captureIO())).toBe(2);
    expect(() =>
      compareRuns(
        runDocumentFromJson({ results: [] }, "r.json"),
        runDocumentFromJson({ tables: {} }, "p.json"),
      ),
    ).toThrow(/compare like with like/);
  });
});

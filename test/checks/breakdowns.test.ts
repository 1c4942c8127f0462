// Where failing rows are: per tract/patch, visit/detector and band, on both engines, against DuckDB SQL run
// directly on the real ap_verify COSMOS DiaSource file; and the HTML report groups bands as text/Markdown do.
import { DuckDBInstance } from "@duckdb/node-api";
import { afterAll, describe, expect, it } from "vitest";
import { checkTables } from "../../src/checks/checkTables.js";
import { breakdownSpecs } from "../../src/checks/run/breakdowns.js";
import { ArrowEngine } from "../../src/engines/arrow/arrow-engine.js";
import { DuckDBEngine } from "../../src/engines/duckdb/duckdb-engine.js";
import { openTable } from "../../src/io/open.js";
import { toHtml } from "../../src/report/html.js";
import { toMarkdown } from "../../src/report/markdown.js";
import { toText } from "../../src/report/text.js";
import { loadFelis } from "../../src/schema/load.js";
import { external } from "../helpers/paths.js";
import { result, runSuite } from "./helpers.js";

const duck = new DuckDBEngine({ threads: 1 });
afterAll(() => duck.close());

const FILE = () =>
  external("ap_verify_ci_cosmos_pdr2", "preloaded_dia_source_HSC_59160_1_13_dia_catalogs_apdb.parq");

describe("breakdowns of failing rows", () => {
  it("picks pairs where both columns exist", () => {
    expect(breakdownSpecs(["tract", "patch", "visit", "band"])).toEqual([
      { kind: "column", column: "tract", within: "patch" },
      { kind: "column", column: "visit" },
      { kind: "column", column: "band" },
    ]);
    expect(breakdownSpecs(["ra", "dec"])).toEqual([]);
  });

  it("counts a real DiaSource finding per visit/detector and band, as SQL does, on both engines", async () => {
    const oracle = await (await DuckDBInstance.create(":memory:")).connect();
    const sql = `SELECT CAST(visit AS VARCHAR) || '/' || CAST(detector AS VARCHAR) AS k, count(*) AS n
      FROM read_parquet('${FILE()}') WHERE isfinite(ra) AND NOT coalesce(isfinite(raErr) AND raErr > 0, false) AND centroid_flag IS NOT TRUE
      GROUP BY ALL`;
    const rows = (await oracle.runAndReadAll(sql)).getRowObjects();
    const expected = Object.fromEntries(rows.map((r) => [String(r.k), Number(r.n)]));
    expect(Object.values(expected).reduce((a, b) => a + b, 0)).toBe(132);
    for (const engine of [new ArrowEngine(), duck]) {
      const report = await checkTables({
        sources: new Map([["DiaSource", await openTable("DiaSource", FILE())]]),
        schema: loadFelis(external("sdm_schemas", "apdb.yaml")),
        engineFor: () => engine,
        version: "test",
      });
      const r = result(report, "DiaSource.ra.errorPair");
      expect(r.failing).toBe(132);
      expect(JSON.parse(JSON.stringify(r.breakdowns))).toEqual({
        "visit/detector": expected,
        band: { g: 132 },
      });
      // Every failing row check gets breakdowns that add up to its count.
      for (const f of report.results.filter((x) => x.status === "fail" && x.breakdowns))
        for (const counts of Object.values(f.breakdowns ?? {}))
          expect([f.id, counts.total]).toEqual([f.id, f.failing]);
      expect(toText(report)).toContain(
        "by visit/detector: 59150/58 47, 59150/50 30, 59142/5 17, 59134/0 13, 59142/0 9, 3 more; by band: g 132",
      );
      expect(toMarkdown(report)).toContain("by visit/detector: 59150/58 47");
      expect(toHtml(report)).toContain("by visit/detector: 59150/58 47");
    }
  }, 120_000);

  it("groups the bands of one quantity in the HTML report, as in text and Markdown", async () => {
    const report = await runSuite({
      tables: {
        Object: {
          objectId: new BigInt64Array([1n, 2n, 3n]),
          g_psfFlux: [1, Number.POSITIVE_INFINITY, 2],
          r_psfFlux: [Number.POSITIVE_INFINITY, 2, Number.POSITIVE_INFINITY],
          tract: [1, 1, 2],
          patch: [3, 4, 3],
        },
      },
    });
    expect(result(report, "Object.r_psfFlux.inf").failing).toBe(2);
    const html = toHtml(report);
    expect(html).toContain("<code>Object.{g,r}_psfFlux.inf</code>");
    expect(html).toContain("2 bands (g 1/3, r 2/3)");
    expect(html).not.toContain("<code>Object.g_psfFlux.inf</code>");
    expect(JSON.parse(JSON.stringify(result(report, "Object.r_psfFlux.inf").breakdowns))).toEqual({
      "tract/patch": { "1/3": 1, "2/3": 1 },
    });
  });
});

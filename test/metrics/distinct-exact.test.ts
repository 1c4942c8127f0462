// Distinct counts: exact up to EXACT_DISTINCT_LIMIT on both engines (the same number), an estimate beyond that
// never exceeds the values present. Oracle: DuckDB's count(DISTINCT …) run directly on the same files.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ArrowEngine, DuckDBEngine } from "../../src/engines/index.js";
import { openTable } from "../../src/io/open.js";
import { HASH_OUT, hashWords } from "../../src/metrics/hash.js";
import {
  createHll,
  EXACT_DISTINCT_LIMIT,
  hllAddHashed,
  hllEstimate,
  mergeHllInto,
} from "../../src/metrics/hll.js";
import type { TableProfile } from "../../src/metrics/types.js";
import { external } from "../helpers/paths.js";

let dir: string;
let oracle: Awaited<ReturnType<DuckDBInstance["connect"]>>;
const duck = new DuckDBEngine({ threads: 1 });

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "skygate-distinct-"));
  oracle = await (await DuckDBInstance.create(":memory:")).connect();
  // 10 000 rows; columns with 1, 7, 211, exactly the limit, one past it, and all-distinct values.
  await oracle.run(`COPY (SELECT CAST(0 AS INTEGER) AS one, ['u','g','r','i','z','y','é'][range % 7 + 1] AS band,
      CAST(range % 211 AS INTEGER) AS visit, CAST(range % ${EXACT_DISTINCT_LIMIT} AS BIGINT) AS atLimit,
      CAST(range % ${EXACT_DISTINCT_LIMIT + 1} AS BIGINT) AS pastLimit, CAST(range * 7919 AS BIGINT) AS id,
      CASE WHEN range % 3 = 0 THEN NULL ELSE 'obj' || (range % 1000) END AS name
    FROM range(10000)) TO '${dir}/t.parquet' (FORMAT parquet, ROW_GROUP_SIZE 3000)`);
});

afterAll(async () => {
  await duck.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function add(h: ReturnType<typeof createHll>, v: number): void {
  hashWords(v, 0);
  hllAddHashed(h, HASH_OUT[0], HASH_OUT[1]);
}

async function truth(file: string, columns: readonly string[]): Promise<Record<string, number>> {
  const select = columns.map((c, i) => `count(DISTINCT "${c}") AS d${i}`).join(", ");
  const row = (
    await oracle.runAndReadAll(`SELECT ${select} FROM read_parquet('${file}')`)
  ).getRowObjects()[0];
  return Object.fromEntries(columns.map((c, i) => [c, Number(row[`d${i}`])]));
}

function distincts(p: TableProfile): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [name, c] of Object.entries(p.columns))
    if ("distinct" in c && c.distinct !== null) out[name] = c.distinct;
  return out;
}

describe("the sketch", () => {
  it("counts exactly up to the limit, with repeats, and merges exact sketches exactly", () => {
    for (const n of [1, 2, 100, EXACT_DISTINCT_LIMIT]) {
      const h = createHll();
      for (let r = 0; r < 3; r++) for (let v = 0; v < n; v++) add(h, v);
      expect(hllEstimate(h)).toBe(n);
    }
    const a = createHll();
    const b = createHll();
    for (let v = 0; v < 3000; v++) add(a, v);
    for (let v = 1000; v < 4000; v++) add(b, v);
    mergeHllInto(a, b);
    expect(hllEstimate(a)).toBe(4000);
    // Past the limit the union is an estimate (within 2.5 %), no longer exact.
    const c = createHll();
    for (let v = 3000; v < 6000; v++) add(c, v);
    mergeHllInto(a, c);
    expect(a.exact).toBeNull();
    expect(Math.abs(hllEstimate(a) - 6000)).toBeLessThanOrEqual(0.025 * 6000);
  });
});

describe("both engines", () => {
  it("give the exact count at and below the limit, the same number, and never more than the values present", async () => {
    const file = join(dir, "t.parquet");
    const source = await openTable("T", file);
    const exact = await truth(file, ["one", "band", "visit", "atLimit", "pastLimit", "id", "name"]);
    expect(exact).toMatchObject({ one: 1, band: 7, visit: 211, atLimit: EXACT_DISTINCT_LIMIT, name: 1000 });
    const a = distincts((await new ArrowEngine().profile(source)).profile);
    const d = distincts((await duck.profile(source)).profile);
    for (const column of ["one", "band", "visit", "atLimit", "name"]) {
      expect([column, a[column], d[column]]).toEqual([column, exact[column], exact[column]]);
    }
    // Beyond the limit: estimates within the sketches' error (DuckDB exact where its estimate was small).
    for (const column of ["pastLimit", "id"]) {
      expect(Math.abs((a[column] as number) - (exact[column] as number))).toBeLessThanOrEqual(
        0.025 * (exact[column] as number),
      );
      expect(a[column]).toBeLessThanOrEqual(10000);
      expect(d[column]).toBeLessThanOrEqual(10000);
    }
  });

  it("give the exact count of every column of a real APDB DiaSource file (574 rows)", async () => {
    const file = external(
      "ap_verify_ci_cosmos_pdr2",
      "preloaded_dia_source_HSC_59160_1_13_dia_catalogs_apdb.parq",
    );
    const source = await openTable("DiaSource", file);
    const a = distincts((await new ArrowEngine().profile(source)).profile);
    const d = distincts((await duck.profile(source)).profile);
    const exact = await truth(file, Object.keys(a));
    // visit 3, detector 6, diaObjectId 469 of 574 rows, band 1, …: every one exact on both engines.
    expect(Object.keys(a).length).toBeGreaterThan(10);
    expect(a).toEqual(exact);
    // (DuckDB also counts 0 distinct in two all-null time columns that the Arrow reader types as Null.)
    expect(Object.fromEntries(Object.keys(a).map((k) => [k, d[k]]))).toEqual(exact);
    expect([exact.visit, exact.detector, exact.diaObjectId, exact.band]).toEqual([3, 6, 469, 1]);
  });
});

// pandas writes a column that is null in every row as Arrow/Parquet type Null. The DC2 DiaSource file of visit
// 982985 (test/data/ap_verify_ci_dc2) has such columns: PROVENANCE gives 119 DiaSource rows, and DuckDB's
// parquet_schema names the columns whose logical type is NullType() (ssObjectReassocTimeMjdTai,
// timeWithdrawnMjdTai); DuckDB counts their nulls. The Arrow engine must report nulls = rows for them.
import { DuckDBInstance } from "@duckdb/node-api";
import { afterAll, describe, expect, it } from "vitest";
import { compareRuns } from "../../src/compare/compare.js";
import { ArrowEngine, DuckDBEngine } from "../../src/engines/index.js";
import { openTable } from "../../src/io/open.js";
import type { TableProfile } from "../../src/metrics/types.js";
import { external } from "../helpers/paths.js";

const FILE = external(
  "ap_verify_ci_dc2",
  "preloaded_dia_source_LSSTCam-imSim_982985_R41_S02_dia_catalogs_apdb.parq",
);
const ROWS = 119; // PROVENANCE.md: "119 DiaObject + 119 DiaSource rows"

async function duckNullColumns(): Promise<Record<string, number>> {
  const db = await (await DuckDBInstance.create(":memory:")).connect();
  const sql = async (q: string) => (await db.runAndReadAll(q)).getRowObjects();
  const names = (
    await sql(`SELECT name FROM parquet_schema('${FILE}') WHERE logical_type = 'NullType()' ORDER BY name`)
  ).map((r) => String(r.name));
  const out: Record<string, number> = {};
  for (const name of names) {
    const [row] = await sql(`SELECT count(*) - count("${name}") AS n FROM read_parquet('${FILE}')`);
    out[name] = Number(row?.n);
  }
  db.closeSync();
  return out;
}

describe("Arrow Null-typed columns (DC2 DiaSource, pandas)", async () => {
  const expected = await duckNullColumns();
  const columns = Object.keys(expected);
  const engine = new ArrowEngine();

  it("DuckDB finds the Null-typed columns, each null in all 119 rows", () => {
    expect(expected).toEqual({ ssObjectReassocTimeMjdTai: ROWS, timeWithdrawnMjdTai: ROWS });
  });

  it("profile: nulls equal rows", async () => {
    const { profile } = await engine.profile(await openTable("DiaSource", FILE), { columns });
    expect(profile.rows).toBe(ROWS);
    for (const c of columns)
      expect([c, profile.columns[c]?.rows, profile.columns[c]?.nulls]).toEqual([c, ROWS, expected[c]]);
  });

  it("profile over both exposures' files (the other file is 0 rows, with these columns as timestamps)", async () => {
    const both = await openTable("DiaSource", `${external("ap_verify_ci_dc2")}/preloaded_dia_source_*.parq`);
    const { profile } = await engine.profile(both, { columns });
    for (const c of columns)
      expect([c, profile.columns[c]?.rows, profile.columns[c]?.nulls]).toEqual([c, ROWS, expected[c]]);
  });

  it("countWhere: isNull matches every row, other atoms none (nulls match nothing but isNull)", async () => {
    const conditions = columns.flatMap((column) => [
      { id: `${column}.null`, where: { op: "isNull" as const, column } },
      { id: `${column}.nan`, where: { op: "isNaN" as const, column } },
      { id: `${column}.gt`, where: { op: "gt" as const, column, value: 0 } },
    ]);
    const counts = await engine.countWhere(await openTable("DiaSource", FILE), { conditions });
    const got = Object.fromEntries(counts.map((c) => [c.id, [c.count, c.error ?? null]]));
    for (const c of columns) {
      expect(got[`${c}.null`]).toEqual([expected[c], null]);
      expect(got[`${c}.nan`]).toEqual([0, null]);
      expect(got[`${c}.gt`]).toEqual([0, null]);
    }
  });
});

// The audit's case: the COSMOS DiaSource and DiaObject files of visit 59160 (test/data/ap_verify_ci_cosmos_pdr2,
// PROVENANCE: 180 + 574 DiaSource rows, 159 + 469 DiaObject rows). parquet_schema gives NullType() for
// ssObjectReassocTimeMjdTai and timeWithdrawnMjdTai (DiaSource) and validityEndMjdTai (DiaObject) in each file.
// DuckDB reads such a column as INTEGER, Arrow as Null: both engines must give it the one logical type, "null".
describe("Null-typed columns: one profile on Arrow and DuckDB (COSMOS DiaSource, DiaObject)", () => {
  const duck = new DuckDBEngine({ memoryLimit: "1GB", threads: 2 });
  const engines = [new ArrowEngine(), duck];
  afterAll(() => duck.close());
  const tables = [
    {
      name: "DiaSource",
      glob: "preloaded_dia_source_HSC_5916*",
      rows: 180 + 574,
      nullTyped: ["ssObjectReassocTimeMjdTai", "timeWithdrawnMjdTai"],
    },
    {
      name: "DiaObject",
      glob: "preloaded_dia_object_HSC_5916*",
      rows: 159 + 469,
      nullTyped: ["validityEndMjdTai"],
    },
  ];

  for (const t of tables) {
    const open = () => openTable(t.name, `${external("ap_verify_ci_cosmos_pdr2")}/${t.glob}`);

    it(`${t.name}: ${t.nullTyped.join(", ")} profile as type null, every row null, on both engines`, async () => {
      for (const engine of engines) {
        const { profile } = await engine.profile(await open(), { columns: t.nullTyped });
        for (const c of t.nullTyped)
          expect([engine.name, c, profile.columns[c]]).toEqual([
            engine.name,
            c,
            { type: "null", rows: t.rows, nulls: t.rows, distinct: null, minLength: null, maxLength: null },
          ]);
      }
    });

    it(`${t.name}: the two engines' whole profiles compare without a change over threshold`, async () => {
      const [a, d] = await Promise.all(
        engines.map(async (e) => (await e.profile(await open())).profile as TableProfile),
      );
      const side = (profile: TableProfile, path: string) =>
        ({ kind: "profile", path, tables: { [t.name]: profile } }) as const;
      const comparison = compareRuns(side(a as TableProfile, "arrow"), side(d as TableProfile, "duckdb"));
      expect(comparison.changes.filter((c) => c.exceeds)).toEqual([]);
      expect(comparison.status).toBe("pass");
    });

    it(`${t.name}: DuckDB counts conditions on them as Arrow does (isNull every row, nothing else, no error)`, async () => {
      const conditions = t.nullTyped.flatMap((column) => [
        { id: `${column}.null`, where: { op: "isNull" as const, column } },
        { id: `${column}.nan`, where: { op: "isNaN" as const, column } },
        { id: `${column}.gt`, where: { op: "gt" as const, column, value: 0 } },
        {
          id: `${column}.notGt`,
          where: { op: "not" as const, arg: { op: "gt" as const, column, value: 0 } },
        },
      ]);
      const answers = await Promise.all(
        engines.map(async (e) =>
          Object.fromEntries(
            (await e.countWhere(await open(), { conditions })).map((c) => [c.id, [c.count, c.error ?? null]]),
          ),
        ),
      );
      for (const c of t.nullTyped)
        expect(answers[1]).toMatchObject({
          [`${c}.null`]: [t.rows, null],
          [`${c}.nan`]: [0, null],
          [`${c}.gt`]: [0, null],
          [`${c}.notGt`]: [t.rows, null],
        });
      expect(answers[1]).toEqual(answers[0]);
    });
  }

  it("DC2 DiaSource over both exposures (Null in the 119-row file, timestamp in the empty one): null to the readers; DuckDB refuses the table", async () => {
    const both = await openTable("DiaSource", `${external("ap_verify_ci_dc2")}/preloaded_dia_source_*.parq`);
    const declared = new Map((await both.columns()).map((c) => [c.name, c.type]));
    expect([declared.get("ssObjectReassocTimeMjdTai"), declared.get("timeWithdrawnMjdTai")]).toEqual([
      "null",
      "null",
    ]);
    // The empty file, first in path order, types timeProcessedMjdTai TIMESTAMP; DuckDB takes that for the table
    // where the readers take the 119-row file's DOUBLE, so it refuses rather than judge the column as a time.
    await expect(duck.columnTypes(both)).rejects.toThrow(
      /column timeProcessedMjdTai is TIMESTAMP_MILLIS in 1 file \(\S+943296\S+\) and DOUBLE in 1 file/,
    );
  });
});

// pandas writes a column that is null in every row as Arrow/Parquet type Null. The DC2 DiaSource file of visit
// 982985 (test/data/ap_verify_ci_dc2) has such columns: PROVENANCE gives 119 DiaSource rows, and DuckDB's
// parquet_schema names the columns whose logical type is NullType() (ssObjectReassocTimeMjdTai,
// timeWithdrawnMjdTai); DuckDB counts their nulls. The Arrow engine must report nulls = rows for them.
import { DuckDBInstance } from "@duckdb/node-api";
import { describe, expect, it } from "vitest";
import { ArrowEngine } from "../../src/engines/index.js";
import { openTable } from "../../src/io/open.js";
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

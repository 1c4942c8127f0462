// Parquet files written by DuckDB (zstd, snappy, uncompressed; several row groups) read back through openTable.
// Expected values follow from the SQL that wrote them.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { beforeAll, describe, expect, it } from "vitest";
import { openTable, parquetRowGroups, toRows } from "../../src/io/index.js";

const ROWS = 5000;
const dir = mkdtempSync(join(tmpdir(), "skygate-duckdb-"));
const SQL = `SELECT i::BIGINT AS id,
  CASE WHEN i % 7 = 0 THEN NULL WHEN i % 10 = 0 THEN 'NaN'::DOUBLE ELSE i * 0.5 END AS x,
  (i * 0.25)::FLOAT AS f,
  (i % 3 = 0) AS flag,
  'r' || i::VARCHAR AS s,
  (i * 1000000000000)::BIGINT AS big
FROM range(${ROWS}) t(i)`;

beforeAll(async () => {
  const instance = await DuckDBInstance.create(":memory:");
  const connection = await instance.connect();
  for (const codec of ["zstd", "snappy", "uncompressed"]) {
    await connection.run(
      `COPY (${SQL}) TO '${join(dir, `${codec}.parquet`)}' (FORMAT parquet, COMPRESSION ${codec}, ROW_GROUP_SIZE 2048)`,
    );
  }
  connection.closeSync();
});

describe("DuckDB-written Parquet", () => {
  for (const codec of ["zstd", "snappy", "uncompressed"]) {
    it(`reads ${codec}: types, NaN distinct from null, bigint beyond 2^53`, async () => {
      const path = join(dir, `${codec}.parquet`);
      const groups = await parquetRowGroups(path);
      expect(groups.length).toBeGreaterThan(1);
      expect(groups.reduce((a, b) => a + b, 0)).toBe(ROWS);
      const source = await openTable("t", path);
      expect((await source.columns()).map((c) => [c.name, c.type])).toEqual([
        ["id", "int64"],
        ["x", "float64"],
        ["f", "float32"],
        ["flag", "bool"],
        ["s", "string"],
        ["big", "int64"],
      ]);
      const rows = toRows(await source.read());
      expect(rows).toHaveLength(ROWS);
      for (const i of [0, 1, 7, 10, 20, 21, 70, 4999]) {
        const row = rows[i] as Record<string, unknown>;
        expect(row.id).toBe(BigInt(i));
        const x = i % 7 === 0 ? null : i % 10 === 0 ? Number.NaN : i * 0.5;
        expect(row.x).toEqual(x);
        expect(row.f).toBe(i * 0.25);
        expect(row.flag).toBe(i % 3 === 0);
        expect(row.s).toBe(`r${i}`);
        expect(row.big).toBe(BigInt(i) * 1000000000000n);
      }
      // nulls: multiples of 7 (715 in 0..4999); NaN: multiples of 10 not of 7 (500 − 72 = 428)
      const x = (await source.read({ columns: ["x"] })).data.getChild("x");
      expect(x?.nullCount).toBe(715);
      let nan = 0;
      for (let i = 0; i < ROWS; i++) if (Number.isNaN(x?.get(i))) nan++;
      expect(nan).toBe(428);
    });
  }

  it("scans one batch per row group (or per batchRows) with projected columns", async () => {
    const source = await openTable("t", join(dir, "zstd.parquet"));
    const groups = await parquetRowGroups(join(dir, "zstd.parquet"));
    const sizes: number[] = [];
    for await (const batch of source.scan({ columns: ["big", "id"] })) {
      expect(batch.data.schema.fields.map((f) => f.name)).toEqual(["big", "id"]);
      expect(batch.data.getChild("id")?.get(0)).toBe(BigInt(batch.rowOffset));
      sizes.push(batch.data.numRows);
    }
    expect(sizes).toEqual(groups);
    let count = 0;
    for await (const batch of source.scan({ columns: ["id"], batchRows: 500 })) {
      expect(batch.data.numRows).toBeLessThanOrEqual(500);
      expect(batch.rowOffset).toBe(count);
      count += batch.data.numRows;
    }
    expect(count).toBe(ROWS);
  });
});

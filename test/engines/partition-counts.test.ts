// Per-partition counts are typed (pixel arrays, value lists) on both engines, and their JSON is byte for byte
// what the per-row string keys used to give. The oracle below recomputes that old shape row by row: pixel with
// ang2pixNest per row as text ("null" without a finite position), value as text, sorted keys, one Record.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PartitionCounts } from "../../src/core/partitions.js";
import { groupRows } from "../../src/engines/arrow/partition.js";
import { ArrowEngine, DuckDBEngine } from "../../src/engines/index.js";
import type { CountRequest, PartitionSpec } from "../../src/engines/types.js";
import { openTable } from "../../src/io/open.js";
import type { TableSource } from "../../src/io/table.js";
import { ang2pixNest } from "../../src/sky/healpix/ang2pix.js";

const ROWS = 6000;
// Positions cluster (so pixels repeat inside batches), with nulls, NaN, and |Dec| > 90 that fall in no pixel.
const SELECT = `SELECT
  CAST(CASE WHEN r % 97 = 0 THEN NULL ELSE 50 + (r % 400) * 0.0007 END AS DOUBLE) AS ra,
  CAST(CASE WHEN r % 89 = 0 THEN 'NaN'::DOUBLE WHEN r % 83 = 0 THEN 95.0 ELSE -30 - (r % 300) * 0.0009 END AS DOUBLE) AS decl,
  CASE WHEN r % 31 = 0 THEN NULL ELSE ['u', 'g', 'r', 'i', 'z', 'y', 'é'][r % 7 + 1] END AS band,
  CAST(4000 + r % 13 AS INTEGER) AS tract,
  CAST(CASE WHEN r % 3 = 0 THEN 'NaN'::DOUBLE ELSE r * 1.0 END AS DOUBLE) AS flux
FROM range(0, ${ROWS}) t(r)`;

let dir: string;
let source: TableSource;
let rows: { ra: number | null; decl: number | null; band: string | null; tract: number; flux: number }[];
const arrow = new ArrowEngine();
const duck = new DuckDBEngine({ memoryLimit: "1GB", threads: 2 });

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "skygate-partitions-"));
  const db = await DuckDBInstance.create(":memory:");
  const connection = await db.connect();
  await connection.run(`COPY (${SELECT}) TO '${dir}/t.parquet' (FORMAT parquet, ROW_GROUP_SIZE 1000)`);
  const all = await connection.runAndReadAll(`SELECT * FROM read_parquet('${dir}/t.parquet')`);
  rows = all.getRowObjectsJS() as typeof rows;
  source = await openTable("T", join(dir, "t.parquet"));
});

afterAll(async () => {
  await duck.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The JSON the per-row string keys gave: key per matching row, counted in a Map, keys sorted, one Record. */
function oldShape(spec: PartitionSpec): Record<string, number> {
  const counts = new Map<string, number>();
  for (const row of rows) {
    if (!Number.isNaN(row.flux)) continue; // the condition below: flux is NaN
    let key: string;
    if (spec.kind === "column") {
      const v = row[spec.column as "band" | "tract"];
      key = v === null ? "null" : String(v);
    } else {
      const ra = row.ra ?? Number.NaN;
      const dec = row.decl ?? Number.NaN;
      key =
        Number.isFinite(ra) && Number.isFinite(dec) && Math.abs(dec) <= 90
          ? String(ang2pixNest(spec.order, ((ra % 360) + 360) % 360, dec))
          : "null";
    }
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const out: Record<string, number> = {};
  for (const key of [...counts.keys()].sort()) out[key] = counts.get(key) as number;
  return out;
}

const SPECS: PartitionSpec[] = [
  { kind: "column", column: "band" },
  { kind: "column", column: "tract" },
  { kind: "healpix", order: 10, ra: "ra", dec: "decl" },
  // Order 20: pixel indices above 2^32 are not array-index keys, so JSON key order is insertion order.
  { kind: "healpix", order: 20, ra: "ra", dec: "decl" },
];

describe("typed partition counts", () => {
  for (const spec of SPECS) {
    const label = spec.kind === "column" ? spec.column : `healpix order ${spec.order}`;
    it(`gives the old JSON, byte for byte, on both engines (${label})`, async () => {
      const request: CountRequest = {
        conditions: [{ id: "nan", where: { op: "isNaN", column: "flux" } }],
        partitionBy: spec,
        sampleSize: 0,
      };
      const expected = JSON.stringify(oldShape(spec));
      expect(Object.keys(JSON.parse(expected)).length).toBeGreaterThan(5);
      for (const engine of [arrow, duck]) {
        const [count] = await engine.countWhere(source, request);
        const partitions = count.partitions as PartitionCounts;
        expect(partitions, engine.name).toBeInstanceOf(PartitionCounts);
        expect(JSON.stringify(partitions), engine.name).toBe(expected);
        expect(partitions.total, engine.name).toBe(count.count);
        if (spec.kind === "healpix") {
          expect(partitions.by).toEqual({ kind: "healpix", order: spec.order });
          // The typed form: ascending distinct pixel indices, counts beside them, rows without a pixel apart.
          const pixels = partitions.keys as Float64Array;
          expect(pixels).toBeInstanceOf(Float64Array);
          for (let i = 1; i < pixels.length; i++) expect(pixels[i]).toBeGreaterThan(pixels[i - 1]);
          expect(partitions.nulls).toBe(JSON.parse(expected).null);
        }
      }
    });
  }

  it("keeps JSON key order for numeric-looking and large keys", () => {
    const small = PartitionCounts.fromPixels(4, [10, 9, 100], [1, 1, 1], 2);
    expect(JSON.stringify(small)).toBe('{"9":1,"10":1,"100":1,"null":2}');
    const big = PartitionCounts.fromPixels(20, [9e12, 1e13, 7], [2, 1, 3], 0);
    // 7 is an array index (numeric order first); the others keep the code-unit order they were inserted in.
    expect(JSON.stringify(big)).toBe('{"7":3,"10000000000000":1,"9000000000000":2}');
    expect([...(big.keys as Float64Array)]).toEqual([7, 9e12, 1e13]);
  });

  it("merges repeated pixels, drops zero counts and sums totals", () => {
    const counts = PartitionCounts.fromPixels(6, [34519, 3, 34519, 8], [1, 2, 4, 0], 1);
    expect([...(counts.keys as Float64Array)]).toEqual([3, 34519]);
    expect([...counts.counts]).toEqual([2, 5]);
    expect(counts.total).toBe(8);
    const values = PartitionCounts.fromValues(
      "band",
      new Map([
        ["r", 2],
        ["g", 0],
        ["null", 1],
      ]),
    );
    expect(values.keys).toEqual(["null", "r"]);
    expect(values.toJSON()).toEqual({ null: 1, r: 2 });
  });

  it("groups a batch's rows per partition with one string per partition, rows in table order", () => {
    const pixels = groupRows({ kind: "healpix", pixels: Float64Array.of(5, -1, 5, 12, -1) });
    expect([...pixels.keys()]).toEqual(["5", "null", "12"]);
    expect([...(pixels.get("5") as Int32Array)]).toEqual([0, 2]);
    expect([...(pixels.get("null") as Int32Array)]).toEqual([1, 4]);
    // Codes 0 and 2 print the same ("1" and 1n): one partition, rows merged in order.
    const values = groupRows({
      kind: "column",
      codes: Int32Array.of(0, 1, 2, 0, 2),
      labels: ["1", "x", "1"],
    });
    expect([...values.keys()]).toEqual(["1", "x"]);
    expect([...(values.get("1") as Int32Array)]).toEqual([0, 2, 3, 4]);
  });
});

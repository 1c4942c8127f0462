// Standard deviations of values far from 0 with a tiny spread (MJD timestamps near 60 961 varying by 1e-6 days):
// DuckDB's running mean loses their last digits (1.5e-6 relative error on a real APDB file), so the profile shifts
// a float column by its proven minimum first; the Arrow engine's two-pass sums and a two-pass oracle here agree.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ArrowEngine, DuckDBEngine } from "../../src/engines/index.js";
import { openTable } from "../../src/io/open.js";

let dir = "";
let path = "";
const duck = new DuckDBEngine({ threads: 1 });

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "skygate-stddev-"));
  path = join(dir, "mjd.parquet");
  const db = await DuckDBInstance.create(":memory:");
  const connection = await db.connect();
  await connection.run(
    `COPY (SELECT 60961.23309222222 + ((i * 7919) % 1000) * 1.1e-9 AS mjd FROM range(0, 5000) t(i)) TO '${path}' (FORMAT parquet)`,
  );
  connection.closeSync();
});

afterAll(async () => {
  await duck.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Sample standard deviation by two passes over values shifted by the first (exact differences: Sterbenz). */
function twoPass(values: Float64Array): number {
  const x0 = values[0] as number;
  let sum = 0;
  for (const v of values) sum += v - x0;
  const mean = sum / values.length;
  let squares = 0;
  for (const v of values) squares += (v - x0 - mean) ** 2;
  return Math.sqrt(squares / (values.length - 1));
}

describe("stddev of an MJD-like column", () => {
  it("is the two-pass value on both engines, to 1e-12", async () => {
    const source = await openTable("T", path);
    const { data } = await source.read();
    const values = data.getChild("mjd")?.toArray() as Float64Array;
    const want = twoPass(values);
    const d = (await duck.profile(source)).profile.columns.mjd as { stddev: number };
    const a = (await new ArrowEngine().profile(source)).profile.columns.mjd as { stddev: number };
    expect(Math.abs(d.stddev / want - 1)).toBeLessThan(1e-12);
    expect(Math.abs(a.stddev / want - 1)).toBeLessThan(1e-12);
  });
});

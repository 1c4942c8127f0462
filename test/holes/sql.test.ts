// The plain-SQL HEALPix density map (the benchmark's peer) against src/sky's ang2pixNest, through DuckDB.
import { DuckDBInstance } from "@duckdb/node-api";
import { describe, expect, it } from "vitest";
import { Rng } from "../../fixtures/generator/prng.js";
import { healpixCountSql } from "../../src/holes/sql.js";
import { ang2pixNest } from "../../src/sky/index.js";

describe("healpixCountSql", () => {
  it.each([0, 3, 10, 13, 16])("counts the same pixels as ang2pixNest at order %i", async (order) => {
    const rng = new Rng(3, "sql");
    const pts: [number, number][] = [];
    for (let i = 0; i < 3000; i++)
      pts.push([rng.range(0, 360), (Math.asin(rng.range(-1, 1)) * 180) / Math.PI]);
    const db = await DuckDBInstance.create(":memory:");
    const c = await db.connect();
    await c.run(
      `CREATE TABLE t AS SELECT * FROM (VALUES ${pts.map(([a, d]) => `(${a}, ${d})`).join(",")}) v(ra, dec)`,
    );
    const rows = (await c.runAndReadAll(healpixCountSql(order, "t", "ra", "dec"))).getRowObjectsJS();
    const ours = new Map<number, number>();
    for (const [a, d] of pts)
      ours.set(ang2pixNest(order, a, d), (ours.get(ang2pixNest(order, a, d)) ?? 0) + 1);
    expect(rows.length).toBe(ours.size);
    for (const r of rows) expect(Number(r.n)).toBe(ours.get(Number(r.pix)));
    c.closeSync();
    db.closeSync();
  });
  it("refuses orders it cannot express", () => {
    expect(() => healpixCountSql(17, "t", "ra", "dec")).toThrow(RangeError);
  });
});

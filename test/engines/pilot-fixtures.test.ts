// Same number on the fixture engineer's pilot tables (991-column Object with injected defects, Source,
// ForcedSource, CcdVisit with timestamps, Visit): profiles and NULL/NaN/Inf conditions on every column.
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { Condition } from "../../src/engines/condition.js";
import { ArrowEngine, DuckDBEngine } from "../../src/engines/index.js";
import { openTable } from "../../src/io/open.js";
import type { TableProfile } from "../../src/metrics/types.js";
import { FIXTURES } from "../helpers/paths.js";

const PILOT = join(FIXTURES, "pilot");
const TABLES = readdirSync(PILOT)
  .filter((f) => f.endsWith(".parquet") && f !== "refcat.parquet")
  .map((f) => f.replace(".parquet", ""));

const arrow = new ArrowEngine();
const duck = new DuckDBEngine({ threads: 2 });
afterAll(() => duck.close());

function compareProfiles(a: TableProfile, b: TableProfile): void {
  expect(a.rows).toBe(b.rows);
  expect(Object.keys(a.columns)).toEqual(Object.keys(b.columns));
  for (const [name, pa] of Object.entries(a.columns)) {
    const x = pa as unknown as Record<string, unknown>;
    const y = b.columns[name] as unknown as Record<string, unknown>;
    for (const key of Object.keys(x)) {
      if (key === "distinct") continue;
      if ((key === "mean" || key === "stddev") && typeof x[key] === "number" && typeof y[key] === "number") {
        const u = x[key] as number;
        const v = y[key] as number;
        expect(Math.abs(u - v), `${name}.${key}`).toBeLessThanOrEqual(
          1e-12 * Math.max(Math.abs(u), Math.abs(v)),
        );
      } else expect([name, key, x[key]]).toEqual([name, key, y[key]]);
    }
  }
}

describe("pilot fixtures: Arrow and DuckDB engines agree", () => {
  it("finds the pilot tables", () => {
    expect(TABLES).toContain("Object");
  });

  it.each(TABLES)(
    "%s: same profile and same NULL/NaN/Inf counts for every column",
    async (table) => {
      const source = await openTable(table, join(PILOT, `${table}.parquet`));
      const a = await arrow.profile(source);
      const d = await duck.profile(source);
      compareProfiles(a.profile, d.profile);
      const conditions: { id: string; where: Condition }[] = [];
      for (const c of await source.columns()) {
        conditions.push({ id: `${c.name}.null`, where: { op: "isNull", column: c.name } });
        if (c.type === "float32" || c.type === "float64") {
          conditions.push({ id: `${c.name}.nan`, where: { op: "isNaN", column: c.name } });
          conditions.push({
            id: `${c.name}.inf`,
            where: {
              op: "or",
              args: [
                { op: "isPosInf", column: c.name },
                { op: "isNegInf", column: c.name },
              ],
            },
          });
        }
      }
      const request = { conditions, sampleSize: 3 };
      const ca = await arrow.countWhere(source, request);
      const cd = await duck.countWhere(source, request);
      expect(cd).toEqual(ca);
    },
    300_000,
  );
});

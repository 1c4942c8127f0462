// Breakdowns (where failing rows are: tract/patch, band…) of a check's failing rows come in one scan on DuckDB
// (GROUPING SETS) and Arrow (one tally each in its pass), not one scan per breakdown; DuckDB declines them when
// groups × conditions would be too many to return, and a check then asks one breakdown at a time.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkTables } from "../../src/checks/checkTables.js";
import type { Condition } from "../../src/engines/condition.js";
import { ArrowEngine, DuckDBEngine } from "../../src/engines/index.js";
import type { CountRequest, Engine } from "../../src/engines/types.js";
import { openTable } from "../../src/io/open.js";
import type { TableSource } from "../../src/io/table.js";

let dir = "";
let path = "";
const duck = new DuckDBEngine({ threads: 1 });

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "skygate-breakdowns-"));
  path = join(dir, "object.parquet");
  // 30,000 rows: tract/patch 2 × 10, band 3, `spot` distinct per row (30k groups); 50 float columns, NaN at
  // different rows each
  const floats = Array.from(
    { length: 50 },
    (_, c) => `CASE WHEN i % ${7 + c} = 0 THEN 'NaN'::DOUBLE ELSE i / ${c + 1}.0 END AS f${c}`,
  );
  const db = await DuckDBInstance.create(":memory:");
  const connection = await db.connect();
  await connection.run(
    `COPY (SELECT i AS objectId, 4430 + i % 2 AS tract, (i // 2) % 10 AS patch, ['g', 'r', 'i'][i % 3 + 1] AS band,
      i AS spot, ${floats.join(", ")} FROM range(0, 30000) t(i)) TO '${path}' (FORMAT parquet)`,
  );
  connection.closeSync();
});

afterAll(async () => {
  await duck.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The engine, counting the countWhere requests it gets. */
function counting(engine: Engine): { engine: Engine; requests: CountRequest[] } {
  const requests: CountRequest[] = [];
  const wrapped = Object.create(engine) as Engine;
  wrapped.countWhere = (source: TableSource, request: CountRequest) => {
    requests.push(request);
    return engine.countWhere(source, request);
  };
  return { engine: wrapped, requests };
}

const nan = (c: number): { id: string; where: Condition } => ({
  id: `f${c}`,
  where: { op: "isNaN", column: `f${c}` },
});

describe("breakdowns in one pass", () => {
  it("come from one request for all failing checks on both engines, equal to SQL's GROUP BY", async () => {
    const oracle = await (await DuckDBInstance.create(":memory:")).connect();
    const rows = await oracle.runAndReadAll(
      `SELECT band, count(*) AS n FROM read_parquet('${path}') WHERE isnan(f3) GROUP BY ALL`,
    );
    const byBand = Object.fromEntries(rows.getRowObjects().map((r) => [String(r.band), Number(r.n)]));
    for (const base of [duck, new ArrowEngine()]) {
      const { engine, requests } = counting(base);
      const report = await checkTables({
        sources: new Map([["Object", await openTable("Object", path)]]),
        engineFor: () => engine,
        version: "test",
      });
      const f3 = report.results.find((r) => r.id === "Object.f3.nan");
      expect(f3?.status).toBe("fail");
      expect(JSON.parse(JSON.stringify(f3?.breakdowns?.band))).toEqual(byBand);
      expect(f3?.breakdowns?.["tract/patch"]?.total).toBe(f3?.failing);
      // one request carried all breakdowns of the 50 failing checks: the check's own count, as the profile
      // knew they fail (with band's allowed values, which it cannot judge); none was asked one at a time
      const carried = requests.filter((r) => r.breakdowns !== undefined);
      expect([base.name, requests.length, carried.map((r) => r.conditions.length)]).toEqual([
        base.name,
        1,
        [51],
      ]);
      expect(carried[0]?.conditions.filter((c) => c.where.op === "isNaN")).toHaveLength(50);
      expect(requests.filter((r) => r.partitionBy !== undefined && r.sampleSize === 0)).toEqual([]);
    }
  }, 120_000);

  it("are declined by DuckDB when groups × conditions are too many; Arrow, tallying failing rows, answers", async () => {
    const source = await openTable("Object", path);
    const spot = { kind: "column", column: "spot" } as const;
    // 30k groups × 50 conditions = 1.5M counts: declined; × 20 conditions = 600k: answered
    const many = await duck.countWhere(source, {
      conditions: Array.from({ length: 50 }, (_, c) => nan(c)),
      breakdowns: [spot],
      sampleSize: 0,
    });
    expect(many.every((c) => c.breakdowns === undefined && c.count > 0)).toBe(true);
    const few = await duck.countWhere(source, {
      conditions: Array.from({ length: 20 }, (_, c) => nan(c)),
      breakdowns: [spot],
      sampleSize: 0,
    });
    expect(few.every((c) => c.breakdowns?.[0]?.total === c.count)).toBe(true);
    // Arrow tallies only the failing rows' groups: it always answers, with DuckDB's numbers
    const arrow = await new ArrowEngine().countWhere(source, {
      conditions: Array.from({ length: 20 }, (_, c) => nan(c)),
      breakdowns: [spot],
      sampleSize: 0,
    });
    expect(arrow.map((c) => c.breakdowns?.[0]?.toJSON())).toEqual(
      few.map((c) => c.breakdowns?.[0]?.toJSON()),
    );
  }, 120_000);
});

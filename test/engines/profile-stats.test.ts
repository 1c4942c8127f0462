// DuckDBEngine.profile leaves out the aggregates Parquet statistics answer (duckdb/parquet-stats.ts): on the
// 991-column pilot Object (NaN, ±Inf, nulls and constant columns injected) it must give the profile of the
// full-aggregate plan, field by field (distinct counts exact below the limit, as on the Arrow engine).
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { DuckDBEngine } from "../../src/engines/duckdb/duckdb-engine.js";
import { duckdbDialect } from "../../src/engines/sql/dialect.js";
import { decodeProfile, profilePlan } from "../../src/engines/sql/profile-sql.js";
import { openTable } from "../../src/io/open.js";
import { FIXTURES } from "../helpers/paths.js";

describe("DuckDBEngine.profile with Parquet statistics", () => {
  const engine = new DuckDBEngine({ threads: 1 });
  afterAll(() => engine.close());

  it.each(["pilot", "pilot-clean"])("%s Object: same profile as the full-aggregate plan", async (dir) => {
    const path = join(FIXTURES, dir, "Object.parquet");
    const source = await openTable("Object", path);
    const { profile } = await engine.profile(source);
    const types = await engine.columnTypes(source);
    const relation = `read_parquet(['${path}'], union_by_name = true)`;
    // The reference counts distinct values exactly: with 1500 rows every column is below EXACT_DISTINCT_LIMIT,
    // where the engine's counts are exact too.
    const plan = profilePlan(
      [...types].map(([name, type]) => ({ name, type })),
      { ...duckdbDialect, approxDistinct: (x: string) => `count(DISTINCT ${x})` },
      { relation },
    );
    const connection = await engine.connection();
    const reader = await connection.runAndReadAll(
      `SELECT ${plan.aggregates.map((a) => `${a.sql} AS ${a.alias}`).join(", ")} FROM ${relation}`,
    );
    const full = decodeProfile(plan, reader.getRowObjectsJS()[0] as Record<string, unknown>);
    expect(Object.keys(profile.columns)).toEqual(Object.keys(full));
    const differences: string[] = [];
    for (const [name, expected] of Object.entries(full)) {
      const got = profile.columns[name] as unknown as Record<string, unknown>;
      for (const [stat, value] of Object.entries(expected)) {
        const same =
          (stat === "mean" || stat === "stddev") && typeof value === "number" && typeof got[stat] === "number"
            ? Math.abs(value - (got[stat] as number)) <= 1e-12 * Math.abs(value)
            : Object.is(value, got[stat]);
        if (!same) differences.push(`${name}.${stat}: ${String(got[stat])} vs ${String(value)}`);
      }
    }
    expect(differences).toEqual([]);
  });
});

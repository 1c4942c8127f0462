// Quantiles lie within [min, max] on every engine: DuckDB's approx_quantile answers 0 or 2.2e-308 for the upper
// quantiles of a small all-negative column (the pilot's Visit.decl), which the profile holds to the extrema.
import { describe, expect, it } from "vitest";
import { PROFILE_QUANTILES } from "../../src/cli/profile.js";
import { ArrowEngine, DuckDBEngine } from "../../src/engines/index.js";
import { openTable } from "../../src/io/open.js";
import type { NumericProfile } from "../../src/metrics/types.js";

describe("quantiles of an all-negative column (pilot Visit.decl, 6 rows)", () => {
  it("stay within the exact extrema on DuckDB and Arrow alike", async () => {
    const source = await openTable("Visit", "fixtures/pilot/Visit.parquet");
    const duckdb = new DuckDBEngine({ threads: 1 });
    for (const engine of [duckdb, new ArrowEngine()]) {
      const { profile } = await engine.profile(source, { columns: ["decl"], quantiles: PROFILE_QUANTILES });
      const decl = profile.columns.decl as NumericProfile;
      const min = Number(decl.min);
      const max = Number(decl.max);
      expect(max).toBeLessThan(0);
      for (const [q, v] of Object.entries(decl.quantiles ?? {})) {
        expect([engine.name, q, v !== null && v >= min && v <= max]).toEqual([engine.name, q, true]);
      }
      expect([engine.name, decl.quantiles?.["0.99"]]).toEqual([engine.name, max]);
    }
    await duckdb.close();
  });
});

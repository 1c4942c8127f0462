import { describe, expect, it } from "vitest";
import { duckdbDialect } from "../../src/engines/sql/dialect.js";
import { decodeProfile, profilePlan } from "../../src/engines/sql/profile-sql.js";

describe("profilePlan with statistics already known (Parquet metadata)", () => {
  const columns = [
    { name: "x", type: "float64" as const },
    { name: "b", type: "bool" as const },
    { name: "y", type: "float64" as const },
  ];
  const known = new Map([
    ["x", { valid: 9, min: -1.5, max: 4 }],
    ["b", { valid: 8, trues: 0 }],
    ["y", { valid: 10 }],
  ]);
  const plan = profilePlan(columns, duckdbDialect, { known });
  const aliases = plan.aggregates.map((a) => a.alias);

  it("leaves out the aggregates the statistics answer", () => {
    expect(aliases).toEqual([
      "n_rows",
      "c0_finite", // x: bounds known, so no ±Inf: NaN = valid − finite count
      "c0_mean",
      "c0_stddev",
      // b: valid and true count known, nothing to aggregate
      "c2_special", // y: only the null count known
      "c2_min",
      "c2_max",
      "c2_mean",
      "c2_stddev",
    ]);
  });

  it("reports the known values beside the aggregated ones", () => {
    const row = {
      n_rows: 10n,
      c0_finite: 7n,
      c0_mean: 1.25,
      c0_stddev: 2,
      c2_special: 2n ** 40n,
      c2_min: 0,
      c2_max: 3,
      c2_mean: 1,
      c2_stddev: 0.5,
    };
    const out = decodeProfile(plan, row);
    expect(out.x).toMatchObject({
      rows: 10,
      nulls: 1,
      nan: 2,
      posInf: 0,
      negInf: 0,
      min: -1.5,
      max: 4,
      mean: 1.25,
    });
    expect(out.b).toEqual({ type: "boolean", rows: 10, nulls: 2, true: 0, false: 8 });
    expect(out.y).toMatchObject({ nulls: 0, nan: 0, posInf: 1, negInf: 0, min: 0, max: 3 });
  });
});

// SQL generation: the predicates and aggregates the DuckDB and ADQL dialects produce, checked by reading them.
import { describe, expect, it } from "vitest";
import { adqlDialect, ConditionError, conditionToSql, duckdbDialect } from "../../src/engines/index.js";
import { unpackSpecialCounts } from "../../src/engines/sql/dialect.js";
import { decodeProfile, profilePlan } from "../../src/engines/sql/profile-sql.js";
import type { PhysicalType } from "../../src/io/table.js";

const types = new Map<string, PhysicalType>([
  ["flux", "float64"],
  ["mag", "float32"],
  ["id", "int64"],
  ["flag", "bool"],
  ["band", "string"],
]);

describe("conditionToSql", () => {
  it("guards NULL and NaN so DuckDB's NaN ordering never leaks into comparisons", () => {
    expect(conditionToSql({ op: "gt", column: "flux", value: 1 }, types, duckdbDialect)).toBe(
      `((("flux" IS NOT NULL) AND NOT isnan("flux")) AND CAST("flux" AS DOUBLE) > '1'::DOUBLE)`,
    );
    expect(conditionToSql({ op: "isNaN", column: "flux" }, types, duckdbDialect)).toBe(
      `(("flux" IS NOT NULL) AND isnan("flux"))`,
    );
    expect(
      conditionToSql({ op: "eq", column: "id", value: 12345678901234567890n }, types, duckdbDialect),
    ).toBe(`(("id" IS NOT NULL) AND "id" = 12345678901234567890)`);
    expect(conditionToSql({ op: "not", arg: { op: "isTrue", column: "flag" } }, types, duckdbDialect)).toBe(
      `(NOT (("flag" IS NOT NULL) AND "flag"))`,
    );
    expect(conditionToSql({ op: "notIn", column: "band", values: ["g", "o'k"] }, types, duckdbDialect)).toBe(
      `(("band" IS NOT NULL) AND "band" NOT IN ('g', 'o''k'))`,
    );
    expect(conditionToSql({ op: "lt", column: "flux", value: Number.NaN }, types, duckdbDialect)).toBe(
      "(1 = 0)",
    );
  });

  it("rejects conditions that do not fit the column", () => {
    expect(() => conditionToSql({ op: "isNaN", column: "band" }, types, duckdbDialect)).toThrow(
      ConditionError,
    );
    expect(() => conditionToSql({ op: "gt", column: "flag", value: true }, types, duckdbDialect)).toThrow(
      /flag/,
    );
    expect(() => conditionToSql({ op: "isNull", column: "nope" }, types, duckdbDialect)).toThrow(/nope/);
  });

  it("compiles to ADQL with 0/1 booleans, and refuses what ADQL cannot express instead of answering false", () => {
    // "Could not measure" is never 0: a NaN or infinity test on a float column has no ADQL form, so it throws
    // (the check errors) rather than compiling to (1 = 0) and passing.
    expect(() => conditionToSql({ op: "isNaN", column: "flux" }, types, adqlDialect)).toThrow(ConditionError);
    expect(() => conditionToSql({ op: "isPosInf", column: "flux" }, types, adqlDialect)).toThrow(
      /adql dialect cannot express an infinity test/,
    );
    // An integer column holds no NaN in any dialect.
    expect(conditionToSql({ op: "isNaN", column: "id" }, types, adqlDialect)).toBe("(1 = 0)");
    expect(conditionToSql({ op: "isTrue", column: "flag" }, types, adqlDialect)).toBe(
      `(("flag" IS NOT NULL) AND ("flag" = 1))`,
    );
    expect(conditionToSql({ op: "ge", column: "mag", value: 24.5 }, types, adqlDialect)).toBe(
      `(("mag" IS NOT NULL) AND CAST("mag" AS DOUBLE PRECISION) >= 24.5)`,
    );
  });
});

describe("profilePlan", () => {
  it("uses one packed aggregate for NaN/±Inf in DuckDB; ADQL has neither NaN nor ±Inf", () => {
    const duck = profilePlan([{ name: "flux", type: "float64" }], duckdbDialect).aggregates.map(
      (a) => a.alias,
    );
    expect(duck).toEqual(["n_rows", "c0_valid", "c0_special", "c0_min", "c0_max", "c0_mean", "c0_stddev"]);
    const adql = profilePlan([{ name: "flux", type: "float64" }], adqlDialect);
    expect(adql.aggregates.map((a) => a.alias)).toEqual([
      "n_rows",
      "c0_valid",
      "c0_min",
      "c0_max",
      "c0_mean",
      "c0_stddev",
    ]);
    // The counts ADQL cannot compute decode as unknown (null), never as 0.
    const decoded = decodeProfile(adql, {
      n_rows: 3,
      c0_valid: 3,
      c0_min: 1,
      c0_max: 2,
      c0_mean: 1.5,
      c0_stddev: 0.5,
    });
    expect(decoded.flux).toMatchObject({ nan: null, posInf: null, negInf: null, nulls: 0, min: 1 });
  });

  it("unpacks the 40-bit fields", () => {
    expect(unpackSpecialCounts(3n * 2n ** 80n + 2n ** 40n + 7n)).toEqual({ nan: 7, posInf: 1, negInf: 3 });
    expect(unpackSpecialCounts(null)).toEqual({ nan: 0, posInf: 0, negInf: 0 });
  });
});

// ArrowEngine against hand-computed expectations on a small table with nulls, NaN, ±Inf, int64, booleans, strings.
import { Bool, Float64, Int64, makeTable, Table, Utf8, vectorFromArray } from "apache-arrow";
import { describe, expect, it } from "vitest";
import type { Condition } from "../../src/engines/condition.js";
import { ArrowEngine } from "../../src/engines/index.js";
import type { BooleanProfile, NumericProfile, StringProfile } from "../../src/metrics/types.js";
import { memorySource } from "./helpers.js";

const X = [1, Number.NaN, null, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 2, 3, -1];
const N = [10n, 20n, 10n, null, 30n, 40n, 10n, 50n];
const B = [true, false, null, true, true, false, false, true];
const S = ["a", "bb", null, "ccc", "a", "é", "bb", "dddd"];
const RA = [0, 0.5, 1, 1.5, 2, 2.5, 3, 3.5];
const DEC = [-1, -0.5, 0, 0.5, 1, 1.5, 0, 0];

function smallTable(): Table {
  return new Table({
    x: vectorFromArray(X, new Float64()),
    n: vectorFromArray(N, new Int64()),
    b: vectorFromArray(B, new Bool()),
    s: vectorFromArray(S, new Utf8()),
    ra: vectorFromArray(RA, new Float64()),
    dec: vectorFromArray(DEC, new Float64()),
  });
}

const engine = new ArrowEngine();

describe("ArrowEngine.profile", () => {
  it("separates nulls, NaN and ±Inf and computes finite-value statistics", async () => {
    for (const batchRows of [3, 8]) {
      const { profile } = await engine.profile(memorySource("T", smallTable(), batchRows));
      expect(profile.rows).toBe(8);
      const x = profile.columns.x as NumericProfile;
      expect(x).toMatchObject({
        type: "double",
        rows: 8,
        nulls: 1,
        nan: 1,
        posInf: 1,
        negInf: 1,
        min: -1,
        max: 3,
      });
      expect(x.mean).toBeCloseTo(1.25, 15);
      // finite values 1, 2, 3, -1: squared deviations 0.0625 + 0.5625 + 3.0625 + 5.0625 = 8.75, n − 1 = 3
      expect(x.stddev).toBeCloseTo(Math.sqrt(8.75 / 3), 14);
      const n = profile.columns.n as NumericProfile;
      expect(n).toMatchObject({ type: "long", nulls: 1, nan: 0, min: 10, max: 50, distinct: 5 });
      expect(n.mean).toBeCloseTo(170 / 7, 13);
      expect(profile.columns.b as BooleanProfile).toEqual({
        type: "boolean",
        rows: 8,
        nulls: 1,
        true: 4,
        false: 3,
      });
      const s = profile.columns.s as StringProfile;
      expect(s).toEqual({ type: "string", rows: 8, nulls: 1, distinct: 5, minLength: 1, maxLength: 4 });
    }
  });

  it("profiles only the requested columns and rejects unknown ones", async () => {
    const { profile } = await engine.profile(memorySource("T", smallTable()), { columns: ["b"] });
    expect(Object.keys(profile.columns)).toEqual(["b"]);
    await expect(engine.profile(memorySource("T", smallTable()), { columns: ["nope"] })).rejects.toThrow(
      /nope/,
    );
  });

  it("breaks a profile down by a partition column", async () => {
    const { partitions } = await engine.profile(memorySource("T", smallTable(), 3), {
      columns: ["x"],
      partitionBy: { kind: "column", column: "b" },
    });
    expect(Object.keys(partitions ?? {}).sort()).toEqual(["false", "null", "true"]);
    // b true at rows 0, 3, 4, 7: x = 1, +Inf, −Inf, −1
    expect(partitions?.true.columns.x).toMatchObject({
      rows: 4,
      posInf: 1,
      negInf: 1,
      min: -1,
      max: 1,
      mean: 0,
    });
    expect(partitions?.null.rows).toBe(1);
  });

  it("breaks a profile down by HEALPix pixel", async () => {
    // At order 0 every point here (|dec| ≤ 1.5°, ra ≤ 3.5°) falls in base pixel 4 (equatorial, centred on ra 0).
    const { partitions } = await engine.profile(memorySource("T", smallTable(), 3), {
      columns: ["b"],
      partitionBy: { kind: "healpix", order: 0, ra: "ra", dec: "dec" },
    });
    expect(Object.keys(partitions ?? {})).toEqual(["4"]);
    expect(partitions?.["4"].rows).toBe(8);
  });
});

async function count(where: Condition, batchRows = 3) {
  const [result] = await engine.countWhere(memorySource("T", smallTable(), batchRows), {
    conditions: [{ id: "c", where }],
    keyColumn: "n",
    raColumn: "ra",
    decColumn: "dec",
  });
  return result;
}

describe("ArrowEngine.countWhere", () => {
  it("follows condition.ts semantics for NULL, NaN and ±Inf", async () => {
    expect((await count({ op: "isNaN", column: "x" })).count).toBe(1);
    expect((await count({ op: "isNull", column: "x" })).count).toBe(1);
    expect((await count({ op: "isFinite", column: "x" })).count).toBe(4);
    expect((await count({ op: "isPosInf", column: "x" })).count).toBe(1);
    expect((await count({ op: "isNegInf", column: "x" })).count).toBe(1);
    // > 1.5: +Inf, 2, 3 (NaN and null never compare)
    expect((await count({ op: "gt", column: "x", value: 1.5 })).count).toBe(3);
    // two-valued logic: not(> 1.5) counts the null and the NaN rows too
    expect((await count({ op: "not", arg: { op: "gt", column: "x", value: 1.5 } })).count).toBe(5);
    // ≤ 1: 1, −Inf, −1
    expect((await count({ op: "le", column: "x", value: 1 })).count).toBe(3);
    expect((await count({ op: "ne", column: "x", value: 1 })).count).toBe(5);
    expect((await count({ op: "lt", column: "x", value: Number.NaN })).count).toBe(0);
    expect((await count({ op: "isNull", column: "n" })).count).toBe(1);
    expect((await count({ op: "eq", column: "n", value: 10n })).count).toBe(3);
    expect((await count({ op: "ne", column: "n", value: 10 })).count).toBe(4);
    expect((await count({ op: "ge", column: "n", value: 30 })).count).toBe(3);
    expect((await count({ op: "isTrue", column: "b" })).count).toBe(4);
    expect((await count({ op: "isFalse", column: "b" })).count).toBe(3);
    expect((await count({ op: "eq", column: "b", value: false })).count).toBe(3);
    expect((await count({ op: "notIn", column: "s", values: ["a", "bb"] })).count).toBe(3);
    expect((await count({ op: "notIn", column: "x", values: [1, 2, 3] })).count).toBe(3);
    expect((await count({ op: "lt", column: "s", value: "b" })).count).toBe(2);
    expect(
      (
        await count({
          op: "and",
          args: [
            { op: "isTrue", column: "b" },
            { op: "gt", column: "x", value: 0 },
          ],
        })
      ).count,
    ).toBe(2);
    expect(
      (
        await count({
          op: "or",
          args: [
            { op: "isNull", column: "x" },
            { op: "isNaN", column: "x" },
          ],
        })
      ).count,
    ).toBe(2);
    expect((await count({ op: "const", value: true })).count).toBe(8);
  });

  it("returns the first matching rows in table order with key, position and value", async () => {
    const result = await count({ op: "gt", column: "x", value: 1.5 }, 2);
    expect(result.total).toBe(8);
    expect(result.sample).toEqual([
      { row: 3, key: null, ra: 1.5, dec: 0.5, value: "Infinity" },
      { row: 5, key: "40", ra: 2.5, dec: 1.5, value: 2 },
      { row: 6, key: "10", ra: 3, dec: 0, value: 3 },
    ]);
  });

  it("converts radian positions to degrees in samples and keeps to sampleSize", async () => {
    const [result] = await engine.countWhere(memorySource("T", smallTable()), {
      conditions: [{ id: "c", where: { op: "isTrue", column: "b" } }],
      raColumn: "ra",
      decColumn: "dec",
      positionUnit: "rad",
      sampleSize: 2,
    });
    expect(result.sample.map((r) => r.row)).toEqual([0, 3]);
    expect(result.sample[1].ra).toBeCloseTo((1.5 * 180) / Math.PI, 12);
    expect(result.sample[1].key).toBeUndefined();
  });

  it("counts per partition", async () => {
    const [result] = await engine.countWhere(memorySource("T", smallTable(), 3), {
      conditions: [{ id: "c", where: { op: "eq", column: "n", value: 10 } }],
      partitionBy: { kind: "column", column: "s" },
    });
    // n = 10 at rows 0 (s = a), 2 (s = null), 6 (s = bb)
    expect(result.partitions?.toJSON()).toEqual({ a: 1, bb: 1, null: 1 });
    expect(result.partitions?.by).toEqual({ kind: "column", column: "s" });
  });

  it("reports a condition it cannot evaluate as an error, without stopping the others", async () => {
    const results = await engine.countWhere(memorySource("T", smallTable()), {
      conditions: [
        { id: "missing", where: { op: "isNaN", column: "nope" } },
        { id: "wrongType", where: { op: "isTrue", column: "x" } },
        { id: "fine", where: { op: "isNaN", column: "x" } },
      ],
    });
    expect(results[0].error).toMatch(/nope/);
    expect(results[1].error).toMatch(/isTrue/);
    expect(results[2]).toMatchObject({ id: "fine", count: 1, total: 8 });
  });
});

describe("ArrowEngine keys", () => {
  it("finds every row of a duplicated key, with samples in table order", async () => {
    const result = await engine.duplicateKeys(memorySource("T", smallTable(), 3), ["n"], {
      raColumn: "ra",
      decColumn: "dec",
    });
    // 10 occurs at rows 0, 2, 6; the null key is not a duplicate
    expect(result.failing).toBe(3);
    expect(result.total).toBe(8);
    expect(result.sample).toEqual([
      { row: 0, key: "10", ra: 0, dec: -1 },
      { row: 2, key: "10", ra: 1, dec: 0 },
      { row: 6, key: "10", ra: 3, dec: 0 },
    ]);
  });

  it("handles composite keys", async () => {
    const result = await engine.duplicateKeys(memorySource("T", smallTable(), 3), ["n", "s"]);
    // (10, a) row 0, (10, null) row 2 skipped, (10, bb) row 6: no duplicate pair
    expect(result.failing).toBe(0);
  });

  it("finds orphan foreign keys", async () => {
    const target = makeTable({ id: new Int32Array([10, 20, 30]) });
    const result = await engine.orphanKeys(
      memorySource("T", smallTable(), 3),
      "n",
      memorySource("P", target),
      "id",
      {
        keyColumn: "s",
      },
    );
    // non-null n: 10 20 10 30 40 10 50 → 40 (row 5) and 50 (row 7) are absent
    expect(result.failing).toBe(2);
    expect(result.sample).toEqual([
      { row: 5, key: "é", value: 40 },
      { row: 7, key: "dddd", value: 50 },
    ]);
  });
});

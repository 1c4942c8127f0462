import { describe, expect, it } from "vitest";
import { compareColumnProfiles } from "../../src/compare/profiles.js";
import { DEFAULT_THRESHOLDS } from "../../src/compare/thresholds.js";
import type { ColumnProfile } from "../../src/metrics/types.js";

const column = (rows: number, distinct: number): ColumnProfile => ({
  type: "int",
  rows,
  nulls: 0,
  nan: 0,
  posInf: 0,
  negInf: 0,
  min: 0,
  max: 1,
  mean: 0.5,
  stddev: 0.3,
  distinct,
});
const exceeds = (rows: number, before: number, after: number): boolean | undefined =>
  compareColumnProfiles("T", "c", column(rows, before), column(rows, after), DEFAULT_THRESHOLDS).find(
    (c) => c.what === "distinct",
  )?.exceeds;

describe("distinct counts", () => {
  it("categories seen often: any change past the threshold counts, however few they are", () => {
    expect([6, 3, 1, 5].map((after) => exceeds(100_000, 6, after))).toEqual([undefined, true, true, true]);
    expect(exceeds(100_000, 20, 10)).toBe(true);
    expect(exceeds(100_000, 49, 25)).toBe(true);
    expect(exceeds(1_000_000, 1000, 500)).toBe(true);
  });

  it("values seen rarely are a sample: chance moves their count within the Poisson floor", () => {
    // the pilot and its clean twin: 46 and 41 distinct parentObjectId among 1500 objects
    expect(exceeds(1500, 46, 41)).toBe(false);
    expect(exceeds(1500, 1500, 1496)).toBe(false);
    // a sample that halves is still news
    expect(exceeds(100_000, 100_000, 50_000)).toBe(true);
  });
});

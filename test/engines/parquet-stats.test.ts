import { describe, expect, it } from "vitest";
import { type ChunkStats, provenStats } from "../../src/engines/duckdb/parquet-stats.js";
import type { PhysicalType } from "../../src/io/table.js";

const chunk = (
  column: string,
  rows: number,
  nullCount: number | null,
  min: string | null,
  max: string | null,
): ChunkStats => ({
  column,
  rows,
  nullCount,
  min,
  max,
});

describe("provenStats (Parquet statistics proving profile values)", () => {
  const types = new Map<string, PhysicalType>([
    ["d", "float64"],
    ["f", "float32"],
    ["i", "int64"],
    ["b", "bool"],
    ["s", "string"],
  ]);

  it("sums null counts and combines bounds across row groups", () => {
    const known = provenStats(
      [
        chunk("d", 5, 1, "-2.5", "3"),
        chunk("d", 5, 0, "-1", "7.25"),
        chunk("i", 5, 0, "10", "20"),
        chunk("i", 5, 5, null, null),
      ],
      types,
      10,
    );
    expect(known.get("d")).toEqual({ valid: 9, min: -2.5, max: 7.25 });
    // the all-null chunk has no bounds and needs none
    expect(known.get("i")).toEqual({ valid: 5, min: 10, max: 20 });
  });

  it("rounds float32 bounds as float32, as DuckDB's min() of a FLOAT returns them", () => {
    expect(provenStats([chunk("f", 2, 0, "0.1", "0.2")], types, 2).get("f")).toEqual({
      valid: 2,
      min: Math.fround(0.1),
      max: Math.fround(0.2),
    });
  });

  it("proves nothing when some rows are not covered (a file without the column, a partition column)", () => {
    expect(provenStats([chunk("d", 5, 0, "1", "2")], types, 10).has("d")).toBe(false);
  });

  it("keeps null counts but no bounds when a chunk lacks them or they are not finite", () => {
    expect(
      provenStats([chunk("d", 5, 0, "1", "2"), chunk("d", 5, 0, null, null)], types, 10).get("d"),
    ).toEqual({ valid: 10 });
    expect(provenStats([chunk("d", 5, 0, "-inf", "2")], types, 5).get("d")).toEqual({ valid: 5 });
    expect(provenStats([chunk("d", 5, 0, "nan", "nan")], types, 5).get("d")).toEqual({ valid: 5 });
  });

  it("leaves float bounds of zero to SQL (writers may store -0 for 0)", () => {
    expect(provenStats([chunk("d", 5, 0, "-0.0", "4")], types, 5).get("d")).toEqual({ valid: 5 });
    expect(provenStats([chunk("i", 5, 0, "0", "4")], types, 5).get("i")).toEqual({
      valid: 5,
      min: 0,
      max: 4,
    });
  });

  it("proves nothing without null counts, and only null counts for strings", () => {
    expect(provenStats([chunk("d", 5, null, "1", "2")], types, 5).has("d")).toBe(false);
    expect(provenStats([chunk("s", 5, 0, "a", "z")], types, 5).get("s")).toEqual({ valid: 5 });
  });

  it("proves a boolean's true count when every chunk is all false or all true", () => {
    expect(provenStats([chunk("b", 5, 2, "false", "true")], types, 5).get("b")).toEqual({ valid: 3 });
    const allFalse = [chunk("b", 5, 2, "false", "false"), chunk("b", 5, 5, null, null)];
    expect(provenStats(allFalse, types, 10).get("b")).toEqual({ valid: 3, trues: 0 });
    const allTrue = [chunk("b", 5, 0, "true", "true"), chunk("b", 5, 1, "true", "true")];
    expect(provenStats(allTrue, types, 10).get("b")).toEqual({ valid: 9, trues: 9 });
  });
});

import { describe, expect, it } from "vitest";
import { UsageError } from "../../src/core/errors.js";
import {
  describeTypeClash,
  parseTypeClash,
  type SchemaRow,
  typeGroups,
} from "../../src/engines/duckdb/type-clash.js";

const CAST =
  'Conversion Error: Error while reading file "/d/b.parquet": failed to cast column "t" from type DOUBLE to TIMESTAMP: x';
const row = (file: string, type: string, converted: string | null = null): SchemaRow => ({
  file_name: file,
  type,
  converted_type: converted,
  logical_type: converted === null ? null : `${converted}Type(unit=MILLIS)`,
});

describe("type clashes between a table's files", () => {
  it("reads DuckDB's cast error, and nothing else", () => {
    expect(parseTypeClash(new Error(CAST))).toEqual({
      file: "/d/b.parquet",
      column: "t",
      from: "DOUBLE",
      to: "TIMESTAMP",
    });
    expect(parseTypeClash(new Error('Binder Error: Referenced column "t" not found'))).toBe(undefined);
  });

  it("names the same files whichever file DuckDB met first (groups and files in the table's order)", async () => {
    const files = ["/d/a.parquet", "/d/b.parquet", "/d/c.parquet", "/d/d.parquet"];
    const rows = [
      row("/d/d.parquet", "DOUBLE"),
      row("/d/c.parquet", "DOUBLE"),
      row("/d/a.parquet", "INT64", "TIMESTAMP_MILLIS"),
      row("/d/b.parquet", "DOUBLE"),
    ];
    const messages = await Promise.all(
      ["/d/b.parquet", "/d/c.parquet", "/d/d.parquet"].map((file) =>
        describeTypeClash(
          { file, column: "t", from: "DOUBLE", to: "TIMESTAMP" },
          [{ name: "T", files }],
          async () => rows,
          undefined,
        ).then((e) => e.message),
      ),
    );
    expect(new Set(messages).size).toBe(1);
    expect(messages[0]).toBe(
      "DuckDB cannot read table T as one table: column t is TIMESTAMP_MILLIS in 1 file (/d/a.parquet) and DOUBLE in 3 files (/d/b.parquet and 2 more), with no cast between them; use --engine arrow or auto",
    );
  });

  it("lists three types and leaves out files without the column", () => {
    const groups = typeGroups(
      ["/a", "/b", "/c", "/d"],
      [row("/a", "DOUBLE"), row("/c", "FLOAT"), row("/d", "INT64", "TIMESTAMP_MICROS")],
    );
    expect(groups).toEqual([
      { type: "DOUBLE", files: ["/a"] },
      { type: "FLOAT", files: ["/c"] },
      { type: "TIMESTAMP_MICROS", files: ["/d"] },
    ]);
  });

  it("falls back to DuckDB's own words when the footers cannot be read", async () => {
    const error = await describeTypeClash(
      { file: "/d/b.parquet", column: "t", from: "DOUBLE", to: "TIMESTAMP" },
      [{ name: "T", files: ["/d/a.parquet", "/d/b.parquet"] }],
      () => Promise.reject(new Error("gone")),
      undefined,
    );
    expect(error).toBeInstanceOf(UsageError);
    expect(error.message).toBe(
      "DuckDB cannot read table T as one table: column t is TIMESTAMP in one file and DOUBLE in /d/b.parquet, with no cast between them; use --engine arrow or auto",
    );
  });
});

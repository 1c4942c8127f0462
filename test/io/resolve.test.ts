// Extension → format, Hive partition parsing and spec resolution.
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { formatOf, hivePartition, resolveSpecs } from "../../src/io/index.js";

describe("formatOf", () => {
  it("maps every extension skygate reads, case-insensitively, and nothing else", () => {
    expect(formatOf("a/Object.parquet")).toBe("parquet");
    expect(formatOf("a/x.PARQ")).toBe("parquet");
    expect(formatOf("x.pq")).toBe("parquet");
    expect(formatOf("x.csv.gz")).toBe("csv");
    expect(formatOf("x.ecsv")).toBe("ecsv");
    expect(formatOf("x.vot")).toBe("votable");
    expect(formatOf("x.xml")).toBe("votable");
    expect(formatOf("x.fits.gz")).toBe("fits");
    expect(formatOf("x.fit")).toBe("fits");
    expect(formatOf("x.feather")).toBe("arrow");
    expect(formatOf("x.txt")).toBeUndefined();
    expect(formatOf("x.parquet.bak")).toBeUndefined();
  });
});

describe("hivePartition", () => {
  it("parses key=value directories, decodes %-escapes, ignores the file name", () => {
    expect(hivePartition("/d/tract=4431/patch=9/part=0.parquet")).toEqual({ tract: "4431", patch: "9" });
    expect(hivePartition("/d/band=g%2Cr/x.parquet")).toEqual({ band: "g,r" });
    expect(hivePartition("/d/plain/x.parquet")).toBeUndefined();
    expect(hivePartition("/d/=4431/x.parquet")).toBeUndefined();
  });
});

describe("resolveSpecs", () => {
  it("deduplicates overlapping specs and sorts by path; skips hidden and _ files in directories", () => {
    const root = mkdtempSync(join(tmpdir(), "skygate-resolve-"));
    mkdirSync(join(root, "sub"));
    for (const name of ["b.csv", "a.csv", "sub/c.csv", ".hidden.csv", "_tmp.csv", "notes.md"]) {
      writeFileSync(join(root, name), "x\n1\n");
    }
    const files = resolveSpecs([root, join(root, "a.csv"), `${root}/*.csv`]);
    expect(files.map((f) => f.path)).toEqual([
      join(root, "a.csv"),
      join(root, "b.csv"),
      join(root, "sub", "c.csv"),
    ]);
    expect(files.every((f) => f.format === "csv")).toBe(true);
  });
});

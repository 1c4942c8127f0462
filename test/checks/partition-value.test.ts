// Hive folder values against the file's own columns (src/checks/table/partitionValue.ts), on both engines: the
// file's column wins, and rows disagreeing with their folder are counted, with rows numbered across the table.
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { tableFromArrays, tableToIPC } from "apache-arrow";
import { Table as ParquetWasmTable, writeParquet } from "parquet-wasm";
import { afterAll, describe, expect, it } from "vitest";
import { disagreesWith, partitionValueResults } from "../../src/checks/table/partitionValue.js";
import { ArrowEngine } from "../../src/engines/arrow/arrow-engine.js";
import { DuckDBEngine } from "../../src/engines/duckdb/duckdb-engine.js";
import { openTable } from "../../src/io/open.js";

const root = mkdtempSync(join(tmpdir(), "skygate-hive-"));
function part(folder: string, patch: number[]): void {
  mkdirSync(join(root, folder), { recursive: true });
  const table = tableFromArrays({ id: new Int32Array(patch.map((_, i) => i)), patch: new Int32Array(patch) });
  writeFileSync(
    join(root, folder, "p.parquet"),
    writeParquet(ParquetWasmTable.fromIPCStream(tableToIPC(table, "stream"))),
  );
}
// tract=1/patch=3 agrees; tract=1/patch=9 holds two rows of patch 4 (rows 4 and 5 of the table: after 3 + 1 rows)
part("tract=1/patch=3", [3, 3, 3]);
part("tract=1/patch=9", [9, 4, 4]);

const duckdb = new DuckDBEngine({ threads: 1 });
afterAll(() => duckdb.close());

describe("partitionValue", () => {
  for (const engine of [new ArrowEngine(), duckdb]) {
    it(`counts rows disagreeing with their folder on the ${engine.name} engine`, async () => {
      const source = await openTable("T", root);
      expect((await source.columns()).map((c) => c.name)).toEqual(["id", "patch"]);
      const [result, ...rest] = await partitionValueResults("T", source, await source.columns(), engine);
      expect(rest).toEqual([]); // `tract` is not a file column: no result
      expect(result).toMatchObject({ id: "T.patch.partitionValue", status: "fail", failing: 2, total: 6 });
      expect(result?.sample.map((s) => s.row)).toEqual([4, 5]);
      expect(result?.message).toContain("patch=9");
    });
  }

  it("compares the folder text with the column's type", () => {
    expect(disagreesWith("dec", "float64", "10")).toEqual({ op: "ne", column: "dec", value: 10 });
    expect(disagreesWith("id", "int64", "12")).toEqual({ op: "ne", column: "id", value: 12n });
    expect(disagreesWith("id", "int64", "abc")).toEqual({ op: "not", arg: { op: "isNull", column: "id" } });
    expect(disagreesWith("band", "string", "r")).toEqual({ op: "ne", column: "band", value: "r" });
  });
});

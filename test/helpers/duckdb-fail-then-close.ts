// Child process of test/engines/duckdb-parallel-profile.test.ts: a split DuckDB request on a file with one corrupt
// column chunk, then close() at once. Prints the error's class and exits 0; a native thread left running by a
// connection closed mid-query keeps the process from exiting (or crashes it), which the test sees as a timeout.
import { DuckDBEngine } from "../../src/engines/index.js";
import { openTable } from "../../src/io/open.js";

const [path, mode] = process.argv.slice(2) as [string, "profile" | "count"];
const engine = new DuckDBEngine({ threads: 2 });
const source = await openTable("bad", path);
const columns = (await source.columns()).map((c) => c.name);
try {
  if (mode === "profile") await engine.profile(source);
  else
    await engine.countWhere(source, {
      conditions: columns.map((c) => ({ id: c, where: { op: "gt", column: c, value: 5 } as const })),
      sampleSize: 0,
    });
  console.log("no error");
} catch (error) {
  console.log(`${(error as Error).constructor.name}: ${(error as Error).message}`);
}
await engine.close();
console.log("closed");

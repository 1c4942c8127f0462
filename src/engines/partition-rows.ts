/**
 * Rows per value of the partition columns a table has (tract, band): the numbers behind "row counts per tract
 * and band" in a comparison of two runs. One counting scan per column through the engine, so it runs out of
 * core on DuckDB and pushes down like every other count.
 */
import type { TableSource } from "../io/table.js";
import type { Engine } from "./types.js";

/** The partition columns row counts are kept for by default: a release is produced and checked per tract and band. */
export const PARTITION_ROW_COLUMNS: readonly string[] = ["tract", "band"];

/** Rows per partition column and value (values as text, rows with a null value under "null"). */
export type PartitionRows = Record<string, Record<string, number>>;

/**
 * Rows per value of each of the given columns the table has (a column it lacks is left out; a column with
 * more than `maxValues` distinct values is not a partition and is left out too).
 * @example
 * const engine = new ArrowEngine();
 * (await partitionRows(engine, await openTable("ForcedSource", "fixtures/pilot/ForcedSource.parquet"))).band // { g: 1374, i: 1378, r: 1350, u: 1350, y: 1340, z: 1381 }
 */
export async function partitionRows(
  engine: Engine,
  source: TableSource,
  columns: readonly string[] = PARTITION_ROW_COLUMNS,
  maxValues = 10_000,
): Promise<PartitionRows> {
  const have = new Set((await source.columns()).map((c) => c.name));
  const out: PartitionRows = {};
  for (const column of columns) {
    if (!have.has(column)) continue;
    const [count] = await engine.countWhere(source, {
      conditions: [{ id: "rows", where: { op: "const", value: true } }],
      sampleSize: 0,
      partitionBy: { kind: "column", column },
    });
    if (count.error !== undefined || count.partitions === undefined) continue;
    const values = count.partitions.toJSON();
    if (Object.keys(values).length <= maxValues) out[column] = values;
  }
  return out;
}

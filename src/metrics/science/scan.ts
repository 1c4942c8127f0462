/**
 * Streams a table through science-metric kernels: the columns are declared first and checked to exist, then
 * batches (Parquet row groups) are read with only those columns, so memory is one batch plus the states.
 */
import type { RecordBatch } from "apache-arrow";
import type { TableSource } from "../../io/table.js";

/**
 * Reads `columns` of `source` batch by batch into `update`; throws naming the table and absent columns first.
 * @example
 * let rows = 0;
 * await scanColumns(await openTable("Object", "fixtures/pilot/Object.parquet"), ["tract"], (b) => { rows += b.numRows; });
 * rows // 1500
 */
export async function scanColumns(
  source: TableSource,
  columns: readonly string[],
  update: (batch: RecordBatch) => void,
): Promise<void> {
  const present = new Set((await source.columns()).map((c) => c.name));
  const missing = columns.filter((c) => !present.has(c));
  if (missing.length > 0) throw new Error(`table ${source.name} has no column ${missing.join(", ")}`);
  for await (const batch of source.scan({ columns })) update(batch.data);
}

/**
 * The names of a table's columns, as a set.
 * @example (await columnNames(await openTable("Object", "fixtures/pilot/Object.parquet"))).has("tract") // true
 */
export async function columnNames(source: TableSource): Promise<Set<string>> {
  return new Set((await source.columns()).map((c) => c.name));
}

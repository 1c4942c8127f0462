/** A row limit on a table: only its first rows are read, and the source says it is partial. */
import type { ReadOptions, ScanOptions, SkyTable, TableBatch, TableSource } from "./table.js";

/**
 * The first `maxRows` rows of a source (in the table's row order); the source itself when it has no more rows.
 * The limited source is `partial` (every check on it saw only part of the table) and carries `rowLimit`, which
 * engines that read files themselves must honour (DuckDB refuses such a source; the Arrow engine streams it), and
 * `tableRows`, the whole table's count, unless the source was itself partial.
 * @example
 * const limited = await limitRows(await openTable("Object", "fixtures/pilot/Object.parquet"), 100);
 * [await limited.rowCount(), limited.tableRows, limited.partial] // [100, 1500, "first 100 of 1500 rows (row limit)"]
 */
export async function limitRows(source: TableSource, maxRows: number): Promise<TableSource> {
  if (!Number.isInteger(maxRows) || maxRows < 0)
    throw new RangeError(`row limit must be a whole number ≥ 0: ${maxRows}`);
  const rows = await source.rowCount();
  if (rows <= maxRows) return source;
  const why = `first ${maxRows} of ${rows} rows (row limit)`;
  return {
    name: source.name,
    format: source.format,
    files: source.files,
    partial: source.partial ? `${source.partial}; ${why}` : why,
    rowLimit: maxRows,
    // The count of complete files is the table's; with files skipped it is only theirs.
    ...(source.partial ? {} : { tableRows: rows }),
    columns: () => source.columns(),
    rowCount: async () => maxRows,
    async read(options?: ReadOptions): Promise<SkyTable> {
      const table = await source.read(options);
      return { ...table, data: table.data.slice(0, maxRows) };
    },
    async *scan(options?: ScanOptions): AsyncIterable<TableBatch> {
      for await (const batch of source.scan(options)) {
        if (batch.rowOffset >= maxRows) return;
        const keep = maxRows - batch.rowOffset;
        yield keep >= batch.data.numRows ? batch : { ...batch, data: batch.data.slice(0, keep) };
      }
    },
  };
}

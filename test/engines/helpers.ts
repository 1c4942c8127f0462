// A tiny in-memory TableSource for engine tests: an Arrow table streamed in batches of a chosen size.
import type { RecordBatch, Table } from "apache-arrow";
import { columnInfo } from "../../src/io/arrow.js";
import type { ColumnInfo, ScanOptions, SkyTable, TableBatch, TableSource } from "../../src/io/table.js";

export function memorySource(name: string, table: Table, batchRows = 1 << 20): TableSource {
  const source = { path: `memory:${name}`, format: "memory" as const, rows: table.numRows };
  const columns = (): ColumnInfo[] => table.schema.fields.map(columnInfo);
  return {
    name,
    format: "memory",
    files: [],
    columns: async () => columns(),
    rowCount: async () => table.numRows,
    read: async (options = {}): Promise<SkyTable> => ({
      name,
      data: options.columns ? table.select([...options.columns]) : table,
      sources: [source],
    }),
    scan: (options: ScanOptions = {}): AsyncIterable<TableBatch> => ({
      async *[Symbol.asyncIterator]() {
        const projected = options.columns ? table.select([...options.columns]) : table;
        for (let start = 0; start < table.numRows; start += batchRows) {
          const slice = projected.slice(start, Math.min(table.numRows, start + batchRows));
          let offset = start;
          for (const batch of slice.batches as RecordBatch[]) {
            if (batch.numRows === 0) continue;
            yield { source, rowOffset: offset, data: batch };
            offset += batch.numRows;
          }
        }
      },
    }),
  };
}

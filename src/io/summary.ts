/**
 * What a reader reports about a table: rows, columns with physical type and unit, null counts, and the files
 * (or other origin) the rows came from. Nulls need the data, so this streams the table batch by batch.
 */
import { FileTableSource } from "./open.js";
import type { ColumnInfo, ScanOptions, SourceInfo, TableSource } from "./table.js";

/** One column of a {@link TableReadSummary}. */
export interface ColumnSummary extends ColumnInfo {
  nulls: number;
}

/** Rows, columns with null counts, and origin of a table. */
export interface TableReadSummary {
  name: string;
  rows: number;
  columns: ColumnSummary[];
  sources: SourceInfo[];
}

/**
 * Summarize a table in one streaming pass (bounded memory): row count, columns with type, unit and nulls, sources.
 * @example (await summarizeTable(await openTable("Visit", "fixtures/pilot/Visit.parquet"))).rows // 6
 */
export async function summarizeTable(
  source: TableSource,
  options: ScanOptions = {},
): Promise<TableReadSummary> {
  const infos = await source.columns();
  const wanted = options.columns ? infos.filter((c) => options.columns?.includes(c.name)) : infos;
  const nulls = new Map(wanted.map((c) => [c.name, 0]));
  const sources = new Map<string, SourceInfo>();
  let rows = 0;
  for await (const batch of source.scan({ ...options, columns: wanted.map((c) => c.name) })) {
    rows += batch.data.numRows;
    sources.set(batch.source.path, batch.source);
    for (const info of wanted) {
      const column = batch.data.getChild(info.name);
      nulls.set(info.name, (nulls.get(info.name) ?? 0) + (column?.nullCount ?? 0));
    }
  }
  // Files without rows yield no batches; file sources list them all, in order.
  const all = source instanceof FileTableSource ? await source.sources() : [...sources.values()];
  return {
    name: source.name,
    rows,
    columns: wanted.map((info) => ({ ...info, nulls: nulls.get(info.name) ?? 0 })),
    sources: [...all],
  };
}

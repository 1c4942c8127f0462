/** What every per-format reader provides; open.ts drives them file by file. */

import { stat } from "node:fs/promises";
import type { Table as ArrowTable, RecordBatch, Schema } from "apache-arrow";
import { project } from "../arrow.js";

/** A file's schema and row count, from metadata alone where the format allows. */
export interface FileDescription {
  schema: Schema;
  rows: number;
}

/** One file format: describe without reading data, read columns, or stream batches. */
export interface FileReader {
  describe(path: string): Promise<FileDescription>;
  /** The named columns only (all when undefined); callers have checked they exist. */
  read(path: string, columns?: readonly string[]): Promise<ArrowTable>;
  /** Batches in row order; `batchRows` is a hint where the format has natural chunks (Parquet row groups). */
  scan(path: string, columns: readonly string[] | undefined, batchRows?: number): AsyncIterable<RecordBatch>;
}

/**
 * A reader for formats that must be parsed whole (text, XML, FITS): describe, read and scan all parse once.
 * @example const reader = wholeFileReader(async (path) => parseCsvFile(path));
 */
export function wholeFileReader(parse: (path: string) => Promise<ArrowTable>): FileReader {
  // Describe-then-read on the same file is the common pattern; keep the last parse while the file is unchanged.
  let last: { key: string; table: Promise<ArrowTable> } | undefined;
  const load = async (path: string): Promise<ArrowTable> => {
    const { mtimeMs, size } = await stat(path);
    const key = `${path}\u0000${mtimeMs}\u0000${size}`;
    if (last?.key !== key) last = { key, table: parse(path) };
    const pending = last.table;
    pending.catch(() => {
      if (last?.table === pending) last = undefined;
    });
    return pending;
  };
  return {
    async describe(path) {
      const table = await load(path);
      return { schema: table.schema, rows: table.numRows };
    },
    async read(path, columns) {
      const table = await load(path);
      return project(table, columns);
    },
    async *scan(path, columns, batchRows) {
      const full = await load(path);
      const table = project(full, columns);
      const size = batchRows && batchRows > 0 ? batchRows : Math.max(table.numRows, 1);
      for (let start = 0; start < table.numRows; start += size) {
        const slice = table.slice(start, Math.min(start + size, table.numRows));
        for (const batch of slice.batches) yield batch;
      }
    },
  };
}

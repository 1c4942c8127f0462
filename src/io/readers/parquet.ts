/**
 * Parquet through parquet-wasm's async ParquetFile over a lazily read file Blob: the footer gives schema and row
 * counts without touching data, projection reads only the requested column chunks, and scans go row group by
 * row group so memory stays bounded (see bench/parquet-readers.ts for why parquet-wasm).
 */

import { openAsBlob } from "node:fs";
import { open, readFile, stat } from "node:fs/promises";
import { Table as ArrowTable, makeData, RecordBatch, Schema, Struct, tableFromIPC } from "apache-arrow";
import { ParquetFile } from "parquet-wasm";
import { firstLine, InputError } from "../../core/errors.js";
import { assertUniqueNames, selectFields } from "../arrow.js";
import type { FileDescription, FileReader } from "./types.js";
import { guardWasm } from "./wasm-guard.js";

const MAGIC = "PAR1";

/** Tell truncated from corrupt by the magic bytes at both ends, as the footer parser's message does not. */
async function diagnose(path: string, cause: unknown): Promise<InputError> {
  const handle = await open(path, "r");
  try {
    const { size } = await handle.stat();
    const head = Buffer.alloc(4);
    const tail = Buffer.alloc(4);
    await handle.read(head, 0, 4, 0);
    if (size >= 8) await handle.read(tail, 0, 4, size - 4);
    const message = firstLine(cause);
    if (head.toString("latin1") !== MAGIC) {
      return new InputError(path, "corrupt", "not a Parquet file (no PAR1 magic at start)", undefined, {
        cause,
      });
    }
    if (size < 12 || tail.toString("latin1") !== MAGIC) {
      return new InputError(path, "truncated", "Parquet file ends early (no PAR1 footer)", undefined, {
        cause,
      });
    }
    return new InputError(path, "corrupt", `unreadable Parquet: ${message}`, undefined, { cause });
  } finally {
    await handle.close();
  }
}

/**
 * Whole-file reads of files up to this size load the file into memory once: parquet-wasm's many small reads are
 * faster there. Projected reads and footers go through a lazily read Blob and touch only the bytes they need.
 */
const IN_MEMORY_BYTES = 256 * 1024 * 1024;

/** `lazy`: a lazily read Blob (footers, projections); otherwise small files are read into memory whole. */
async function blobOf(path: string, lazy: boolean): Promise<Blob> {
  const { size } = await stat(path);
  return !lazy && size <= IN_MEMORY_BYTES ? new Blob([await readFile(path)]) : openAsBlob(path);
}

async function openParquet(path: string, lazy = false): Promise<ParquetFile> {
  try {
    return await ParquetFile.fromFile(await blobOf(path, lazy));
  } catch (error) {
    throw await diagnose(path, error);
  }
}

/** Frees a file's wasm memory; after a decode panic the wasm side may refuse, which must not hide the real error. */
function release(file: ParquetFile): void {
  try {
    file.free();
  } catch {
    // already reported: the file could not be decoded
  }
}

async function withFile<T>(path: string, use: (file: ParquetFile) => Promise<T>, lazy = false): Promise<T> {
  const file = await openParquet(path, lazy);
  try {
    return await guardWasm(path, "", () => use(file));
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw await diagnose(path, error);
  } finally {
    release(file);
  }
}

/** The first bytes must be the magic too: footer-only readers (parquet-wasm, DuckDB) never look there. */
async function assertLeadingMagic(path: string): Promise<void> {
  const handle = await open(path, "r");
  try {
    const head = Buffer.alloc(4);
    await handle.read(head, 0, 4, 0);
    if (head.toString("latin1") !== MAGIC)
      throw new InputError(path, "corrupt", "not a Parquet file (no PAR1 magic at start)");
  } finally {
    await handle.close();
  }
}

function toArrow(wasmTable: { intoIPCStream(): Uint8Array }): ArrowTable {
  return tableFromIPC(wasmTable.intoIPCStream());
}

/**
 * Schema and row count of a Parquet file from its footer.
 * @example (await describeParquet("fixtures/pilot/Object.parquet")).rows // 1500
 */
export async function describeParquet(path: string): Promise<FileDescription> {
  await assertLeadingMagic(path);
  return withFile(
    path,
    async (file) => {
      const schema = toArrow(file.schema()).schema;
      assertUniqueNames(
        path,
        schema.fields.map((f) => f.name),
      );
      return { schema, rows: file.metadata().fileMetadata().numRows() };
    },
    true,
  );
}

/**
 * Rows per row group, from the footer.
 * @example await parquetRowGroups("fixtures/pilot/Object.parquet") // [1500]
 */
export async function parquetRowGroups(path: string): Promise<number[]> {
  return withFile(
    path,
    async (file) =>
      file
        .metadata()
        .rowGroups()
        .map((group) => group.numRows()),
    true,
  );
}

/** The reader openTable uses for `.parquet`, `.parq` and `.pq` files. */
export const parquetReader: FileReader = {
  describe: describeParquet,
  async read(path, columns) {
    return withFile(
      path,
      async (file) => {
        if (columns && columns.length === 0) {
          // parquet-wasm reads no rows for no columns; a row count without columns is still a table
          const rows = file.metadata().fileMetadata().numRows();
          const empty = new Schema([]);
          return new ArrowTable(empty, [
            new RecordBatch(
              empty,
              makeData({ type: new Struct([]), length: rows, nullCount: 0, children: [] }),
            ),
          ]);
        }
        const table = toArrow(await file.read(columns ? { columns: [...columns] } : {}));
        // A 0-row file may come back without a schema; use the footer's.
        const schema = toArrow(file.schema()).schema;
        if (table.numCols === 0 && schema.fields.length > 0) {
          return new ArrowTable(columns ? selectFields(schema, columns) : schema);
        }
        return table;
      },
      columns !== undefined,
    );
  },
  async *scan(path, columns, batchRows) {
    const file = await openParquet(path, columns !== undefined);
    try {
      const groups = file
        .metadata()
        .rowGroups()
        .map((group) => group.numRows());
      for (let index = 0; index < groups.length; index++) {
        const rows = groups[index] as number;
        if (rows === 0) continue;
        let batches: RecordBatch[];
        try {
          batches = await guardWasm(path, ` in row group ${index}`, async () => {
            const out: RecordBatch[] = [];
            const stream = await file.stream({
              rowGroups: [index],
              batchSize: batchRows && batchRows > 0 ? Math.min(batchRows, rows) : rows,
              ...(columns ? { columns: [...columns] } : {}),
            });
            for await (const wasmBatch of stream as AsyncIterable<{ intoIPCStream(): Uint8Array }>) {
              out.push(...toArrow(wasmBatch).batches);
            }
            return out;
          });
        } catch (error) {
          if (error instanceof InputError) throw error;
          throw await diagnose(path, error);
        }
        yield* batches;
      }
    } finally {
      release(file);
    }
  },
};

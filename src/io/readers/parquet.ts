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
import { footerFor, type ParquetFooter, parseFooter } from "./parquet-footer.js";
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

/** The last footers walked (parquet-footer.ts), by path, while the file's size and modification time hold. */
const footers = new Map<string, { stamp: string; footer: Promise<ParquetFooter | null> }>();
const FOOTERS_KEPT = 4;

async function readFooter(path: string, size: number): Promise<ParquetFooter | null> {
  if (size < 12) return null;
  const handle = await open(path, "r");
  try {
    const tail = Buffer.alloc(8);
    await handle.read(tail, 0, 8, size - 8);
    if (tail.toString("latin1", 4) !== MAGIC) return null;
    const length = tail.readUInt32LE(0);
    if (length === 0 || length > size - 12) return null;
    const bytes = new Uint8Array(length);
    await handle.read(bytes, 0, length, size - 8 - length);
    return parseFooter(bytes, size - 8 - length, size);
  } finally {
    await handle.close();
  }
}

/** The file's footer as walked by parquet-footer.ts (cached), or null when it is not one that module rewrites. */
async function footerOf(path: string): Promise<ParquetFooter | null> {
  const { size, mtimeMs } = await stat(path);
  const stamp = `${size}:${mtimeMs}`;
  const known = footers.get(path);
  if (known?.stamp === stamp) {
    footers.delete(path); // most recently used last
    footers.set(path, known);
    return known.footer;
  }
  const footer = readFooter(path, size).catch(() => null);
  footers.set(path, { stamp, footer });
  while (footers.size > FOOTERS_KEPT) footers.delete(footers.keys().next().value as string);
  return footer;
}

/**
 * The file as parquet-wasm should see it for these columns (null: all) and row groups (undefined: all): the data
 * bytes as they are, then a footer holding only those (parquet-footer.ts). Null when the footer cannot be
 * rewritten; the caller then opens the file itself.
 */
async function projectedFile(
  path: string,
  columns: readonly string[] | null,
  rowGroups?: readonly number[],
): Promise<{ file: ParquetFile; footer: ParquetFooter } | null> {
  const footer = await footerOf(path);
  if (footer === null) return null;
  const bytes = footerFor(footer, columns, rowGroups);
  if (bytes === null) return null;
  const length = Buffer.alloc(4);
  length.writeUInt32LE(bytes.length, 0);
  const whole = await openAsBlob(path);
  if (whole.size !== footer.fileSize) return null;
  const blob = new Blob([whole.slice(0, footer.offset), bytes, length, MAGIC]);
  try {
    return { file: await ParquetFile.fromFile(blob), footer };
  } catch {
    return null; // read the usual way, which names what is wrong
  }
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

/**
 * Runs `use` on the open file; with `columns` (a projection), on the file as seen through a footer holding only
 * those columns when that can be written (projectedFile), so parquet-wasm never parses the others' metadata.
 */
async function withFile<T>(
  path: string,
  use: (file: ParquetFile) => Promise<T>,
  lazy = false,
  columns?: readonly string[],
): Promise<T> {
  const projected = columns && columns.length > 0 ? await projectedFile(path, columns) : null;
  const file = projected?.file ?? (await openParquet(path, lazy));
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
  // The schema from a footer without row groups: parquet-wasm then parses the schema only.
  const projected = await projectedFile(path, null, []);
  if (projected !== null) {
    const { file, footer } = projected;
    try {
      const schema = toArrow(file.schema()).schema;
      assertUniqueNames(
        path,
        schema.fields.map((f) => f.name),
      );
      return { schema, rows: footer.rows };
    } finally {
      release(file);
    }
  }
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
  const footer = await footerOf(path);
  if (footer !== null) return footer.rowGroups.map((g) => g.rows);
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

/** Row group by row group, as Arrow batches (one per row group unless `batchRows` is smaller). */
async function* scanParquet(
  path: string,
  columns: readonly string[] | undefined,
  batchRows?: number,
): AsyncGenerator<RecordBatch> {
  const projected = columns && columns.length > 0 ? await projectedFile(path, columns) : null;
  const file = projected?.file ?? (await openParquet(path, columns !== undefined));
  try {
    // Row counts from the walked footer: parquet-wasm's metadata() copies every column chunk's metadata into JS.
    const groups =
      projected?.footer.rowGroups.map((g) => g.rows) ??
      file
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
      for (const batch of batches) yield batch;
    }
  } finally {
    release(file);
  }
}

/** The reader openTable uses for `.parquet`, `.parq` and `.pq` files. */
export const parquetReader: FileReader = {
  describe: describeParquet,
  async read(path, columns) {
    if (columns && columns.length > 0 && (await footerOf(path)) !== null) {
      // A projection row group by row group: parquet-wasm's one-table read holds the whole decoded table and its
      // IPC copy in wasm memory at once, which costs twice the CPU (mostly garbage collection) at 10⁶ rows.
      const batches: RecordBatch[] = [];
      for await (const batch of scanParquet(path, columns)) batches.push(batch);
      if (batches.length > 0) return new ArrowTable(batches);
    }
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
      columns,
    );
  },
  scan: scanParquet,
};

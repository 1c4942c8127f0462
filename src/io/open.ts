/**
 * openTable: one logical table from files, directories, globs (or, through a registered opener, a service).
 * Files are read in sorted path order; row indices run across files in that order.
 */
import { Table as ArrowTable, Field, Schema, Utf8 } from "apache-arrow";
import { InputError, UsageError } from "../core/errors.js";
import { assertColumnsExist, columnInfo, conformBatch, selectFields, unifySchemas } from "./arrow.js";
import type { FileFormat } from "./formats.js";
import { arrowIpcReader } from "./readers/arrowIpc.js";
import { csvReader } from "./readers/csv.js";
import { ecsvReader } from "./readers/ecsv.js";
import { fitsReader } from "./readers/fits.js";
import { parquetReader } from "./readers/parquet.js";
import type { FileDescription, FileReader } from "./readers/types.js";
import { votableReader } from "./readers/votable.js";
import { fileSystemError, type ResolvedFile, resolveSpecs } from "./resolve.js";
import type {
  ColumnInfo,
  ReadOptions,
  ScanOptions,
  SkyTable,
  SourceInfo,
  TableBatch,
  TableFormat,
  TableSource,
} from "./table.js";

/** Options of {@link openTable}. */
export interface OpenTableOptions {
  /** Directory relative specs are resolved against (default: the process's working directory). */
  cwd?: string;
  /**
   * Add Hive partition keys (`tract=4431/`) as string columns after the file columns, for the keys the files do
   * not hold themselves. Off by default: the values are always in SourceInfo.partition, and extra columns would
   * show up as schema.extraColumn findings against a felis schema.
   */
  partitionColumns?: boolean;
  /**
   * With several files (a Hive release, a glob), skip the files that cannot be read instead of failing, and say so
   * in the source's `partial`. Off by default: unreadable input is an input error (exit 2).
   */
  skipUnreadable?: boolean;
}

/** Opens a non-file spec such as `tap:URL#SCHEMA.TABLE`; registered by the module that implements it. */
export type SourceOpener = (name: string, spec: string, options: OpenTableOptions) => Promise<TableSource>;

const openers = new Map<string, SourceOpener>();

/**
 * Let openTable hand specs starting with `scheme:` (e.g. `tap`) to another module.
 * @example registerSourceOpener("example", (name) => fromRows(name, [{ x: 1 }]))
 */
export function registerSourceOpener(scheme: string, opener: SourceOpener): void {
  openers.set(scheme.toLowerCase(), opener);
}

/**
 * Whatever a reader throws while reading hostile bytes becomes an InputError naming the file: a file-system error
 * (permission denied, a folder) as such, any other exception (a decoder's RangeError, a parser's Error) as
 * `corrupt`. Readers throw InputErrors themselves where they can say more.
 */
function asInputError(path: string, error: unknown): InputError {
  if (error instanceof InputError) return error;
  if (typeof (error as NodeJS.ErrnoException)?.code === "string" && (error as NodeJS.ErrnoException).syscall)
    return fileSystemError(path, error);
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return new InputError(path, "corrupt", `cannot be decoded (${message.split("\n")[0]})`, undefined, {
    cause: error,
  });
}

/**
 * A reader whose every failure is an InputError naming the file.
 * @example
 * const reader = guardedReader(parquetReader);
 * (await reader.describe("fixtures/pilot/Object.parquet")).rows // 1500
 * await reader.describe("no/such.parquet") // throws InputError: no/such.parquet: no such file
 */
export function guardedReader(reader: FileReader): FileReader {
  return {
    async describe(path) {
      try {
        return await reader.describe(path);
      } catch (error) {
        throw asInputError(path, error);
      }
    },
    async read(path, columns) {
      try {
        return await reader.read(path, columns);
      } catch (error) {
        throw asInputError(path, error);
      }
    },
    async *scan(path, columns, batchRows) {
      try {
        yield* reader.scan(path, columns, batchRows);
      } catch (error) {
        throw asInputError(path, error);
      }
    },
  };
}

const READERS: Readonly<Record<FileFormat, FileReader>> = {
  parquet: guardedReader(parquetReader),
  csv: guardedReader(csvReader),
  ecsv: guardedReader(ecsvReader),
  votable: guardedReader(votableReader),
  fits: guardedReader(fitsReader),
  arrow: guardedReader(arrowIpcReader),
};

/** A scheme prefix such as `tap:` (two letters at least, so `C:\` stays a path). */
const SCHEME = /^([a-zA-Z][a-zA-Z0-9+.-]+):(?![\\/]{1}[^/])/;

function schemeOf(spec: string): string | undefined {
  const match = SCHEME.exec(spec);
  if (!match) return undefined;
  const scheme = (match[1] as string).toLowerCase();
  return scheme === "tap" || openers.has(scheme) ? scheme : undefined;
}

/**
 * Open a table from one or more specs (file, directory, glob); checks every file's header/footer now, so
 * unreadable input fails here with an InputError naming the file.
 * @example
 * const source = await openTable("Object", "fixtures/pilot/Object.parquet");
 * (await source.read({ columns: ["coord_ra", "coord_dec"] })).data.numCols // 2
 */
export async function openTable(
  name: string,
  specs: string | readonly string[],
  options: OpenTableOptions = {},
): Promise<TableSource> {
  const list = typeof specs === "string" ? [specs] : [...specs];
  if (list.length === 0) throw new UsageError(`table ${name}: no input given`);
  const schemes = list.map(schemeOf);
  const scheme = schemes.find((s) => s !== undefined);
  if (scheme !== undefined) {
    if (list.length > 1)
      throw new UsageError(`table ${name}: a ${scheme}: source cannot be combined with other inputs`);
    const opener = openers.get(scheme);
    if (!opener) {
      throw new UsageError(
        `table ${name}: ${list[0]}: TAP sources (tap:SERVICE_URL#SCHEMA.TABLE) are not implemented yet`,
      );
    }
    return opener(name, list[0] as string, options);
  }
  const unreadable: InputError[] = [];
  const files = resolveSpecs(list, options.cwd, options.skipUnreadable ? unreadable : undefined);
  const formats = new Set(files.map((f) => f.format));
  if (formats.size > 1) {
    const [a, b] = files.filter((f, i) => files.findIndex((g) => g.format === f.format) === i);
    throw new InputError(
      (b as ResolvedFile).path,
      "unsupported",
      `table ${name} mixes formats: ${(b as ResolvedFile).format} here, ${(a as ResolvedFile).format} in ${(a as ResolvedFile).path}`,
    );
  }
  if (files.length === 0 && unreadable.length > 0) throw unreadable[0] as InputError;
  if (options.skipUnreadable && files.length + unreadable.length > 1)
    return openReadable(name, files, options, unreadable);
  const source = new FileTableSource(name, files, options.partitionColumns ?? false);
  await source.describe();
  return source;
}

/** The files of a multi-file table that can be read; the others are listed in the source's `partial`. */
async function openReadable(
  name: string,
  files: readonly ResolvedFile[],
  options: OpenTableOptions,
  unreadable: readonly InputError[] = [],
): Promise<TableSource> {
  const reader = READERS[(files[0] as ResolvedFile).format];
  const kept: ResolvedFile[] = [];
  // files found but empty or denied, then files whose header or footer does not read
  const skipped: InputError[] = [...unreadable];
  for (const file of files) {
    try {
      await reader.describe(file.path);
      kept.push(file);
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      skipped.push(error);
    }
  }
  if (kept.length === 0) throw skipped[0] as InputError;
  const why =
    skipped.length > 0
      ? `${skipped.length} of ${files.length + unreadable.length} files unreadable and skipped: ${skipped.map((e) => e.message).join("; ")}`
      : undefined;
  const source = new FileTableSource(name, kept, options.partitionColumns ?? false, why);
  await source.describe();
  return source;
}

/** A table stored in one or more files of one format. */
export class FileTableSource implements TableSource {
  readonly format: TableFormat;
  readonly files: readonly string[];
  private readonly reader: FileReader;
  private described?: Promise<{ schema: Schema; parts: FileDescription[] }>;

  constructor(
    readonly name: string,
    private readonly resolved: readonly ResolvedFile[],
    private readonly partitionColumns = false,
    readonly partial?: string,
  ) {
    const format = (resolved[0] as ResolvedFile).format;
    this.format = format;
    this.files = resolved.map((f) => f.path);
    this.reader = READERS[format];
  }

  /** Per-file schema and rows plus the schema they share (cached). */
  describe(): Promise<{ schema: Schema; parts: FileDescription[] }> {
    this.described ??= (async () => {
      const parts: FileDescription[] = [];
      for (const file of this.resolved) parts.push(await this.reader.describe(file.path));
      const unified = unifySchemas(parts.map((p, i) => ({ path: this.files[i] as string, ...p })));
      return { schema: this.partitionColumns ? withPartitionFields(unified, this.resolved) : unified, parts };
    })();
    return this.described;
  }

  /** Where each file's rows come from: path, format, rows, Hive partition. */
  async sources(): Promise<SourceInfo[]> {
    const { parts } = await this.describe();
    return this.resolved.map((file, i) => sourceInfo(file, (parts[i] as FileDescription).rows));
  }

  async columns(): Promise<ColumnInfo[]> {
    const { schema } = await this.describe();
    return schema.fields.map(columnInfo);
  }

  async rowCount(): Promise<number> {
    const { parts } = await this.describe();
    return parts.reduce((sum, part) => sum + part.rows, 0);
  }

  async read(options: ReadOptions = {}): Promise<SkyTable> {
    const { schema, parts } = await this.describe();
    const names = schema.fields.map((f) => f.name);
    assertColumnsExist(this.name, names, options.columns);
    const columns = options.columns ? [...options.columns] : undefined;
    const target = columns ? selectFields(schema, columns) : schema;
    const tables: Array<{ path: string; table: ArrowTable }> = [];
    for (const [i, file] of this.resolved.entries()) {
      const own = fileColumns(parts[i] as FileDescription, columns);
      tables.push({ path: file.path, table: await this.reader.read(file.path, own) });
    }
    const batches = tables.flatMap(({ table }, i) =>
      table.batches.map((batch) => conformBatch(batch, target, this.resolved[i]?.partition)),
    );
    const data = new ArrowTable(target, batches);
    const sources = this.resolved.map((file, i) => sourceInfo(file, (parts[i] as FileDescription).rows));
    return { name: this.name, data, sources };
  }

  async *scan(options: ScanOptions = {}): AsyncIterable<TableBatch> {
    const { schema, parts } = await this.describe();
    assertColumnsExist(
      this.name,
      schema.fields.map((f) => f.name),
      options.columns,
    );
    const columns = options.columns ? [...options.columns] : undefined;
    const target = columns ? selectFields(schema, columns) : schema;
    let rowOffset = 0;
    for (let i = 0; i < this.resolved.length; i++) {
      const file = this.resolved[i] as ResolvedFile;
      const source = sourceInfo(file, (parts[i] as FileDescription).rows);
      const own = fileColumns(parts[i] as FileDescription, columns);
      for await (const batch of this.reader.scan(file.path, own, options.batchRows)) {
        if (batch.numRows === 0) continue;
        yield { source, rowOffset, data: conformBatch(batch, target, file.partition) };
        rowOffset += batch.numRows;
      }
    }
  }
}

/** The requested columns a file holds itself (partition columns come from its path). */
function fileColumns(part: FileDescription, columns: string[] | undefined): string[] | undefined {
  if (!columns) return undefined;
  const own = new Set(part.schema.fields.map((f) => f.name));
  return columns.filter((name) => own.has(name));
}

/** The schema plus one string field per Hive key that no file column already has. */
function withPartitionFields(schema: Schema, files: readonly ResolvedFile[]): Schema {
  const names = new Set(schema.fields.map((f) => f.name));
  const extra: Field[] = [];
  for (const file of files) {
    for (const key of Object.keys(file.partition ?? {})) {
      if (names.has(key)) continue;
      names.add(key);
      extra.push(new Field(key, new Utf8(), true));
    }
  }
  return extra.length > 0 ? new Schema([...schema.fields, ...extra], schema.metadata) : schema;
}

function sourceInfo(file: ResolvedFile, rows: number): SourceInfo {
  const info: SourceInfo = { path: file.path, format: file.format, rows };
  if (file.partition) info.partition = file.partition;
  return info;
}

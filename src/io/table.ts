/**
 * The columnar table model every stage shares: an Apache Arrow table plus where it came from.
 * Readers produce it, engines scan it, checks name its rows. No per-row objects anywhere.
 */
import type { Table as ArrowTable, RecordBatch } from "apache-arrow";

/** Physical column types as skygate reasons about them (felis datatypes map onto these). */
export type PhysicalType =
  | "bool"
  | "int8"
  | "int16"
  | "int32"
  | "int64"
  | "uint8"
  | "uint16"
  | "uint32"
  | "uint64"
  | "float16"
  | "float32"
  | "float64"
  | "string"
  | "binary"
  | "timestamp"
  | "date"
  | "list"
  /** No value at all: Arrow's Null type, which pandas writes for an all-None column (Parquet's NullType). */
  | "null"
  | "other";

/** File formats skygate reads. `memory` is a table handed over from a notebook. */
export type TableFormat = "parquet" | "csv" | "ecsv" | "votable" | "fits" | "arrow" | "tap" | "memory";

/** One column as a reader sees it, before any data is scanned. */
export interface ColumnInfo {
  name: string;
  type: PhysicalType;
  /** Unit as the file declares it (ECSV, VOTable, FITS TUNIT), if any. */
  unit?: string;
  description?: string;
  /** IVOA UCD as the file declares it (VOTable, ECSV meta.ucd), if any. */
  ucd?: string;
}

/** One input of a table: a file, one partition of a dataset, or a service query. */
export interface SourceInfo {
  path: string;
  format: TableFormat;
  rows: number;
  /** Hive partition values parsed from the path (`tract=4431/` gives `{ tract: "4431" }`). */
  partition?: Readonly<Record<string, string>>;
}

/** A whole table in memory. `data` keeps int64 as bigint and nulls in validity bitmaps. */
export interface SkyTable {
  readonly name: string;
  readonly data: ArrowTable;
  readonly sources: readonly SourceInfo[];
}

/** A slice of a table produced while streaming; `rowOffset` is its first row's index in the whole table. */
export interface TableBatch {
  readonly source: SourceInfo;
  readonly rowOffset: number;
  readonly data: RecordBatch;
}

/** Options shared by every read: ask for the columns you need, readers load only those. */
export interface ReadOptions {
  columns?: readonly string[];
}

/** Options of TableSource.scan: the read options plus the batch size. */
export interface ScanOptions extends ReadOptions {
  /** Rows per batch where the format lets us choose (Parquet yields whole row groups). */
  batchRows?: number;
}

/**
 * A table that can be described, read or streamed, wherever it lives.
 * Engines take a TableSource; those that can push work down (DuckDB, TAP) look at `files`/`format`.
 */
export interface TableSource {
  readonly name: string;
  readonly format: TableFormat;
  /** Files in sorted path order (empty for in-memory and TAP tables). */
  readonly files: readonly string[];
  columns(): Promise<ColumnInfo[]>;
  rowCount(): Promise<number>;
  read(options?: ReadOptions): Promise<SkyTable>;
  scan(options?: ScanOptions): AsyncIterable<TableBatch>;
  /**
   * For sources whose service folds identifiers (a PostgreSQL-backed TAP service lists `g_psfflux`): use these
   * spellings (a schema's) for the columns that match them case-insensitively, so name-based rules and the
   * schema comparison see the catalogue's own names. Queries are unaffected: unquoted names fold back.
   */
  withColumnSpellings?(names: readonly string[]): TableSource;
  /** Why this source is only part of the table (files skipped as unreadable, a row limit); every result is partial. */
  readonly partial?: string;
  /** Only the first rowLimit rows are read: an engine that reads `files` itself must honour it or refuse the source. */
  readonly rowLimit?: number;
  /**
   * With a row limit, the whole table's row count (from the files' footers and headers, read without the rows), so
   * a row-count check can still judge the table; absent when the files themselves are only part of it.
   */
  readonly tableRows?: number;
}

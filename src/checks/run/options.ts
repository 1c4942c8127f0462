/** What a run of checks is given: the tables, the engines, and how to sample and report progress. */
import type { Engine, Progress } from "../../engines/types.js";
import type { PhysicalType, TableSource } from "../../io/table.js";
import type { TableContext } from "../types.js";

/** One table of a run: its source, the columns the data has and the context the plan was made with. */
export interface RunTable {
  source: TableSource;
  /** Column names present in the data. */
  columns: readonly string[];
  /** Physical types of the data's columns: profiles are trusted only for numbers, booleans and strings. */
  types?: Readonly<Record<string, PhysicalType>>;
  context: TableContext;
}

/** Options of `runChecks`. */
export interface RunOptions {
  tables: ReadonlyMap<string, RunTable>;
  /** An engine that reads every given source (the CLI picks DuckDB for Parquet, Arrow otherwise, unless told). */
  engineFor: (...sources: TableSource[]) => Engine;
  /** Judge from a one-pass profile first and scan only what it cannot clear (default true). */
  prefilter?: boolean;
  /** A second engine for what the first could not evaluate (the CLI's `auto`: Arrow behind DuckDB); none by default. */
  fallbackFor?: (source: TableSource) => Engine | null;
  sampleSize?: number;
  onProgress?: (progress: Progress) => void;
}

/** Sample rows kept per failing check unless the run says otherwise. */
export const SAMPLE_SIZE = 20;

/**
 * The data's columns among `needed` that are absent.
 * @example
 * missingColumns({ columns: ["a"] } as RunTable, ["a", "b"]); // ["b"]
 */
export function missingColumns(table: RunTable, needed: readonly string[]): string[] {
  return needed.filter((c) => !table.columns.includes(c));
}

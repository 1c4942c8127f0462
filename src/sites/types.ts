/** Shapes of a cross-site consistency comparison (`skygate compare-sites`). */

/** How a column is fingerprinted: which distributed aggregates apply to it. */
export type FingerprintKind = "float32" | "float64" | "integer" | "boolean" | "text" | "other";

/** A column of a site's table, with its fingerprint kind. */
export interface SiteColumn {
  name: string;
  kind: FingerprintKind;
}

/** One row of an aggregate answer: alias → value as text (null for SQL NULL; "NaN", "Infinity" spelled out). */
export type AggregateRow = Record<string, string | null>;

/** A table as one site holds it, reachable only through aggregate queries (no row ever leaves the site). */
export interface SiteTable {
  /** The table's name at this site (matched across sites case-insensitively). */
  readonly name: string;
  /** Where it lives, for reports: `tap:URL#schema.table` or the local path. */
  readonly location: string;
  columns(): Promise<SiteColumn[]>;
  /** Quotes a column name for this site's SQL dialect when needed. */
  identifier(column: string): string;
  /**
   * Runs `SELECT <group items>, <items> FROM table GROUP BY <group aliases>` (no GROUP BY when `groupBy` is
   * empty) and returns every row; each item is [alias, expression] in the common subset of ADQL and DuckDB SQL.
   */
  aggregate(
    items: readonly (readonly [string, string])[],
    groupBy: readonly (readonly [string, string])[],
  ): Promise<AggregateRow[]>;
  /** Queries run so far (for reports and benchmarks). */
  readonly queries: number;
  close?(): void;
}

/** How rows are split into partitions: by key columns (tract, patch) or equal-area sky cells. */
export type SitePartitionSpec =
  | { kind: "columns"; columns: readonly string[] }
  | { kind: "cells"; ra: string; dec: string; size: number }
  | { kind: "none" };

/**
 * A partitioning as asked for: sky cells may leave their position columns out (or name one of them), to be found
 * per table among the pairs both sites have (see compare.ts `resolvePartition`).
 */
export type SitePartitionRequest =
  | SitePartitionSpec
  | { kind: "cells"; size: number; ra?: string; dec?: string };

/** One aggregate that differs between the sites in one partition. */
export interface AggregateDifference {
  column: string;
  /** `rows` (COUNT(*)), `count` (non-null), `min`, `max`, `sum` (finite-agnostic raw SUM), `true` (booleans). */
  aggregate: string;
  a: string | null;
  b: string | null;
}

/** A partition whose fingerprints differ, or that one site lacks. */
export interface PartitionDifference {
  /** Partition label, e.g. "4431/12" for tract/patch, or "ra 54..55, sin(dec) -0.53..-0.52" for a sky cell. */
  partition: string;
  /** The partition key values (as text) by key alias. */
  key: Record<string, string | null>;
  rows: { a: number; b: number };
  /** Differing aggregates (all of them when the partition is missing on one side: then only `rows`). */
  differences: AggregateDifference[];
}

/** The comparison of one table across the two sites. */
export interface SiteTableComparison {
  table: string;
  a: string;
  b: string;
  status: "pass" | "fail" | "error";
  message: string;
  partitionBy: SitePartitionSpec;
  rows: { a: number; b: number };
  partitions: { a: number; b: number; differing: number };
  /** Columns fingerprinted (present on both sides); columns on one side only are listed apart. */
  columns: number;
  columnsOnlyIn: { a: string[]; b: string[] };
  /** Per column: in how many partitions it differs, most first. */
  differingColumns: { column: string; partitions: number }[];
  /**
   * Per column: in how many partitions both sites' SUM and MAX are NaN (a NaN in the data), so that only COUNT
   * and MIN compared its values there: a change elsewhere in those rows goes unseen. Most first.
   */
  nanPartitions?: { column: string; partitions: number }[];
  differences: PartitionDifference[];
  queries: { a: number; b: number };
  error?: string;
}

/** A whole cross-site comparison. */
export interface SitesReport {
  command: "compare-sites";
  a: string;
  b: string;
  status: "pass" | "fail" | "error";
  tables: SiteTableComparison[];
  tablesOnlyIn: { a: string[]; b: string[] };
}

/**
 * The engine interface: what every execution backend (in-memory Arrow, DuckDB over Parquet,
 * and later TAP/ADQL in front of Qserv) must answer. Checks never touch data directly; they ask
 * an engine for metrics and judge those, so the same check gives the same number on every engine.
 *
 * Everything an engine computes is expressed in a small declarative vocabulary (profiles,
 * row conditions, key checks) that each engine compiles its own way: typed-array loops in JS,
 * SQL aggregates in DuckDB, ADQL for TAP. One request = one pass over the data.
 */

import type { PartitionCounts } from "../core/partitions.js";
import type { SampleRow } from "../core/results.js";
import type { TableSource } from "../io/table.js";
import type { TableProfile } from "../metrics/types.js";
import type { Condition } from "./condition.js";

/** Progress of a long scan, for progress bars; `total` is unknown (null) when the engine cannot tell. */
export interface Progress {
  done: number;
  total: number | null;
  unit: "rows" | "files" | "bytes";
  label?: string;
}

/** Progress reporting and cancellation, common to every engine request. */
export interface ScanRequestOptions {
  onProgress?: (progress: Progress) => void;
  signal?: AbortSignal;
}

/** How to break a metric down: by the values of a column (tract, patch, band, visit) or a HEALPix pixel. */
export type PartitionSpec =
  /** By a column's values; with `within`, by pairs `column/within` (tract/patch, visit/detector). */
  | { kind: "column"; column: string; within?: string }
  | { kind: "healpix"; order: number; ra: string; dec: string; unit?: "deg" | "rad" };

/** Which columns to profile, which quantiles, and an optional breakdown. */
export interface ProfileRequest extends ScanRequestOptions {
  /** Columns to profile; all columns when omitted. */
  columns?: readonly string[];
  /** Quantile sketches cost extra: off unless asked. */
  quantiles?: readonly number[];
  partitionBy?: PartitionSpec;
  /**
   * `"counts"`: what a check's prefilter reads (rows, nulls, NaN/±Inf, true/false, min/max and lengths); mean,
   * stddev and distinct may then be null. An engine that gets them at no extra cost may still give them. Default
   * `"all"`.
   */
  statistics?: "all" | "counts";
  /**
   * Conditions to count in the same pass (count and total only: no sample, partitions or breakdowns), so a
   * check that will count them anyway saves a second scan. An engine that cannot fuse them leaves
   * `ProfileResult.counts` out, and the caller counts them with `countWhere`.
   */
  conditions?: readonly ConditionRequest[];
}

/** A table profile, with per-partition profiles when a breakdown was asked. */
export interface ProfileResult {
  profile: TableProfile;
  /** Per-partition profiles keyed by partition value, when `partitionBy` was given. */
  partitions?: Record<string, TableProfile>;
  /** The counts of `ProfileRequest.conditions`, in request order, when the engine computed them in the pass. */
  counts?: ConditionCount[];
  partial?: boolean;
}

/** A named condition to count rows for; `id` is echoed back in the result. */
export interface ConditionRequest {
  id: string;
  where: Condition;
}

/** Conditions to count in one scan, with sample and partition options. */
export interface CountRequest extends ScanRequestOptions {
  conditions: readonly ConditionRequest[];
  /** Maximum sample rows per condition (the contract's reports keep 20). */
  sampleSize?: number;
  /** Columns to attach to each sample row: the key and the position, when the table has them. */
  keyColumn?: string | null;
  raColumn?: string | null;
  decColumn?: string | null;
  /** Unit of the position columns: sample ra/dec are always reported in degrees. */
  positionUnit?: "deg" | "rad";
  partitionBy?: PartitionSpec;
  /**
   * Further column groupings to count each condition by, in the same pass (DuckDB: one GROUPING SETS query). An
   * engine that does not answer them leaves `ConditionCount.breakdowns` unset; ask for them one by one then.
   */
  breakdowns?: readonly PartitionSpec[];
}

/** How many rows matched one requested condition, with a sample and optional per-partition counts. */
export interface ConditionCount {
  id: string;
  /** Rows matching the condition. */
  count: number;
  /** Rows scanned. */
  total: number;
  /** The first matching rows in table order (row = 0-based index in the table as read). */
  sample: SampleRow[];
  /** Matching rows per partition when `partitionBy` was given, typed (JSON: partition → count). */
  partitions?: PartitionCounts;
  /** Matching rows per requested `breakdowns` grouping, in request order, when the engine answered them. */
  breakdowns?: readonly PartitionCounts[];
  /** Set when this condition could not be evaluated (missing column, type mismatch); count is then 0. */
  error?: string;
  /** Set when the count covers only part of the table (a row limit, skipped files, a service that cut the result). */
  partial?: boolean;
}

/** Options of a uniqueness check: sample size and the columns that place a sample row on the sky. */
export interface DuplicateKeyOptions extends ScanRequestOptions {
  sampleSize?: number;
  raColumn?: string | null;
  decColumn?: string | null;
  /** Unit of the position columns: sample ra/dec are always reported in degrees. */
  positionUnit?: "deg" | "rad";
}

/** Result of a uniqueness or foreign-key check. */
export interface KeyCheckResult {
  /** For unique: rows whose key occurs more than once. For foreign keys: rows whose key is absent from the target. */
  failing: number;
  total: number;
  sample: SampleRow[];
  /** Set when `failing` is only a proven lower bound (e.g. TAP on Qserv, which cannot group keys exactly). */
  bound?: "lower";
  /** How the bound was obtained, for the report. */
  note?: string;
  /** Set when only part of the table (or of the referenced table) was compared. */
  partial?: boolean;
}

/** What checks ask of data: profiles, condition counts and key checks; engines differ only in how they compute them. */
export interface Engine {
  readonly name: string;
  /** Whether this engine can run against the given source (DuckDB: Parquet/CSV files; Arrow: anything readable). */
  supports(source: TableSource): boolean;
  profile(source: TableSource, request?: ProfileRequest): Promise<ProfileResult>;
  countWhere(source: TableSource, request: CountRequest): Promise<ConditionCount[]>;
  /** Exact duplicate detection over one or more key columns. */
  duplicateKeys(
    source: TableSource,
    keyColumns: readonly string[],
    options?: DuplicateKeyOptions,
  ): Promise<KeyCheckResult>;
  /** Exact referential integrity: rows of `source.column` whose non-null value is absent from `target.targetColumn`. */
  orphanKeys(
    source: TableSource,
    column: string,
    target: TableSource,
    targetColumn: string,
    options?: ScanRequestOptions & { sampleSize?: number; keyColumn?: string | null },
  ): Promise<KeyCheckResult>;
  close?(): Promise<void>;
}

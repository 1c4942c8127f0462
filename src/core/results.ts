/**
 * The machine report shared by `check`, `gate`, `holes` and `failures` (fixed in shared/CONTRACT.md).
 * Every stage that judges data produces `CheckResult`s; reporters only format them.
 */
import type { PartitionCounts } from "./partitions.js";

/** `error` means the check could not run; it never counts as a pass. `skip` never changes the exit code. */
export type CheckStatus = "pass" | "fail" | "error" | "skip";

/** One offending row: its 0-based index in the table as read, its primary key, and its sky position in degrees. */
export interface SampleRow {
  row: number;
  key?: string | null;
  ra?: number | null;
  dec?: number | null;
  /** The offending value, where one value explains the failure. */
  value?: string | number | boolean | null;
}

/** One judged check, as the JSON report holds it (shared/CONTRACT.md). */
export interface CheckResult {
  /** `TABLE.COLUMN.CHECK`, or `TABLE.CHECK` when column is null. */
  id: string;
  table: string;
  column: string | null;
  check: string;
  status: CheckStatus;
  /** Offending rows (or columns, pixels, groups for checks that are not per row). */
  failing: number;
  total: number;
  message: string;
  sample: SampleRow[];
  /**
   * Failing counts per partition (tract, patch, band, HEALPix pixel…), where the data allows it; typed (pixel
   * arrays for sky maps), serialised as the contract's `{ "<partition>": count }` by `toJSON()`.
   */
  partitions?: PartitionCounts;
  /**
   * Failing rows per tract/patch, visit/detector and band, where the table has those columns (keys `tract/patch`,
   * `visit/detector`, `band`; pairs as `4431/3`), so "which patches" needs no notebook.
   */
  breakdowns?: Record<string, PartitionCounts>;
  /** True when the check saw only part of the data (a source failed mid-scan, a service cut the result). */
  partial?: boolean;
  /** Set by a gate: an acknowledged known issue. Its status became `skip`; `status` here is what it was. */
  waiver?: { reason: string; ticket: string; expires: string; status: CheckStatus };
  /** Set by a gate: false when a failure only warns (a gate `warn` pattern) and cannot fail the gate. */
  blocking?: boolean;
}

/** What was read of one table: rows, columns and source files. */
export interface TableSummary {
  rows: number;
  columns: number;
  sources: string[];
  /** Why only part of the table was checked (files skipped as unreadable, a row limit); absent when all was. */
  partial?: string;
}

/** How many columns at least one check covered, overall and per table; the rest are listed. */
export interface Coverage {
  columns: number;
  checked: number;
  unchecked: string[];
  tables?: Record<string, { columns: number; checked: number; unchecked: string[] }>;
}

/** Status of a whole run: `fail` if any check failed, else `error` if any errored, else `pass`. */
export type ReportStatus = "pass" | "fail" | "error";

/** The machine report of a run: status, tables read, coverage and every result (shared/CONTRACT.md). */
export interface Report {
  tool: "skygate";
  version: string;
  status: ReportStatus;
  tables: Record<string, TableSummary>;
  coverage: Coverage;
  results: CheckResult[];
  [extra: string]: unknown;
}

/** Builds a result id as the contract fixes it. */
export function resultId(table: string, column: string | null, check: string): string {
  return column === null ? `${table}.${check}` : `${table}.${column}.${check}`;
}

/** The overall status: any fail wins, then any error; skips never matter. */
export function reportStatus(results: readonly CheckResult[]): ReportStatus {
  if (results.some((r) => r.status === "fail")) return "fail";
  if (results.some((r) => r.status === "error")) return "error";
  return "pass";
}

/** CLI exit code for a finished run (input errors exit 2 before any report exists). */
export function exitCodeFor(status: ReportStatus): 0 | 1 | 3 {
  return status === "fail" ? 1 : status === "error" ? 3 : 0;
}

/**
 * The in-memory / streaming Arrow engine: scans a TableSource batch by batch and computes everything
 * with typed-array loops. Works for any source a reader can stream (notebook tables, Parquet, FITS, CSV…).
 * Each request lives in its own module: profile.ts, count.ts (conditions), key-checks.ts (unique, foreign keys).
 */
import type { TableSource } from "../../io/table.js";
import type {
  ConditionCount,
  CountRequest,
  DuplicateKeyOptions,
  Engine,
  KeyCheckResult,
  ProfileRequest,
  ProfileResult,
  ScanRequestOptions,
} from "../types.js";
import { countConditions } from "./count.js";
import { duplicateKeyRows, orphanKeyRows } from "./key-checks.js";
import { profileSource } from "./profile.js";

/** Options of the Arrow engine. */
export interface ArrowEngineOptions {
  /** Most partitions a breakdown may hold before the scan stops with an error (bounded memory). */
  maxPartitions?: number;
}

/** Engine that streams any TableSource batch by batch through typed-array loops (src/engines/README.md). */
export class ArrowEngine implements Engine {
  readonly name = "arrow";
  private readonly maxPartitions: number;

  constructor(options: ArrowEngineOptions = {}) {
    this.maxPartitions = options.maxPartitions ?? 100_000;
  }

  supports(_source: TableSource): boolean {
    return true;
  }

  profile(source: TableSource, request: ProfileRequest = {}): Promise<ProfileResult> {
    return profileSource(source, request, this.maxPartitions);
  }

  countWhere(source: TableSource, request: CountRequest): Promise<ConditionCount[]> {
    return countConditions(source, request);
  }

  duplicateKeys(
    source: TableSource,
    keyColumns: readonly string[],
    options: DuplicateKeyOptions = {},
  ): Promise<KeyCheckResult> {
    return duplicateKeyRows(source, keyColumns, options);
  }

  orphanKeys(
    source: TableSource,
    column: string,
    target: TableSource,
    targetColumn: string,
    options: ScanRequestOptions & { sampleSize?: number; keyColumn?: string | null } = {},
  ): Promise<KeyCheckResult> {
    return orphanKeyRows(source, column, target, targetColumn, options);
  }
}

/**
 * The engine choice with automatic fallback, for the CLI and library users alike: `duckdb` pushes Parquet down to
 * DuckDB, `arrow` streams everything through the Arrow engine, and `auto` (the default) uses DuckDB where it can
 * and falls back to Arrow for what DuckDB cannot evaluate (an encoding it does not read, types drifting between
 * files). A fallback never hides an error: input DuckDB reports as bad data (corrupt statistics, failed
 * decompression) is an InputError from the DuckDB engine itself, never retried elsewhere; every fallback taken is
 * recorded in `fallbacks` so the report can say so.
 */
import { InputError, UsageError } from "../core/errors.js";
import type { TableSource } from "../io/table.js";
import { ArrowEngine } from "./arrow/arrow-engine.js";
import { DuckDBEngine, type DuckDBEngineOptions } from "./duckdb/duckdb-engine.js";
import { TapEngine } from "./tap/index.js";
import type {
  ConditionCount,
  CountRequest,
  DuplicateKeyOptions,
  Engine,
  KeyCheckResult,
  ProfileRequest,
  ProfileResult,
  ScanRequestOptions,
} from "./types.js";

/** Where checks run: `arrow` (in memory), `duckdb` (SQL pushdown, Parquet), `auto` (DuckDB where it can, Arrow otherwise). */
export type EngineChoice = "arrow" | "duckdb" | "auto";

/** One time `auto` left DuckDB for Arrow: which table, what for, and DuckDB's reason. */
export interface EngineFallback {
  table: string;
  operation: "profile" | "countWhere" | "duplicateKeys" | "orphanKeys";
  from: "duckdb";
  to: "arrow";
  reason: string;
  /** For countWhere: the conditions retried (all when absent). */
  conditions?: string[];
}

/**
 * Parses an engine name (`--engine`); undefined means `auto`.
 * @example
 * engineChoice(undefined) // "auto"
 */
export function engineChoice(value: string | undefined): EngineChoice {
  if (value === undefined) return "auto";
  if (value === "arrow" || value === "duckdb" || value === "auto") return value;
  throw new UsageError(`--engine must be arrow, duckdb or auto, got "${value}"`);
}

/** DuckDB's reason, without the advice to choose an engine it gives `--engine duckdb` users (auto took it). */
function reasonOf(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return (text.split("\n")[0] ?? "").replace(/; use --engine arrow or auto$/, "").trim();
}

/**
 * DuckDB where it supports every source, Arrow otherwise, and Arrow again for what DuckDB fails on (recorded).
 * @example
 * const auto = new AutoEngine();
 * await auto.profile(source);
 * auto.fallbacks // [] (DuckDB did it all)
 * await auto.close();
 */
export class AutoEngine implements Engine {
  readonly name = "auto";
  /** Every fallback taken so far, in order. */
  readonly fallbacks: EngineFallback[] = [];
  readonly duckdb: DuckDBEngine;
  readonly arrow: ArrowEngine;
  /** Tables behind a TAP service (`tap:` specs): aggregates pushed down, never downloaded for a fallback. */
  readonly tap: TapEngine;

  constructor(
    options: {
      duckdb?: DuckDBEngine;
      arrow?: ArrowEngine;
      tap?: TapEngine;
      duckdbOptions?: DuckDBEngineOptions;
    } = {},
  ) {
    this.duckdb = options.duckdb ?? new DuckDBEngine(options.duckdbOptions);
    this.arrow = options.arrow ?? new ArrowEngine();
    this.tap = options.tap ?? new TapEngine();
  }

  supports(): boolean {
    return true;
  }

  /** The engine a set of sources goes to first. */
  primaryFor(...sources: TableSource[]): Engine {
    if (sources.some((s) => this.tap.supports(s))) return this.tap;
    return sources.every((s) => this.duckdb.supports(s)) ? this.duckdb : this.arrow;
  }

  private async withFallback<T>(
    operation: EngineFallback["operation"],
    sources: TableSource[],
    run: (engine: Engine) => Promise<T>,
  ): Promise<T> {
    const primary = this.primaryFor(...sources);
    // A TAP failure is the check's error: falling back would download the whole table.
    if (primary === this.arrow || primary === this.tap) return run(primary);
    try {
      return await run(primary);
    } catch (error) {
      // Unreadable input (DuckDB's bad-data errors included) is never a reason to try another engine.
      if (error instanceof InputError) throw error;
      this.fallbacks.push({
        table: (sources[0] as TableSource).name,
        operation,
        from: "duckdb",
        to: "arrow",
        reason: reasonOf(error),
      });
      return run(this.arrow);
    }
  }

  profile(source: TableSource, request?: ProfileRequest): Promise<ProfileResult> {
    return this.withFallback("profile", [source], (e) => e.profile(source, request));
  }

  async countWhere(source: TableSource, request: CountRequest): Promise<ConditionCount[]> {
    const counts = await this.withFallback("countWhere", [source], (e) => e.countWhere(source, request));
    if (this.primaryFor(source) !== this.duckdb) return counts;
    // Conditions DuckDB could not compile or evaluate one by one are retried on Arrow.
    const failed = counts.filter((c) => c.error !== undefined);
    if (failed.length === 0) return counts;
    const ids = new Set(failed.map((c) => c.id));
    const retried = await this.arrow.countWhere(source, {
      ...request,
      conditions: request.conditions.filter((c) => ids.has(c.id)),
    });
    this.fallbacks.push({
      table: source.name,
      operation: "countWhere",
      from: "duckdb",
      to: "arrow",
      reason: (failed[0] as ConditionCount).error as string,
      conditions: [...ids],
    });
    const byId = new Map(retried.map((c) => [c.id, c]));
    return counts.map((c) => byId.get(c.id) ?? c);
  }

  duplicateKeys(
    source: TableSource,
    keyColumns: readonly string[],
    options?: DuplicateKeyOptions,
  ): Promise<KeyCheckResult> {
    return this.withFallback("duplicateKeys", [source], (e) => e.duplicateKeys(source, keyColumns, options));
  }

  orphanKeys(
    source: TableSource,
    column: string,
    target: TableSource,
    targetColumn: string,
    options?: ScanRequestOptions & { sampleSize?: number; keyColumn?: string | null },
  ): Promise<KeyCheckResult> {
    return this.withFallback("orphanKeys", [source, target], (e) =>
      e.orphanKeys(source, column, target, targetColumn, options),
    );
  }

  close(): Promise<void> {
    return this.duckdb.close();
  }
}

/** The engine of a run for a choice, closed when done; `fallbacks` lists what `auto` moved to Arrow. */
export interface EngineSet {
  choice: EngineChoice;
  engine: Engine;
  fallbacks: readonly EngineFallback[];
  /**
   * Resolves when the engine can read every source as one table; for `duckdb`, rejects with the UsageError of
   * files whose column types DuckDB cannot cast between (exit 2 before any check, as `profile` does), where `auto`
   * falls back and `arrow` reads file by file.
   */
  ready(sources: readonly TableSource[]): Promise<void>;
  close(): Promise<void>;
}

/**
 * The engine for a choice. `duckdb` refuses inputs DuckDB cannot read (a usage error, exit 2) instead of silently
 * switching engines; `auto` never refuses.
 * @example
 * const { engine, close } = engineFor("arrow", [source]);
 * engine.name // "arrow"
 * await close();
 */
export function engineFor(
  choice: EngineChoice,
  sources: readonly TableSource[] = [],
  options: DuckDBEngineOptions = {},
): EngineSet {
  if (choice === "arrow") {
    return {
      choice,
      engine: new ArrowEngine(),
      fallbacks: [],
      ready: async () => {},
      close: async () => {},
    };
  }
  const duckdb = new DuckDBEngine(options);
  if (choice === "duckdb") {
    const refusals = sources.map((s) => duckdb.refusal(s)).filter((r): r is string => r !== null);
    if (refusals.length > 0)
      throw new UsageError(
        `--engine duckdb cannot check every table: ${refusals.join("; ")}; use --engine arrow or auto`,
      );
    return {
      choice,
      engine: duckdb,
      fallbacks: [],
      ready: async (all) => {
        for (const source of all) if (duckdb.supports(source)) await duckdb.columnTypes(source);
      },
      close: () => duckdb.close(),
    };
  }
  const auto = new AutoEngine({ duckdb });
  return {
    choice,
    engine: auto,
    fallbacks: auto.fallbacks,
    ready: async () => {},
    close: () => auto.close(),
  };
}

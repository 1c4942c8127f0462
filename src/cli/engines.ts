/** Engine choice for the CLI: `arrow`, `duckdb` or `auto` (DuckDB where it can push work down, Arrow otherwise). */

import { UsageError } from "../core/errors.js";
import { ArrowEngine } from "../engines/arrow/arrow-engine.js";
import { DuckDBEngine } from "../engines/duckdb/duckdb-engine.js";
import type { Engine } from "../engines/types.js";
import type { TableSource } from "../io/table.js";

export type EngineChoice = "arrow" | "duckdb" | "auto";

/** The engines a run uses, closed together at the end. */
export interface EnginePool {
  /** An engine that can read every given source (a foreign key reads two). */
  engineFor: (...sources: TableSource[]) => Engine;
  /** Under `auto`, Arrow behind DuckDB for what DuckDB cannot evaluate; null otherwise. */
  fallbackFor: (source: TableSource) => Engine | null;
  close: () => Promise<void>;
}

/**
 * Parses `--engine`.
 * @example
 * engineChoice(undefined) // "auto"
 */
export function engineChoice(value: string | undefined): EngineChoice {
  if (value === undefined) return "auto";
  if (value === "arrow" || value === "duckdb" || value === "auto") return value;
  throw new UsageError(`--engine must be arrow, duckdb or auto, got "${value}"`);
}

/**
 * The engines for a choice. `auto` pushes Parquet down to DuckDB and streams everything else through Arrow;
 * `duckdb` refuses inputs DuckDB cannot read (a usage error, exit 2) instead of silently switching engines.
 * @example
 * const pool = enginePool("arrow");
 * pool.engineFor(source) instanceof ArrowEngine // true
 */
export function enginePool(choice: EngineChoice, sources: readonly TableSource[] = []): EnginePool {
  const arrow = new ArrowEngine();
  const duckdb = new DuckDBEngine();
  if (choice === "duckdb") {
    const unsupported = sources.filter((s) => !duckdb.supports(s));
    if (unsupported.length > 0) {
      throw new UsageError(
        `--engine duckdb reads Parquet only; ${unsupported.map((s) => `${s.name} (${s.format})`).join(", ")} is not: use --engine arrow or auto`,
      );
    }
  }
  return {
    engineFor: (...wanted) => {
      if (choice === "arrow") return arrow;
      if (choice === "duckdb") return duckdb;
      return wanted.every((s) => duckdb.supports(s)) ? duckdb : arrow;
    },
    fallbackFor: (source) => (choice === "auto" && duckdb.supports(source) ? arrow : null),
    close: () => duckdb.close(),
  };
}

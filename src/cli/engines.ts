/** Engine choice for the CLI: `arrow`, `duckdb` or `auto` (DuckDB where it can push work down, Arrow otherwise). */
import { ArrowEngine } from "../engines/arrow/arrow-engine.js";
import type { Engine } from "../engines/types.js";
import { UsageError } from "../io/errors.js";
import type { TableSource } from "../io/table.js";

export type EngineChoice = "arrow" | "duckdb" | "auto";

/** The engines a run uses, closed together at the end. */
export interface EnginePool {
  engineFor: (source: TableSource) => Engine;
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
 * The engines for a choice.
 * @example
 * const pool = await enginePool("arrow"); pool.engineFor(source).name // "arrow"
 */
export async function enginePool(choice: EngineChoice): Promise<EnginePool> {
  const arrow = new ArrowEngine();
  if (choice === "duckdb")
    throw new UsageError("the duckdb engine is not available in this build yet; use --engine arrow");
  return { engineFor: () => arrow, close: async () => {} };
}

/** What the CLI says when `--engine auto` moved work from DuckDB to the Arrow engine. */
import type { EngineFallback } from "../engines/auto.js";

/**
 * One line per fallback (empty text when there was none), so a fallback is never silent.
 * @example
 * fallbackNote([{ table: "Object", operation: "profile", from: "duckdb", to: "arrow", reason: "x" }])
 * // "Engine: auto fell back from DuckDB to Arrow for Object (profile): x\n"
 */
export function fallbackNote(fallbacks: readonly EngineFallback[]): string {
  return fallbacks
    .map(
      (f) =>
        `Engine: auto fell back from DuckDB to Arrow for ${f.table} (${f.operation}${f.conditions ? `, ${f.conditions.length} condition${f.conditions.length === 1 ? "" : "s"}` : ""}): ${f.reason}\n`,
    )
    .join("");
}

/** The one-pass profile that lets checks be judged from metrics without a row scan. */

import { InputError } from "../../core/errors.js";
import type { Engine } from "../../engines/types.js";
import type { TableProfile } from "../../metrics/types.js";
import type { AllNullCheck, RowCheck } from "../types.js";
import type { RunOptions, RunTable } from "./options.js";

const PROFILED_TYPES = /^(u?int\d+|float\d+|bool|string)$/;

/**
 * The profile of the columns the checks' profile tests and allNull checks read; null when no engine can give it.
 * @example
 * const table = { source, columns: columns.map((c) => c.name), types: Object.fromEntries(columns.map((c) => [c.name, c.type])), context: tableContext(spec) };
 * const engine = new ArrowEngine();
 * const checks = planTable(spec).filter((c) => c.kind === "rows" || c.kind === "allNull");
 * (await profileFor(table, checks, engine, null, {}))?.rows; // 1500
 */
export async function profileFor(
  table: RunTable,
  checks: readonly (RowCheck | AllNullCheck)[],
  engine: Engine,
  fallback: Engine | null,
  options: Pick<RunOptions, "onProgress">,
): Promise<TableProfile | null> {
  const columns = new Set<string>();
  for (const check of checks) {
    if (check.kind === "allNull") columns.add(check.column);
    else
      for (const alternative of check.passesWhen ?? [])
        for (const test of alternative) columns.add(test.column);
  }
  const wanted = [...columns].filter(
    (c) =>
      table.columns.includes(c) && table.types !== undefined && PROFILED_TYPES.test(table.types[c] ?? ""),
  );
  if (wanted.length === 0) return null;
  // Counts and bounds are all a profile test reads.
  const request = {
    columns: wanted,
    statistics: "counts" as const,
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
  };
  for (const on of fallback !== null && fallback !== engine ? [engine, fallback] : [engine]) {
    try {
      return (await on.profile(table.source, request)).profile;
    } catch (error) {
      if (error instanceof InputError) throw error;
    }
  }
  return null;
}

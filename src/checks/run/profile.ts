/** The one-pass profile that lets checks be judged from metrics without a row scan. */

import { InputError } from "../../core/errors.js";
import type { ConditionCount, Engine, ProfileRequest } from "../../engines/types.js";
import type { TableProfile } from "../../metrics/types.js";
import type { AllNullCheck, RowCheck } from "../types.js";
import type { RunOptions, RunTable } from "./options.js";

const PROFILED_TYPES = /^(u?int\d+|float\d+|bool|string)$/;

/** The prefilter's profile and, when the engine fused them into its pass, the counts of the rules asked with it. */
export interface PrefilterAnswer {
  profile: TableProfile;
  /** Per asked rule, in order; absent when the engine does not count in its profile pass. */
  counts?: ConditionCount[];
}

/**
 * The profile of the columns the checks' profile tests and allNull checks read, with the rows of `counted`
 * counted in the same pass where the engine can; null when no engine can give the profile.
 * @example
 * const table = { source, columns: columns.map((c) => c.name), types: Object.fromEntries(columns.map((c) => [c.name, c.type])), context: tableContext(spec) };
 * const engine = new ArrowEngine();
 * const checks = planTable(spec).filter((c) => c.kind === "rows" || c.kind === "allNull");
 * (await profileFor(table, checks, engine, null, {}))?.profile.rows; // 1500
 */
export async function profileFor(
  table: RunTable,
  checks: readonly (RowCheck | AllNullCheck)[],
  engine: Engine,
  fallback: Engine | null,
  options: Pick<RunOptions, "onProgress">,
  counted: readonly RowCheck[] = [],
): Promise<PrefilterAnswer | null> {
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
  const request: ProfileRequest = {
    columns: wanted,
    statistics: "counts",
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
  };
  const conditions = counted.map((c, i) => ({ id: String(i), where: c.where }));
  for (const on of fallback !== null && fallback !== engine ? [engine, fallback] : [engine]) {
    // A rule that breaks the fused query (one the engine cannot evaluate) must not cost the profile: without
    // the rules, they are counted (or fall back) one by one later.
    for (const asked of conditions.length > 0 ? [{ ...request, conditions }, request] : [request]) {
      try {
        const answer = await on.profile(table.source, asked);
        return answer.counts === undefined || asked.conditions === undefined
          ? { profile: answer.profile }
          : { profile: answer.profile, counts: answer.counts };
      } catch (error) {
        if (error instanceof InputError) throw error;
      }
    }
  }
  return null;
}

/** `constant`: a measurement whose finite values are all the same, judged from one profile pass. */

import { InputError } from "../../core/errors.js";
import type { CheckResult } from "../../core/results.js";
import type { Engine } from "../../engines/types.js";
import { errorResult, makeResult } from "../result.js";
import type { ConstantCheck } from "../types.js";
import type { RunOptions, RunTable } from "./options.js";

/**
 * Judges constant checks from the profile of their columns (min = max over at least two finite values fails).
 * @example
 * const table = { source, columns: columns.map((c) => c.name), types: Object.fromEntries(columns.map((c) => [c.name, c.type])), context: tableContext(spec) };
 * const engine = new ArrowEngine();
 * const checks = planTable(spec).filter((c) => c.kind === "constant");
 * (await runConstant("Object", table, checks, engine, null, {}))[0]?.check; // "constant"
 */
export async function runConstant(
  name: string,
  table: RunTable,
  checks: readonly ConstantCheck[],
  engine: Engine,
  fallback: Engine | null,
  options: Pick<RunOptions, "onProgress">,
): Promise<CheckResult[]> {
  const present = checks.filter((c) => table.columns.includes(c.column));
  const out: CheckResult[] = checks
    .filter((c) => !table.columns.includes(c.column))
    .map((c) => errorResult(name, c.column, "constant", `column ${c.column} missing from the data`));
  if (present.length === 0) return out;
  const request = {
    columns: present.map((c) => c.column),
    statistics: "counts" as const,
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
  };
  let columns: Record<string, unknown> | null = null;
  let failure: unknown = null;
  for (const on of fallback !== null && fallback !== engine ? [engine, fallback] : [engine]) {
    try {
      columns = (await on.profile(table.source, request)).profile.columns;
      break;
    } catch (error) {
      if (error instanceof InputError) throw error;
      failure = error;
    }
  }
  for (const check of present) {
    const p = columns?.[check.column] as
      | {
          type: string;
          rows: number;
          nulls: number;
          nan: number | null;
          posInf: number | null;
          negInf: number | null;
          min: number | bigint | null;
          max: number | bigint | null;
        }
      | undefined;
    // A column without any value (type null) has no finite one: nothing to compare.
    if (p?.type === "null") {
      out.push(makeResult(name, check.column, "constant", "skip", 0, 0, "not run: 0 finite value(s)"));
      continue;
    }
    if (p === undefined || p.nan === null || p.posInf === null || p.negInf === null) {
      out.push(
        errorResult(name, check.column, "constant", failure ?? "the engine gave no profile of the column"),
      );
      continue;
    }
    const finite = p.rows - p.nulls - p.nan - p.posInf - p.negInf;
    if (finite < 2) {
      out.push(
        makeResult(name, check.column, "constant", "skip", 0, 0, `not run: ${finite} finite value(s)`),
      );
      continue;
    }
    // Compared as given: 64-bit bounds are exact bigints, and two ids 1 apart must not round to one double.
    const constant = p.min !== null && p.max !== null && p.min === p.max;
    out.push(
      constant
        ? makeResult(
            name,
            check.column,
            "constant",
            "fail",
            finite,
            finite,
            `every one of ${finite} finite values is ${p.min}: a measurement that never varies`,
          )
        : makeResult(
            name,
            check.column,
            "constant",
            "pass",
            0,
            finite,
            `${finite} finite values from ${p.min} to ${p.max}`,
          ),
    );
  }
  return out;
}

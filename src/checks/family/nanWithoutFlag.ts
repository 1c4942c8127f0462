import type { Condition } from "../../engines/condition.js";
import type { RowCheck } from "../types.js";
import { andNotExplained } from "./explained.js";
import { booleanFlags, type FlagTest } from "./flagTest.js";

/**
 * Fails on a measurement that is NaN while its failure flag is false (a NaN with the flag set is legitimate;
 * so is one a specific flag or non-applicability explains, passed as `explained`).
 * @example
 * nanWithoutFlag("Object", "r_psfFlux", "r_psfFlux_flag").check // "nanWithoutFlag"
 */
export function nanWithoutFlag(
  table: string,
  column: string,
  flag: string,
  explained: Condition | null = null,
  flagTest: FlagTest = booleanFlags,
): RowCheck {
  return {
    kind: "rows",
    table,
    column,
    check: "nanWithoutFlag",
    where: andNotExplained([{ op: "isNaN", column }, flagTest(flag, false)], explained),
    describe: `NaN while ${flag} is false`,
    passesWhen: [[{ column, zero: "nan" }]],
  };
}

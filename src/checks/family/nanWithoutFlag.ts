import type { Condition } from "../../engines/condition.js";
import type { RowCheck } from "../types.js";
import { andNotExplained } from "./explained.js";
import { booleanFlags, type FlagTest } from "./flagTest.js";

/**
 * Fails on a measurement that is missing — NaN or NULL alike, since a failed measurement arrives as NULL after
 * database ingest (Qserv cannot store NaN) and as NaN in pipeline files — while its failure flag is false (a
 * missing value with the flag set is legitimate; so is one a specific flag or non-applicability explains).
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
    where: andNotExplained(
      [
        {
          op: "or",
          args: [
            { op: "isNaN", column },
            { op: "isNull", column },
          ],
        },
        flagTest(flag, false),
      ],
      explained,
    ),
    describe: `NaN or null while ${flag} is false`,
    countWithProfile: true,
    passesWhen: [
      [
        { column, zero: "nan" },
        { column, zero: "nulls" },
      ],
    ],
  };
}

import type { Condition } from "../../engines/condition.js";
import type { RowCheck } from "../types.js";
import { andNotExplained } from "./explained.js";
import { booleanFlags, type FlagTest } from "./flagTest.js";

/**
 * Fails where a value is finite but its uncertainty is not finite or not > 0. `column` is the value column.
 * Rows whose failure flag is set (afw falls back to e.g. the peak position with a NaN error) or that
 * `explained` covers do not count.
 * @example
 * errorPair("Object", "r_psfFlux", "r_psfFluxErr").check // "errorPair"
 */
export function errorPair(
  table: string,
  column: string,
  error: string,
  flag: string | null = null,
  explained: Condition | null = null,
  flagTest: FlagTest = booleanFlags,
): RowCheck {
  const args: Condition[] = [
    { op: "isFinite", column },
    {
      op: "or",
      args: [
        { op: "not", arg: { op: "isFinite", column: error } },
        { op: "le", column: error, value: 0 },
      ],
    },
  ];
  if (flag !== null) args.push({ op: "not", arg: flagTest(flag, true) });
  return {
    kind: "rows",
    table,
    column,
    check: "errorPair",
    where: andNotExplained(args, explained),
    describe: `finite value with ${error} not finite or <= 0${flag === null ? "" : ` and ${flag} not set`}`,
    countWithProfile: true,
    repeatsAllNullOf: error,
    passesWhen: [
      [{ column, noFinite: true }],
      [
        { column: error, zero: "nulls" },
        { column: error, zero: "nan" },
        { column: error, zero: "inf" },
        { column: error, within: { min: 0, minExclusive: true, reason: "positive" } },
      ],
    ],
  };
}

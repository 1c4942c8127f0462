import type { RowCheck } from "../types.js";

/**
 * Fails on a measurement that is NaN while its failure flag is false (a NaN with the flag set is legitimate).
 * @example
 * nanWithoutFlag("Object", "r_psfFlux", "r_psfFlux_flag").check // "nanWithoutFlag"
 */
export function nanWithoutFlag(table: string, column: string, flag: string): RowCheck {
  return {
    kind: "rows",
    table,
    column,
    check: "nanWithoutFlag",
    where: {
      op: "and",
      args: [
        { op: "isNaN", column },
        { op: "isFalse", column: flag },
      ],
    },
    describe: `NaN while ${flag} is false`,
  };
}

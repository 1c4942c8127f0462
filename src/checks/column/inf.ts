import type { RowCheck } from "../types.js";

/**
 * Fails on ±Infinity (overflow or division by zero upstream).
 * @example
 * inf("Object", "r_psfFlux").check // "inf"
 */
export function inf(table: string, column: string): RowCheck {
  return {
    kind: "rows",
    table,
    column,
    check: "inf",
    where: {
      op: "or",
      args: [
        { op: "isPosInf", column },
        { op: "isNegInf", column },
      ],
    },
    describe: "±Infinity values",
    countIs: { column, count: "inf" },
    passesWhen: [[{ column, zero: "inf" }]],
  };
}

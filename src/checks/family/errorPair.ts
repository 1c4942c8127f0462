import type { RowCheck } from "../types.js";

/**
 * Fails where a value is finite but its uncertainty is not finite or not > 0. `column` is the value column.
 * @example
 * errorPair("Object", "r_psfFlux", "r_psfFluxErr").check // "errorPair"
 */
export function errorPair(table: string, column: string, error: string): RowCheck {
  return {
    kind: "rows",
    table,
    column,
    check: "errorPair",
    where: {
      op: "and",
      args: [
        { op: "isFinite", column },
        {
          op: "or",
          args: [
            { op: "not", arg: { op: "isFinite", column: error } },
            { op: "le", column: error, value: 0 },
          ],
        },
      ],
    },
    describe: `finite value with ${error} not finite or <= 0`,
  };
}

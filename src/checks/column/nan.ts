import type { RowCheck } from "../types.js";

/**
 * Fails on NaN values no failure flag explains. With a flag, only rows whose flag is null count: a NaN with the
 * flag set is legitimate, and a NaN with the flag false is reported once, by `nanWithoutFlag`.
 * @example
 * nan("Object", "r_psfFlux", "r_psfFlux_flag").where.op // "and"
 */
export function nan(table: string, column: string, flag: string | null = null): RowCheck {
  if (flag === null) {
    return {
      kind: "rows",
      table,
      column,
      check: "nan",
      where: { op: "isNaN", column },
      describe: "NaN values",
    };
  }
  return {
    kind: "rows",
    table,
    column,
    check: "nan",
    where: {
      op: "and",
      args: [
        { op: "isNaN", column },
        { op: "isNull", column: flag },
      ],
    },
    describe: `NaN values with ${flag} null`,
  };
}

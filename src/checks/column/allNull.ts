import type { AllNullCheck } from "../types.js";

/**
 * Fails when every value of the column is null (or NaN, for floating-point columns); skipped on an empty table.
 * @example
 * allNull("Object", "r_psfFlux", true).where.op // "or"
 */
export function allNull(table: string, column: string, floating: boolean): AllNullCheck {
  const where = floating
    ? {
        op: "or" as const,
        args: [
          { op: "isNull" as const, column },
          { op: "isNaN" as const, column },
        ],
      }
    : { op: "isNull" as const, column };
  return { kind: "allNull", table, column, check: "allNull", where };
}

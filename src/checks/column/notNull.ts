import type { RowCheck } from "../types.js";

/**
 * Fails on nulls in a column that must not have them (felis `nullable: false`, or a primary-key column).
 * @example
 * notNull("Object", "objectId").where // { op: "isNull", column: "objectId" }
 */
export function notNull(table: string, column: string): RowCheck {
  return {
    kind: "rows",
    table,
    column,
    check: "notNull",
    where: { op: "isNull", column },
    describe: "null values",
    countIs: { column, count: "nulls" },
    passesWhen: [[{ column, zero: "nulls" }]],
  };
}

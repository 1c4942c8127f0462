import type { UniqueCheck } from "../types.js";

/**
 * Fails on every row whose key occurs more than once (exact). One key column gives the column id, several a table id.
 * @example
 * unique("Object", ["objectId"]).column // "objectId"
 */
export function unique(table: string, columns: readonly string[]): UniqueCheck {
  return {
    kind: "unique",
    table,
    column: columns.length === 1 ? columns[0] : null,
    check: "unique",
    columns: [...columns],
  };
}

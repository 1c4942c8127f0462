import type { ForeignKeyCheck } from "../types.js";

/**
 * Fails on rows whose non-null key is absent from the referenced table (exact).
 * @example
 * foreignKey("ForcedSource", "objectId", "Object", "objectId").target // "Object"
 */
export function foreignKey(
  table: string,
  column: string,
  target: string,
  targetColumn: string,
): ForeignKeyCheck {
  return { kind: "foreignKey", table, column, check: "foreignKey", target, targetColumn };
}

/**
 * A foreign key over several columns (felis `ForeignKey` with more than one column); reported under the first.
 * @example
 * foreignKeyTuple("Source", ["visit", "detector"], "CcdVisit", ["visitId", "detector"]).columns // ["visit", "detector"]
 */
export function foreignKeyTuple(
  table: string,
  columns: readonly string[],
  target: string,
  targetColumns: readonly string[],
): ForeignKeyCheck {
  return {
    ...foreignKey(table, columns[0] as string, target, targetColumns[0] as string),
    columns: [...columns],
    targetColumns: [...targetColumns],
  };
}

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

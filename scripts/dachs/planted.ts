/**
 * The one planted difference between the two DaCHS resources (`skygate` and `skygate_b`) used by the
 * cross-site tests: in one patch of Object, one flux column is scaled by 1 %. Row counts stay equal, so a
 * cross-site comparison must find it through the per-partition fingerprints and name that patch and column.
 */
import { DuckDBInstance } from "@duckdb/node-api";

/** Where the difference is planted. */
export const PLANTED = {
  table: "Object",
  tract: 4431,
  patch: 12,
  column: "g_psfFlux",
  description: "Object.g_psfFlux × 1.01 in tract 4431 patch 12",
} as const;

/** The SELECT (DuckDB SQL over the Parquet file) that yields the table with the difference planted. */
export async function plantedSelect(parquet: string): Promise<string> {
  const db = await DuckDBInstance.create(":memory:");
  const conn = await db.connect();
  const reader = await conn.runAndReadAll(`DESCRIBE SELECT * FROM '${parquet}'`);
  const names = reader.getRowObjectsJson().map((r) => String(r.column_name));
  conn.closeSync();
  const items = names.map((n) =>
    n === PLANTED.column
      ? `CASE WHEN tract = ${PLANTED.tract} AND patch = ${PLANTED.patch} THEN "${n}" * 1.01 ELSE "${n}" END AS "${n}"`
      : `"${n}"`,
  );
  return `SELECT ${items.join(", ")} FROM '${parquet}'`;
}

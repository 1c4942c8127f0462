// Generates the wide benchmark Parquet file with DuckDB: `rows` × `cols` columns mixing double (with NaN),
// float, boolean and bigint, deterministic values, zstd, DuckDB's default row groups (122 880 rows).
import { existsSync, mkdirSync, renameSync } from "node:fs";
import { dirname } from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";

/** SQL expression of column k (k ≥ 1) over the row index i. */
function columnExpression(k: number): string {
  const h = `((i * 2654435761 + ${k * 97}) % 1000003)`;
  switch (k % 4) {
    case 0: // double, ~1% NaN
      return `CASE WHEN ${h} % 100 = 0 THEN 'NaN'::DOUBLE ELSE ${h} / 1000003.0 * 1000 END AS d${k}`;
    case 1:
      return `(${h} / 1000003.0)::FLOAT AS f${k}`;
    case 2:
      return `(${h} % 2 = 0) AS b${k}`;
    default:
      return `(${h} * 4294967296 + i)::BIGINT AS k${k}`;
  }
}

/** Column names of the wide file, in order. */
export function wideColumnNames(cols: number): string[] {
  const names = ["id"];
  for (let k = 1; k < cols; k++) names.push(`${["d", "f", "b", "k"][k % 4]}${k}`);
  return names;
}

/** Writes the file unless it exists; returns its path. */
export async function generateWide(path: string, rows: number, cols: number): Promise<string> {
  if (existsSync(path)) return path;
  mkdirSync(dirname(path), { recursive: true });
  const select = ["i::BIGINT AS id"];
  for (let k = 1; k < cols; k++) select.push(columnExpression(k));
  const instance = await DuckDBInstance.create(":memory:", { threads: "2" });
  const connection = await instance.connect();
  const tmp = `${path}.tmp`;
  await connection.run(
    `COPY (SELECT ${select.join(", ")} FROM range(${rows}) t(i)) TO '${tmp}' (FORMAT parquet, COMPRESSION zstd)`,
  );
  connection.closeSync();
  renameSync(tmp, path);
  return path;
}

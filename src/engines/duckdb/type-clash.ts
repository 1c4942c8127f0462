/**
 * Files of one table whose column types clash (DOUBLE in some, TIMESTAMP in others): DuckDB has no cast
 * between them, so it cannot read them as one table. DuckDB's own error names whichever file one of its
 * threads met first, which varies from run to run; the message here is built from every file's footer
 * instead, in the table's file order, so the same files give the same words and the odd ones out are named.
 */
import { UsageError } from "../../core/errors.js";
import type { TableSource } from "../../io/table.js";

/** What DuckDB's cast error says: the file it failed on, the column, and the types it could not cast between. */
export interface TypeClash {
  file: string;
  column: string;
  /** The type in `file`. */
  from: string;
  /** The type DuckDB took for the table. */
  to: string;
}

/** The files holding a column with one type, in the table's file order. */
export interface TypeGroup {
  type: string;
  files: string[];
}

/**
 * Reads DuckDB's cast error between files; undefined for any other error.
 * @example
 * parseTypeClash(new Error('Conversion Error: Error while reading file "/d/b.parquet": failed to cast column "t" from type DOUBLE to TIMESTAMP'))
 * // { file: "/d/b.parquet", column: "t", from: "DOUBLE", to: "TIMESTAMP" }
 */
export function parseTypeClash(error: unknown): TypeClash | undefined {
  const message = error instanceof Error ? error.message : String(error);
  const m = /reading file "([^"]+)": failed to cast column "([^"]+)" from type (\S+) to (\S+?):?\s/.exec(
    `${message} `,
  );
  if (m === null) return undefined;
  const [, file, column, from, to] = m as unknown as [string, string, string, string, string];
  return { file, column, from, to };
}

/** A file list for a message: the first `shown` names, then how many more. */
function someFiles(files: readonly string[], shown = 1): string {
  const head = files.slice(0, shown).join(", ");
  return files.length > shown ? `${head} and ${files.length - shown} more` : head;
}

/**
 * The one-line error for a clash: every type the column has, with how many files and which, so that
 * a lone odd file (an empty pandas file typed differently, say) stands out.
 * @example
 * typeClashError("T", "t", [{ type: "TIMESTAMP_MILLIS", files: ["/d/a.parq"] }, { type: "DOUBLE", files: ["/d/b.parq", "/d/c.parq"] }]).message
 * // 'DuckDB cannot read table T as one table: column t is TIMESTAMP_MILLIS in 1 file (/d/a.parq) and DOUBLE in 2 files (/d/b.parq and 1 more), with no cast between them; use --engine arrow or auto'
 */
export function typeClashError(
  table: string,
  column: string,
  groups: readonly TypeGroup[],
  cause?: unknown,
): UsageError {
  const types = groups.map(
    (g) => `${g.type} in ${g.files.length} file${g.files.length === 1 ? "" : "s"} (${someFiles(g.files)})`,
  );
  const listed =
    types.length <= 2 ? types.join(" and ") : `${types.slice(0, -1).join(", ")} and ${types.at(-1)}`;
  return clashError(table, column, listed, cause);
}

/** The one line every type clash is said in; `types` says which type is where. */
function clashError(table: string, column: string, types: string, cause: unknown): UsageError {
  return new UsageError(
    `DuckDB cannot read table ${table} as one table: column ${column} is ${types}, with no cast between them; use --engine arrow or auto`,
    { cause },
  );
}

/** One row of DuckDB's `parquet_schema()` for the clashing column. */
export interface SchemaRow {
  file_name: string;
  type: string | null;
  converted_type: string | null;
  logical_type: string | null;
}

/** The name a Parquet column type goes by: its converted type, else its logical type's name, else its physical type. */
function typeName(row: SchemaRow): string {
  if (row.converted_type !== null) return row.converted_type;
  if (row.logical_type !== null) return row.logical_type.replace(/\(.*$/s, "");
  return row.type ?? "unknown";
}

/**
 * Groups the files by the column's type, groups and files in the table's file order (files missing from
 * `rows` are left out: they lack the column).
 * @example
 * typeGroups(["/a", "/b", "/c"], [
 *   { file_name: "/c", type: "DOUBLE", converted_type: null, logical_type: null },
 *   { file_name: "/a", type: "INT64", converted_type: "TIMESTAMP_MILLIS", logical_type: "TimestampType(…)" },
 *   { file_name: "/b", type: "DOUBLE", converted_type: null, logical_type: null },
 * ]) // [{ type: "TIMESTAMP_MILLIS", files: ["/a"] }, { type: "DOUBLE", files: ["/b", "/c"] }]
 */
export function typeGroups(files: readonly string[], rows: readonly SchemaRow[]): TypeGroup[] {
  const typeOf = new Map(rows.map((r) => [r.file_name, typeName(r)]));
  const groups = new Map<string, string[]>();
  for (const file of files) {
    const type = typeOf.get(file);
    if (type === undefined) continue;
    const group = groups.get(type);
    if (group === undefined) groups.set(type, [file]);
    else group.push(file);
  }
  return [...groups].map(([type, members]) => ({ type, files: members }));
}

/**
 * The clash error for a table's files, from their footers read through `schemaOf` (DuckDB's
 * `parquet_schema`); when that read fails or finds no clash, DuckDB's own words about one file.
 */
export async function describeTypeClash(
  clash: TypeClash,
  sources: readonly Pick<TableSource, "name" | "files">[],
  schemaOf: (files: readonly string[], column: string) => Promise<SchemaRow[]>,
  cause: unknown,
): Promise<UsageError> {
  const table = sources.map((s) => s.name).join(", ");
  const files = sources.flatMap((s) => s.files);
  const groups = await schemaOf(files, clash.column)
    .then((rows) => typeGroups(files, rows))
    .catch(() => []);
  if (groups.length >= 2) return typeClashError(table, clash.column, groups, cause);
  return clashError(table, clash.column, `${clash.to} in one file and ${clash.from} in ${clash.file}`, cause);
}

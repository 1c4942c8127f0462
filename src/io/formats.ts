/** Which reader handles a file, decided by its extension (case-insensitive). */
import type { TableFormat } from "./table.js";

/** File formats that live in files (everything but `tap` and `memory`). */
export type FileFormat = Exclude<TableFormat, "tap" | "memory">;

const EXTENSIONS: ReadonlyArray<readonly [string, FileFormat]> = [
  [".parquet", "parquet"],
  [".parq", "parquet"],
  [".pq", "parquet"],
  [".csv.gz", "csv"],
  [".csv", "csv"],
  [".ecsv.gz", "ecsv"],
  [".ecsv", "ecsv"],
  [".vot", "votable"],
  [".votable", "votable"],
  [".xml", "votable"],
  [".vot.gz", "votable"],
  [".fits", "fits"],
  [".fit", "fits"],
  [".fts", "fits"],
  [".fits.gz", "fits"],
  [".fit.gz", "fits"],
  [".arrow", "arrow"],
  [".feather", "arrow"],
  [".ipc", "arrow"],
  [".arrows", "arrow"],
];

/**
 * The table format of a path by its extension, or undefined when skygate does not read it.
 * @example formatOf("a/b/Object.parq") // "parquet"
 */
export function formatOf(path: string): FileFormat | undefined {
  const lower = path.toLowerCase();
  for (const [ext, format] of EXTENSIONS) if (lower.endsWith(ext)) return format;
  return undefined;
}

/** Every extension skygate reads, for messages. */
export const KNOWN_EXTENSIONS: readonly string[] = EXTENSIONS.map(([ext]) => ext);

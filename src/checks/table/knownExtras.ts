/**
 * Data columns outside the schema that are known to be added by the storage, not by the catalog: the indexes
 * pandas writes into Parquet (`__index_level_N__`) and the partitioning columns Qserv adds to every director
 * table (`chunkId`, `subChunkId`). They are reported once as what they are, not as extra schema columns.
 */

/** What added a column, and why it is not a schema column. */
export interface KnownExtra {
  by: "pandas" | "qserv";
  why: string;
}

const QSERV = new Set(["chunkId", "subChunkId"]);

/**
 * Why a data column absent from the schema is expected there, or null when it is a genuine extra column.
 * @example
 * knownExtra("__index_level_0__")?.by; // "pandas"
 */
export function knownExtra(name: string): KnownExtra | null {
  if (/^__index_level_\d+__$/.test(name))
    return { by: "pandas", why: "pandas index column written into the Parquet file (its `pandas` metadata)" };
  if (QSERV.has(name))
    return { by: "qserv", why: "Qserv partitioning column added by the database to every partitioned table" };
  return null;
}

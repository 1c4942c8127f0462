/**
 * Picking an engine for a source: DuckDB where it can push the work down (Parquet files), the Arrow
 * engine for everything else (notebook tables, FITS, CSV, ECSV, VOTable, Arrow IPC).
 */
import type { TableSource } from "../io/table.js";
import { ArrowEngine } from "./arrow/arrow-engine.js";
import { DuckDBEngine, type DuckDBEngineOptions } from "./duckdb/duckdb-engine.js";
import type { Engine } from "./types.js";

/** A pair of engines shared across tables, created once per run; close it when done. */
export interface EnginePool {
  arrow: ArrowEngine;
  duckdb: DuckDBEngine;
  /** The engine for a source (DuckDB for Parquet, Arrow otherwise). */
  for(source: TableSource): Engine;
  close(): Promise<void>;
}

/**
 * Engines for a run.
 * @example
 * const engines = createEnginePool(); const engine = engines.for(source); … await engines.close();
 */
export function createEnginePool(options: DuckDBEngineOptions = {}): EnginePool {
  const arrow = new ArrowEngine();
  const duckdb = new DuckDBEngine(options);
  return {
    arrow,
    duckdb,
    for: (source) => (duckdb.supports(source) ? duckdb : arrow),
    close: () => duckdb.close(),
  };
}

/**
 * Profile state of a whole table: one mergeable ColumnState per projected column, plus the row count
 * and where the rows came from. Partial states from files, row groups, partitions or threads merge into
 * the same result however the data was split.
 */
import type { RecordBatch } from "apache-arrow";
import type { ColumnInfo } from "../io/table.js";
import {
  type ColumnState,
  createColumnState,
  finalizeColumnState,
  mergeColumnStates,
  type Selection,
  type StateOptions,
  updateColumnState,
} from "./column-state.js";
import type { TableProfile } from "./types.js";

/** A mergeable profile state: update it per batch, merge states of parts, finalize it into a TableProfile. */
export interface TableState {
  rows: number;
  sources: string[];
  /** Column states in column order. */
  columns: Map<string, ColumnState>;
}

/**
 * An empty state for the given columns.
 * @example
 * const s = createTableState([{ name: "x", type: "float64" }]);
 */
export function createTableState(
  columns: readonly Pick<ColumnInfo, "name" | "type">[],
  options: StateOptions = {},
): TableState {
  const map = new Map<string, ColumnState>();
  for (const c of columns) map.set(c.name, createColumnState(c.type, options));
  return { rows: 0, sources: [], columns: map };
}

/**
 * Fold one record batch (optionally only the selected rows) into the state. Columns absent from the
 * batch are an error: a silently skipped column would look like a clean one.
 * @example
 * const state = createTableState([{ name: "x", type: "float64" }]);
 * updateTableState(state, tableFromArrays({ x: Float64Array.of(1, 2) }).batches[0]);
 * finalizeTableState(state).rows // 2
 */
export function updateTableState(state: TableState, batch: RecordBatch, sel: Selection = null): void {
  for (const [name, columnState] of state.columns) {
    const vector = batch.getChild(name);
    if (vector === null) throw new Error(`column ${name} is missing from a batch`);
    if (sel === null) {
      for (const data of vector.data) updateColumnState(columnState, data);
    } else {
      // A batch's child has exactly one Data chunk; a selection indexes into it.
      updateColumnState(columnState, vector.data[0], sel);
    }
  }
  state.rows += sel === null ? batch.numRows : sel.length;
}

/** Records a source name once. */
export function addSource(state: TableState, source: string): void {
  if (!state.sources.includes(source)) state.sources.push(source);
}

/**
 * Merge b into a (columns matched by name; a column only in b is adopted).
 * @example
 * const partA = createTableState([{ name: "x", type: "float64" }]);
 * updateTableState(partA, tableFromArrays({ x: Float64Array.of(1, 2) }).batches[0]);
 * const partB = createTableState([{ name: "x", type: "float64" }]);
 * updateTableState(partB, tableFromArrays({ x: Float64Array.of(6) }).batches[0]);
 * finalizeTableState(mergeTableStates(partA, partB)).rows // 3
 */
export function mergeTableStates(a: TableState, b: TableState): TableState {
  a.rows += b.rows;
  for (const source of b.sources) addSource(a, source);
  for (const [name, columnState] of b.columns) {
    const mine = a.columns.get(name);
    if (mine === undefined) a.columns.set(name, columnState);
    else mergeColumnStates(mine, columnState);
  }
  return a;
}

/**
 * The TableProfile JSON of a state.
 * @example
 * const state = createTableState([{ name: "x", type: "float64" }]);
 * updateTableState(state, tableFromArrays({ x: Float64Array.of(1, 2) }).batches[0]);
 * finalizeTableState(state).columns.x.mean // 1.5
 */
export function finalizeTableState(state: TableState, quantiles: readonly number[] = []): TableProfile {
  const columns: TableProfile["columns"] = {};
  for (const [name, columnState] of state.columns)
    columns[name] = finalizeColumnState(columnState, quantiles);
  return { rows: state.rows, sources: [...state.sources], columns };
}

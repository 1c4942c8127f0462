/**
 * Per-partition grouping of a batch's rows: by the values of a column (tract, patch, band, visit)
 * or by the HEALPix NEST pixel of a position. Rows with a null key go to partition "null".
 */
import type { RecordBatch } from "apache-arrow";
import type { PartitionSpec } from "../types.js";
import { columnChunk, valueAt } from "./columns.js";
import { healpixKeys } from "./healpix-key.js";

/** Columns a partition spec reads. */
export function partitionColumns(spec: PartitionSpec | undefined): string[] {
  if (spec === undefined) return [];
  return spec.kind === "column" ? [spec.column] : [spec.ra, spec.dec];
}

/** Partition key of every row of the batch (strings, as the result maps use them). */
export function partitionKeys(batch: RecordBatch, spec: PartitionSpec): string[] {
  const n = batch.numRows;
  if (spec.kind === "healpix") return healpixKeys(batch, spec);
  const c = columnChunk(batch, spec.column);
  const out: string[] = new Array(n);
  // Cache the string form of repeated values: partition columns have few distinct values.
  const cache = new Map<unknown, string>();
  for (let i = 0; i < n; i++) {
    const v = valueAt(c, i);
    let key = cache.get(v);
    if (key === undefined) {
      key = v === null ? "null" : String(v);
      cache.set(v, key);
    }
    out[i] = key;
  }
  return out;
}

/** Row indices of each partition present in the batch (only the rows where `mask` is set, if given). */
export function groupRows(keys: readonly string[], mask?: Uint8Array): Map<string, Int32Array> {
  const lists = new Map<string, number[]>();
  for (let i = 0; i < keys.length; i++) {
    if (mask !== undefined && mask[i] === 0) continue;
    let list = lists.get(keys[i]);
    if (list === undefined) {
      list = [];
      lists.set(keys[i], list);
    }
    list.push(i);
  }
  const out = new Map<string, Int32Array>();
  for (const [key, list] of lists) out.set(key, Int32Array.from(list));
  return out;
}

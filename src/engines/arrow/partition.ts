/**
 * Per-partition grouping of a batch's rows: by the values of a column (tract, patch, band, visit)
 * or by the HEALPix NEST pixel of a position. Rows with a null key go to partition "null".
 */
import type { PartitionSpec } from "../types.js";
import type { BatchPartitions } from "./partition-tally.js";

/**
 * Columns a partition spec reads.
 * @example partitionColumns({ kind: "healpix", order: 6, ra: "ra", dec: "dec" }) // ["ra", "dec"]
 */
export function partitionColumns(spec: PartitionSpec | undefined): string[] {
  if (spec === undefined) return [];
  if (spec.kind === "healpix") return [spec.ra, spec.dec];
  return spec.within === undefined ? [spec.column] : [spec.column, spec.within];
}

/**
 * A partition's name in reports and JSON, the same on every engine: `tract/patch`, `visit`, `band`, `healpix8`.
 * @example partitionName({ kind: "column", column: "visit", within: "detector" }) // "visit/detector"
 */
export function partitionName(spec: PartitionSpec): string {
  if (spec.kind === "healpix") return `healpix${spec.order}`;
  return spec.within === undefined ? spec.column : `${spec.column}/${spec.within}`;
}

/**
 * Row indices (ascending) of each partition present in a batch, keyed by the partition as text, in the order
 * partitions first occur. One string per partition, not per row.
 * @example groupRows({ kind: "healpix", pixels: Float64Array.of(5, -1, 5) }) // new Map([["5", Int32Array.of(0, 2)], ["null", Int32Array.of(1)]])
 */
export function groupRows(parts: BatchPartitions): Map<string, Int32Array> {
  const lists = new Map<number, number[]>();
  const ids = parts.kind === "healpix" ? parts.pixels : parts.codes;
  for (let i = 0; i < ids.length; i++) {
    let list = lists.get(ids[i]);
    if (list === undefined) {
      list = [];
      lists.set(ids[i], list);
    }
    list.push(i);
  }
  const out = new Map<string, Int32Array>();
  for (const [id, list] of lists) {
    const key = parts.kind === "healpix" ? (id < 0 ? "null" : String(id)) : (parts.labels[id] as string);
    const rows = Int32Array.from(list);
    const previous = out.get(key);
    // Two values with the same text (1 and 1n) share a partition: merge their rows in table order.
    out.set(key, previous === undefined ? rows : mergeSorted(previous, rows));
  }
  return out;
}

function mergeSorted(a: Int32Array, b: Int32Array): Int32Array {
  const out = new Int32Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out.sort();
}

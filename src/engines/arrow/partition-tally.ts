/**
 * Per-partition tallies of matching rows without a string per row: a batch's partitions are computed once as
 * typed arrays (NEST pixels, or small integer codes of a column's values), and each condition's mask is folded
 * into a pixel → count or value → count map batch by batch. The result is a typed PartitionCounts.
 */
import type { RecordBatch } from "apache-arrow";
import { PartitionCounts } from "../../core/partitions.js";
import type { PartitionSpec } from "../types.js";
import { columnChunk, valueAt } from "./columns.js";
import { healpixPixels } from "./healpix-key.js";
import { partitionName } from "./partition.js";

/** Partition of every row of one batch, typed. */
export type BatchPartitions =
  | { kind: "healpix"; pixels: Float64Array }
  | { kind: "column"; codes: Int32Array; labels: readonly string[] };

/**
 * The partition of every row of a batch: its NEST pixel (-1 without a position), or the code of its column
 * value in `labels` (values as text, null as "null").
 * @example
 * const batch = tableFromArrays({ band: ["r", "g", null] }).batches[0];
 * batchPartitions(batch, { kind: "column", column: "band" }).labels // ["r", "g", "null"]
 */
export function batchPartitions(batch: RecordBatch, spec: PartitionSpec): BatchPartitions {
  if (spec.kind === "healpix") return { kind: "healpix", pixels: healpixPixels(batch, spec) };
  const c = columnChunk(batch, spec.column);
  const n = batch.numRows;
  const codes = new Int32Array(n);
  const labels: string[] = [];
  if (spec.within !== undefined) {
    // Pairs (tract, patch): one nested Map lookup per row, one label per distinct pair.
    const w = columnChunk(batch, spec.within);
    const pairCode = new Map<unknown, Map<unknown, number>>();
    const text = (v: unknown) => (v === null ? "null" : String(v));
    for (let i = 0; i < n; i++) {
      const a = valueAt(c, i);
      const b = valueAt(w, i);
      let inner = pairCode.get(a);
      if (inner === undefined) {
        inner = new Map();
        pairCode.set(a, inner);
      }
      let code = inner.get(b);
      if (code === undefined) {
        code = labels.length;
        labels.push(`${text(a)}/${text(b)}`);
        inner.set(b, code);
      }
      codes[i] = code;
    }
    return { kind: "column", codes, labels };
  }
  // Partition columns have few distinct values: one Map lookup per row, one string per distinct value.
  const codeOf = new Map<unknown, number>();
  for (let i = 0; i < n; i++) {
    const v = valueAt(c, i);
    let code = codeOf.get(v);
    if (code === undefined) {
      code = labels.length;
      labels.push(v === null ? "null" : String(v));
      codeOf.set(v, code);
    }
    codes[i] = code;
  }
  return { kind: "column", codes, labels };
}

/** Accumulates the rows of one condition per partition, batch by batch. */
export interface PartitionTally {
  /** Adds the rows set in `mask` (one byte per row of the batch whose partitions are `parts`). */
  add(parts: BatchPartitions, mask: Uint8Array): void;
  /** The counts so far. */
  result(): PartitionCounts;
}

/**
 * A tally for a breakdown.
 * @example
 * partitionTally({ kind: "column", column: "band" }).result().toJSON() // {}
 */
export function partitionTally(spec: PartitionSpec): PartitionTally {
  if (spec.kind === "healpix") {
    const perPixel = new Map<number, number>();
    let nulls = 0;
    let scratch = new Float64Array(0);
    return {
      add(parts, mask) {
        if (parts.kind !== "healpix") throw new Error("a HEALPix tally needs pixel partitions");
        const { pixels } = parts;
        if (scratch.length < pixels.length) scratch = new Float64Array(pixels.length);
        let m = 0;
        for (let i = 0; i < mask.length; i++) {
          if (mask[i] !== 1) continue;
          if (pixels[i] < 0) nulls++;
          else scratch[m++] = pixels[i];
        }
        // Neighbouring rows share pixels: sort the batch's matches once and add each run with one Map update.
        const matched = scratch.subarray(0, m).sort();
        for (let i = 0; i < m; ) {
          let j = i + 1;
          while (j < m && matched[j] === matched[i]) j++;
          perPixel.set(matched[i], (perPixel.get(matched[i]) ?? 0) + (j - i));
          i = j;
        }
      },
      result: () => PartitionCounts.fromPixelMap(spec.order, perPixel, nulls),
    };
  }
  const perValue = new Map<string, number>();
  return {
    add(parts, mask) {
      if (parts.kind !== "column") throw new Error("a column tally needs column partitions");
      const { codes, labels } = parts;
      const perCode = new Float64Array(labels.length);
      for (let i = 0; i < mask.length; i++) if (mask[i] === 1) perCode[codes[i]]++;
      for (let k = 0; k < labels.length; k++)
        if (perCode[k] > 0) perValue.set(labels[k], (perValue.get(labels[k]) ?? 0) + perCode[k]);
    },
    result: () => PartitionCounts.fromValues(partitionName(spec), perValue),
  };
}

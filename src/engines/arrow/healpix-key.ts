/**
 * HEALPix NEST pixels of a batch's positions, for per-pixel breakdowns.
 */
import type { RecordBatch } from "apache-arrow";
import { ang2pixNest } from "../../sky/healpix/ang2pix.js";
import type { PartitionSpec } from "../types.js";
import { columnChunk, valueAt } from "./columns.js";

type HealpixSpec = Extract<PartitionSpec, { kind: "healpix" }>;

/**
 * NEST pixel of every row; -1 for rows without a finite position (null, NaN, ±Inf, |Dec| > 90°).
 * @example
 * const batch = tableFromArrays({ ra: Float64Array.of(60), dec: Float64Array.of(-35) }).batches[0];
 * healpixPixels(batch, { kind: "healpix", order: 6, ra: "ra", dec: "dec" })[0] // 34519
 */
export function healpixPixels(batch: RecordBatch, spec: HealpixSpec): Float64Array {
  const ra = columnChunk(batch, spec.ra);
  const dec = columnChunk(batch, spec.dec);
  const scale = spec.unit === "rad" ? 180 / Math.PI : 1;
  const out = new Float64Array(batch.numRows);
  for (let i = 0; i < batch.numRows; i++) {
    const a = valueAt(ra, i);
    const d = valueAt(dec, i);
    const raDeg = a === null ? Number.NaN : Number(a) * scale;
    const decDeg = d === null ? Number.NaN : Number(d) * scale;
    out[i] =
      Number.isFinite(raDeg) && Number.isFinite(decDeg) && Math.abs(decDeg) <= 90
        ? ang2pixNest(spec.order, ((raDeg % 360) + 360) % 360, decDeg)
        : -1;
  }
  return out;
}

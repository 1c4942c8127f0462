/**
 * HEALPix NEST pixel keys of a batch's positions, for per-pixel breakdowns.
 */
import type { RecordBatch } from "apache-arrow";
import { ang2pixNest } from "../../sky/healpix/ang2pix.js";
import type { PartitionSpec } from "../types.js";
import { columnChunk, valueAt } from "./columns.js";

type HealpixSpec = Extract<PartitionSpec, { kind: "healpix" }>;

/** Pixel key of every row; rows without a finite position go to "null". */
export function healpixKeys(batch: RecordBatch, spec: HealpixSpec): string[] {
  const ra = columnChunk(batch, spec.ra);
  const dec = columnChunk(batch, spec.dec);
  const scale = spec.unit === "rad" ? 180 / Math.PI : 1;
  const out: string[] = new Array(batch.numRows);
  for (let i = 0; i < batch.numRows; i++) {
    const a = valueAt(ra, i);
    const d = valueAt(dec, i);
    const raDeg = a === null ? Number.NaN : Number(a) * scale;
    const decDeg = d === null ? Number.NaN : Number(d) * scale;
    out[i] =
      Number.isFinite(raDeg) && Number.isFinite(decDeg) && Math.abs(decDeg) <= 90
        ? String(ang2pixNest(spec.order, ((raDeg % 360) + 360) % 360, decDeg))
        : "null";
  }
  return out;
}

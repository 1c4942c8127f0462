/**
 * Typed columns of one streamed batch for the science metrics: numbers as Float64Array (null → NaN), flags as
 * bytes (null → 0), ids as BigInt64Array and bands as indices into BANDS, so the kernels loop over arrays only.
 */
import type { RecordBatch } from "apache-arrow";
import { columnChunk, stringValues, validityMask } from "../../engines/arrow/columns.js";
import { BANDS } from "../../schema/families.js";

/**
 * A numeric column as doubles; nulls and non-numeric values become NaN.
 * @example floatColumn(tableFromArrays({ f: Float32Array.of(1.5, 2) }).batches[0], "f") // Float64Array.of(1.5, 2)
 */
export function floatColumn(batch: RecordBatch, name: string): Float64Array {
  const c = columnChunk(batch, name);
  const out = new Float64Array(c.length);
  if (c.kind === "float" || c.kind === "int") {
    const v = c.data.values as ArrayLike<number>;
    for (let i = 0; i < c.length; i++) out[i] = v[i];
  } else if (c.kind === "bigint") {
    const v = c.data.values as BigInt64Array;
    for (let i = 0; i < c.length; i++) out[i] = Number(v[i]);
  } else out.fill(Number.NaN);
  if (c.bitmap !== null) {
    const valid = validityMask(c);
    for (let i = 0; i < c.length; i++) if (valid[i] === 0) out[i] = Number.NaN;
  }
  return out;
}

/**
 * A boolean column as bytes (1 = true); nulls are false.
 * @example Array.from(flagColumn(tableFromArrays({ b: [true, false] }).batches[0], "b")) // [1, 0]
 */
export function flagColumn(batch: RecordBatch, name: string): Uint8Array {
  const c = columnChunk(batch, name);
  const out = new Uint8Array(c.length);
  if (c.kind !== "bool") {
    const v = floatColumn(batch, name);
    for (let i = 0; i < c.length; i++) out[i] = v[i] !== 0 && !Number.isNaN(v[i]) ? 1 : 0;
    return out;
  }
  const bits = c.data.values as Uint8Array;
  const offset = c.data.offset;
  const valid = c.bitmap === null ? null : validityMask(c);
  for (let i = 0; i < c.length; i++) {
    const bit = offset + i;
    out[i] = (valid === null || valid[i] === 1) && ((bits[bit >> 3] >> (bit & 7)) & 1) === 1 ? 1 : 0;
  }
  return out;
}

/**
 * An integer id column as 64-bit integers (nulls → −1, which no DP0.2 id uses).
 * @example idColumn(tableFromArrays({ id: BigInt64Array.of(7n, 9n) }).batches[0], "id") // BigInt64Array.of(7n, 9n)
 */
export function idColumn(batch: RecordBatch, name: string): BigInt64Array {
  const c = columnChunk(batch, name);
  const out = new BigInt64Array(c.length);
  if (c.kind === "bigint") {
    const v = c.data.values as BigInt64Array;
    for (let i = 0; i < c.length; i++) out[i] = v[i];
  } else {
    const v = floatColumn(batch, name);
    for (let i = 0; i < c.length; i++) out[i] = Number.isInteger(v[i]) ? BigInt(v[i]) : -1n;
  }
  if (c.bitmap !== null) {
    const valid = validityMask(c);
    for (let i = 0; i < c.length; i++) if (valid[i] === 0) out[i] = -1n;
  }
  return out;
}

/**
 * A band column (`"g"`, `"r"`…) as indices into BANDS; −1 for null or an unknown band.
 * @example Array.from(bandColumn(tableFromArrays({ band: ["r", "x", "u"] }).batches[0], "band")) // [2, -1, 0]
 */
export function bandColumn(batch: RecordBatch, name: string): Int8Array {
  const c = columnChunk(batch, name);
  const strings = stringValues(c);
  const out = new Int8Array(c.length);
  const index = new Map<string, number>(BANDS.map((b, i) => [b, i]));
  for (let i = 0; i < c.length; i++) out[i] = index.get(strings[i] ?? "") ?? -1;
  return out;
}

/**
 * AB magnitude of a flux in nJy (31.4 − 2.5 log10 f); NaN for a flux ≤ 0 or NaN.
 * @example abMag(1) // 31.4
 */
export function abMag(fluxNJy: number): number {
  return fluxNJy > 0 ? 31.4 - 2.5 * Math.log10(fluxNJy) : Number.NaN;
}

/**
 * Typed access to one Arrow column chunk for the vectorized kernels: values array, validity bitmap
 * and the few layouts skygate meets (numbers, 64-bit integers, booleans, UTF-8 strings, dictionaries).
 */
import { type Data, makeVector, type RecordBatch } from "apache-arrow";
import { kindOf, type TypeKind } from "../../io/kind.js";
import type { PhysicalType } from "../../io/table.js";
import { physicalTypeOf, validityBitmap } from "../../metrics/arrow-types.js";

export interface ColumnChunk {
  name: string;
  kind: TypeKind;
  physicalType: PhysicalType;
  data: Data;
  length: number;
  /** Validity bitmap (bit offset `data.offset`), null when every value is valid. */
  bitmap: Uint8Array | null;
}

/**
 * The chunk of a batch's column, or an error naming the column if the batch lacks it.
 * @example
 * const batch = tableFromArrays({ g_psfFlux: Float64Array.of(1, Number.NaN) }).batches[0];
 * columnChunk(batch, "g_psfFlux").physicalType // "float64"
 */
export function columnChunk(batch: RecordBatch, name: string): ColumnChunk {
  const vector = batch.getChild(name);
  if (vector === null) throw new Error(`column ${name} not found`);
  const data = vector.data[0];
  const physicalType = physicalTypeOf(data.type);
  // A Null-typed column (every row null) gets an all-zero bitmap, so isNull matches each of its rows.
  const bitmap = validityBitmap(data);
  let kind = kindOf(physicalType);
  // float16 has no native typed array: read it through Arrow's getter.
  if (physicalType === "float16") kind = "other";
  return { name, kind, physicalType, data, length: data.length, bitmap };
}

/** Whether row i of the chunk holds a value (not null). */
export function isValid(c: ColumnChunk, i: number): boolean {
  if (c.bitmap === null) return true;
  const bit = c.data.offset + i;
  return ((c.bitmap[bit >> 3] >> (bit & 7)) & 1) === 1;
}

/** Validity of every row as bytes (1 = value present). */
export function validityMask(c: ColumnChunk): Uint8Array {
  const out = new Uint8Array(c.length).fill(1);
  if (c.bitmap === null) return out;
  const b = c.bitmap;
  const offset = c.data.offset;
  for (let i = 0; i < c.length; i++) {
    const bit = offset + i;
    out[i] = (b[bit >> 3] >> (bit & 7)) & 1;
  }
  return out;
}

const decoder = new TextDecoder();

/** Value of row i as JS (number, bigint, boolean, string) or null; for samples and rare layouts. */
export function valueAt(c: ColumnChunk, i: number): unknown {
  if (!isValid(c, i)) return null;
  const data = c.data;
  if (c.kind === "float" || c.kind === "int" || c.kind === "bigint") {
    return (data.values as ArrayLike<number | bigint>)[i];
  }
  if (c.kind === "bool") {
    const bit = data.offset + i;
    return (((data.values as Uint8Array)[bit >> 3] >> (bit & 7)) & 1) === 1;
  }
  if (c.kind === "string") {
    const dictionary = data.dictionary?.data.length === 1 ? data.dictionary.data[0] : null;
    if (data.dictionary !== undefined && dictionary === null) return makeVector(data).get(i);
    const source = dictionary ?? data;
    const offsets = source.valueOffsets as ArrayLike<number | bigint> | undefined;
    if (offsets === undefined) return makeVector(data).get(i);
    const k = dictionary ? Number((data.values as ArrayLike<number>)[i]) : i;
    const bytes = source.values as Uint8Array;
    return decoder.decode(bytes.subarray(Number(offsets[k]), Number(offsets[k + 1])));
  }
  return makeVector(data).get(i);
}

/** Decoded strings of a string chunk (null for nulls); dictionary entries decode once. */
export function stringValues(c: ColumnChunk): (string | null)[] {
  const out: (string | null)[] = new Array(c.length);
  const data = c.data;
  const dictionary = data.dictionary?.data.length === 1 ? data.dictionary.data[0] : null;
  if (dictionary !== null && dictionary.valueOffsets !== undefined) {
    const words: string[] = [];
    const offsets = dictionary.valueOffsets as ArrayLike<number | bigint>;
    const bytes = dictionary.values as Uint8Array;
    for (let k = 0; k < dictionary.length; k++) {
      words.push(decoder.decode(bytes.subarray(Number(offsets[k]), Number(offsets[k + 1]))));
    }
    const indices = data.values as ArrayLike<number>;
    for (let i = 0; i < c.length; i++) out[i] = isValid(c, i) ? words[Number(indices[i])] : null;
    return out;
  }
  for (let i = 0; i < c.length; i++) out[i] = valueAt(c, i) as string | null;
  return out;
}

/**
 * A table-driven decoder of big-endian BINTABLE columns into Arrow data: one entry per TFORM code says how wide a
 * value is, how to read it, its Arrow type, and its unsigned variant under the TZERO convention (B with −128,
 * I with 32768, J with 2³¹, K with 2⁶³). TSCAL/TZERO otherwise scale to float64; TNULL marks integer nulls;
 * L is T/F (anything else null); A is text; X bits are booleans (afw flags); C, M, P, Q are not read.
 */
import {
  Bool,
  type Data,
  type DataType,
  Field,
  FixedSizeList,
  Float32,
  Float64,
  Int8,
  Int16,
  Int32,
  Int64,
  makeData,
  makeVector,
  Uint8,
  Uint16,
  Uint32,
  Uint64,
  Utf8,
  type Vector,
  vectorFromArray,
} from "apache-arrow";
import { describedField } from "../../arrow.js";
import type { ColumnSpec } from "./tform.js";

type NumberArray =
  | Int8Array
  | Uint8Array
  | Int16Array
  | Uint16Array
  | Int32Array
  | Uint32Array
  | Float32Array
  | Float64Array;
type BigArray = BigInt64Array | BigUint64Array;

/** How one numeric TFORM code is stored and what it becomes. */
interface NumericCode {
  size: number;
  /** Reads the stored value (K: as bigint). */
  read: (view: DataView, at: number) => number | bigint;
  type: () => DataType;
  array: (n: number) => NumberArray | BigArray;
  /** Integer codes: TNULL applies. */
  integer: boolean;
  /** The TZERO of the unsigned convention and its Arrow type and array (`fill` maps the stored values). */
  unsigned?: {
    zero: (tzero: string) => boolean;
    type: () => DataType;
    array: (n: number) => NumberArray | BigArray;
  };
  /**
   * The unscaled loop, written out per code so each stays monomorphic (a shared loop calling `read` through the
   * table runs about twice as slow): fills `out` (mapped to unsigned when asked) and marks TNULL values.
   */
  fill: (job: FillJob) => void;
}

/** One column's unscaled decode: rows × repeat values starting at `offset` in each row of `rowBytes`. */
interface FillJob {
  view: DataView;
  rows: number;
  rowBytes: number;
  offset: number;
  repeat: number;
  out: NumberArray | BigArray;
  isNull: Uint8Array;
  tnull: number | bigint | undefined;
  unsigned: boolean;
}

function fillB({ view, rows, rowBytes, offset, repeat, out, isNull, tnull, unsigned }: FillJob): void {
  const shift = unsigned ? -128 : 0;
  const o = out as Uint8Array | Int8Array;
  for (let r = 0; r < rows; r++)
    for (let k = 0; k < repeat; k++) {
      const raw = view.getUint8(r * rowBytes + offset + k);
      if (raw === tnull) isNull[r * repeat + k] = 1;
      o[r * repeat + k] = raw + shift;
    }
}

function fillI({ view, rows, rowBytes, offset, repeat, out, isNull, tnull, unsigned }: FillJob): void {
  const shift = unsigned ? 32768 : 0;
  const o = out as Int16Array | Uint16Array;
  for (let r = 0; r < rows; r++)
    for (let k = 0; k < repeat; k++) {
      const raw = view.getInt16(r * rowBytes + offset + 2 * k);
      if (raw === tnull) isNull[r * repeat + k] = 1;
      o[r * repeat + k] = raw + shift;
    }
}

function fillJ({ view, rows, rowBytes, offset, repeat, out, isNull, tnull, unsigned }: FillJob): void {
  const shift = unsigned ? 2147483648 : 0;
  const o = out as Int32Array | Uint32Array;
  for (let r = 0; r < rows; r++)
    for (let k = 0; k < repeat; k++) {
      const raw = view.getInt32(r * rowBytes + offset + 4 * k);
      if (raw === tnull) isNull[r * repeat + k] = 1;
      o[r * repeat + k] = raw + shift;
    }
}

function fillK({ view, rows, rowBytes, offset, repeat, out, isNull, tnull, unsigned }: FillJob): void {
  const o = out as BigInt64Array | BigUint64Array;
  for (let r = 0; r < rows; r++)
    for (let k = 0; k < repeat; k++) {
      const raw = view.getBigInt64(r * rowBytes + offset + 8 * k);
      if (tnull !== undefined && raw === tnull) isNull[r * repeat + k] = 1;
      o[r * repeat + k] = unsigned ? BigInt.asUintN(64, raw ^ (1n << 63n)) : raw;
    }
}

function fillE({ view, rows, rowBytes, offset, repeat, out }: FillJob): void {
  const o = out as Float32Array;
  for (let r = 0; r < rows; r++)
    for (let k = 0; k < repeat; k++) o[r * repeat + k] = view.getFloat32(r * rowBytes + offset + 4 * k);
}

function fillD({ view, rows, rowBytes, offset, repeat, out }: FillJob): void {
  const o = out as Float64Array;
  for (let r = 0; r < rows; r++)
    for (let k = 0; k < repeat; k++) o[r * repeat + k] = view.getFloat64(r * rowBytes + offset + 8 * k);
}

const TWO63 = "9223372036854775808";

const NUMERIC: Readonly<Record<string, NumericCode>> = {
  B: {
    size: 1,
    read: (v, p) => v.getUint8(p),
    type: () => new Uint8(),
    array: (n) => new Uint8Array(n),
    integer: true,
    unsigned: {
      zero: (z) => Number(z) === -128,
      type: () => new Int8(),
      array: (n) => new Int8Array(n),
    },
    fill: fillB,
  },
  I: {
    size: 2,
    read: (v, p) => v.getInt16(p),
    type: () => new Int16(),
    array: (n) => new Int16Array(n),
    integer: true,
    unsigned: {
      zero: (z) => Number(z) === 32768,
      type: () => new Uint16(),
      array: (n) => new Uint16Array(n),
    },
    fill: fillI,
  },
  J: {
    size: 4,
    read: (v, p) => v.getInt32(p),
    type: () => new Int32(),
    array: (n) => new Int32Array(n),
    integer: true,
    unsigned: {
      zero: (z) => Number(z) === 2147483648,
      type: () => new Uint32(),
      array: (n) => new Uint32Array(n),
    },
    fill: fillJ,
  },
  K: {
    size: 8,
    read: (v, p) => v.getBigInt64(p),
    type: () => new Int64(),
    array: (n) => new BigInt64Array(n),
    integer: true,
    unsigned: {
      zero: (z) => z.replace(/\.0*$/, "") === TWO63,
      type: () => new Uint64(),
      array: (n) => new BigUint64Array(n),
    },
    fill: fillK,
  },
  E: {
    size: 4,
    read: (v, p) => v.getFloat32(p),
    type: () => new Float32(),
    array: (n) => new Float32Array(n),
    integer: false,
    fill: fillE,
  },
  D: {
    size: 8,
    read: (v, p) => v.getFloat64(p),
    type: () => new Float64(),
    array: (n) => new Float64Array(n),
    integer: false,
    fill: fillD,
  },
};

/** Arrow validity bitmap (bit set = valid) from a per-value null mask, or undefined when nothing is null. */
function validityBitmap(isNull: Uint8Array): { bitmap?: Uint8Array; nullCount: number } {
  let nullCount = 0;
  for (let i = 0; i < isNull.length; i++) nullCount += isNull[i] as number;
  if (nullCount === 0) return { nullCount };
  const bitmap = new Uint8Array(Math.ceil(isNull.length / 8));
  for (let i = 0; i < isNull.length; i++)
    if (!isNull[i]) bitmap[i >> 3] = (bitmap[i >> 3] as number) | (1 << (i & 7));
  return { bitmap, nullCount };
}

function packBits(values: Uint8Array): Uint8Array {
  const out = new Uint8Array(Math.ceil(values.length / 8));
  for (let i = 0; i < values.length; i++)
    if (values[i]) out[i >> 3] = (out[i >> 3] as number) | (1 << (i & 7));
  return out;
}

type About = { unit?: string; description?: string };

/** A scalar column as is; a repeated one (TFORM `3D`) as a fixed-size list per row. */
function wrap(spec: ColumnSpec, about: About, rows: number, data: Data): { field: Field; vector: Vector } {
  if (spec.repeat === 1)
    return { field: describedField(spec.name, data.type, about), vector: makeVector(data) };
  const type = new FixedSizeList(spec.repeat, new Field("item", data.type, true));
  const list = makeData({ type, length: rows, nullCount: 0, child: data });
  return { field: describedField(spec.name, type, about), vector: makeVector(list) };
}

function withNulls(type: DataType, length: number, values: unknown, isNull: Uint8Array): Data {
  const { bitmap, nullCount } = validityBitmap(isNull);
  return makeData({
    type,
    length,
    nullCount,
    data: values,
    ...(bitmap ? { nullBitmap: bitmap } : {}),
  } as never);
}

/** Rows of an `X` column as one boolean column per bit (named by afw's TFLAGn when given). */
function decodeBits(
  view: DataView,
  rows: number,
  rowBytes: number,
  spec: ColumnSpec,
  flagNames: readonly string[] | undefined,
  flagDocs: ReadonlyArray<string | undefined>,
): Array<{ field: Field; vector: Vector }> {
  const names = flagNames ?? Array.from({ length: spec.repeat }, (_, b) => `${spec.name}_${b}`);
  return names.slice(0, spec.repeat).map((name, bit) => {
    const values = new Uint8Array(rows);
    for (let r = 0; r < rows; r++) {
      const byte = view.getUint8(r * rowBytes + spec.offset + (bit >> 3));
      values[r] = (byte >> (7 - (bit & 7))) & 1;
    }
    const vector = makeVector(
      makeData({ type: new Bool(), length: rows, nullCount: 0, data: packBits(values) }),
    );
    const doc = flagNames ? flagDocs[bit] : undefined;
    return { field: describedField(name, new Bool(), doc ? { description: doc } : {}), vector };
  });
}

function decodeText(view: DataView, rows: number, rowBytes: number, spec: ColumnSpec, about: About) {
  const strings: string[] = new Array(rows);
  for (let r = 0; r < rows; r++) {
    const start = view.byteOffset + r * rowBytes + spec.offset;
    let text = Buffer.from(view.buffer, start, spec.repeat).toString("latin1");
    const nul = text.indexOf("\u0000");
    if (nul >= 0) text = text.slice(0, nul);
    strings[r] = text.trimEnd();
  }
  const vector = vectorFromArray(strings, new Utf8());
  return [{ field: describedField(spec.name, vector.type, about), vector }];
}

function decodeLogical(view: DataView, rows: number, rowBytes: number, spec: ColumnSpec, about: About) {
  const count = rows * spec.repeat;
  const values = new Uint8Array(count);
  const isNull = new Uint8Array(count);
  for (let r = 0; r < rows; r++) {
    for (let k = 0; k < spec.repeat; k++) {
      const ch = view.getUint8(r * rowBytes + spec.offset + k);
      values[r * spec.repeat + k] = ch === 0x54 ? 1 : 0; // 'T'
      isNull[r * spec.repeat + k] = ch === 0x54 || ch === 0x46 ? 0 : 1; // neither 'T' nor 'F': undefined
    }
  }
  return [wrap(spec, about, rows, withNulls(new Bool(), count, packBits(values), isNull))];
}

function decodeNumeric(
  view: DataView,
  rows: number,
  rowBytes: number,
  spec: ColumnSpec,
  code: NumericCode,
  about: About,
) {
  const { repeat, offset } = spec;
  const count = rows * repeat;
  const unsigned = code.unsigned !== undefined && spec.zero !== undefined && code.unsigned.zero(spec.zero);
  const scaled =
    !unsigned &&
    ((spec.scale !== undefined && spec.scale !== 1) || (spec.zero !== undefined && Number(spec.zero) !== 0));
  const isNull = new Uint8Array(count);
  const big = code.size === 8 && code.integer;
  const tnull = spec.tnull !== undefined && code.integer ? BigInt(spec.tnull) : undefined;
  // Below 64 bits values fit a number exactly: comparing numbers keeps the loop free of BigInt allocations.
  const tnullValue: number | bigint | undefined =
    tnull === undefined ? undefined : big ? tnull : Number(tnull);
  let type: DataType;
  let out: NumberArray | BigArray;
  if (scaled) {
    const scale = spec.scale ?? 1;
    const zero = Number(spec.zero ?? 0);
    const values = new Float64Array(count);
    for (let r = 0; r < rows; r++)
      for (let k = 0; k < repeat; k++) {
        const raw = code.read(view, r * rowBytes + offset + k * code.size);
        if (raw === tnullValue) isNull[r * repeat + k] = 1;
        values[r * repeat + k] = zero + scale * Number(raw);
      }
    type = new Float64();
    out = values;
  } else {
    const target = unsigned ? (code.unsigned as NonNullable<NumericCode["unsigned"]>) : undefined;
    type = target ? target.type() : code.type();
    out = target ? target.array(count) : code.array(count);
    code.fill({ view, rows, rowBytes, offset, repeat, out, isNull, tnull: tnullValue, unsigned });
  }
  return [wrap(spec, about, rows, withNulls(type, count, out, isNull))];
}

/**
 * The Arrow column(s) of one BINTABLE column over `rows` rows of `rowBytes` bytes (an `X` column gives one boolean
 * column per bit; C/M/P/Q columns give none).
 * @example
 * const view = new DataView(new ArrayBuffer(32));
 * view.setFloat64(8, 55.5);
 * decodeColumn(view, 1, 32, { name: "ra", repeat: 1, code: "D", offset: 8, width: 8 })[0].vector.get(0) // 55.5
 */
export function decodeColumn(
  view: DataView,
  rows: number,
  rowBytes: number,
  spec: ColumnSpec,
  flagNames?: readonly string[],
  flagDocs: ReadonlyArray<string | undefined> = [],
): Array<{ field: Field; vector: Vector }> {
  const about: About = {
    ...(spec.unit ? { unit: spec.unit } : {}),
    ...(spec.description ? { description: spec.description } : {}),
  };
  if (spec.code === "X") return decodeBits(view, rows, rowBytes, spec, flagNames, flagDocs);
  if (spec.code === "A") return decodeText(view, rows, rowBytes, spec, about);
  if (spec.code === "L") return decodeLogical(view, rows, rowBytes, spec, about);
  const numeric = NUMERIC[spec.code];
  // Complex and variable-length arrays (C, M, P, Q): not table columns skygate checks.
  if (numeric === undefined) return [];
  return decodeNumeric(view, rows, rowBytes, spec, numeric, about);
}

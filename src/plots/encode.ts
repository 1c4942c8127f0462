/** Typed arrays as plotly's compact base64 encoding (`{dtype, bdata, shape}`, plotly.js ≥ 2.28). */

/** A typed array in plotly's base64 form; `shape` is "rows,cols" for 2-D arrays. */
export interface TypedArrayJson {
  dtype: "f4" | "f8" | "i1" | "u1" | "i2" | "u2" | "i4" | "u4";
  bdata: string;
  shape?: string;
}

/** Typed arrays plotly decodes. */
export type PlotlyTypedArray =
  | Float32Array
  | Float64Array
  | Int8Array
  | Uint8Array
  | Int16Array
  | Uint16Array
  | Int32Array
  | Uint32Array;

function dtypeOf(array: PlotlyTypedArray): TypedArrayJson["dtype"] {
  if (array instanceof Float32Array) return "f4";
  if (array instanceof Float64Array) return "f8";
  if (array instanceof Int8Array) return "i1";
  if (array instanceof Uint8Array) return "u1";
  if (array instanceof Int16Array) return "i2";
  if (array instanceof Uint16Array) return "u2";
  if (array instanceof Int32Array) return "i4";
  return "u4";
}

/**
 * Base64 `{dtype, bdata}` of a typed array (little-endian, as plotly reads it); `shape` [rows, cols] for 2-D.
 * @example typedArrayJson(new Float32Array([1])) // { dtype: "f4", bdata: "AACAPw==" }
 */
export function typedArrayJson(array: PlotlyTypedArray, shape?: readonly [number, number]): TypedArrayJson {
  const bytes = Buffer.from(array.buffer, array.byteOffset, array.byteLength);
  const out: TypedArrayJson = { dtype: dtypeOf(array), bdata: bytes.toString("base64") };
  if (shape) {
    if (shape[0] * shape[1] !== array.length)
      throw new RangeError(`shape ${shape.join("×")} does not match ${array.length} values`);
    out.shape = `${shape[0]},${shape[1]}`;
  }
  return out;
}

/**
 * Decode a `{dtype, bdata}` back to a typed array (tests, and reading figures back).
 * @example Array.from(decodeTypedArray(typedArrayJson(new Int32Array([7, 8])))) // [7, 8]
 */
export function decodeTypedArray(json: TypedArrayJson): PlotlyTypedArray {
  const bytes = Buffer.from(json.bdata, "base64");
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
  switch (json.dtype) {
    case "f4":
      return new Float32Array(buffer);
    case "f8":
      return new Float64Array(buffer);
    case "i1":
      return new Int8Array(buffer);
    case "u1":
      return new Uint8Array(buffer);
    case "i2":
      return new Int16Array(buffer);
    case "u2":
      return new Uint16Array(buffer);
    case "i4":
      return new Int32Array(buffer);
    default:
      return new Uint32Array(buffer);
  }
}

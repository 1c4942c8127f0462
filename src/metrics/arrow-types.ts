/**
 * How skygate names and classifies Arrow column types for profiling: felis-style names in the profile
 * JSON (`double`, `float`, `long`, `int`, `short`, `byte`, `boolean`, `string`), and the kind of
 * state that summarises the column.
 */
import { type Data, type DataType, Type } from "apache-arrow";
import { physicalType } from "../io/arrow.js";
import { isNumericKind, kindOf } from "../io/kind.js";
import type { PhysicalType } from "../io/table.js";

export type StateKind = "numeric" | "boolean" | "string" | "other";

/** Profile type name for a physical type (felis datatype names where one fits). */
export function profileTypeName(type: PhysicalType): string {
  switch (type) {
    case "float64":
      return "double";
    case "float32":
    case "float16":
      return "float";
    case "int64":
      return "long";
    case "int32":
      return "int";
    case "int16":
      return "short";
    case "int8":
      return "byte";
    case "bool":
      return "boolean";
    default:
      return type;
  }
}

/** Kind of profile state for a physical type. */
export function stateKind(type: PhysicalType): StateKind {
  const kind = kindOf(type);
  if (kind === "bool") return "boolean";
  if (kind === "string") return "string";
  return isNumericKind(kind) ? "numeric" : "other";
}

/**
 * Physical type of an Arrow data type (dictionary-encoded columns take their value type); the readers' mapping.
 * @example
 * physicalTypeOf(new Float64()) // "float64"
 */
export const physicalTypeOf: (type: DataType) => PhysicalType = physicalType;

/**
 * Validity bitmap of a chunk (bit `data.offset + i` is 1 when row i holds a value), or null when every row does.
 * A column of Arrow type Null (pandas writes all-null columns so) has no bitmap at all, yet every row is null:
 * it gets an all-zero bitmap (Arrow's own `nullCount` is not relied on, it can read 0 for such chunks).
 * @example
 * validityBitmap(makeData({ type: new Null(), length: 3 })) // Uint8Array [0]: all three rows null
 */
export function validityBitmap(data: Data): Uint8Array | null {
  if (data.typeId === Type.Null) return new Uint8Array((data.offset + data.length + 7) >> 3);
  const bitmap = data.nullBitmap;
  return data.nullCount > 0 && bitmap && bitmap.length > 0 ? bitmap : null;
}

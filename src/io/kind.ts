/**
 * The one classification of physical types that engines, metrics and checks share: which loops, SQL and
 * states a column gets. 64-bit integers are their own kind because they arrive as BigInt64Array/bigint.
 */
import type { PhysicalType } from "./table.js";

/** Kind of values a physical type holds. */
export type TypeKind = "float" | "int" | "bigint" | "bool" | "string" | "other";

/**
 * Kind of a physical type.
 * @example kindOf("float32") // "float"
 * @example kindOf("uint64") // "bigint"
 * @example kindOf("int16") // "int"
 * @example kindOf("timestamp") // "other"
 */
export function kindOf(type: PhysicalType): TypeKind {
  switch (type) {
    case "float16":
    case "float32":
    case "float64":
      return "float";
    case "int64":
    case "uint64":
      return "bigint";
    case "int8":
    case "int16":
    case "int32":
    case "uint8":
    case "uint16":
    case "uint32":
      return "int";
    case "bool":
      return "bool";
    case "string":
      return "string";
    default:
      return "other";
  }
}

/**
 * Whether a kind holds numbers (integers of any width or floats).
 * @example isNumericKind(kindOf("uint8")) // true
 */
export function isNumericKind(kind: TypeKind): boolean {
  return kind === "float" || kind === "int" || kind === "bigint";
}

/**
 * Whether a kind holds integers (no NaN or ±Inf possible).
 * @example isIntegerKind(kindOf("int64")) // true
 */
export function isIntegerKind(kind: TypeKind): boolean {
  return kind === "int" || kind === "bigint";
}

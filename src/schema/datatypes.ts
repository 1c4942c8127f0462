/**
 * felis datatypes ↔ skygate physical types ↔ Arrow types, and the `schema.type` rule of the contract:
 * does a column's physical type fit its felis datatype?
 *
 * Decisions beyond the contract text (the contract says: integers for byte/short/int/long, wider fine,
 * narrower not; double data for a float column fine, float data for a double column not; boolean; strings
 * for char/string/unicode/text; timestamps for timestamp):
 * - A physical type fits when it can hold every value the felis type can. So unsigned integers never fit a
 *   signed felis integer (they cannot hold negatives) — with one exception: `uint8` fits `byte`, because
 *   felis itself maps `byte` to VOTable `unsignedByte`, so TAP/VOTable output of a byte column is uint8.
 * - Integer data never fits `float`/`double` (it cannot carry NaN, which is how DP0.2 marks failed
 *   measurements), and floating-point data never fits an integer column. `float16` fits nothing.
 * - `binary` takes binary data only; `date`, `list` and `other` fit no felis type.
 */
import {
  Binary,
  Bool,
  type DataType,
  Float16,
  Float32,
  Float64,
  Int8,
  Int16,
  Int32,
  Int64,
  Schema,
  TimestampMicrosecond,
  TimestampMillisecond,
  TimestampNanosecond,
  TimestampSecond,
  Uint8,
  Uint16,
  Uint32,
  Uint64,
  Utf8,
} from "apache-arrow";
import { describedField, physicalType } from "../io/arrow.js";
import { isIntegerKind, kindOf } from "../io/kind.js";
import type { ColumnInfo, PhysicalType } from "../io/table.js";
import type { FelisColumn, FelisDatatype, FelisTable } from "./felis.js";

/** The physical type a writer would use for each felis datatype. */
const PHYSICAL_OF_FELIS: Record<FelisDatatype, PhysicalType> = {
  boolean: "bool",
  byte: "int8",
  short: "int16",
  int: "int32",
  long: "int64",
  float: "float32",
  double: "float64",
  char: "string",
  string: "string",
  unicode: "string",
  text: "string",
  binary: "binary",
  timestamp: "timestamp",
};

/** Physical types accepted for each felis datatype (the `schema.type` rule). */
const FITS: Record<FelisDatatype, ReadonlySet<PhysicalType>> = {
  boolean: new Set(["bool"]),
  byte: new Set(["int8", "uint8", "int16", "int32", "int64"]),
  short: new Set(["int16", "int32", "int64"]),
  int: new Set(["int32", "int64"]),
  long: new Set(["int64"]),
  float: new Set(["float32", "float64"]),
  double: new Set(["float64"]),
  char: new Set(["string"]),
  string: new Set(["string"]),
  unicode: new Set(["string"]),
  text: new Set(["string"]),
  binary: new Set(["binary"]),
  timestamp: new Set(["timestamp"]),
};

/**
 * The physical type a felis datatype is normally stored as.
 * @example
 * physicalTypeOfFelis("long"); // "int64"
 */
export function physicalTypeOfFelis(datatype: FelisDatatype): PhysicalType {
  return PHYSICAL_OF_FELIS[datatype];
}

/**
 * The narrowest felis datatype that holds every value of a physical type (undefined when none does).
 * uint8→short, uint16→int, uint32→long; uint64→long is lossy above 2^63 and says so by returning "long" only
 * because felis has nothing wider.
 * @example
 * felisTypeOfPhysical("float32"); // "float"
 */
export function felisTypeOfPhysical(type: PhysicalType): FelisDatatype | undefined {
  switch (type) {
    case "bool":
      return "boolean";
    case "int8":
      return "byte";
    case "int16":
    case "uint8":
      return "short";
    case "int32":
    case "uint16":
      return "int";
    case "int64":
    case "uint32":
    case "uint64":
      return "long";
    case "float16":
    case "float32":
      return "float";
    case "float64":
      return "double";
    case "string":
      return "string";
    case "binary":
      return "binary";
    case "timestamp":
      return "timestamp";
    default:
      return undefined;
  }
}

/**
 * The contract's `schema.type` rule: can data of this physical type stand for a column of this felis type?
 * @example
 * physicalTypeFits("float", "float64"); // true
 * physicalTypeFits("double", "float32"); // false
 * physicalTypeFits("int", "int64"); // true
 * physicalTypeFits("long", "int32"); // false
 */
export function physicalTypeFits(datatype: FelisDatatype, type: PhysicalType): boolean {
  return FITS[datatype].has(type);
}

/**
 * Physical types that fit a felis datatype, narrowest first.
 * @example
 * fittingPhysicalTypes("short"); // ["int16", "int32", "int64"]
 */
export function fittingPhysicalTypes(datatype: FelisDatatype): PhysicalType[] {
  return [...FITS[datatype]];
}

/**
 * Why a physical type does not fit (undefined when it does): a one-line message for a `schema.type` finding.
 * @example
 * typeMismatch("double", "float32"); // "float32 data for a double column loses precision (float64 needed)"
 */
export function typeMismatch(datatype: FelisDatatype, type: PhysicalType): string | undefined {
  if (physicalTypeFits(datatype, type)) return undefined;
  const expected = fittingPhysicalTypes(datatype).join(" or ");
  const isInt = isIntegerKind(kindOf(type));
  const isFloat = kindOf(type) === "float";
  const felisInt = datatype === "byte" || datatype === "short" || datatype === "int" || datatype === "long";
  const felisFloat = datatype === "float" || datatype === "double";
  if (felisInt && isInt) {
    return type.startsWith("u")
      ? `${type} data for a ${datatype} column cannot hold negative values (${expected} needed)`
      : `${type} data for a ${datatype} column is narrower than the schema (${expected} needed)`;
  }
  if (felisFloat && isFloat)
    return `${type} data for a ${datatype} column loses precision (${expected} needed)`;
  return `${type} data for a ${datatype} column (${expected} needed)`;
}

/**
 * The Arrow type of a felis column (timestamps in the unit their `precision` needs, microseconds by default;
 * strings as Utf8; no timezone, as felis timestamps carry none).
 * @example
 * arrowTypeOfFelis({ datatype: "float" }).toString(); // "Float32"
 */
export function arrowTypeOfFelis(column: Pick<FelisColumn, "datatype" | "precision">): DataType {
  switch (column.datatype) {
    case "boolean":
      return new Bool();
    case "byte":
      return new Int8();
    case "short":
      return new Int16();
    case "int":
      return new Int32();
    case "long":
      return new Int64();
    case "float":
      return new Float32();
    case "double":
      return new Float64();
    case "char":
    case "string":
    case "unicode":
    case "text":
      return new Utf8();
    case "binary":
      return new Binary();
    case "timestamp": {
      const digits = column.precision ?? 6;
      if (digits === 0) return new TimestampSecond();
      if (digits <= 3) return new TimestampMillisecond();
      if (digits <= 6) return new TimestampMicrosecond();
      return new TimestampNanosecond();
    }
  }
}

/**
 * The skygate physical type of an Arrow type (the readers' own mapping: large strings are strings, any
 * timestamp a timestamp, dictionaries their value type).
 * @example
 * physicalTypeOfArrow(new Float32()); // "float32"
 */
export function physicalTypeOfArrow(type: DataType): PhysicalType {
  return physicalType(type);
}

/**
 * The felis datatype of an Arrow type (undefined when felis has none).
 * @example
 * felisTypeOfArrow(new Int64()); // "long"
 */
export function felisTypeOfArrow(type: DataType): FelisDatatype | undefined {
  return felisTypeOfPhysical(physicalTypeOfArrow(type));
}

/**
 * An Arrow type for a physical type (undefined for date, list and other, which need more detail).
 * @example
 * arrowTypeOfPhysical("uint16")?.toString(); // "Uint16"
 */
export function arrowTypeOfPhysical(type: PhysicalType): DataType | undefined {
  const make: Partial<Record<PhysicalType, () => DataType>> = {
    bool: () => new Bool(),
    int8: () => new Int8(),
    int16: () => new Int16(),
    int32: () => new Int32(),
    int64: () => new Int64(),
    uint8: () => new Uint8(),
    uint16: () => new Uint16(),
    uint32: () => new Uint32(),
    uint64: () => new Uint64(),
    float16: () => new Float16(),
    float32: () => new Float32(),
    float64: () => new Float64(),
    string: () => new Utf8(),
    binary: () => new Binary(),
    timestamp: () => new TimestampMicrosecond(),
  };
  return make[type]?.();
}

/**
 * The Arrow schema of a felis table: each column's Arrow type, felis nullability, and unit, description and
 * UCD as field metadata (the keys readers use), in schema order.
 * @example
 * arrowSchemaOfFelis(requireTable(dp02, "Object")).fields.length; // 991
 */
export function arrowSchemaOfFelis(table: Pick<FelisTable, "columns">): Schema {
  return new Schema(
    table.columns.map((column) =>
      describedField(
        column.name,
        arrowTypeOfFelis(column),
        { unit: column.unit, description: column.description, ucd: column.ucd },
        column.nullable,
      ),
    ),
  );
}

/**
 * The ColumnInfo a reader would report for a felis column stored in its natural physical type.
 * @example
 * columnInfoOfFelis({ name: "coord_ra", datatype: "double", unit: "deg" }); // { name: "coord_ra", type: "float64", unit: "deg" }
 */
export function columnInfoOfFelis(
  column: Pick<FelisColumn, "name" | "datatype" | "unit" | "description">,
): ColumnInfo {
  const info: ColumnInfo = { name: column.name, type: physicalTypeOfFelis(column.datatype) };
  if (column.unit !== undefined) info.unit = column.unit;
  if (column.description !== undefined) info.description = column.description;
  return info;
}

/**
 * Small Arrow helpers every reader shares: physical types, column descriptions, projection,
 * and stitching several files into one table.
 */
import {
  Table as ArrowTable,
  type Data,
  type DataType,
  Field,
  makeData,
  RecordBatch,
  Schema,
  Struct,
  Type,
  Utf8,
  type Vector,
  vectorFromArray,
} from "apache-arrow";
import { InputError, UsageError } from "../core/errors.js";
import type { ColumnInfo, PhysicalType } from "./table.js";

/**
 * skygate's physical type of an Arrow data type (dictionary columns report their value type).
 * @example physicalType(new Float64()) // "float64"
 */
export function physicalType(type: DataType): PhysicalType {
  switch (type.typeId) {
    case Type.Bool:
      return "bool";
    case Type.Int: {
      const int = type as unknown as { bitWidth: 8 | 16 | 32 | 64; isSigned: boolean };
      return `${int.isSigned ? "int" : "uint"}${int.bitWidth}` as PhysicalType;
    }
    case Type.Float: {
      const precision = (type as unknown as { precision: number }).precision;
      return precision === 0 ? "float16" : precision === 1 ? "float32" : "float64";
    }
    case Type.Utf8:
    case Type.LargeUtf8:
    case Type.Utf8View:
      return "string";
    case Type.Binary:
    case Type.LargeBinary:
    case Type.FixedSizeBinary:
    case Type.BinaryView:
      return "binary";
    case Type.Timestamp:
      return "timestamp";
    case Type.Date:
      return "date";
    case Type.List:
    case Type.LargeList:
    case Type.FixedSizeList:
      return "list";
    case Type.Dictionary:
      return physicalType((type as unknown as { dictionary: DataType }).dictionary);
    case Type.Null:
      return "null";
    default:
      return "other";
  }
}

/** Field metadata keys where readers keep what the file says about a column. */
export const META_UNIT = "unit";
export const META_DESCRIPTION = "description";
export const META_UCD = "ucd";

/**
 * The ColumnInfo of an Arrow field (unit, description and UCD come from its metadata).
 * @example columnInfo(new Field("ra", new Float64())).type // "float64"
 */
export function columnInfo(field: Field): ColumnInfo {
  const info: ColumnInfo = { name: field.name, type: physicalType(field.type) };
  const unit = field.metadata.get(META_UNIT);
  const description = field.metadata.get(META_DESCRIPTION);
  const ucd = field.metadata.get(META_UCD);
  if (unit) info.unit = unit;
  if (description) info.description = description;
  if (ucd) info.ucd = ucd;
  return info;
}

/**
 * A field carrying unit, description and UCD as metadata (empty values are left out).
 * @example describedField("ra", new Float64(), { unit: "deg" })
 */
export function describedField(
  name: string,
  type: DataType,
  about: { unit?: string; description?: string; ucd?: string } = {},
  nullable = true,
): Field {
  const metadata = new Map<string, string>();
  if (about.unit) metadata.set(META_UNIT, about.unit);
  if (about.description) metadata.set(META_DESCRIPTION, about.description);
  if (about.ucd) metadata.set(META_UCD, about.ucd);
  return new Field(name, type, nullable, metadata);
}

/**
 * Throws InputError `duplicateColumn` when a name occurs twice.
 * @example assertUniqueNames("t.csv", ["id", "ra", "id"], 1) // throws t.csv:1:3: duplicate column name "id"
 */
export function assertUniqueNames(path: string, names: readonly string[], line?: number): void {
  const seen = new Set<string>();
  for (let i = 0; i < names.length; i++) {
    const name = names[i] as string;
    if (seen.has(name)) {
      throw new InputError(
        path,
        "duplicateColumn",
        `duplicate column name "${name}"`,
        line !== undefined ? { line, column: i + 1 } : undefined,
      );
    }
    seen.add(name);
  }
}

/**
 * Throws UsageError naming every requested column the table does not have.
 * @example assertColumnsExist("Object", ["ra", "dec"], ["ra", "flux"]) // throws: table Object has no column "flux"
 */
export function assertColumnsExist(
  tableName: string,
  available: readonly string[],
  wanted?: readonly string[],
): void {
  if (!wanted) return;
  const have = new Set(available);
  const missing = wanted.filter((name) => !have.has(name));
  if (missing.length > 0) {
    throw new UsageError(`table ${tableName} has no column ${missing.map((m) => `"${m}"`).join(", ")}`);
  }
}

/**
 * The table with only the named columns, in the order asked (all columns when `columns` is undefined).
 * @example project(tableFromArrays({ ra: [1], dec: [2], flux: [3] }), ["ra", "dec"]).numCols // 2
 */
export function project(table: ArrowTable, columns?: readonly string[]): ArrowTable {
  if (!columns) return table;
  const target = selectFields(table.schema, columns);
  return new ArrowTable(
    target,
    table.batches.map((batch) => conformBatch(batch, target)),
  );
}

/**
 * The schema with only the named fields, in the order asked (Arrow's own `select` keeps schema order).
 * @example selectFields(tableFromArrays({ ra: [1], dec: [2] }).schema, ["dec", "ra"]).fields.map((f) => f.name) // ["dec", "ra"]
 */
export function selectFields(schema: Schema, columns: readonly string[]): Schema {
  const byName = new Map(schema.fields.map((f) => [f.name, f]));
  return new Schema(
    columns.map((name) => byName.get(name) as Field),
    schema.metadata,
  );
}

/** One file's part of a multi-file table: its schema, how many rows it has. */
export interface SchemaPart {
  path: string;
  schema: Schema;
  rows: number;
}

/**
 * The one schema several files share. Column names must agree (order may differ; the first file's order wins).
 * Types must agree between files that have rows; an all-null (Arrow `Null`) column takes the other files' type,
 * and a 0-row file's types never constrain (pandas writes empty tables with guessed types). Field metadata is kept
 * from the first file that has it. Throws InputError `corrupt` naming the first file that disagrees.
 * @example
 * const a = tableFromArrays({ id: Int32Array.of(1), ra: Float64Array.of(1.5) });
 * const emptyWithGuessedTypes = tableFromArrays({ ra: Float32Array.of(), id: Int32Array.of() });
 * const unified = unifySchemas([{ path: "a.parquet", schema: a.schema, rows: 1 }, { path: "b.parquet", schema: emptyWithGuessedTypes.schema, rows: 0 }]);
 * unified.fields.map((f) => `${f.name}:${f.type}`) // ["id:Int32", "ra:Float64"]
 */
export function unifySchemas(parts: readonly SchemaPart[]): Schema {
  const first = parts[0];
  if (!first) return new Schema([]);
  const names = first.schema.fields.map((f) => f.name);
  const nameSet = new Set(names);
  const chosen = new Map<string, Field>();
  const chosenFrom = new Map<string, SchemaPart>();
  for (const part of parts) {
    const partNames = part.schema.fields.map((f) => f.name);
    const extra = partNames.filter((n) => !nameSet.has(n));
    const missing = names.filter((n) => !partNames.includes(n));
    if (extra.length > 0 || missing.length > 0) {
      const what = [
        missing.length ? `lacks ${missing.slice(0, 5).join(", ")}${missing.length > 5 ? " …" : ""}` : "",
        extra.length ? `has extra ${extra.slice(0, 5).join(", ")}${extra.length > 5 ? " …" : ""}` : "",
      ]
        .filter(Boolean)
        .join("; ");
      throw new InputError(part.path, "corrupt", `columns differ from ${first.path}: ${what}`);
    }
  }
  // Files with rows decide types; if all are empty, the first file does.
  const deciders = parts.some((p) => p.rows > 0) ? parts.filter((p) => p.rows > 0) : [first];
  for (const part of deciders) {
    for (const field of part.schema.fields) {
      const prior = chosen.get(field.name);
      if (!prior || (prior.type.typeId === Type.Null && field.type.typeId !== Type.Null)) {
        chosen.set(field.name, field);
        chosenFrom.set(field.name, part);
      } else if (field.type.typeId !== Type.Null && String(field.type) !== String(prior.type)) {
        const from = chosenFrom.get(field.name) as SchemaPart;
        throw new InputError(
          part.path,
          "corrupt",
          `column "${field.name}" is ${field.type} here but ${prior.type} in ${from.path}`,
        );
      }
    }
  }
  return new Schema(
    names.map((name) => {
      const field = chosen.get(name) ?? (first.schema.fields.find((f) => f.name === name) as Field);
      return new Field(name, field.type, true, field.metadata);
    }),
    first.schema.metadata,
  );
}

/**
 * The batches of a table rewritten to a target schema: columns reordered, all-null or empty-file columns retyped.
 * `schema` must come from {@link unifySchemas} over this table's schema.
 * @example
 * const fileTable = tableFromArrays({ ra: Float64Array.of(1.5), id: Int32Array.of(1) });
 * const schema = tableFromArrays({ id: Int32Array.of(2), ra: Float64Array.of(2.5) }).schema;
 * conformBatches(fileTable, schema)[0]?.schema.fields.map((f) => f.name) // ["id", "ra"]
 */
export function conformBatches(table: ArrowTable, schema: Schema): RecordBatch[] {
  return table.batches.map((batch) => conformBatch(batch, schema));
}

/**
 * One batch rewritten to a target schema (see {@link conformBatches}); `constants` fill columns the batch lacks.
 * @example
 * const batch = tableFromArrays({ id: Int32Array.of(1, 2) }).batches[0];
 * const schema = new Schema([new Field("id", new Int32()), new Field("tract", new Utf8())]);
 * [...conformBatch(batch, schema, { tract: "4431" }).getChild("tract")] // ["4431", "4431"]
 */
export function conformBatch(
  batch: RecordBatch,
  schema: Schema,
  constants?: Readonly<Record<string, string>>,
): RecordBatch {
  if (batch.schema === schema) return batch;
  const children: Data[] = schema.fields.map((field) => {
    const column = batch.getChild(field.name);
    const data = column?.data[0];
    if (data && String(data.type) === String(field.type)) return data;
    const constant = column ? undefined : constants?.[field.name];
    if (constant !== undefined) {
      return vectorFromArray(new Array(batch.numRows).fill(constant), new Utf8()).data[0] as Data;
    }
    // Either an all-null typed column or a column of a 0-row file: nulls of the target type.
    return nullData(field.type, batch.numRows);
  });
  const struct = makeData({ type: new Struct(schema.fields), length: batch.numRows, nullCount: 0, children });
  return new RecordBatch(schema, struct);
}

function nullData(type: DataType, length: number): Data {
  return vectorFromArray(new Array(length).fill(null), type).data[0] as Data;
}

/**
 * Concatenate per-file tables into one table with a shared schema.
 * @example
 * const t1 = tableFromArrays({ x: Float64Array.of(1) });
 * const t2 = tableFromArrays({ x: Float64Array.of(2, 3) });
 * concatTables([{ path: "a", table: t1 }, { path: "b", table: t2 }]).numRows // 3
 */
export function concatTables(parts: ReadonlyArray<{ path: string; table: ArrowTable }>): ArrowTable {
  if (parts.length === 1) return (parts[0] as { table: ArrowTable }).table;
  const schema = unifySchemas(
    parts.map((p) => ({ path: p.path, schema: p.table.schema, rows: p.table.numRows })),
  );
  const batches = parts.flatMap((p) => conformBatches(p.table, schema));
  return new ArrowTable(schema, batches);
}

/**
 * A table from fields and equally long vectors, keeping the given column order (unlike an object of columns,
 * whose integer-like keys JavaScript reorders).
 * @example tableFromVectors([new Field("x", new Float64())], [vectorFromArray([1, 2])]).numRows // 2
 */
export function tableFromVectors(fields: readonly Field[], vectors: readonly Vector[]): ArrowTable {
  const schema = new Schema([...fields]);
  const length = vectors[0]?.length ?? 0;
  if (vectors.length === 0) return new ArrowTable(schema);
  const batches: RecordBatch[] = [];
  // Vectors built in one go have one chunk; rechunk others by slicing to the first vector's chunks.
  const single = vectors.every((v) => v.data.length === 1);
  const columns = single ? vectors : vectors.map((v) => vectorFromArray([...v], v.type));
  const children = columns.map((v) => v.data[0] as Data);
  const struct = makeData({ type: new Struct(schema.fields), length, nullCount: 0, children });
  batches.push(new RecordBatch(schema, struct));
  return new ArrowTable(schema, batches);
}

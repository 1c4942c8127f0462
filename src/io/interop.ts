/**
 * Tables that live in memory: wrap an Arrow table, build one from plain JS columns or row objects, and convert
 * to and from danfojs-node DataFrames (what notebook users hold). danfojs-node is an optional peer dependency
 * (heavy, and it takes over a second to import), so it is loaded only inside toDanfo.
 */
import {
  Table as ArrowTable,
  Bool,
  type DataType,
  Field,
  Float32,
  Float64,
  Int8,
  Int16,
  Int32,
  Int64,
  TimestampMillisecond,
  Uint8,
  Uint16,
  Uint32,
  Uint64,
  Utf8,
  type Vector,
  vectorFromArray,
} from "apache-arrow";
import type { DataFrame } from "danfojs-node";
import { UsageError } from "../core/errors.js";
import { assertColumnsExist, assertUniqueNames, columnInfo, project, tableFromVectors } from "./arrow.js";
import { importOptional } from "./optional.js";
import type {
  ColumnInfo,
  ReadOptions,
  ScanOptions,
  SkyTable,
  SourceInfo,
  TableBatch,
  TableSource,
} from "./table.js";

/** Values a plain JS column may hold. */
export type JsColumn =
  | ReadonlyArray<number | bigint | boolean | string | Date | null | undefined>
  | Float64Array
  | Float32Array
  | Int8Array
  | Int16Array
  | Int32Array
  | Uint8Array
  | Uint16Array
  | Uint32Array
  | BigInt64Array
  | BigUint64Array;

/** A table already in memory, as a TableSource (format `memory`). */
class MemoryTableSource implements TableSource {
  readonly format = "memory" as const;
  readonly files: readonly string[] = [];
  private readonly source: SourceInfo;

  constructor(
    readonly name: string,
    private readonly data: ArrowTable,
    origin: string,
  ) {
    this.source = { path: origin, format: "memory", rows: data.numRows };
  }

  async columns(): Promise<ColumnInfo[]> {
    return this.data.schema.fields.map(columnInfo);
  }

  async rowCount(): Promise<number> {
    return this.data.numRows;
  }

  async read(options: ReadOptions = {}): Promise<SkyTable> {
    const data = this.project(options.columns);
    return { name: this.name, data, sources: [this.source] };
  }

  async *scan(options: ScanOptions = {}): AsyncIterable<TableBatch> {
    const data = this.project(options.columns);
    const size = options.batchRows && options.batchRows > 0 ? options.batchRows : Math.max(data.numRows, 1);
    let rowOffset = 0;
    for (let start = 0; start < data.numRows; start += size) {
      for (const batch of data.slice(start, Math.min(start + size, data.numRows)).batches) {
        if (batch.numRows === 0) continue;
        yield { source: this.source, rowOffset, data: batch };
        rowOffset += batch.numRows;
      }
    }
  }

  private project(columns?: readonly string[]): ArrowTable {
    assertColumnsExist(
      this.name,
      this.data.schema.fields.map((f) => f.name),
      columns,
    );
    return project(this.data, columns);
  }
}

/**
 * A TableSource over an Arrow table already in memory.
 * @example const source = tableFromArrow("Object", tableFromArrays({ ra: new Float64Array([1, 2]) }));
 */
export function tableFromArrow(name: string, table: ArrowTable, origin = "memory"): TableSource {
  assertUniqueNames(
    origin,
    table.schema.fields.map((f) => f.name),
  );
  return new MemoryTableSource(name, table, origin);
}

function typedArrayType(values: JsColumn): DataType | undefined {
  if (values instanceof Float64Array) return new Float64();
  if (values instanceof Float32Array) return new Float32();
  if (values instanceof Int8Array) return new Int8();
  if (values instanceof Int16Array) return new Int16();
  if (values instanceof Int32Array) return new Int32();
  if (values instanceof Uint8Array) return new Uint8();
  if (values instanceof Uint16Array) return new Uint16();
  if (values instanceof Uint32Array) return new Uint32();
  if (values instanceof BigInt64Array) return new Int64();
  if (values instanceof BigUint64Array) return new Uint64();
  return undefined;
}

/**
 * The Arrow type of a plain JS column: number → float64, bigint → int64, boolean → bool, string → utf8,
 * Date → timestamp[ms]; null/undefined are nulls (utf8 when the column is all null). Throws UsageError on mixes.
 * @example jsColumnType("flux", [1, null, Number.NaN]) // Float64
 */
export function jsColumnType(name: string, values: JsColumn): DataType {
  const typed = typedArrayType(values);
  if (typed) return typed;
  let kind: string | undefined;
  for (const value of values as ReadonlyArray<unknown>) {
    if (value === null || value === undefined) continue;
    const k = value instanceof Date ? "date" : typeof value;
    if (kind === undefined) kind = k;
    else if (kind !== k) throw new UsageError(`column "${name}" mixes ${kind} and ${k} values`);
  }
  switch (kind) {
    case "number":
      return new Float64();
    case "bigint":
      return new Int64();
    case "boolean":
      return new Bool();
    case "date":
      return new TimestampMillisecond();
    case undefined:
    case "string":
      return new Utf8();
    default:
      throw new UsageError(`column "${name}" holds ${kind} values, which a table cannot`);
  }
}

function jsVector(name: string, values: JsColumn, type?: DataType): Vector {
  const t = type ?? jsColumnType(name, values);
  const list = typedArrayType(values) ? values : Array.from(values as ArrayLike<unknown>);
  return vectorFromArray(list as never, t as never);
}

/**
 * A memory TableSource from named JS columns (arrays or typed arrays, all the same length). NaN stays NaN, null is null.
 * @example const source = fromColumns("t", { id: [1n, 2n], flux: [1.5, Number.NaN], band: ["g", null] });
 */
export function fromColumns(name: string, columns: Readonly<Record<string, JsColumn>>): TableSource {
  const names = Object.keys(columns);
  const lengths = new Set(names.map((n) => (columns[n] as JsColumn).length));
  if (lengths.size > 1)
    throw new UsageError(`table ${name}: columns differ in length (${[...lengths].join(", ")})`);
  const vectors = names.map((n) => jsVector(n, columns[n] as JsColumn));
  const fields = names.map((n, i) => new Field(n, (vectors[i] as Vector).type, true));
  return tableFromArrow(name, tableFromVectors(fields, vectors));
}

/**
 * A memory TableSource from row objects; columns are the union of keys in first-seen order, missing keys are null.
 * @example const source = fromRows("t", [{ id: 1n, ra: 10.5 }, { id: 2n, ra: null }]);
 */
export function fromRows(name: string, rows: ReadonlyArray<Readonly<Record<string, unknown>>>): TableSource {
  const names: string[] = [];
  const seen = new Set<string>();
  for (const row of rows) {
    for (const key of Object.keys(row)) {
      if (!seen.has(key)) {
        seen.add(key);
        names.push(key);
      }
    }
  }
  const columns: Record<string, JsColumn> = {};
  for (const key of names) columns[key] = rows.map((row) => (row[key] ?? null) as never);
  return fromColumns(name, columns);
}

function arrowOf(table: SkyTable | ArrowTable): ArrowTable {
  return table instanceof ArrowTable ? table : table.data;
}

/**
 * Plain JS columns of a table: typed arrays where a column has no nulls, else arrays with null.
 * @example toColumns(await fromRows("t", [{ id: 1n, ra: 10.5 }]).read()).ra // Float64Array [10.5]
 */
export function toColumns(table: SkyTable | ArrowTable): Record<string, JsColumn> {
  const data = arrowOf(table);
  const out: Record<string, JsColumn> = {};
  for (const field of data.schema.fields) {
    const vector = data.getChild(field.name) as Vector;
    out[field.name] =
      vector.nullCount === 0 && ArrayBuffer.isView(vector.toArray())
        ? (vector.toArray() as JsColumn)
        : ([...vector] as JsColumn);
  }
  return out;
}

/**
 * Row objects of a table (for small tables and display; int64 values are bigint, nulls are null).
 * @example toRows(await fromRows("t", [{ id: 1n, ra: 10.5 }]).read())[0] // { id: 1n, ra: 10.5 }
 */
export function toRows(table: SkyTable | ArrowTable): Array<Record<string, unknown>> {
  const data = arrowOf(table);
  const names = data.schema.fields.map((f) => f.name);
  const vectors = names.map((n) => data.getChild(n) as Vector);
  const rows: Array<Record<string, unknown>> = new Array(data.numRows);
  for (let r = 0; r < data.numRows; r++) {
    const row: Record<string, unknown> = {};
    for (let c = 0; c < names.length; c++) row[names[c] as string] = (vectors[c] as Vector).get(r) ?? null;
    rows[r] = row;
  }
  return rows;
}

/** danfojs-node is an optional peer dependency: a clear UsageError when a danfo function needs it and it is absent. */
function danfoModule(feature: string): Promise<typeof import("danfojs-node")> {
  return importOptional("danfojs-node", feature, () => import("danfojs-node"));
}

/**
 * A danfojs-node DataFrame from a table. danfo has no 64-bit integers: int64 columns become numbers when every
 * value is a safe integer, else decimal strings (so ids keep every digit).
 * @example (await toDanfo(await fromRows("t", [{ id: 1n, ra: 10.5 }]).read())).columns // ["id", "ra"]
 */
export async function toDanfo(table: SkyTable | ArrowTable): Promise<DataFrame> {
  const { DataFrame: Frame } = await danfoModule("toDanfo");
  const data = arrowOf(table);
  const columns: Record<string, unknown[]> = {};
  for (const field of data.schema.fields) {
    const values = [...(data.getChild(field.name) as Vector)] as unknown[];
    if (values.some((v) => typeof v === "bigint")) {
      const safe = values.every(
        (v) =>
          v === null ||
          (typeof v === "bigint" &&
            v <= BigInt(Number.MAX_SAFE_INTEGER) &&
            v >= BigInt(Number.MIN_SAFE_INTEGER)),
      );
      columns[field.name] = values.map((v) => (v === null ? null : safe ? Number(v) : String(v)));
    } else {
      columns[field.name] = values.map((v) => (v === undefined ? null : v));
    }
  }
  return new Frame(columns);
}

/**
 * A memory TableSource from a danfojs-node DataFrame: float columns → float64 (danfo marks missing numbers as NaN,
 * which stays NaN), int32 → int32 when values fit else float64, boolean → bool, string → utf8 with nulls; an
 * "int32" column of decimal strings (how {@link toDanfo} keeps big int64 ids) comes back as int64.
 * @example
 * const df = await toDanfo(await fromRows("t", [{ id: 1n, ra: 10.5 }]).read());
 * (await fromDanfo(df, "Object").read()).data.numRows // 1 (or fromDanfo("Object", df))
 */
export function fromDanfo(frame: DataFrame, name?: string): TableSource;
/** The same with the table name first. */
export function fromDanfo(name: string, frame: DataFrame): TableSource;
export function fromDanfo(a: DataFrame | string, b?: DataFrame | string): TableSource {
  const [frame, name] =
    typeof a === "string" ? [b as DataFrame, a] : [a, typeof b === "string" ? b : "danfo"];
  const names = frame.columns;
  const dtypes = frame.dtypes;
  const vectors: Vector[] = names.map((column, i) => {
    const values = frame.column(column).values as unknown[];
    const dtype = dtypes[i];
    const clean = values.map((v) => (v === undefined ? null : v));
    if (clean.some((v) => typeof v === "string")) {
      // toDanfo writes int64 values beyond 2^53 as decimal strings (danfo then reports int32): restore them
      const integers = clean.every(
        (v) => v === null || (typeof v === "string" && /^-?\d+$/.test(v)) || Number.isInteger(v),
      );
      if (dtype === "int32" && integers) {
        return vectorFromArray(
          clean.map((v) => (v === null ? null : BigInt(v as string | number))) as never,
          new Int64() as never,
        );
      }
      return vectorFromArray(clean.map((v) => (v === null ? null : String(v))) as never, new Utf8() as never);
    }
    if (dtype === "int32") {
      const fits = clean.every(
        (v) => v === null || (typeof v === "number" && Number.isInteger(v) && v >= -(2 ** 31) && v < 2 ** 31),
      );
      return vectorFromArray(clean as never, (fits ? new Int32() : new Float64()) as never);
    }
    if (dtype === "float32")
      return vectorFromArray(
        clean.map((v) => (v === null ? null : Number(v))) as never,
        new Float64() as never,
      );
    if (dtype === "boolean") return vectorFromArray(clean as never, new Bool() as never);
    return vectorFromArray(clean.map((v) => (v === null ? null : String(v))) as never, new Utf8() as never);
  });
  const fields = names.map((n, i) => new Field(n, (vectors[i] as Vector).type, true));
  return tableFromArrow(name, tableFromVectors(fields, vectors), "danfo DataFrame");
}

/**
 * Reading text tables with the schema's types. CSV has no types and ECSV carries the writer's in-memory dtype, so
 * the same logical column arrives as int64 0/1 (Qserv BOOLEAN), as text (a NULL-only column of a one-row dump) or
 * as int16 (a pandas detector) depending on the export. With a felis table given, every column whose data type
 * does not fit its datatype is re-read with the schema's type; a value that does not parse becomes null and is
 * reported (`schema.parse`, naming the rows) instead of turning the whole column into text.
 */
import {
  type Table as ArrowTable,
  type DataType,
  Field,
  TimestampMillisecond,
  type Vector,
  vectorFromArray,
} from "apache-arrow";
import { physicalType, tableFromVectors } from "../../io/arrow.js";
import { tableFromArrow } from "../../io/interop.js";
import { buildColumn, parseNumber } from "../../io/readers/delimited.js";
import type {
  ColumnInfo,
  ReadOptions,
  ScanOptions,
  SkyTable,
  TableBatch,
  TableSource,
} from "../../io/table.js";
import { arrowTypeOfFelis, physicalTypeFits } from "../../schema/datatypes.js";
import type { FelisDatatype, FelisTable } from "../../schema/felis.js";

/** Text formats whose column types are the writer's guess, not the catalog's. */
const TEXT_FORMATS = new Set(["csv", "ecsv"]);

/** Values of one column that do not parse with the schema's datatype (they are read as null). */
export interface ParseFailure {
  column: string;
  datatype: FelisDatatype;
  /** Number of values that did not parse. */
  count: number;
  /** The first offending rows (0-based) and their text. */
  sample: { row: number; text: string }[];
}

/** A source read with the schema's types, the columns that changed type and the values that did not parse. */
export interface SchemaTyped {
  source: TableSource;
  retyped: { column: string; from: string; to: string }[];
  failures: ParseFailure[];
}

const SAMPLE = 20;
const INT = /^[+-]?\d+$/;
const TRUE = new Set(["true", "t", "1", "yes", "y"]);
const FALSE = new Set(["false", "f", "0", "no", "n"]);
/** How database dumps spell NULL (MySQL `\N`, literal NULL). */
const NULL_TEXT = new Set(["\\N", "NULL", "null", "None", ""]);

const INT_BITS: Partial<Record<FelisDatatype, 8 | 16 | 32 | 64>> = { byte: 8, short: 16, int: 32, long: 64 };

/**
 * The Arrow type a felis datatype is read as (null for datatypes left as the file has them).
 * @example
 * arrowTypeOf("boolean")?.toString(); // "Bool"
 */
export function arrowTypeOf(datatype: FelisDatatype): DataType | null {
  // Bytes stay as the file has them; text timestamps are parsed to milliseconds whatever felis's precision.
  if (datatype === "binary") return null;
  if (datatype === "timestamp") return new TimestampMillisecond();
  return arrowTypeOfFelis({ datatype });
}

/** The text of a value as a reader would have seen it (null stays null). */
function textOf(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === "number" && Number.isNaN(value)) return "nan";
  if (value instanceof Date) return value.toISOString();
  return String(value);
}

/**
 * The canonical text of a cell for `datatype`, or undefined when it does not parse. Whole-number floats are
 * accepted as integers (a float64 column of ids that a NULL forced to float) and 0/1 as booleans.
 * @example
 * canonical("1", "boolean"); // "true"
 */
export function canonical(text: string, datatype: FelisDatatype): string | undefined {
  const t = text.trim();
  if (datatype === "boolean") {
    const lower = t.toLowerCase();
    if (TRUE.has(lower)) return "true";
    if (FALSE.has(lower)) return "false";
    const n = parseNumber(t);
    if (n === 0) return "false";
    if (n === 1) return "true";
    return undefined;
  }
  const bits = INT_BITS[datatype];
  if (bits !== undefined) {
    let digits = t;
    if (!INT.test(t)) {
      const n = parseNumber(t);
      if (n === undefined || !Number.isInteger(n)) return undefined;
      digits = BigInt(n).toString();
    }
    const v = BigInt(digits);
    const limit = 1n << BigInt(bits - 1);
    return v >= -limit && v < limit ? v.toString() : undefined;
  }
  if (datatype === "float" || datatype === "double") return parseNumber(t) === undefined ? undefined : t;
  if (datatype === "timestamp") return Number.isNaN(Date.parse(t)) ? undefined : t;
  return text;
}

function retypeColumn(
  vector: Vector,
  name: string,
  datatype: FelisDatatype,
  type: DataType,
  path: string,
): { vector: Vector; failure: ParseFailure | null } {
  const n = vector.length;
  const cells: (string | null)[] = new Array(n);
  const failure: ParseFailure = { column: name, datatype, count: 0, sample: [] };
  const textual =
    datatype === "char" || datatype === "string" || datatype === "unicode" || datatype === "text";
  for (let r = 0; r < n; r++) {
    const text = textOf(vector.get(r));
    if (text === null || (!textual && NULL_TEXT.has(text.trim()))) {
      cells[r] = null;
      continue;
    }
    const value = canonical(text, datatype);
    if (value === undefined) {
      cells[r] = null;
      failure.count++;
      if (failure.sample.length < SAMPLE) failure.sample.push({ row: r, text });
    } else cells[r] = value;
  }
  const built =
    datatype === "timestamp"
      ? vectorFromArray(
          cells.map((c) => (c === null ? null : new Date(c))),
          type as TimestampMillisecond,
        )
      : buildColumn(cells, type, { path, name });
  return { vector: built as Vector, failure: failure.count > 0 ? failure : null };
}

/** A source that reads from a retyped in-memory table but keeps the original's name, format, files and partiality. */
class RetypedSource implements TableSource {
  private readonly memory: TableSource;
  constructor(
    private readonly original: TableSource,
    data: ArrowTable,
  ) {
    this.memory = tableFromArrow(original.name, data, original.files[0] ?? original.name);
  }
  get name(): string {
    return this.original.name;
  }
  get format() {
    return this.original.format;
  }
  get files(): readonly string[] {
    return this.original.files;
  }
  // Retyping reads what the original reads: a part of the table stays a part, and says so.
  get partial(): string | undefined {
    return this.original.partial;
  }
  get rowLimit(): number | undefined {
    return this.original.rowLimit;
  }
  get tableRows(): number | undefined {
    return this.original.tableRows;
  }
  async columns(): Promise<ColumnInfo[]> {
    // Keep the file's units, UCDs and descriptions; only types change.
    const declared = new Map((await this.original.columns()).map((c) => [c.name, c]));
    return (await this.memory.columns()).map((c) => ({ ...declared.get(c.name), ...c }));
  }
  rowCount(): Promise<number> {
    return this.memory.rowCount();
  }
  read(options?: ReadOptions): Promise<SkyTable> {
    return this.memory.read(options);
  }
  scan(options?: ScanOptions): AsyncIterable<TableBatch> {
    return this.memory.scan(options);
  }
}

/**
 * Re-reads a CSV/ECSV source with the felis table's types where the file's types do not fit them (all-empty
 * columns keep Arrow's Null type); null when the source is not a text format or every column already fits.
 * @example
 * const { mkdtempSync, writeFileSync } = await import("node:fs");
 * const { tmpdir } = await import("node:os");
 * const csv = `${mkdtempSync(`${tmpdir()}/skygate-`)}/row.csv`;
 * writeFileSync(csv, "objectId,detect_isPrimary\n1,1\n2,0\n");
 * const typed = await typeBySchema(await openTable("Object", csv), requireTable(dp02, "Object"));
 * typed?.retyped.find((r) => r.column === "detect_isPrimary"); // { from: "int64", to: "bool", … }
 */
export async function typeBySchema(source: TableSource, table: FelisTable): Promise<SchemaTyped | null> {
  if (!TEXT_FORMATS.has(source.format)) return null;
  const declared = new Map(table.columns.map((c) => [c.name, c.datatype]));
  const columns = await source.columns();
  // An all-empty column reads as Arrow's Null type and stays so: it holds no value whose type could be wrong,
  // and retyped it would differ from the other bands' guessed float64 and raise crossBand false alarms.
  const todo = columns.filter((c) => {
    const datatype = declared.get(c.name);
    return (
      datatype !== undefined &&
      c.type !== "null" &&
      arrowTypeOf(datatype) !== null &&
      !physicalTypeFits(datatype, c.type)
    );
  });
  if (todo.length === 0) return null;
  const { data } = await source.read();
  const wanted = new Set(todo.map((c) => c.name));
  const retyped: SchemaTyped["retyped"] = [];
  const failures: ParseFailure[] = [];
  const path = source.files[0] ?? source.name;
  const fields: Field[] = [];
  const vectors: Vector[] = [];
  for (const field of data.schema.fields) {
    const vector = data.getChild(field.name) as Vector;
    const datatype = declared.get(field.name);
    const type = datatype === undefined ? null : arrowTypeOf(datatype);
    if (!wanted.has(field.name) || datatype === undefined || type === null) {
      fields.push(field);
      vectors.push(vector);
      continue;
    }
    const out = retypeColumn(vector, field.name, datatype, type, path);
    retyped.push({ column: field.name, from: physicalType(field.type), to: physicalType(out.vector.type) });
    if (out.failure !== null) failures.push(out.failure);
    fields.push(new Field(field.name, out.vector.type, true, field.metadata));
    vectors.push(out.vector);
  }
  return { source: new RetypedSource(source, tableFromVectors(fields, vectors)), retyped, failures };
}

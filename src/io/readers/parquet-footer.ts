/**
 * A Parquet footer read once in plain JS (Thrift compact protocol), so that a projection need not make
 * parquet-wasm parse and copy the metadata of every column: a wide file's footer (991 columns × 100 row groups is
 * 99 100 column chunks, ~10 MB) costs parquet-wasm about a second per open, plus as much again for each
 * `metadata()` call, which copies all of it into JS. Here the footer is walked once, keeping only where each
 * schema element and column chunk starts and ends; `footerFor(columns)` then writes a small footer holding only
 * the requested columns (their schema elements, column chunks, column orders and a projected `ARROW:schema`),
 * byte for byte as the writer wrote them otherwise. Data offsets are absolute, so the original file's bytes before
 * the footer plus the new footer form a valid Parquet file that parquet-wasm reads as it would the whole one.
 * Anything this reader does not understand (nested columns, encrypted footers, a malformed footer) makes
 * `parseFooter` return null, and the caller reads the file the usual way.
 */
import { Schema, Table, tableFromIPC, tableToIPC } from "apache-arrow";

/** Thrift compact protocol types. */
const T = {
  TRUE: 1,
  FALSE: 2,
  BYTE: 3,
  I16: 4,
  I32: 5,
  I64: 6,
  DOUBLE: 7,
  BINARY: 8,
  LIST: 9,
  SET: 10,
  MAP: 11,
  STRUCT: 12,
} as const;

class Malformed extends Error {}

/** A cursor over Thrift compact bytes that can skip any value. */
class Cursor {
  pos = 0;
  constructor(readonly bytes: Uint8Array) {}

  byte(): number {
    if (this.pos >= this.bytes.length) throw new Malformed("footer ends early");
    return this.bytes[this.pos++] as number;
  }

  /** An unsigned varint as a number (exact up to 2^53). */
  varint(): number {
    let result = 0;
    let scale = 1;
    for (let i = 0; i < 10; i++) {
      const b = this.byte();
      result += (b & 0x7f) * scale;
      if ((b & 0x80) === 0) return result;
      scale *= 128;
    }
    throw new Malformed("varint too long");
  }

  /** A zigzag varint (i16/i32/i64) as a number. */
  zigzag(): number {
    const v = this.varint();
    return v % 2 === 0 ? v / 2 : -(v + 1) / 2;
  }

  binary(): Uint8Array {
    const n = this.varint();
    if (this.pos + n > this.bytes.length) throw new Malformed("footer ends early");
    const out = this.bytes.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }

  /** List/set header: element type and size. */
  listHeader(): { type: number; size: number } {
    const b = this.byte();
    const short = b >> 4;
    return { type: b & 0x0f, size: short === 15 ? this.varint() : short };
  }

  /** Walks a struct's fields, calling `field(id, type)` for each; the callback must consume the value. */
  struct(field: (id: number, type: number) => void): void {
    let last = 0;
    for (;;) {
      const b = this.byte();
      if (b === 0) return;
      const type = b & 0x0f;
      const delta = b >> 4;
      const id = delta === 0 ? this.zigzag() : last + delta;
      last = id;
      field(id, type);
    }
  }

  skip(type: number, depth = 0): void {
    if (depth > 64) throw new Malformed("nesting too deep");
    switch (type) {
      case T.TRUE:
      case T.FALSE:
        return; // a field's boolean lives in its header
      case T.BYTE:
        this.advance(1);
        return;
      case T.I16:
      case T.I32:
      case T.I64:
        this.varint();
        return;
      case T.DOUBLE:
        this.advance(8);
        return;
      case T.BINARY:
        this.binary();
        return;
      case T.LIST:
      case T.SET: {
        const { type: element, size } = this.listHeader();
        for (let i = 0; i < size; i++) {
          // booleans inside a list take one byte each
          if (element === T.TRUE || element === T.FALSE) this.advance(1);
          else this.skip(element, depth + 1);
        }
        return;
      }
      case T.MAP: {
        const size = this.varint();
        if (size === 0) return;
        const kinds = this.byte();
        for (let i = 0; i < size; i++) {
          this.skip(kinds >> 4, depth + 1);
          this.skip(kinds & 0x0f, depth + 1);
        }
        return;
      }
      case T.STRUCT:
        this.struct((_, t) => this.skip(t, depth + 1));
        return;
      default:
        throw new Malformed(`unknown Thrift type ${type}`);
    }
  }

  private advance(n: number): void {
    if (this.pos + n > this.bytes.length) throw new Malformed("footer ends early");
    this.pos += n;
  }
}

/** A byte range [start, end) of the footer. */
type Span = readonly [number, number];

/** One field of a struct as written: id, type and the span of its value. */
interface RawField {
  id: number;
  type: number;
  value: Span;
}

/** Reads a struct's fields as raw spans (values not decoded). */
function rawFields(c: Cursor): RawField[] {
  const out: RawField[] = [];
  c.struct((id, type) => {
    const start = c.pos;
    c.skip(type);
    out.push({ id, type, value: [start, c.pos] });
  });
  return out;
}

/** Spans of a list's elements (structs or strings). */
function listSpans(c: Cursor): { type: number; spans: Span[] } {
  const { type, size } = c.listHeader();
  const spans: Span[] = [];
  for (let i = 0; i < size; i++) {
    const start = c.pos;
    c.skip(type);
    spans.push([start, c.pos]);
  }
  return { type, spans };
}

/** A row group: its fields as written, with its column chunks' spans. */
interface RowGroupIndex {
  fields: RawField[];
  rows: number;
  columns: Span[];
}

/** What the walk keeps of a footer: spans to copy, plus the few values needed to judge and rebuild it. */
export interface ParquetFooter {
  /** The footer's Thrift bytes (FileMetaData). */
  readonly bytes: Uint8Array;
  /** Byte offset of the footer in the file: everything before it is data. */
  readonly offset: number;
  readonly fileSize: number;
  readonly rows: number;
  /** Leaf column names in file order (flat schemas only). */
  readonly columns: readonly string[];
  readonly rowGroups: readonly RowGroupIndex[];
  readonly fields: readonly RawField[];
  readonly schema: { root: RawField[]; elements: Span[]; listType: number };
  readonly keyValues: { key: string; span: Span }[];
  readonly columnOrders: { type: number; spans: Span[] } | null;
}

const decoder = new TextDecoder();

/**
 * Walks a FileMetaData; null when the footer uses what this module does not rewrite (nested schema, encryption).
 * @example parseFooter(new Uint8Array([0]), 4, 13) // null (no schema)
 */
export function parseFooter(bytes: Uint8Array, offset: number, fileSize: number): ParquetFooter | null {
  try {
    const c = new Cursor(bytes);
    let rows = -1;
    let schema: ParquetFooter["schema"] | null = null;
    const columns: string[] = [];
    const rowGroups: RowGroupIndex[] = [];
    const keyValues: ParquetFooter["keyValues"] = [];
    let columnOrders: ParquetFooter["columnOrders"] = null;
    let unsupported = false;
    const fields: RawField[] = [];
    c.struct((id, type) => {
      const start = c.pos;
      if (id === 2 && type === T.LIST) {
        const { type: listType, spans } = listSpans(c);
        if (spans.length === 0) throw new Malformed("no schema");
        const [first, ...rest] = spans as [Span, ...Span[]];
        const root = rawFields(new CursorAt(bytes, first[0]));
        for (const span of rest) {
          const e = new CursorAt(bytes, span[0]);
          let name: string | null = null;
          e.struct((fid, ftype) => {
            if (fid === 4 && ftype === T.BINARY) name = decoder.decode(e.binary());
            else if (fid === 5 && ftype === T.I32) {
              // num_children: a group (nested column); those are not rewritten here
              if (e.zigzag() > 0) unsupported = true;
            } else e.skip(ftype);
          });
          if (name === null) throw new Malformed("schema element without a name");
          columns.push(name);
        }
        schema = { root, elements: rest, listType };
      } else if (id === 3 && type === T.I64) {
        rows = c.zigzag();
      } else if (id === 4 && type === T.LIST) {
        const { size } = c.listHeader();
        for (let g = 0; g < size; g++) {
          const groupFields: RawField[] = [];
          let groupRows = -1;
          let spans: Span[] = [];
          c.struct((gid, gtype) => {
            const gstart = c.pos;
            if (gid === 1 && gtype === T.LIST) spans = listSpans(c).spans;
            else if (gid === 3 && gtype === T.I64) groupRows = c.zigzag();
            else c.skip(gtype);
            groupFields.push({ id: gid, type: gtype, value: [gstart, c.pos] });
          });
          rowGroups.push({ fields: groupFields, rows: groupRows, columns: spans });
        }
      } else if (id === 5 && type === T.LIST) {
        const { spans } = listSpans(c);
        for (const span of spans) {
          const e = new CursorAt(bytes, span[0]);
          let key = "";
          e.struct((fid, ftype) => {
            if (fid === 1 && ftype === T.BINARY) key = decoder.decode(e.binary());
            else e.skip(ftype);
          });
          keyValues.push({ key, span });
        }
      } else if (id === 7 && type === T.LIST) {
        columnOrders = listSpans(c);
      } else if (id === 8 || id === 9) {
        unsupported = true; // encryption
        c.skip(type);
      } else c.skip(type);
      fields.push({ id, type, value: [start, c.pos] });
    });
    if (unsupported || schema === null || rows < 0) return null;
    const s = schema as ParquetFooter["schema"];
    // The root's num_children is rewritten for a projection; a root without it is not a schema written here.
    if (!s.root.some((f) => f.id === 5 && f.type === T.I32)) return null;
    for (const g of rowGroups)
      if (g.columns.length !== columns.length || g.rows < 0) throw new Malformed("row group columns");
    if (columnOrders !== null && (columnOrders as { spans: Span[] }).spans.length !== columns.length)
      return null;
    return {
      bytes,
      offset,
      fileSize,
      rows,
      columns,
      rowGroups,
      fields,
      schema: s,
      keyValues,
      columnOrders,
    };
  } catch (error) {
    if (error instanceof Malformed || error instanceof RangeError) return null;
    throw error;
  }
}

class CursorAt extends Cursor {
  constructor(bytes: Uint8Array, at: number) {
    super(bytes);
    this.pos = at;
  }
}

/** Writes Thrift compact bytes. */
class Writer {
  private chunks: Uint8Array[] = [];
  private current = new Uint8Array(1 << 16);
  private at = 0;
  private size = 0;

  private ensure(n: number): void {
    if (this.at + n <= this.current.length) return;
    this.chunks.push(this.current.subarray(0, this.at));
    this.current = new Uint8Array(Math.max(1 << 16, n));
    this.at = 0;
  }

  byte(b: number): void {
    this.ensure(1);
    this.current[this.at++] = b;
    this.size++;
  }

  bytes(b: Uint8Array): void {
    this.ensure(b.length);
    this.current.set(b, this.at);
    this.at += b.length;
    this.size += b.length;
  }

  varint(v: number): void {
    let x = v;
    while (x >= 0x80) {
      this.byte((x % 128) | 0x80);
      x = Math.floor(x / 128);
    }
    this.byte(x);
  }

  zigzag(v: number): void {
    this.varint(v >= 0 ? v * 2 : -v * 2 - 1);
  }

  /** A field header, with the previous field id of the same struct. */
  field(id: number, type: number, last: number): void {
    const delta = id - last;
    if (delta > 0 && delta <= 15) this.byte((delta << 4) | type);
    else {
      this.byte(type);
      this.zigzag(id);
    }
  }

  listHeader(type: number, size: number): void {
    if (size < 15) this.byte((size << 4) | type);
    else {
      this.byte(0xf0 | type);
      this.varint(size);
    }
  }

  done(): Uint8Array {
    const out = new Uint8Array(this.size);
    let at = 0;
    for (const c of [...this.chunks, this.current.subarray(0, this.at)]) {
      out.set(c, at);
      at += c.length;
    }
    return out;
  }
}

/** Writes a struct from raw fields, with some field values replaced by writer callbacks. */
function writeStruct(
  w: Writer,
  source: Uint8Array,
  fields: readonly RawField[],
  replace: ReadonlyMap<number, ((w: Writer) => void) | null>,
): void {
  let last = 0;
  for (const f of fields) {
    const write = replace.get(f.id);
    if (write === null) continue; // dropped
    w.field(f.id, f.type, last);
    last = f.id;
    if (write) write(w);
    else w.bytes(source.subarray(f.value[0], f.value[1]));
  }
  w.byte(0);
}

function writeList(w: Writer, source: Uint8Array, type: number, spans: readonly Span[]): void {
  w.listHeader(type, spans.length);
  for (const [a, b] of spans) w.bytes(source.subarray(a, b));
}

/** The base64 ARROW:schema value holding only `keep` (by name), or null when it cannot be re-encoded. */
function projectedArrowSchema(encoded: string, keep: ReadonlySet<string>): string | null {
  try {
    const raw = Buffer.from(encoded, "base64");
    // An IPC stream: the stored schema message, then an end-of-stream marker.
    const stream = new Uint8Array(raw.length + 8);
    stream.set(raw);
    stream.set([0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0], raw.length);
    const schema = tableFromIPC(stream).schema;
    const fields = schema.fields.filter((f) => keep.has(f.name));
    if (fields.length !== keep.size) return null;
    const ipc = tableToIPC(new Table(new Schema(fields, schema.metadata)), "stream");
    // Drop the end-of-stream marker: what remains is the encapsulated schema message.
    return Buffer.from(ipc.subarray(0, ipc.length - 8)).toString("base64");
  } catch {
    return null;
  }
}

function writeKeyValue(w: Writer, key: string, value: string): void {
  const k = new TextEncoder().encode(key);
  const v = new TextEncoder().encode(value);
  w.field(1, T.BINARY, 0);
  w.varint(k.length);
  w.bytes(k);
  w.field(2, T.BINARY, 1);
  w.varint(v.length);
  w.bytes(v);
  w.byte(0);
}

function keyValueString(footer: ParquetFooter, span: Span): string | null {
  const c = new CursorAt(footer.bytes, span[0]);
  let value: string | null = null;
  c.struct((id, type) => {
    if (id === 2 && type === T.BINARY) value = decoder.decode(c.binary());
    else c.skip(type);
  });
  return value;
}

/**
 * A footer holding only the named leaf columns (kept in file order) and the row groups listed (all by default), or null
 * when it cannot be written (a name not in the file, an ARROW:schema that does not re-encode).
 * @example
 * const file = readFileSync("fixtures/pilot/Object.parquet");
 * const at = file.length - 8 - file.readUInt32LE(file.length - 8);
 * const footer = parseFooter(file.subarray(at, file.length - 8), at, file.length);
 * parseFooter(footerFor(footer, ["coord_ra", "coord_dec"]), 0, 0).columns // ["coord_dec", "coord_ra"]
 */
export function footerFor(
  footer: ParquetFooter,
  columns: readonly string[] | null,
  rowGroups?: readonly number[],
): Uint8Array | null {
  const wanted = columns === null ? null : new Set(columns);
  const keep: number[] = [];
  footer.columns.forEach((name, i) => {
    if (wanted === null || wanted.has(name)) keep.push(i);
  });
  if (wanted !== null && keep.length !== wanted.size) return null;
  const keepNames = new Set(keep.map((i) => footer.columns[i] as string));
  const src = footer.bytes;
  const pick = (spans: readonly Span[]) => keep.map((i) => spans[i] as Span);
  let arrowSchema: string | null | undefined;
  const kv = footer.keyValues.find((x) => x.key === "ARROW:schema");
  if (kv !== undefined && wanted !== null) {
    const value = keyValueString(footer, kv.span);
    arrowSchema = value === null ? null : projectedArrowSchema(value, keepNames);
    if (arrowSchema === null) return null;
  }
  const groups = (rowGroups ?? footer.rowGroups.map((_, i) => i)).map(
    (i) => footer.rowGroups[i] as RowGroupIndex,
  );
  const w = new Writer();
  const replace = new Map<number, ((w: Writer) => void) | null>([
    [
      2,
      (w) => {
        w.listHeader(footer.schema.listType, keep.length + 1);
        // The root's num_children (field 5) is the number of leaves kept.
        writeStruct(w, src, footer.schema.root, new Map([[5, (w: Writer) => w.zigzag(keep.length)]]));
        for (const [a, b] of pick(footer.schema.elements)) w.bytes(src.subarray(a, b));
      },
    ],
    [
      4,
      (w) => {
        w.listHeader(T.STRUCT, groups.length);
        for (const g of groups)
          writeStruct(
            w,
            src,
            g.fields,
            new Map([[1, (w: Writer) => writeList(w, src, T.STRUCT, pick(g.columns))]]),
          );
      },
    ],
  ]);
  if (arrowSchema !== undefined)
    replace.set(5, (w) => {
      w.listHeader(T.STRUCT, footer.keyValues.length);
      for (const x of footer.keyValues) {
        if (x === kv) writeKeyValue(w, x.key, arrowSchema as string);
        else w.bytes(src.subarray(x.span[0], x.span[1]));
      }
    });
  if (footer.columnOrders !== null) {
    const orders = footer.columnOrders;
    replace.set(7, (w) => writeList(w, src, orders.type, pick(orders.spans)));
  }
  writeStruct(w, src, footer.fields, replace);
  return w.done();
}

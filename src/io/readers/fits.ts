/**
 * FITS binary tables (BINTABLE, first one in the file), plain or gzip-compressed. Big-endian columns are decoded
 * column by column into typed arrays: TFORM L B I J K E D A X (with repeat counts), TSCAL/TZERO (including the
 * unsigned-integer conventions), TNULL, TUNIT, TDOC/TTYPE comments. lsst.afw.table catalogs pack their flags as
 * bits of one `X` column named by `TFLAGn` keys; those become one boolean column per flag, in place of `flags`.
 */

import { open } from "node:fs/promises";
import {
  type Table as ArrowTable,
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
import { InputError } from "../../core/errors.js";
import { assertUniqueNames, describedField, tableFromVectors } from "../arrow.js";
import { readMaybeGzip } from "./text.js";
import { type FileDescription, type FileReader, wholeFileReader } from "./types.js";

const BLOCK = 2880;
const CARD = 80;

/** Header keywords of one HDU, values as raw strings (strings unquoted). */
export type FitsHeader = Map<string, string>;

function parseCardValue(raw: string): string {
  const text = raw.trimStart();
  if (text.startsWith("'")) {
    let out = "";
    let i = 1;
    while (i < text.length) {
      if (text[i] === "'") {
        if (text[i + 1] === "'") {
          out += "'";
          i += 2;
          continue;
        }
        break;
      }
      out += text[i];
      i++;
    }
    return out.trimEnd();
  }
  const slash = text.indexOf("/");
  return (slash >= 0 ? text.slice(0, slash) : text).trim();
}

/**
 * Add one 80-character card to a header; returns the key it set (for CONTINUE cards, which extend the previous
 * string value when it ends with `&`). Returns "END" at the END card.
 */
function addCard(header: FitsHeader, card: string, previous: string | undefined): string | undefined {
  const key = card.slice(0, 8).trim();
  if (key === "END") return "END";
  if (key === "CONTINUE" && previous !== undefined) {
    const before = header.get(previous) ?? "";
    if (before.endsWith("&")) header.set(previous, before.slice(0, -1) + parseCardValue(card.slice(8)));
    return previous;
  }
  if (card.slice(8, 10) === "= " && key) {
    header.set(key, parseCardValue(card.slice(10)));
    return key;
  }
  return undefined;
}

interface Hdu {
  header: FitsHeader;
  dataStart: number;
  dataBytes: number;
}

/** Walk the HDUs of a FITS file; throws InputError `corrupt`/`truncated`. */
function readHdus(bytes: Uint8Array, path: string): Hdu[] {
  const text = (start: number, length: number) =>
    Buffer.from(bytes.buffer, bytes.byteOffset + start, length).toString("latin1");
  if (bytes.length < CARD || !text(0, 9).startsWith("SIMPLE  =")) {
    throw new InputError(path, "corrupt", "not a FITS file (does not start with SIMPLE =)");
  }
  const hdus: Hdu[] = [];
  let offset = 0;
  while (offset < bytes.length) {
    const header: FitsHeader = new Map();
    let ended = false;
    let cursor = offset;
    let previous: string | undefined;
    while (!ended) {
      if (cursor + CARD > bytes.length) {
        throw new InputError(path, "truncated", `FITS header of HDU ${hdus.length} ends early (no END card)`);
      }
      previous = addCard(header, text(cursor, CARD), previous);
      cursor += CARD;
      if (previous === "END") ended = true;
    }
    const headerEnd = offset + Math.ceil((cursor - offset) / BLOCK) * BLOCK;
    const bitpix = Math.abs(Number(header.get("BITPIX") ?? 8));
    const naxis = Number(header.get("NAXIS") ?? 0);
    let count = naxis > 0 ? 1 : 0;
    for (let k = 1; k <= naxis; k++) count *= Number(header.get(`NAXIS${k}`) ?? 0);
    const pcount = Number(header.get("PCOUNT") ?? 0);
    const gcount = Number(header.get("GCOUNT") ?? 1);
    const dataBytes = naxis > 0 ? (bitpix / 8) * gcount * (pcount + count) : 0;
    hdus.push({ header, dataStart: headerEnd, dataBytes });
    offset = headerEnd + Math.ceil(dataBytes / BLOCK) * BLOCK;
    // Trailing bytes too short for a header are padding.
    if (offset + CARD > bytes.length || text(offset, 8).trim() !== "XTENSION") break;
  }
  return hdus;
}

interface ColumnSpec {
  name: string;
  repeat: number;
  code: string;
  offset: number;
  width: number;
  unit?: string;
  description?: string;
  scale?: number;
  zero?: string;
  tnull?: string;
}

const WIDTHS: Readonly<Record<string, number>> = {
  L: 1,
  X: 0,
  B: 1,
  I: 2,
  J: 4,
  K: 8,
  A: 1,
  E: 4,
  D: 8,
  C: 8,
  M: 16,
  P: 8,
  Q: 16,
};

function columnSpecs(header: FitsHeader, path: string): ColumnSpec[] {
  const count = Number(header.get("TFIELDS") ?? 0);
  const specs: ColumnSpec[] = [];
  let offset = 0;
  for (let n = 1; n <= count; n++) {
    const form = (header.get(`TFORM${n}`) ?? "").trim();
    const match = /^(\d*)([LXBIJKAEDCMPQ])/.exec(form);
    if (!match) throw new InputError(path, "unsupported", `column ${n}: unknown TFORM "${form}"`);
    const repeat = match[1] === "" ? 1 : Number(match[1]);
    const code = match[2] as string;
    const width = code === "X" ? Math.ceil(repeat / 8) : repeat * (WIDTHS[code] as number);
    const spec: ColumnSpec = {
      name: header.get(`TTYPE${n}`)?.trim() || `col${n}`,
      repeat,
      code,
      offset,
      width,
    };
    const unit = header.get(`TUNIT${n}`)?.trim();
    const description = header.get(`TDOC${n}`)?.trim();
    if (unit) spec.unit = unit;
    if (description) spec.description = description;
    if (header.has(`TSCAL${n}`)) spec.scale = Number(header.get(`TSCAL${n}`));
    if (header.has(`TZERO${n}`)) spec.zero = header.get(`TZERO${n}`);
    if (header.has(`TNULL${n}`)) spec.tnull = header.get(`TNULL${n}`);
    specs.push(spec);
    offset += width;
  }
  return specs;
}

/** Arrow validity bitmap (bit set = valid) from a per-row null mask, or undefined when nothing is null. */
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

const TWO63 = "9223372036854775808";

/** The Arrow column(s) of one FITS column. */
function decodeColumn(
  view: DataView,
  rows: number,
  rowBytes: number,
  spec: ColumnSpec,
  flagNames: string[] | undefined,
  flagDocs: ReadonlyArray<string | undefined> = [],
): Array<{ field: Field; vector: Vector }> {
  const { code, repeat, offset } = spec;
  const about = {
    ...(spec.unit ? { unit: spec.unit } : {}),
    ...(spec.description ? { description: spec.description } : {}),
  };
  const count = rows * repeat;
  if (code === "X") {
    const names = flagNames ?? Array.from({ length: repeat }, (_, b) => `${spec.name}_${b}`);
    return names.slice(0, repeat).map((name, bit) => {
      const values = new Uint8Array(rows);
      for (let r = 0; r < rows; r++) {
        const byte = view.getUint8(r * rowBytes + offset + (bit >> 3));
        values[r] = (byte >> (7 - (bit & 7))) & 1;
      }
      const vector = makeVector(
        makeData({ type: new Bool(), length: rows, nullCount: 0, data: packBits(values) }),
      );
      const doc = flagNames ? flagDocs[bit] : undefined;
      return { field: describedField(name, new Bool(), doc ? { description: doc } : {}), vector };
    });
  }
  if (code === "A") {
    const strings: string[] = new Array(rows);
    for (let r = 0; r < rows; r++) {
      const start = view.byteOffset + r * rowBytes + offset;
      let text = Buffer.from(view.buffer, start, repeat).toString("latin1");
      const nul = text.indexOf("\u0000");
      if (nul >= 0) text = text.slice(0, nul);
      strings[r] = text.trimEnd();
    }
    const vector = vectorFromArray(strings, new Utf8());
    return [{ field: describedField(spec.name, vector.type, about), vector }];
  }
  if (code === "L") {
    const values = new Uint8Array(count);
    const isNull = new Uint8Array(count);
    for (let r = 0; r < rows; r++) {
      for (let k = 0; k < repeat; k++) {
        const ch = view.getUint8(r * rowBytes + offset + k);
        values[r * repeat + k] = ch === 0x54 ? 1 : 0; // 'T'
        isNull[r * repeat + k] = ch === 0x54 || ch === 0x46 ? 0 : 1; // neither 'T' nor 'F': undefined
      }
    }
    const { bitmap, nullCount } = validityBitmap(isNull);
    return [
      wrap(
        spec,
        about,
        rows,
        makeData({
          type: new Bool(),
          length: count,
          nullCount,
          data: packBits(values),
          ...(bitmap ? { nullBitmap: bitmap } : {}),
        }),
      ),
    ];
  }
  if (code === "C" || code === "M" || code === "P" || code === "Q") {
    return []; // complex and variable-length arrays: not table columns skygate checks
  }
  const unsignedZero =
    (code === "B" && spec.zero !== undefined && Number(spec.zero) === -128) ||
    (code === "I" && spec.zero !== undefined && Number(spec.zero) === 32768) ||
    (code === "J" && spec.zero !== undefined && Number(spec.zero) === 2147483648) ||
    (code === "K" && spec.zero?.replace(/\.0*$/, "") === TWO63);
  const scaled =
    !unsignedZero &&
    ((spec.scale !== undefined && spec.scale !== 1) || (spec.zero !== undefined && Number(spec.zero) !== 0));
  const size = WIDTHS[code] as number;
  const isNull = new Uint8Array(count);
  const tnull = spec.tnull !== undefined && code !== "E" && code !== "D" ? BigInt(spec.tnull) : undefined;
  // B/I/J values fit a number exactly: comparing numbers keeps the per-value loops free of BigInt allocations.
  const tnullNumber = tnull !== undefined && code !== "K" ? Number(tnull) : undefined;
  let type: DataType;
  let values:
    | Int8Array
    | Uint8Array
    | Int16Array
    | Uint16Array
    | Int32Array
    | Uint32Array
    | BigInt64Array
    | BigUint64Array
    | Float32Array
    | Float64Array;
  const at = (r: number, k: number) => r * rowBytes + offset + k * size;
  if (scaled) {
    const scale = spec.scale ?? 1;
    const zero = Number(spec.zero ?? 0);
    const out = new Float64Array(count);
    for (let r = 0; r < rows; r++) {
      for (let k = 0; k < repeat; k++) {
        const p = at(r, k);
        const raw =
          code === "B"
            ? view.getUint8(p)
            : code === "I"
              ? view.getInt16(p)
              : code === "J"
                ? view.getInt32(p)
                : code === "K"
                  ? view.getBigInt64(p)
                  : code === "E"
                    ? view.getFloat32(p)
                    : view.getFloat64(p);
        if (tnull !== undefined && (code === "K" ? raw === tnull : raw === tnullNumber))
          isNull[r * repeat + k] = 1;
        out[r * repeat + k] = zero + scale * Number(raw);
      }
    }
    type = new Float64();
    values = out;
  } else {
    switch (code) {
      case "B": {
        const out = unsignedZero ? new Int8Array(count) : new Uint8Array(count);
        for (let r = 0; r < rows; r++)
          for (let k = 0; k < repeat; k++) {
            const raw = view.getUint8(at(r, k));
            if (raw === tnullNumber) isNull[r * repeat + k] = 1;
            out[r * repeat + k] = unsignedZero ? raw - 128 : raw;
          }
        type = unsignedZero ? new Int8() : new Uint8();
        values = out;
        break;
      }
      case "I": {
        const out = unsignedZero ? new Uint16Array(count) : new Int16Array(count);
        for (let r = 0; r < rows; r++)
          for (let k = 0; k < repeat; k++) {
            const raw = view.getInt16(at(r, k));
            if (raw === tnullNumber) isNull[r * repeat + k] = 1;
            out[r * repeat + k] = unsignedZero ? raw + 32768 : raw;
          }
        type = unsignedZero ? new Uint16() : new Int16();
        values = out;
        break;
      }
      case "J": {
        const out = unsignedZero ? new Uint32Array(count) : new Int32Array(count);
        for (let r = 0; r < rows; r++)
          for (let k = 0; k < repeat; k++) {
            const raw = view.getInt32(at(r, k));
            if (raw === tnullNumber) isNull[r * repeat + k] = 1;
            out[r * repeat + k] = unsignedZero ? raw + 2147483648 : raw;
          }
        type = unsignedZero ? new Uint32() : new Int32();
        values = out;
        break;
      }
      case "K": {
        const out = unsignedZero ? new BigUint64Array(count) : new BigInt64Array(count);
        for (let r = 0; r < rows; r++)
          for (let k = 0; k < repeat; k++) {
            const raw = view.getBigInt64(at(r, k));
            if (tnull !== undefined && raw === tnull) isNull[r * repeat + k] = 1;
            out[r * repeat + k] = unsignedZero ? BigInt.asUintN(64, raw ^ (1n << 63n)) : raw;
          }
        type = unsignedZero ? new Uint64() : new Int64();
        values = out;
        break;
      }
      case "E": {
        const out = new Float32Array(count);
        for (let r = 0; r < rows; r++)
          for (let k = 0; k < repeat; k++) out[r * repeat + k] = view.getFloat32(at(r, k));
        type = new Float32();
        values = out;
        break;
      }
      default: {
        const out = new Float64Array(count);
        for (let r = 0; r < rows; r++)
          for (let k = 0; k < repeat; k++) out[r * repeat + k] = view.getFloat64(at(r, k));
        type = new Float64();
        values = out;
      }
    }
  }
  const { bitmap, nullCount } = validityBitmap(isNull);
  return [
    wrap(
      spec,
      about,
      rows,
      makeData({
        type,
        length: count,
        nullCount,
        data: values,
        ...(bitmap ? { nullBitmap: bitmap } : {}),
      } as never),
    ),
  ];
}

/** A scalar column as is; a repeated one (TFORM `3D`) as a fixed-size list per row. */
function wrap(
  spec: ColumnSpec,
  about: { unit?: string; description?: string },
  rows: number,
  data: Data,
): { field: Field; vector: Vector } {
  if (spec.repeat === 1)
    return { field: describedField(spec.name, data.type, about), vector: makeVector(data) };
  const type = new FixedSizeList(spec.repeat, new Field("item", data.type, true));
  const list = makeData({ type, length: rows, nullCount: 0, child: data });
  return { field: describedField(spec.name, type, about), vector: makeVector(list) };
}

/**
 * An Arrow table from the first binary-table HDU of FITS bytes (gunzipped already).
 * @example
 * const bytes = readFileSync("test/data/pipe_tasks_sdss_refcat/903253.fits");
 * parseFits(bytes, "903253.fits").numRows // 2
 */
export function parseFits(bytes: Uint8Array, path: string): ArrowTable {
  const hdus = readHdus(bytes, path);
  const hdu = hdus.find((h) => h.header.get("XTENSION")?.trim() === "BINTABLE");
  if (!hdu) throw new InputError(path, "unsupported", "FITS file has no binary table (BINTABLE) extension");
  const rowBytes = Number(hdu.header.get("NAXIS1") ?? 0);
  const rows = Number(hdu.header.get("NAXIS2") ?? 0);
  if (hdu.dataStart + rowBytes * rows > bytes.length) {
    throw new InputError(
      path,
      "truncated",
      `FITS table data ends early (needs ${rowBytes * rows} bytes for ${rows} rows)`,
    );
  }
  return bintable(
    hdu.header,
    new DataView(bytes.buffer, bytes.byteOffset + hdu.dataStart, rowBytes * rows),
    rows,
    path,
  );
}

/** The Arrow table of a BINTABLE header and its row bytes (`rows` = 0 gives just the schema). */
function bintable(header: FitsHeader, view: DataView, rows: number, path: string): ArrowTable {
  const rowBytes = Number(header.get("NAXIS1") ?? 0);
  const specs = columnSpecs(header, path);
  const width = specs.reduce((sum, s) => sum + s.width, 0);
  if (width !== rowBytes)
    throw new InputError(path, "corrupt", `TFORM widths add up to ${width} bytes, NAXIS1 says ${rowBytes}`);
  const flagColumn = Number(header.get("FLAGCOL") ?? 0);
  const flagNames: string[] = [];
  const flagDocs: Array<string | undefined> = [];
  for (let n = 1; header.has(`TFLAG${n}`); n++) {
    flagNames.push((header.get(`TFLAG${n}`) as string).trim());
    flagDocs.push(header.get(`TFDOC${n}`)?.trim());
  }
  const fields: Field[] = [];
  const vectors: Vector[] = [];
  specs.forEach((spec, index) => {
    const isFlagColumn =
      spec.code === "X" &&
      flagNames.length > 0 &&
      (flagColumn === index + 1 || (flagColumn === 0 && spec.name === "flags"));
    for (const { field, vector } of decodeColumn(
      view,
      rows,
      rowBytes,
      spec,
      isFlagColumn ? flagNames : undefined,
      flagDocs,
    )) {
      fields.push(field);
      vectors.push(vector);
    }
  });
  assertUniqueNames(
    path,
    fields.map((f) => f.name),
  );
  return tableFromVectors(fields, vectors);
}

/**
 * Schema and row count of an uncompressed FITS table from its headers alone (reads a few blocks, not the data);
 * undefined for gzip files, which must be inflated whole.
 * @example (await describeFitsHeaders("test/data/pipe_tasks_sdss_refcat/903281.fits"))?.rows // 899
 */
export async function describeFitsHeaders(path: string): Promise<FileDescription | undefined> {
  const handle = await open(path, "r");
  try {
    const { size } = await handle.stat();
    const block = Buffer.alloc(BLOCK);
    const first = await handle.read(block, 0, 2, 0);
    if (first.bytesRead === 2 && block[0] === 0x1f && block[1] === 0x8b) return undefined;
    let offset = 0;
    for (let hduIndex = 0; offset < size; hduIndex++) {
      const header: FitsHeader = new Map();
      let cursor = offset;
      let previous: string | undefined;
      for (let ended = false; !ended; ) {
        const { bytesRead } = await handle.read(block, 0, BLOCK, cursor);
        if (bytesRead < BLOCK) {
          if (hduIndex === 0 && !block.toString("latin1", 0, 9).startsWith("SIMPLE  =")) {
            throw new InputError(path, "corrupt", "not a FITS file (does not start with SIMPLE =)");
          }
          throw new InputError(path, "truncated", `FITS header of HDU ${hduIndex} ends early (no END card)`);
        }
        if (cursor === 0 && !block.toString("latin1", 0, 9).startsWith("SIMPLE  =")) {
          throw new InputError(path, "corrupt", "not a FITS file (does not start with SIMPLE =)");
        }
        cursor += BLOCK;
        for (let c = 0; c < BLOCK && !ended; c += CARD) {
          previous = addCard(header, block.toString("latin1", c, c + CARD), previous);
          if (previous === "END") ended = true;
        }
      }
      const rowBytes = Number(header.get("NAXIS1") ?? 0);
      const rows = Number(header.get("NAXIS2") ?? 0);
      if (header.get("XTENSION")?.trim() === "BINTABLE") {
        if (cursor + rowBytes * rows > size) {
          throw new InputError(
            path,
            "truncated",
            `FITS table data ends early (needs ${rowBytes * rows} bytes for ${rows} rows)`,
          );
        }
        const schema = bintable(header, new DataView(new ArrayBuffer(0)), 0, path).schema;
        return { schema, rows };
      }
      const bitpix = Math.abs(Number(header.get("BITPIX") ?? 8));
      const naxis = Number(header.get("NAXIS") ?? 0);
      let count = naxis > 0 ? 1 : 0;
      for (let k = 1; k <= naxis; k++) count *= Number(header.get(`NAXIS${k}`) ?? 0);
      const dataBytes =
        naxis > 0
          ? (bitpix / 8) * Number(header.get("GCOUNT") ?? 1) * (Number(header.get("PCOUNT") ?? 0) + count)
          : 0;
      offset = cursor + Math.ceil(dataBytes / BLOCK) * BLOCK;
    }
    throw new InputError(path, "unsupported", "FITS file has no binary table (BINTABLE) extension");
  } finally {
    await handle.close();
  }
}

/** The reader openTable uses for `.fits`, `.fit`, `.fts` (and gzip-compressed) files. */
const wholeFits: FileReader = wholeFileReader(async (path) => {
  const bytes = await readMaybeGzip(path);
  return parseFits(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length), path);
});

/** Uncompressed files are described from their headers (cheap for many refcat shards); data is read whole. */
export const fitsReader: FileReader = {
  async describe(path) {
    return (await describeFitsHeaders(path)) ?? wholeFits.describe(path);
  },
  read: wholeFits.read,
  scan: wholeFits.scan,
};

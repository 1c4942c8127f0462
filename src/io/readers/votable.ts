/**
 * IVOA VOTable (what TAP services return): the first TABLE, serialized as TABLEDATA, BINARY or BINARY2
 * (base64 STREAM, BINARY2 with per-row null masks). FIELD datatype/arraysize/unit/ucd/DESCRIPTION become the
 * column type and field metadata; VALUES null="…" marks integer nulls; a float NaN is null, as the VOTable
 * standard defines it (TAP services write SQL NULL that way). Array-valued
 * numeric fields are kept as their space-separated text.
 */
import {
  type Table as ArrowTable,
  Bool,
  type DataType,
  Float32,
  Float64,
  Int16,
  Int32,
  Int64,
  Uint8,
  Utf8,
  type Vector,
  vectorFromArray,
} from "apache-arrow";
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { InputError } from "../../core/errors.js";
import { assertUniqueNames, describedField, tableFromVectors } from "../arrow.js";
import { buildColumn } from "./delimited.js";
import { readText } from "./text.js";
import { type FileReader, wholeFileReader } from "./types.js";

type XmlNode = Record<string, unknown>;

interface VoField {
  name: string;
  datatype: string;
  arraysize?: string;
  unit?: string;
  ucd?: string;
  description?: string;
  nullValue?: string;
}

const SIZES: Readonly<Record<string, number>> = {
  boolean: 1,
  unsignedByte: 1,
  short: 2,
  int: 4,
  long: 8,
  char: 1,
  unicodeChar: 2,
  float: 4,
  double: 8,
  floatComplex: 8,
  doubleComplex: 16,
};

const ARRAYS = new Set([
  "RESOURCE",
  "TABLE",
  "FIELD",
  "TR",
  "TD",
  "INFO",
  "PARAM",
  "GROUP",
  "FIELDref",
  "PARAMref",
]);

function arrayOf(value: unknown): XmlNode[] {
  if (value === undefined || value === null) return [];
  return (Array.isArray(value) ? value : [value]) as XmlNode[];
}

function text(node: unknown): string | undefined {
  if (node === undefined || node === null) return undefined;
  if (typeof node === "string") return node;
  if (typeof node === "object" && "#text" in (node as XmlNode)) return String((node as XmlNode)["#text"]);
  return "";
}

function firstTable(root: XmlNode): XmlNode | undefined {
  const stack: XmlNode[] = arrayOf(root.RESOURCE);
  while (stack.length > 0) {
    const resource = stack.shift() as XmlNode;
    const table = arrayOf(resource.TABLE)[0];
    if (table) return table;
    stack.push(...arrayOf(resource.RESOURCE));
  }
  return undefined;
}

/** The QUERY_STATUS INFO of a TAP result (`ERROR`, or `OVERFLOW` when the service cut the result at MAXREC). */
function queryStatus(root: XmlNode, value: "ERROR" | "OVERFLOW"): string | undefined {
  const infos = [...arrayOf(root.INFO), ...arrayOf(root.RESOURCE).flatMap((r) => arrayOf(r.INFO))];
  const status = infos.find((info) => info["@name"] === "QUERY_STATUS" && info["@value"] === value);
  if (!status) return undefined;
  return (text(status) ?? "").trim().split("\n")[0] || `QUERY_STATUS=${value}`;
}

/** An entity declared SYSTEM or PUBLIC in the document's internal DTD subset (never resolved: an input error). */
const EXTERNAL_ENTITY = /<!ENTITY\s+%?\s*[^\s>]+\s+(SYSTEM|PUBLIC)\b/;

function isScalar(field: VoField): boolean {
  return (
    field.datatype === "char" ||
    field.datatype === "unicodeChar" ||
    !field.arraysize ||
    field.arraysize === "1"
  );
}

/** VOTable floats have no null value but NaN: the standard reads NaN as null (as astropy does). */
function isFloat(field: VoField): boolean {
  return field.datatype === "float" || field.datatype === "double";
}

/** The Arrow type of a FIELD: scalars by datatype, strings and arrays as text. */
function arrowType(field: VoField): DataType {
  if (!isScalar(field)) return new Utf8();
  switch (field.datatype) {
    case "boolean":
    case "bit":
      return new Bool();
    case "unsignedByte":
      return new Uint8();
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
    default:
      return new Utf8();
  }
}

function booleanText(cell: string): string | null {
  const c = cell.trim();
  if (c === "T" || c === "t" || c === "1" || c.toLowerCase() === "true") return "true";
  if (c === "F" || c === "f" || c === "0" || c.toLowerCase() === "false") return "false";
  return null; // '?', ' ' and empty mean null
}

function tabledataColumns(table: XmlNode, fields: VoField[], path: string): Vector[] {
  const data = (table.DATA as XmlNode).TABLEDATA as XmlNode | string | undefined;
  const rows = typeof data === "object" && data ? arrayOf(data.TR) : [];
  const cells = fields.map(() => new Array<string | null>(rows.length));
  rows.forEach((tr, r) => {
    const tds = arrayOf(tr.TD);
    if (tds.length !== fields.length) {
      throw new InputError(
        path,
        "corrupt",
        `TABLEDATA row ${r + 1} has ${tds.length} TD, table has ${fields.length} FIELD`,
      );
    }
    tds.forEach((td, c) => {
      const field = fields[c] as VoField;
      const value = text(td) ?? "";
      const type = arrowType(field);
      // An empty cell is null, except in char fields where it is the empty string (as astropy reads it).
      const isText = field.datatype === "char" || field.datatype === "unicodeChar";
      let cell: string | null = value === "" && !isText ? null : value;
      if (cell !== null && type instanceof Bool) cell = booleanText(cell);
      else if (cell !== null && isFloat(field) && cell.trim().toLowerCase() === "nan") cell = null;
      else if (cell !== null && field.nullValue !== undefined && cell.trim() === field.nullValue) cell = null;
      (cells[c] as Array<string | null>)[r] = cell;
    });
  });
  return fields.map((field, c) =>
    buildColumn(cells[c] as Array<string | null>, arrowType(field), { path, name: field.name }),
  );
}

/** Decode a BINARY/BINARY2 stream; every value read with its FIELD's width, big-endian. */
function binaryColumns(stream: Buffer, fields: VoField[], withNullMask: boolean, path: string): Vector[] {
  const view = new DataView(stream.buffer, stream.byteOffset, stream.length);
  const columns: unknown[][] = fields.map(() => []);
  const maskBytes = withNullMask ? Math.ceil(fields.length / 8) : 0;
  let p = 0;
  const need = (n: number) => {
    if (p + n > stream.length)
      throw new InputError(path, "truncated", "VOTable binary stream ends inside a row");
  };
  const one = (datatype: string): number | bigint | boolean | null => {
    switch (datatype) {
      case "boolean": {
        const ch = String.fromCharCode(view.getUint8(p));
        const b = booleanText(ch);
        return b === null ? null : b === "true";
      }
      case "unsignedByte":
        return view.getUint8(p);
      case "short":
        return view.getInt16(p);
      case "int":
        return view.getInt32(p);
      case "long":
        return view.getBigInt64(p);
      case "float":
        return view.getFloat32(p);
      case "double":
        return view.getFloat64(p);
      default:
        throw new InputError(path, "unsupported", `VOTable binary datatype "${datatype}"`);
    }
  };
  while (p < stream.length) {
    need(maskBytes);
    const mask = stream.subarray(p, p + maskBytes);
    p += maskBytes;
    fields.forEach((field, c) => {
      const isNull = withNullMask && ((mask[c >> 3] as number) >> (7 - (c & 7))) & 1;
      const size = SIZES[field.datatype] ?? 1;
      let count = 1;
      const arraysize = field.arraysize;
      if (field.datatype === "bit")
        throw new InputError(path, "unsupported", `VOTable binary datatype "bit"`);
      if (arraysize && arraysize !== "1") {
        if (arraysize.endsWith("*")) {
          need(4);
          count = view.getUint32(p);
          p += 4;
        } else {
          count = arraysize.split("x").reduce((a, d) => a * Number(d), 1);
        }
      }
      need(count * size);
      let value: unknown;
      if (field.datatype === "char" || field.datatype === "unicodeChar") {
        const bytes = stream.subarray(p, p + count * size);
        let s =
          field.datatype === "char"
            ? bytes.toString("latin1")
            : Buffer.from(bytes).swap16().toString("utf16le");
        const nul = s.indexOf("\u0000");
        if (nul >= 0) s = s.slice(0, nul);
        value = s;
        p += count * size;
      } else if (count === 1 && (!arraysize || arraysize === "1")) {
        value = one(field.datatype);
        p += size;
      } else {
        const parts: string[] = [];
        for (let k = 0; k < count; k++) {
          parts.push(String(one(field.datatype)));
          p += size;
        }
        value = parts.join(" ");
      }
      if (typeof value === "number" && Number.isNaN(value) && isFloat(field)) value = null;
      if (!isNull && field.nullValue !== undefined && value !== null && String(value) === field.nullValue)
        value = null;
      (columns[c] as unknown[]).push(isNull ? null : value);
    });
  }
  return fields.map((field, c) => vectorFromArray(columns[c] as never[], arrowType(field) as never));
}

/**
 * An Arrow table from VOTable XML. Throws InputError `corrupt`/`truncated` (with line and column for XML errors).
 * @example
 * const xml = `<VOTABLE><RESOURCE><TABLE><FIELD name="x" datatype="int"/><DATA><TABLEDATA><TR><TD>1</TD></TR></TABLEDATA></DATA></TABLE></RESOURCE></VOTABLE>`;
 * parseVotable(xml, "result.vot").numRows // 1
 */
export function parseVotable(xml: string, path: string): ArrowTable {
  const result = parseVotableResult(xml, path);
  if (result.overflow !== undefined) {
    // A result the service cut at its row limit: checking it would judge part of the table as if it were whole.
    throw new InputError(
      path,
      "truncated",
      `TAP result is truncated (QUERY_STATUS=OVERFLOW: ${result.overflow})`,
    );
  }
  return result.table;
}

/** A TAP result: the table and, when the service cut it at MAXREC (QUERY_STATUS=OVERFLOW), its message. */
export interface VotableResult {
  table: ArrowTable;
  overflow?: string;
}

/**
 * Like {@link parseVotable}, but an OVERFLOW result is returned (marked) instead of thrown, for TAP clients
 * that label it partial themselves; QUERY_STATUS=ERROR still throws (InputError `service`).
 * @example
 * const xml = `<VOTABLE><RESOURCE><INFO name="QUERY_STATUS" value="OVERFLOW"/><TABLE><FIELD name="x" datatype="int"/><DATA><TABLEDATA><TR><TD>1</TD></TR></TABLEDATA></DATA></TABLE></RESOURCE></VOTABLE>`;
 * parseVotableResult(xml, "result.vot").overflow // "QUERY_STATUS=OVERFLOW"
 */
export function parseVotableResult(xml: string, path: string): VotableResult {
  const head = xml.slice(0, Math.max(0, xml.indexOf("<VOTABLE")) || 4096);
  if (EXTERNAL_ENTITY.test(head)) {
    throw new InputError(
      path,
      "unsupported",
      "XML declares an external entity (<!ENTITY … SYSTEM/PUBLIC …>); skygate never resolves them",
    );
  }
  const valid = XMLValidator.validate(xml);
  if (valid !== true) {
    const { msg, line, col } = valid.err;
    // The validator reports elements left open at the end as "Invalid '[ …names… ]' found." at 1:1: the file
    // was cut there, so say where it ends and inside what.
    const open = /^Invalid '\[([\s\S]*)\]' found\.?$/.exec(msg);
    if (open !== null) {
      const names = [...(open[1] as string).matchAll(/"([^"]+)"/g)].map((m) => m[1] as string);
      const lines = xml.split("\n");
      throw new InputError(
        path,
        "truncated",
        `XML ends early inside ${names.at(-1) ?? "an element"} (not closed: ${names.join(", ")})`,
        { line: lines.length, column: (lines.at(-1)?.length ?? 0) + 1 },
      );
    }
    const atEnd = line >= xml.split("\n").length - 1;
    throw new InputError(
      path,
      atEnd ? "truncated" : "corrupt",
      atEnd ? `XML ends early (${msg})` : `bad XML: ${msg}`,
      {
        line,
        column: col,
      },
    );
  }
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: "@",
    removeNSPrefix: true,
    parseTagValue: false,
    parseAttributeValue: false,
    trimValues: false,
    isArray: (name) => ARRAYS.has(name),
  });
  const doc = parser.parse(xml) as XmlNode;
  const root = doc.VOTABLE as XmlNode | undefined;
  if (!root) throw new InputError(path, "corrupt", "not a VOTable (no VOTABLE element)");
  const failure = queryStatus(root, "ERROR");
  if (failure !== undefined) throw new InputError(path, "service", `TAP query failed: ${failure}`);
  const overflow = queryStatus(root, "OVERFLOW");
  const table = firstTable(root);
  if (!table) throw new InputError(path, "corrupt", "VOTable has no TABLE");
  const fields: VoField[] = arrayOf(table.FIELD).map((f, i) => {
    const field: VoField = {
      name: String(f["@name"] ?? f["@ID"] ?? `col${i + 1}`),
      datatype: String(f["@datatype"] ?? "char"),
    };
    if (f["@arraysize"] !== undefined) field.arraysize = String(f["@arraysize"]);
    if (f["@unit"] !== undefined) field.unit = String(f["@unit"]);
    if (f["@ucd"] !== undefined) field.ucd = String(f["@ucd"]);
    const description = text(f.DESCRIPTION)?.trim();
    if (description) field.description = description;
    const values = f.VALUES as XmlNode | undefined;
    if (values?.["@null"] !== undefined) field.nullValue = String(values["@null"]);
    return field;
  });
  assertUniqueNames(
    path,
    fields.map((f) => f.name),
  );
  const data = table.DATA as XmlNode | undefined;
  let vectors: Vector[];
  if (!data || data.TABLEDATA !== undefined) {
    vectors = data
      ? tabledataColumns(table, fields, path)
      : fields.map((f) => vectorFromArray([], arrowType(f) as never));
  } else if (data.BINARY2 !== undefined || data.BINARY !== undefined) {
    const binary = (data.BINARY2 ?? data.BINARY) as XmlNode;
    const stream = binary.STREAM as XmlNode | string | undefined;
    const encoding = typeof stream === "object" && stream ? stream["@encoding"] : undefined;
    if (encoding !== undefined && encoding !== "base64") {
      throw new InputError(
        path,
        "unsupported",
        `VOTable STREAM encoding "${String(encoding)}" (only base64 is read)`,
      );
    }
    const href = typeof stream === "object" && stream ? stream["@href"] : undefined;
    if (href !== undefined) {
      throw new InputError(
        path,
        "unsupported",
        `VOTable data are only a reference (STREAM href="${String(href)}"), which skygate does not follow`,
      );
    }
    const payload = (text(stream) ?? "").replace(/\s+/g, "");
    vectors = binaryColumns(Buffer.from(payload, "base64"), fields, data.BINARY2 !== undefined, path);
  } else {
    throw new InputError(
      path,
      "unsupported",
      "VOTable serialization other than TABLEDATA/BINARY/BINARY2 (e.g. FITS)",
    );
  }
  const declared = table["@nrows"];
  const rows = vectors[0]?.length ?? 0;
  if (declared !== undefined && fields.length > 0 && Number(declared) !== rows) {
    throw new InputError(
      path,
      Number(declared) > rows ? "truncated" : "corrupt",
      `VOTable TABLE declares nrows="${String(declared)}" but holds ${rows} rows`,
    );
  }
  const out = tableFromVectors(
    fields.map((field, i) => describedField(field.name, (vectors[i] as Vector).type, field)),
    vectors,
  );
  return overflow === undefined ? { table: out } : { table: out, overflow };
}

/** The reader openTable uses for `.vot`, `.votable` and `.xml` files. */
export const votableReader: FileReader = wholeFileReader(async (path) =>
  parseVotable(await readText(path), path),
);

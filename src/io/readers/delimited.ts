/**
 * RFC 4180 tokenizer shared by the CSV and ECSV readers, and the typed Arrow columns built from its text cells.
 * Cells stay strings until a column's type is known, so a column is converted in one pass.
 */
import {
  Bool,
  type DataType,
  Float64,
  Int64,
  makeData,
  makeVector,
  Null,
  Type,
  Utf8,
  type Vector,
  vectorFromArray,
} from "apache-arrow";
import { InputError } from "../../core/errors.js";

/**
 * A parsed text table, flat so no array is allocated per record: record r holds `cells[starts[r]]` up to
 * `cells[starts[r + 1]]` (or the end); `null` marks an empty unquoted cell.
 */
export interface Records {
  cells: Array<string | null>;
  starts: number[];
  /** 1-based line where each record starts. */
  lines: number[];
}

/**
 * Number of records.
 * @example recordCount(tokenize("a\n1\n", "t.csv", { delimiter: "," })) // 2
 */
export function recordCount(records: Records): number {
  return records.lines.length;
}

/**
 * Number of cells of record r.
 * @example recordWidth(tokenize("a,b\n", "t.csv", { delimiter: "," }), 0) // 2
 */
export function recordWidth(records: Records, r: number): number {
  return (records.starts[r + 1] ?? records.cells.length) - (records.starts[r] as number);
}

/**
 * The cells of record r (for header rows; data columns go through {@link columnCells}).
 * @example recordRow(tokenize("a,b\n", "t.csv", { delimiter: "," }), 0) // ["a", "b"]
 */
export function recordRow(records: Records, r: number): Array<string | null> {
  return records.cells.slice(records.starts[r], records.starts[r + 1] ?? records.cells.length);
}

export interface TokenizeOptions {
  delimiter: string;
  /** Line number of the first character of `text` (1-based). */
  firstLine?: number;
  /** Treat a run of spaces as one delimiter and ignore leading spaces (ECSV). */
  collapseSpaces?: boolean;
}

/**
 * Split delimited text into records, honouring "quoted, ""escaped"" cells" that may span lines.
 * Blank lines are skipped. Throws InputError `corrupt` on an unterminated quote.
 * @example recordRow(tokenize("a,b\n1,\"x,y\"\n", "f.csv", { delimiter: "," }), 1) // ["1", "x,y"]
 */
export function tokenize(text: string, path: string, options: TokenizeOptions): Records {
  const { delimiter, collapseSpaces = false } = options;
  const cells: Array<string | null> = [];
  const starts: number[] = [];
  const lines: number[] = [];
  let line = options.firstLine ?? 1;
  let rowLine = line;
  let rowStart = 0;
  let i = 0;
  const n = text.length;
  let atRowStart = true;
  while (i < n) {
    let ch = text[i];
    if (atRowStart) {
      if (collapseSpaces) while (text[i] === " ") i++;
      ch = text[i];
      if (ch === "\n" || ch === "\r") {
        // blank line
        if (ch === "\r" && text[i + 1] === "\n") i++;
        i++;
        line++;
        continue;
      }
      if (i >= n) break;
      rowLine = line;
      rowStart = cells.length;
      atRowStart = false;
    }
    // one cell
    let cell: string | null;
    if (ch === '"') {
      const startLine = line;
      let value = "";
      i++;
      for (;;) {
        const close = text.indexOf('"', i);
        if (close < 0) {
          throw new InputError(path, "corrupt", "quoted cell is never closed", { line: startLine });
        }
        const chunk = text.slice(i, close);
        for (let k = chunk.indexOf("\n"); k >= 0; k = chunk.indexOf("\n", k + 1)) line++;
        value += chunk;
        if (text[close + 1] === '"') {
          value += '"';
          i = close + 2;
        } else {
          i = close + 1;
          break;
        }
      }
      cell = value;
    } else {
      let j = i;
      while (j < n) {
        const c = text[j];
        if (c === delimiter || c === "\n" || c === "\r") break;
        j++;
      }
      cell = j > i ? text.slice(i, j) : null;
      i = j;
    }
    cells.push(cell);
    // after a cell: delimiter, end of line or end of text
    const next = text[i];
    if (next === delimiter) {
      i++;
      if (collapseSpaces) {
        while (text[i] === " ") i++;
        if (text[i] === "\n" || text[i] === "\r" || i >= n) {
          // trailing spaces end the row
          starts.push(rowStart);
          lines.push(rowLine);
          atRowStart = true;
          if (text[i] === "\r" && text[i + 1] === "\n") i++;
          if (i < n) {
            i++;
            line++;
          }
          continue;
        }
      } else if (i >= n || text[i] === "\n" || text[i] === "\r") {
        cells.push(null); // a trailing delimiter means one more empty cell
      }
      if (i < n && text[i] !== "\n" && text[i] !== "\r") continue;
    }
    if (i >= n || text[i] === "\n" || text[i] === "\r") {
      starts.push(rowStart);
      lines.push(rowLine);
      atRowStart = true;
      if (text[i] === "\r" && text[i + 1] === "\n") i++;
      if (i < n) {
        i++;
        line++;
      }
      continue;
    }
    throw new InputError(path, "corrupt", `unexpected character after quoted cell`, {
      line,
      column: columnAt(text, i),
    });
  }
  if (!atRowStart && cells.length > rowStart) {
    starts.push(rowStart);
    lines.push(rowLine);
  }
  return { cells, starts, lines };
}

function columnAt(text: string, index: number): number {
  const lineStart = text.lastIndexOf("\n", index - 1) + 1;
  return index - lineStart + 1;
}

/**
 * Throws InputError `corrupt` naming the first record whose cell count differs from the header's.
 * @example assertRectangular("t.csv", tokenize("a,b\n1,2\n3\n", "t.csv", { delimiter: "," }), 2, 1) // throws t.csv
 */
export function assertRectangular(path: string, records: Records, width: number, from = 0): void {
  for (let r = from; r < recordCount(records); r++) {
    const count = recordWidth(records, r);
    if (count !== width) {
      throw new InputError(path, "corrupt", `row has ${count} cells, header has ${width}`, {
        line: records.lines[r] as number,
      });
    }
  }
}

const INT = /^[+-]?\d+$/;
const FLOAT = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const SPECIAL_FLOATS: Readonly<Record<string, number>> = {
  nan: Number.NaN,
  "+nan": Number.NaN,
  "-nan": Number.NaN,
  inf: Number.POSITIVE_INFINITY,
  "+inf": Number.POSITIVE_INFINITY,
  infinity: Number.POSITIVE_INFINITY,
  "+infinity": Number.POSITIVE_INFINITY,
  "-inf": Number.NEGATIVE_INFINITY,
  "-infinity": Number.NEGATIVE_INFINITY,
};
const BOOLS: Readonly<Record<string, boolean>> = { true: true, false: false };

/**
 * The number a text cell stands for, including nan/inf spellings; undefined when it is not a number.
 * @example parseNumber("-inf") // -Infinity
 */
export function parseNumber(text: string): number | undefined {
  const trimmed = text.trim();
  if (FLOAT.test(trimmed)) return Number(trimmed);
  // the longest spelling is "-infinity"; skip lower-casing (and its garbage) for anything longer
  return trimmed.length <= 9 ? SPECIAL_FLOATS[trimmed.toLowerCase()] : undefined;
}

/**
 * The narrowest of int64, float64, bool and string that holds every non-null cell of a column. A column without
 * any value gets Arrow's Null type (as pandas writes an all-None column): an all-empty column has no type to
 * guess, and calling it text would make type rules (`crossBand`, `schema.type`) fire on nothing.
 * @example inferType(["1", "2.5", null]) // Float64
 * @example String(inferType([null, null])) // "Null"
 */
export function inferType(cells: ReadonlyArray<string | null>): DataType {
  let isInt = true;
  let isFloat = true;
  let isBool = true;
  let any = false;
  for (const cell of cells) {
    if (cell === null) continue;
    any = true;
    const text = cell.trim();
    if (isInt && !INT.test(text)) isInt = false;
    if (isFloat && !isInt && parseNumber(text) === undefined) isFloat = false;
    if (isBool && (text.length > 5 || BOOLS[text.toLowerCase()] === undefined)) isBool = false;
    if (!isInt && !isFloat && !isBool) break;
  }
  if (!any) return new Null();
  if (isBool) return new Bool();
  if (isInt) return new Int64();
  if (isFloat) return new Float64();
  return new Utf8();
}

/**
 * An Arrow vector of the given type from text cells; `null` cells (and, when `emptyIsNull`, "" cells) become nulls.
 * Throws InputError `corrupt` with the line of the first cell that does not parse.
 * @example [...buildColumn(["1.5", null, "nan"], new Float64(), { path: "t.csv", name: "x" })] // [1.5, null, NaN]
 */
export function buildColumn(
  cells: ReadonlyArray<string | null>,
  type: DataType,
  where: { path: string; name: string; lines?: readonly number[] },
  emptyIsNull = false,
): Vector {
  const n = cells.length;
  const fail = (row: number, text: string): never => {
    const line = where.lines?.[row];
    throw new InputError(
      where.path,
      "corrupt",
      `column "${where.name}": "${text}" is not a valid ${type}`,
      line !== undefined ? { line } : undefined,
    );
  };
  const isNull = (cell: string | null): cell is null => cell === null || (emptyIsNull && cell === "");
  // Typed arrays and a validity bitmap filled in one pass (no per-value builder calls).
  const validity = new Uint8Array((n + 7) >> 3);
  let nullCount = 0;
  const markNull = (r: number) => {
    nullCount++;
    return r;
  };
  const setValid = (r: number) => {
    validity[r >> 3] = (validity[r >> 3] as number) | (1 << (r & 7));
  };
  const finish = (data: ArrayBufferView) =>
    makeVector(
      makeData({
        type,
        length: n,
        nullCount,
        data,
        ...(nullCount > 0 ? { nullBitmap: validity } : {}),
      } as never),
    );
  switch (type.typeId) {
    case Type.Null:
      for (let r = 0; r < n; r++) if (!isNull(cells[r] as string | null)) fail(r, cells[r] as string);
      return makeVector(makeData({ type: new Null(), length: n, nullCount: n }));
    case Type.Float: {
      const single = (type as unknown as { precision: number }).precision === 1;
      const values = single ? new Float32Array(n) : new Float64Array(n);
      for (let r = 0; r < n; r++) {
        const cell = cells[r] as string | null;
        if (isNull(cell)) markNull(r);
        else {
          const value = parseNumber(cell);
          values[r] = value === undefined ? fail(r, cell) : value;
          setValid(r);
        }
      }
      return finish(values);
    }
    case Type.Int: {
      const { bitWidth, isSigned } = type as unknown as { bitWidth: 8 | 16 | 32 | 64; isSigned: boolean };
      if (bitWidth === 64) {
        const values = isSigned ? new BigInt64Array(n) : new BigUint64Array(n);
        const [min, max] = isSigned ? [-(2n ** 63n), 2n ** 63n - 1n] : [0n, 2n ** 64n - 1n];
        for (let r = 0; r < n; r++) {
          const cell = cells[r] as string | null;
          if (isNull(cell)) markNull(r);
          else {
            const text = cell.trim();
            if (!INT.test(text)) fail(r, cell);
            // short integers are exact as doubles, and BigInt(number) is cheaper than parsing the string
            const value = text.length < 16 ? BigInt(Number(text)) : BigInt(text);
            if (value < min || value > max) fail(r, cell);
            values[r] = value;
            setValid(r);
          }
        }
        return finish(values);
      }
      const Typed = {
        8: isSigned ? Int8Array : Uint8Array,
        16: isSigned ? Int16Array : Uint16Array,
        32: isSigned ? Int32Array : Uint32Array,
      }[bitWidth];
      const values = new Typed(n);
      const min = isSigned ? -(2 ** (bitWidth - 1)) : 0;
      const max = isSigned ? 2 ** (bitWidth - 1) - 1 : 2 ** bitWidth - 1;
      for (let r = 0; r < n; r++) {
        const cell = cells[r] as string | null;
        if (isNull(cell)) markNull(r);
        else {
          const text = cell.trim();
          const value = Number(text);
          if (!INT.test(text) || value < min || value > max) fail(r, cell);
          values[r] = value;
          setValid(r);
        }
      }
      return finish(values);
    }
    case Type.Bool: {
      const bits = new Uint8Array((n + 7) >> 3);
      for (let r = 0; r < n; r++) {
        const cell = cells[r] as string | null;
        if (isNull(cell)) markNull(r);
        else {
          const value = BOOLS[cell.trim().toLowerCase()];
          if (value === undefined) fail(r, cell);
          if (value) bits[r >> 3] = (bits[r >> 3] as number) | (1 << (r & 7));
          setValid(r);
        }
      }
      return finish(bits);
    }
    default: {
      const values: Array<string | null> = new Array(n);
      for (let r = 0; r < n; r++) {
        const cell = cells[r] as string | null;
        values[r] = isNull(cell) ? null : cell;
      }
      return vectorFromArray(values, new Utf8());
    }
  }
}

/**
 * Cells of one column, from record `from` on (missing cells are null).
 * @example columnCells(tokenize("a,b\n1,2\n", "t.csv", { delimiter: "," }), 1, 1) // ["2"]
 */
export function columnCells(records: Records, index: number, from = 0): Array<string | null> {
  const count = recordCount(records);
  const out: Array<string | null> = new Array(Math.max(count - from, 0));
  for (let r = from; r < count; r++) {
    out[r - from] =
      index < recordWidth(records, r) ? (records.cells[(records.starts[r] as number) + index] ?? null) : null;
  }
  return out;
}

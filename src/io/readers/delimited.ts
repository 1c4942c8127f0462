/**
 * RFC 4180 tokenizer shared by the CSV and ECSV readers, and the typed Arrow columns built from its text cells.
 * Cells stay strings until a column's type is known, so a column is converted in one pass.
 */
import {
  Bool,
  type DataType,
  type Float32,
  Float64,
  type Int8,
  type Int16,
  type Int32,
  Int64,
  Type,
  type Uint8,
  type Uint16,
  type Uint32,
  type Uint64,
  Utf8,
  type Vector,
  vectorFromArray,
} from "apache-arrow";
import { InputError } from "../errors.js";

/** A parsed text table: one array of cells per record; `null` marks an empty unquoted cell. */
export interface Records {
  rows: Array<Array<string | null>>;
  /** 1-based line where each record starts. */
  lines: number[];
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
 * @example tokenize("a,b\n1,\"x,y\"\n", "f.csv", { delimiter: "," }).rows // [["a","b"],["1","x,y"]]
 */
export function tokenize(text: string, path: string, options: TokenizeOptions): Records {
  const { delimiter, collapseSpaces = false } = options;
  const rows: Array<Array<string | null>> = [];
  const lines: number[] = [];
  let line = options.firstLine ?? 1;
  let row: Array<string | null> = [];
  let rowLine = line;
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
    row.push(cell);
    // after a cell: delimiter, end of line or end of text
    const next = text[i];
    if (next === delimiter) {
      i++;
      if (collapseSpaces) {
        while (text[i] === " ") i++;
        if (text[i] === "\n" || text[i] === "\r" || i >= n) {
          // trailing spaces end the row
          rows.push(row);
          lines.push(rowLine);
          row = [];
          atRowStart = true;
          if (text[i] === "\r" && text[i + 1] === "\n") i++;
          if (i < n) {
            i++;
            line++;
          }
          continue;
        }
      } else if (i >= n || text[i] === "\n" || text[i] === "\r") {
        row.push(null); // a trailing delimiter means one more empty cell
      }
      if (i < n && text[i] !== "\n" && text[i] !== "\r") continue;
    }
    if (i >= n || text[i] === "\n" || text[i] === "\r") {
      rows.push(row);
      lines.push(rowLine);
      row = [];
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
  if (!atRowStart && row.length > 0) {
    rows.push(row);
    lines.push(rowLine);
  }
  return { rows, lines };
}

function columnAt(text: string, index: number): number {
  const lineStart = text.lastIndexOf("\n", index - 1) + 1;
  return index - lineStart + 1;
}

/** Throws InputError `corrupt` naming the first record whose cell count differs from the header's. */
export function assertRectangular(path: string, records: Records, width: number, from = 0): void {
  for (let r = from; r < records.rows.length; r++) {
    const count = (records.rows[r] as unknown[]).length;
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
  const special = SPECIAL_FLOATS[trimmed.toLowerCase()];
  return special;
}

/**
 * The narrowest of int64, float64, bool and string that holds every non-null cell of a column (string if all null).
 * @example inferType(["1", "2.5", null]) // Float64
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
    if (isBool && BOOLS[text.toLowerCase()] === undefined) isBool = false;
    if (!isInt && !isFloat && !isBool) break;
  }
  if (!any) return new Utf8();
  if (isBool) return new Bool();
  if (isInt) return new Int64();
  if (isFloat) return new Float64();
  return new Utf8();
}

/**
 * An Arrow vector of the given type from text cells; `null` cells (and, when `emptyIsNull`, "" cells) become nulls.
 * Throws InputError `corrupt` with the line of the first cell that does not parse.
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
  switch (type.typeId) {
    case Type.Float: {
      const values: Array<number | null> = new Array(n);
      for (let r = 0; r < n; r++) {
        const cell = cells[r] as string | null;
        if (isNull(cell)) values[r] = null;
        else {
          const value = parseNumber(cell);
          values[r] = value === undefined ? fail(r, cell) : value;
        }
      }
      return vectorFromArray(values, type as Float64 | Float32);
    }
    case Type.Int: {
      const wide = (type as unknown as { bitWidth: number }).bitWidth === 64;
      const values: Array<number | bigint | null> = new Array(n);
      for (let r = 0; r < n; r++) {
        const cell = cells[r] as string | null;
        if (isNull(cell)) values[r] = null;
        else {
          const text = cell.trim();
          if (!INT.test(text)) fail(r, cell);
          values[r] = wide ? BigInt(text) : Number(text);
        }
      }
      return vectorFromArray(values, type as Int8 | Int16 | Int32 | Int64 | Uint8 | Uint16 | Uint32 | Uint64);
    }
    case Type.Bool: {
      const values: Array<boolean | null> = new Array(n);
      for (let r = 0; r < n; r++) {
        const cell = cells[r] as string | null;
        if (isNull(cell)) values[r] = null;
        else {
          const value = BOOLS[cell.trim().toLowerCase()];
          values[r] = value === undefined ? fail(r, cell) : value;
        }
      }
      return vectorFromArray(values, new Bool());
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

/** Cells of one column. */
export function columnCells(records: Records, index: number, from = 0): Array<string | null> {
  const out: Array<string | null> = new Array(records.rows.length - from);
  for (let r = from; r < records.rows.length; r++)
    out[r - from] = (records.rows[r] as Array<string | null>)[index] ?? null;
  return out;
}

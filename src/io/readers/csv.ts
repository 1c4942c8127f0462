/**
 * CSV (RFC 4180): first record is the header, types inferred per column (int64, float64, bool, string; Arrow's
 * Null type for a column without any value), an empty cell is null, nan/inf spellings are float NaN/±Infinity. A pandas multi-level header
 * (several header rows, then a row naming the index) becomes joined names such as `meas.g.base_PsfFlux_instFlux`.
 */
import { type Table as ArrowTable, Field, type Vector } from "apache-arrow";
import { InputError } from "../../core/errors.js";
import { assertUniqueNames, tableFromVectors } from "../arrow.js";
import {
  assertRectangular,
  buildColumn,
  columnCells,
  inferType,
  type Records,
  recordCount,
  recordRow,
  recordWidth,
  tokenize,
} from "./delimited.js";
import { readText } from "./text.js";
import { type FileReader, wholeFileReader } from "./types.js";

/** Separator between the levels of a pandas multi-level header. */
export const LEVEL_SEPARATOR = ".";

/**
 * How many header rows a pandas multi-level CSV has (1 for an ordinary CSV): the header rows end at an
 * index-name row, which has only its first cell filled, and every header row has the same width.
 */
function headerDepth(records: Records): number {
  const width = recordCount(records) > 0 ? recordWidth(records, 0) : 0;
  for (let r = 1; r < Math.min(recordCount(records), 12); r++) {
    const row = recordRow(records, r);
    if (row.length !== width) return 1;
    const onlyFirst = row[0] !== null && row.slice(1).every((cell) => cell === null);
    if (onlyFirst) return r >= 2 ? r + 1 : 1;
    if (row[0] === null) return 1;
  }
  return 1;
}

function headerNames(records: Records, depth: number): string[] {
  const first = recordRow(records, 0);
  if (depth === 1) return first.map((cell, i) => cell ?? `col${i + 1}`);
  const indexRow = recordRow(records, depth - 1);
  return first.map((_, i) => {
    if (i === 0) return indexRow[0] ?? "index";
    const parts: string[] = [];
    for (let r = 0; r < depth - 1; r++) {
      const cell = recordRow(records, r)[i];
      if (cell) parts.push(cell);
    }
    return parts.join(LEVEL_SEPARATOR);
  });
}

/**
 * An Arrow table from CSV text.
 * @example parseCsv("a,b\n1,x\n", "t.csv").numRows // 1
 */
export function parseCsv(text: string, path: string): ArrowTable {
  const records = tokenize(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text, path, { delimiter: "," });
  if (recordCount(records) === 0) throw new InputError(path, "corrupt", "no header line");
  const depth = headerDepth(records);
  const names = headerNames(records, depth);
  assertUniqueNames(path, names, 1);
  assertRectangular(path, records, names.length, depth);
  const lines = records.lines.slice(depth);
  const vectors: Vector[] = names.map((name, index) => {
    const cells = columnCells(records, index, depth);
    return buildColumn(cells, inferType(cells), { path, name, lines });
  });
  return tableFromVectors(
    names.map((name, i) => new Field(name, (vectors[i] as Vector).type, true)),
    vectors,
  );
}

/** The reader openTable uses for `.csv` (and `.csv.gz`) files. */
export const csvReader: FileReader = wholeFileReader(async (path) => parseCsv(await readText(path), path));

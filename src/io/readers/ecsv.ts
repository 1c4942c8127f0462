/**
 * astropy ECSV 1.0: a `# %ECSV 1.0` line, a YAML header in `#` comment lines (delimiter, per-column datatype,
 * unit, description, meta.ucd), a line of column names, then delimited data. Masked values (empty cells or `""`)
 * become nulls; int64 columns hold bigint.
 */
import {
  type Table as ArrowTable,
  Bool,
  type DataType,
  type Field,
  Float32,
  Float64,
  Int8,
  Int16,
  Int32,
  Int64,
  Uint8,
  Uint16,
  Uint32,
  Uint64,
  Utf8,
  type Vector,
} from "apache-arrow";
import { parseDocument } from "yaml";
import { InputError } from "../../core/errors.js";
import { assertUniqueNames, describedField, tableFromVectors } from "../arrow.js";
import {
  assertRectangular,
  buildColumn,
  columnCells,
  recordCount,
  recordRow,
  tokenize,
} from "./delimited.js";
import { readText } from "./text.js";
import { type FileReader, wholeFileReader } from "./types.js";

interface EcsvColumn {
  name: string;
  datatype: string;
  unit?: string;
  description?: string;
  subtype?: string;
  meta?: { ucd?: string };
}

const DATATYPES: Readonly<Record<string, () => DataType>> = {
  bool: () => new Bool(),
  int8: () => new Int8(),
  int16: () => new Int16(),
  int32: () => new Int32(),
  int64: () => new Int64(),
  uint8: () => new Uint8(),
  uint16: () => new Uint16(),
  uint32: () => new Uint32(),
  uint64: () => new Uint64(),
  float16: () => new Float32(), // parsed as float32: Arrow JS has no float16 builder from numbers
  float32: () => new Float32(),
  float64: () => new Float64(),
  float128: () => new Float64(),
  string: () => new Utf8(),
};

/** The YAML lines with every top-level section except delimiter/datatype/schema replaced by blank lines. */
function columnSections(lines: readonly string[]): string[] {
  let keep = true;
  return lines.map((line) => {
    const key = /^([A-Za-z_][\w-]*):/.exec(line)?.[1];
    if (key !== undefined) keep = key === "delimiter" || key === "datatype" || key === "schema";
    return keep ? line : "";
  });
}

/**
 * An Arrow table from ECSV text. Throws InputError `corrupt` for a bad header (with its line) or bad cells.
 * @example parseEcsv("# %ECSV 1.0\n# ---\n# datatype:\n# - {name: a, datatype: int64}\na\n1\n", "t.ecsv").numRows // 1
 */
export function parseEcsv(text: string, path: string): ArrowTable {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (!/^# %ECSV \d/.test(body))
    throw new InputError(path, "corrupt", "not ECSV (first line is not '# %ECSV <version>')", { line: 1 });
  // Header: consecutive lines starting with '#'.
  let offset = 0;
  let line = 1;
  const yamlLines: string[] = [];
  while (offset < body.length && body[offset] === "#") {
    const end = body.indexOf("\n", offset);
    const stop = end < 0 ? body.length : end;
    const content = body.slice(offset, stop).replace(/\r$/, "");
    if (line > 1) yamlLines.push(content.replace(/^# ?/, ""));
    offset = end < 0 ? body.length : end + 1;
    line++;
  }
  const firstDataLine = line;
  if (yamlLines[0]?.trim() !== "---")
    throw new InputError(path, "corrupt", "ECSV header lacks the '# ---' line", { line: 2 });
  // astropy writes tags such as !!omap; unknown tags are warnings, syntax errors are errors.
  let doc = parseDocument(yamlLines.slice(1).join("\n"));
  if (doc.errors.length > 0) {
    // Some writers (astroquery) leave YAML errors in the free-form `meta` block; skygate only needs the
    // column declarations, so retry with other top-level sections blanked (line numbers stay the same).
    doc = parseDocument(columnSections(yamlLines.slice(1)).join("\n"));
  }
  const problem = doc.errors[0];
  if (problem) {
    const position = problem.linePos?.[0];
    throw new InputError(
      path,
      "corrupt",
      `ECSV YAML header: ${(problem.message.split("\n")[0] ?? "").replace(/ at line \d+, column \d+:?$/, "")}`,
      position ? { line: position.line + 2, column: position.col + 2 } : { line: 3 },
    );
  }
  const header = (doc.toJS({ maxAliasCount: 100 }) ?? {}) as { delimiter?: string; datatype?: EcsvColumn[] };
  const declared = header.datatype ?? [];
  if (!Array.isArray(declared) || declared.length === 0)
    throw new InputError(path, "corrupt", "ECSV header declares no columns");
  const delimiter = header.delimiter ?? " ";
  const records = tokenize(body.slice(offset), path, {
    delimiter,
    firstLine: firstDataLine,
    collapseSpaces: delimiter === " ",
  });
  const names = recordCount(records) > 0 ? recordRow(records, 0).map((cell) => cell ?? "") : [];
  if (recordCount(records) === 0)
    throw new InputError(path, "corrupt", "ECSV has no column-name line", { line: firstDataLine });
  assertUniqueNames(path, names, records.lines[0]);
  const declaredNames = declared.map((c) => String(c.name));
  if (names.join("\u0000") !== declaredNames.join("\u0000")) {
    throw new InputError(path, "corrupt", "column-name line does not match the YAML header's columns", {
      line: records.lines[0] as number,
    });
  }
  assertRectangular(path, records, names.length, 1);
  const lines = records.lines.slice(1);
  const fields: Field[] = [];
  const vectors: Vector[] = [];
  declared.forEach((column, index) => {
    const make = column.subtype ? undefined : DATATYPES[column.datatype];
    if (!make && !column.subtype && column.datatype !== "string") {
      throw new InputError(
        path,
        "unsupported",
        `column "${column.name}": ECSV datatype "${column.datatype}"`,
      );
    }
    // Multidimensional/variable-length columns (subtype) stay as their JSON text.
    const type = make ? make() : new Utf8();
    const vector = buildColumn(
      columnCells(records, index, 1),
      type,
      { path, name: column.name, lines },
      true,
    );
    vectors.push(vector);
    const about: { unit?: string; description?: string; ucd?: string } = {};
    if (column.unit) about.unit = String(column.unit);
    if (column.description) about.description = String(column.description);
    if (column.meta?.ucd) about.ucd = String(column.meta.ucd);
    fields.push(describedField(String(column.name), vector.type, about));
  });
  return tableFromVectors(fields, vectors);
}

/** The reader openTable uses for `.ecsv` files. */
export const ecsvReader: FileReader = wholeFileReader(async (path) => parseEcsv(await readText(path), path));

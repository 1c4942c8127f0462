// Public API of src/io: open any supported file (or register an opener), read it as Arrow, move tables to and
// from plain JS columns, rows and danfo.js. Arrow schema helpers and reader internals stay internal.

export { type FileFormat, formatOf, KNOWN_EXTENSIONS } from "./formats.js";
export {
  fromColumns,
  fromDanfo,
  fromRows,
  type JsColumn,
  tableFromArrow,
  toColumns,
  toDanfo,
  toRows,
} from "./interop.js";
export {
  FileTableSource,
  type OpenTableOptions,
  openTable,
  registerSourceOpener,
  type SourceOpener,
} from "./open.js";
export { parseArrowIpc } from "./readers/arrowIpc.js";
export { parseCsv } from "./readers/csv.js";
export { parseEcsv } from "./readers/ecsv.js";
export { describeFitsHeaders, parseFits } from "./readers/fits.js";
export { describeParquet, parquetRowGroups } from "./readers/parquet.js";
export { parseVotable } from "./readers/votable.js";
export { hivePartition, type ResolvedFile, resolveSpec, resolveSpecs } from "./resolve.js";
export { type ColumnSummary, summarizeTable, type TableReadSummary } from "./summary.js";
export type {
  ColumnInfo,
  PhysicalType,
  ReadOptions,
  ScanOptions,
  SkyTable,
  SourceInfo,
  TableBatch,
  TableFormat,
  TableSource,
} from "./table.js";

// Public API of src/io: each module here adds its exports.

export * from "../core/errors.js";
export {
  columnInfo,
  describedField,
  physicalType,
  project,
  selectFields,
  tableFromVectors,
  unifySchemas,
} from "./arrow.js";
export { type FileFormat, formatOf, KNOWN_EXTENSIONS } from "./formats.js";
export {
  fromColumns,
  fromDanfo,
  fromRows,
  type JsColumn,
  jsColumnType,
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
export { LEVEL_SEPARATOR, parseCsv } from "./readers/csv.js";
export { parseEcsv } from "./readers/ecsv.js";
export { describeFitsHeaders, parseFits } from "./readers/fits.js";
export { describeParquet, parquetRowGroups } from "./readers/parquet.js";
export { parseVotable } from "./readers/votable.js";
export { hivePartition, type ResolvedFile, resolveSpec, resolveSpecs } from "./resolve.js";
export { type ColumnSummary, summarizeTable, type TableReadSummary } from "./summary.js";
export * from "./table.js";

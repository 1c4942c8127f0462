// Public API of src/checks: checks are predicates on engine metrics; suites plan them, runChecks runs them.
// Helpers the checks share (prefilters, flag tests, range formatting, rules) stay internal: import them from
// their module when a test needs them.

export { type CheckTablesOptions, checkTables, defaultFamilies, type FamilyFinder } from "./checkTables.js";
export { allNull } from "./column/allNull.js";
export { allowedValues } from "./column/allowedValues.js";
export { inf } from "./column/inf.js";
export { nan } from "./column/nan.js";
export { notNull } from "./column/notNull.js";
export { raDec } from "./column/raDec.js";
export { range, type ValueRange } from "./column/range.js";
export { coverage } from "./coverage.js";
export { crossBand } from "./family/crossBand.js";
export { errorPair } from "./family/errorPair.js";
export { type FamilyScan, findFamilies } from "./family/families.js";
export { nanWithoutFlag } from "./family/nanWithoutFlag.js";
export { builtinRelations, DP02_RELATIONS, type Relation } from "./relations.js";
export { errorResult, makeResult } from "./result.js";
export { INPUT_CHECK, type RunOptions, type RunTable, runChecks } from "./run.js";
export { specFromData, specFromFelis } from "./spec.js";
export { planTable, type SuiteOptions } from "./suite.js";
export { foreignKey } from "./table/foreignKey.js";
export { disagreesWith, partitionValueResults } from "./table/partitionValue.js";
export { notEmpty, rowCount } from "./table/rowCount.js";
export { schemaChecks } from "./table/schemaCompare.js";
export { unique } from "./table/unique.js";
export type {
  AllNullCheck,
  CheckFamily,
  ColumnSpec,
  ForeignKeyCheck,
  ForeignKeySpec,
  PlannedCheck,
  ProfileTest,
  RowCheck,
  RowCountCheck,
  StaticCheck,
  TableContext,
  TableSpec,
  UniqueCheck,
} from "./types.js";
export { parseUserRange, type UserRange } from "./userRange.js";

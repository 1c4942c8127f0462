// Public API of src/checks: checks are predicates on engine metrics; suites plan them, runChecks runs them.

export { type CheckTablesOptions, checkTables, defaultFamilies, type FamilyFinder } from "./checkTables.js";
export { allNull } from "./column/allNull.js";
export { allowedValues } from "./column/allowedValues.js";
export { inf } from "./column/inf.js";
export { nan } from "./column/nan.js";
export { notNull } from "./column/notNull.js";
export { raDec, raDecRange } from "./column/raDec.js";
export { formatRange, outsideRange, range, type ValueRange } from "./column/range.js";
export { idLikeKey, skyPosition, tableContext } from "./context.js";
export { coverage } from "./coverage.js";
export { bandGroups, crossBand } from "./family/crossBand.js";
export { errorPair } from "./family/errorPair.js";
export { andNotExplained, explainedBy } from "./family/explained.js";
export { type FamilyScan, familyColumns, findFamilies } from "./family/families.js";
export { booleanFlags, type FlagTest, flagTestFor } from "./family/flagTest.js";
export { nanWithoutFlag } from "./family/nanWithoutFlag.js";
export { holds, missingCount, provenClean } from "./prefilter.js";
export { builtinRelations, DP02_RELATIONS, type Relation } from "./relations.js";
export { errorResult, makeResult } from "./result.js";
export {
  type AngleUnit,
  allowedValuesOf,
  isErrorColumn,
  type Position,
  positionOf,
  validRange,
} from "./rules.js";
export { INPUT_CHECK, type RunOptions, type RunTable, runChecks } from "./run.js";
export { specFromData, specFromFelis } from "./spec.js";
export { isFloating, planTable, type SuiteOptions } from "./suite.js";
export { foreignKey } from "./table/foreignKey.js";
export { notEmpty } from "./table/notEmpty.js";
export { disagreesWith, partitionValueResults } from "./table/partitionValue.js";
export { rowCount } from "./table/rowCount.js";
export { schemaChecks } from "./table/schemaCompare.js";
export { unique } from "./table/unique.js";
export * from "./types.js";
export { boundInUnit, parseUserRange, type Quantity, toValueRange, type UserRange } from "./userRange.js";

// Public API of src/schema: felis schemas, datatype mapping, column families, positions, classification, units.

export {
  type ClassifiableColumn,
  type ColumnClass,
  type ColumnKind,
  classifyColumn,
  classifyTable,
  type ValidInterval,
} from "./classify.js";
export {
  arrowSchemaOfFelis,
  arrowTypeOfFelis,
  arrowTypeOfPhysical,
  columnInfoOfFelis,
  felisTypeOfArrow,
  felisTypeOfPhysical,
  fittingPhysicalTypes,
  physicalTypeFits,
  physicalTypeOfArrow,
  physicalTypeOfFelis,
  typeMismatch,
} from "./datatypes.js";
export { type DraftColumnInput, draftColumns, guessFromName, type NameGuess } from "./draft.js";
export {
  BANDS,
  type Band,
  type CrossBandGroup,
  type FamilyColumn,
  type FamilyMap,
  type FlagRule,
  failureFlagOf,
  flagCandidates,
  type MeasurementFamily,
  measurementFamilies,
  type UnmappedMeasurement,
} from "./families.js";
export {
  FELIS_DATATYPES,
  type FelisCheckConstraint,
  type FelisColumn,
  type FelisDatatype,
  type FelisForeignKey,
  type FelisIndex,
  type FelisSchema,
  type FelisTable,
  type FelisUniqueConstraint,
} from "./felis.js";
export {
  type FelisLint,
  type LintFinding,
  type LintRule,
  type LintSeverity,
  lintFelis,
  lintFelisDocument,
  lintFelisFile,
  lintFelisText,
} from "./lint.js";
export { loadFelis, parseFelis } from "./load.js";
export {
  columnMap,
  findColumn,
  findTable,
  foreignKeys,
  keyColumn,
  mainIdColumn,
  requireTable,
} from "./lookup.js";
export {
  type PositionColumn,
  type PositionPair,
  positionAxis,
  positionColumns,
  positionPairs,
} from "./positions.js";
export {
  AB_ZERO_POINT_NJY,
  abMagToNJy,
  arcsecToDeg,
  canConvert,
  convertRange,
  convertValue,
  degToArcsec,
  degToRad,
  nJyToAbMag,
  normalizeUnit,
  parseQuantity,
  radToDeg,
  type UnitKind,
  type UnitRange,
  unitKind,
} from "./units.js";
export { checkVOUnit, isKnownUnitSymbol, suggestVOUnit, type VOUnitCheck } from "./vounit.js";

// Public API of src/holes: coverage holes, patch completeness and their reports.
export { backgroundOf, densityAt, interquartileMean } from "./background.js";
export { type BandDetection, bandDetections, RUBIN_BANDS } from "./bands.js";
export { cellsFromRuns, coarsen, indexOfCell, membership, uniqueSorted } from "./cells.js";
export {
  type Completeness,
  type CompletenessOptions,
  type PatchCompleteness,
  type PatchDensityGrid,
  type PatchStatus,
  patchCompleteness,
  patchDensityGrid,
  subsetCompleteness,
  type TractCompleteness,
} from "./completeness.js";
export { allPatches, formatDc2Lists, parseDc2PatchList, readDc2Line } from "./dc2Lists.js";
export {
  chooseOrder,
  type DetectOptions,
  detectHoles,
  type Hole,
  type HoleDetection,
  HoleInputError,
} from "./detect.js";
export { type ExtentOptions, footprintFromExtent } from "./extent.js";
export {
  type Footprint,
  footprintFromCcdCorners,
  footprintFromHealpixPixels,
  footprintFromMoc,
  footprintFromTracts,
  footprintUnion,
} from "./footprint.js";
export { holesHtml } from "./html.js";
export {
  type CellIndex,
  cellIndex,
  countFine,
  type FineMap,
  type Level,
  levelOf,
  pixels24,
} from "./levels.js";
export {
  type BrightStarRule,
  brightStarMasks,
  HSC_I_BAND_RULE,
  MaskFormatError,
  type MaskSet,
  type MaskShape,
  maskFromMoc,
  maskFromShapes,
  parseDs9Regions,
} from "./masks.js";
export {
  type Positions,
  PositionsError,
  positionColumnsOf,
  type ReadPositionsOptions,
  readPositions,
} from "./positions.js";
export { type HoleEntry, type HoleReport, type HoleRunOptions, runHoleChecks } from "./run.js";
export { type HoleShape, holeShape, type ShapeOptions } from "./shape.js";
export { footprintFromSpec, maskFromSpec, readMocFile, tractsOfManifest } from "./specs.js";
export { logGamma, logGammaQ, logPoissonCdf, sigmaFromLogP } from "./stats.js";
export { parseWhere } from "./where.js";

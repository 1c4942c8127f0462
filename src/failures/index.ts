// Public API of src/failures: read production failure reports, group and judge them, place them on the sky,
// classify them against the reference footprint, daily summaries and registry inventories.
export {
  analyzeFailures,
  type FailureAnalysis,
  type FailureAnalysisInput,
  type JudgedGroup,
  type LocatedFailure,
  type RetryRow,
  workflowJobsOf,
} from "./analyze.js";
export {
  type ButlerRegistry,
  type DecodedRegion,
  type DetectorRegions,
  decodeSphgeomRegion,
  type InventoryRow,
  KNOWN_UNIVERSE_VERSIONS,
  openRegistry,
  readExportRegions,
  registryDataIds,
  registryDetectors,
  registryInventory,
  registryPointings,
  registryRegions,
  vdKey,
} from "./butler/index.js";
export {
  type Camera,
  type CameraDetector,
  detectorCornersMm,
  detectorSkyCorners,
  focalPlaneHullMm,
  focalPlaneToSky,
  inverseGnomonic,
  loadCameraPolicy,
  lsstCamImSim,
  type Pointing,
  type ProjectOptions,
  resolveCamera,
  SENSOR_PIXELS,
} from "./camera/index.js";
export {
  type Classification,
  type ClassifyOptions,
  classifyLocation,
  type FootprintVerdict,
} from "./classify.js";
export {
  DailyAccumulator,
  type DailySeries,
  type DailySummary,
  dailyMarkdown,
  dailySummary,
  summarizeLogStream,
  type Trend,
  trendOf,
} from "./daily.js";
export { changeText, type DailyHtmlOptions, dailyHtml } from "./daily-html.js";
export {
  dataIdFromObject,
  dataIdKey,
  parseDataId,
  parseDataIdString,
  parseJobNameDataId,
  parsePandaJobName,
} from "./dataId.js";
export {
  expectedPatches,
  missingAsRead,
  missingFrom,
  parseIntList,
  readPresentDataIds,
  readVisitList,
} from "./expected.js";
export {
  type CatalogFootprint,
  type CoverageFootprint,
  countInPolygon,
  footprintCells,
  footprintFromHealpixMap,
  footprintFromMoc,
  footprintFromPositions,
  measureRegion,
  type ReferenceFootprint,
  type RegionCoverage,
} from "./footprint.js";
export { type Pointings, readCcdVisitRegions, readVisitPointings } from "./geometry.js";
export { type FailureGroup, type GroupOptions, groupFailures, type KnownInfo } from "./group.js";
export { failureSectionsHtml, failuresHtml } from "./html.js";
export {
  compareInventory,
  expectedVisitDetectors,
  type InventoryComparison,
  inventoryMarkdown,
  missingDataIds,
} from "./inventory.js";
export { type KnownError, type KnownErrors, loadKnownErrors, matchKnownError, matchTexts } from "./known.js";
export { type GeometrySources, type Location, type LocationMethod, locateDataId } from "./locate.js";
export { type MessageParts, messageTemplate, splitMessage } from "./message.js";
export { readFailureDocument, readFailureReport, readFailureReports } from "./read.js";
export { loadReferenceFootprints, type RefcatPositions, readRefcatPositions } from "./refcat.js";
export {
  failuresMarkdown,
  failuresText,
  groupMessage,
  groupStatus,
  historyText,
  toFailuresReport,
} from "./report.js";
export type {
  BadEntry,
  DataId,
  DatasetCounts,
  Failure,
  FailureFormat,
  FailureRead,
  TaskCounts,
} from "./types.js";
export {
  type FailureOrigin,
  guessOrigin,
  originOfFlavor,
  type WorkflowFailure,
  type WorkflowRateOptions,
  type WorkflowRow,
  workflowRates,
} from "./workflows.js";

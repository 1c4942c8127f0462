// Public API of src/plots: sky maps (d3 projects, plotly cartesian traces draw) and diagnostic figures.

export { autoFrame } from "./auto-frame.js";
export { captionAnnotation, captionText, type Provenance, withCaption } from "./caption.js";
export { type ColourScaleOptions, colourRange, log10Values, percentile } from "./colour.js";
export {
  biggestChangesFigure,
  changeLabel,
  comparisonFigures,
  distributionShiftFigures,
  partitionRowFigures,
  thresholdMultiple,
} from "./compare.js";
export {
  type FamilyBandCell,
  familyBandCells,
  familyBandHeatmap,
  patchHeatmap,
} from "./diagnostics/heatmaps.js";
export {
  columnHistogram,
  type HistogramCounts,
  type HistogramOptions,
  histogramCounts,
} from "./diagnostics/histogram.js";
export { checkOverview } from "./diagnostics/overview.js";
export { profileOverview } from "./diagnostics/profile.js";
export { decodeTypedArray, type PlotlyTypedArray, type TypedArrayJson, typedArrayJson } from "./encode.js";
export {
  htmlToPng,
  loadPlaywrightChromium,
  type PngOptions,
  writeFigureHtml,
  writeFigurePng,
} from "./export.js";
export {
  CLASSIFICATION_COLOURS,
  dailyFailureChart,
  type FailureFigureOptions,
  failureFrame,
  failureGroupsChart,
  failureReportFigures,
  failureSkyMap,
  failureTemplateMaps,
  failureWorkflowChart,
} from "./failures.js";
export { type FindingPositions, findingPositions, findingTraces } from "./findings.js";
export { fitExtent, sphereExtent } from "./frame.js";
export { decLabel, type GraticuleOptions, graticuleTraces, niceStep, raLabel } from "./graticule.js";
export {
  HEALPIX_UNSEEN,
  type HealpixMapInput,
  type HealpixRasterOptions,
  healpixRasterValues,
  healpixTraces,
} from "./healpix.js";
export { healpixCountsSql, type PixelCounts, ringPixelQuery } from "./healpix-sql.js";
export { type HolePositions, holeReportFigures } from "./holes.js";
export {
  CHROMIUM_FLAGS,
  DEFAULT_CHROMIUM,
  figureDiv,
  figureJson,
  figuresPage,
  plotlyJsSource,
  plotlyScriptTag,
} from "./html.js";
export { type ProjectedLines, projectLines, projectPolygons, type RaDec, windForD3 } from "./lines.js";
export { type FigureOptions, type SkyMap, type SkyMapOptions, skyMap, skyMapOn, tractMap } from "./map.js";
export { type FrameSpec, type MapFrame, mapFrame } from "./map-frame.js";
export {
  densityGrid,
  type PointsData,
  type PointsOptions,
  type ProjectedPoints,
  pointsTraces,
  projectPoints,
} from "./points.js";
export {
  type CornerColumns,
  cornerRings,
  mocOutlineTraces,
  outlineTraces,
  type PolygonOptions,
  polygonTraces,
} from "./polygons.js";
export { profileReportFigures } from "./profile-report.js";
export {
  type ProjectionName,
  type SkyProjection,
  type SkyProjectionOptions,
  skyProjection,
} from "./projection.js";
export { type RasterGrid, rasterGrid, rasterShape } from "./raster.js";
export { type NumericColumn, readNumericColumns, readPositions } from "./read-column.js";
export {
  checkReportFigures,
  failingRowMaps,
  familyBandFigures,
  type ReportFigureOptions,
  type ReportFigures,
  type ReportPlotsHtml,
  rangeFromMessage,
  reportPlotsHtml,
} from "./report.js";
export { skyMapForTracts, type TableGeometry, tableGeometry } from "./table-geometry.js";
export { patchFrame, type TractPatchOptions, tractFrame, tractPatchTraces } from "./tract.js";
export type { Extent, PlotlyFigure, Trace } from "./types.js";

// Cross-site consistency: two copies of a release compared through per-partition fingerprints.
export {
  type CompareSitesOptions,
  compareSiteTables,
  defaultPartition,
  resolvePartition,
} from "./compare.js";
export {
  type FingerprintItem,
  fingerprintItems,
  fingerprintKind,
  partitionItems,
  partitionLabel,
} from "./fingerprint.js";
export { LocalSiteTable, localSiteTables } from "./local.js";
export { openSite } from "./open.js";
export { differenceMap, sitesHtml, sitesMarkdown } from "./report.js";
export { sameAggregate } from "./same.js";
export { compareSites, type SitesOptions } from "./sites.js";
export { TapSiteTable, tapSiteTables } from "./tap.js";
export type {
  AggregateDifference,
  AggregateRow,
  FingerprintKind,
  PartitionDifference,
  SiteColumn,
  SitePartitionRequest,
  SitePartitionSpec,
  SitesReport,
  SiteTable,
  SiteTableComparison,
} from "./types.js";

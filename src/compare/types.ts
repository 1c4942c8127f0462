/** The shape of a comparison between two runs (pilot versus production, yesterday versus today). */

/** What changed. Structural changes (a table, column or check that appeared or vanished, a type) have no size. */
export type ChangeKind =
  | "tableAdded"
  | "tableRemoved"
  | "columnAdded"
  | "columnRemoved"
  | "type"
  | "rows"
  | "partitionRows"
  | "nullRate"
  | "nanRate"
  | "infRate"
  | "trueRate"
  | "mean"
  | "stddev"
  | "distribution"
  | "distinct"
  | "checkAdded"
  | "checkRemoved"
  | "status"
  | "failingRate";

/** How a change's `size` was measured; each has its own default threshold (see DEFAULT_THRESHOLDS). */
export type Measure =
  | "structural"
  | "cohenH"
  | "standardizedMeanDifference"
  | "logRatio"
  | "kolmogorovSmirnov";

/** One difference between the two runs. Identical columns produce no change. */
export interface Change {
  table: string;
  /** Null for table-level changes (rows, tables appearing or vanishing). */
  column: string | null;
  what: ChangeKind;
  before: number | string | null;
  after: number | string | null;
  /** Effect size (unitless, see `measure`); null for structural changes and for unbounded ones (a constant that moved, 0 → n rows). */
  size: number | null;
  measure: Measure;
  /**
   * Three standard errors of `size` from sampling alone, given both row counts (0 where the numbers are exact).
   * A change must clear both its threshold and this floor: at pilot sizes the floor guards against noise, at
   * 10⁹ rows it vanishes and the threshold alone decides.
   */
  noise: number;
  /** Whether the change reaches its threshold and its noise floor; structural and unbounded changes always do. */
  exceeds: boolean;
  /** For check reports: the result id the change concerns. */
  id?: string;
  /** For per-partition row counts: the partition, as `column=value` (e.g. `tract=4431`, `band=g`). */
  partition?: string;
}

/** Default threshold per measure, on |size|. */
export type Thresholds = Record<Exclude<Measure, "structural">, number>;

/** The result of comparing two runs: verdict, thresholds used, ranked changes. */
export interface Comparison {
  tool: "skygate";
  version: string;
  kind: "profile" | "report";
  before: string;
  after: string;
  /** `fail` when any change exceeds its threshold. */
  status: "pass" | "fail";
  thresholds: Thresholds;
  /** Ranked: structural and unbounded changes first, then by |size|, largest first. */
  changes: Change[];
}

/** Compares two profile documents (`skygate profile --json`) column by column. */
import {
  type BooleanProfile,
  boundNumber,
  type ColumnProfile,
  type NumericProfile,
  type TableProfile,
} from "../metrics/types.js";
import {
  cohenH,
  ksLowerBound,
  logRatio,
  type QuantileSamples,
  standardizedMeanDifference,
} from "./effect-size.js";
import { exceedsThreshold, noiseFloor } from "./thresholds.js";
import type { Change, ChangeKind, Measure, Thresholds } from "./types.js";

type Value = number | string | null;
type Rows = readonly [before: number, after: number];

interface Where {
  table: string;
  column: string | null;
  thresholds: Readonly<Thresholds>;
}

function change(
  at: Where,
  what: ChangeKind,
  before: Value,
  after: Value,
  measure: Measure,
  size: number | null,
  rows: Rows = [0, 0],
): Change {
  const noise = measure === "structural" ? 0 : noiseFloor(measure, rows[0], rows[1]);
  const exceeds = exceedsThreshold(measure, size, at.thresholds, noise);
  return { table: at.table, column: at.column, what, before, after, size, measure, noise, exceeds };
}

/**
 * A change of a count, as the log ratio; with `sampled`, against the Poisson noise floor 3·√(1/n₁ + 1/n₂) of a
 * count that sampling alone moves (the rows of a tract). A count leaving or reaching 0 is unbounded and always
 * counts.
 */
function countChange(at: Where, what: ChangeKind, before: number, after: number, sampled = true): Change {
  const size = before > 0 && after > 0 ? logRatio(before, after) : null;
  const c = change(at, what, before, after, "logRatio", size);
  c.noise = size === null || !sampled ? 0 : 3 * Math.sqrt(1 / before + 1 / after);
  c.exceeds = exceedsThreshold("logRatio", size, at.thresholds, c.noise);
  return c;
}

/** Rows per distinct value below which a value can go unseen by chance, so that the distinct count is sampled. */
const RARE_VALUES = 100;

/**
 * A distinct-count change. Values seen fewer than 100 times each on average (on either side) are drawn from a
 * population, and a redraw shows others (the pilot and its clean twin: 46 and 41 distinct parentObjectId in
 * 1,500 rows): the Poisson floor applies. Values seen more often are categories (bands, tracts, patches,
 * detectors) that chance does not hide: any change beyond the threshold counts (6 → 3 bands in 100,000 rows).
 */
function distinctChange(
  at: Where,
  before: ColumnProfile,
  after: ColumnProfile,
  b: number,
  a: number,
): Change {
  const perValue = (p: ColumnProfile, d: number) => (p.rows - p.nulls) / Math.max(1, d);
  const sampled = Math.min(perValue(before, b), perValue(after, a)) < RARE_VALUES;
  return countChange(at, "distinct", b, a, sampled);
}

function isNumeric(p: ColumnProfile): p is NumericProfile {
  return "nan" in p;
}

function isBoolean(p: ColumnProfile): p is BooleanProfile {
  return "true" in p;
}

function rate(count: number, rows: number): number {
  return rows > 0 ? count / rows : 0;
}

/**
 * A rate change, or null when equal. A missing-value rate (null, NaN, ±Inf) leaving or reaching 0 always
 * exceeds: NaN where there was none is news at any size. A flag's true rate is judged by size alone.
 */
function rateChange(at: Where, what: ChangeKind, before: number, after: number, rows: Rows): Change | null {
  if (before === after) return null;
  const c = change(at, what, before, after, "cohenH", cohenH(before, after), rows);
  if (what !== "trueRate" && (before === 0 || after === 0)) c.exceeds = true;
  return c;
}

/** Rows with a finite value: the sample behind mean, spread and quantiles (NaN/Inf counts an engine could not measure count as 0 here: only the noise floor uses it). */
function finiteRows(p: NumericProfile): number {
  return p.rows - p.nulls - (p.nan ?? 0) - (p.posInf ?? 0) - (p.negInf ?? 0);
}

/** A count over the rows as a rate; null when the engine could not measure the count (never read as 0). */
function knownRate(count: number | null, rows: number): number | null {
  return count === null ? null : rate(count, rows);
}

/** The ±Inf count, or null when either half was not measured. */
function infCount(p: NumericProfile): number | null {
  return p.posInf === null || p.negInf === null ? null : p.posInf + p.negInf;
}

/** rateChange for counts that may be unmeasured: no change can be claimed when either side is unknown. */
function knownRateChange(
  at: Where,
  what: ChangeKind,
  before: number | null,
  after: number | null,
  rows: Rows,
): Change | null {
  return before === null || after === null ? null : rateChange(at, what, before, after, rows);
}

/** The quantile samples of a profile with its exact extrema added as levels 0 and 1. */
function samples(p: NumericProfile): QuantileSamples {
  return { ...p.quantiles, "0": boundNumber(p.min), "1": boundNumber(p.max) };
}

function numericChanges(at: Where, before: NumericProfile, after: NumericProfile): (Change | null)[] {
  const rows: Rows = [before.rows, after.rows];
  const finite: Rows = [finiteRows(before), finiteRows(after)];
  const out: (Change | null)[] = [
    knownRateChange(
      at,
      "nanRate",
      knownRate(before.nan, before.rows),
      knownRate(after.nan, after.rows),
      rows,
    ),
    knownRateChange(
      at,
      "infRate",
      knownRate(infCount(before), before.rows),
      knownRate(infCount(after), after.rows),
      rows,
    ),
  ];
  // With quantiles on both sides the KS distance replaces mean and σ, which a few objects of a heavy
  // tail (fluxes) move by more than any real shift of the bulk.
  const bulkKnown = before.quantiles !== undefined && after.quantiles !== undefined;
  if (!bulkKnown && before.mean !== null && after.mean !== null && before.mean !== after.mean) {
    const size = standardizedMeanDifference(before.mean, before.stddev ?? 0, after.mean, after.stddev ?? 0);
    out.push(change(at, "mean", before.mean, after.mean, "standardizedMeanDifference", size, finite));
  }
  if (!bulkKnown && before.stddev !== null && after.stddev !== null && before.stddev !== after.stddev) {
    const size = logRatio(before.stddev, after.stddev);
    out.push(change(at, "stddev", before.stddev, after.stddev, "logRatio", size, finite));
  }
  if (before.quantiles && after.quantiles) {
    const size = ksLowerBound(samples(before), samples(after));
    if (size > 0) {
      const b = before.quantiles["0.5"] ?? null;
      const a = after.quantiles["0.5"] ?? null;
      out.push(change(at, "distribution", b, a, "kolmogorovSmirnov", size, finite));
    }
  }
  return out;
}

/**
 * Changes between two profiles of the same column (unranked). Identical profiles give none.
 * @example
 * const a = { type: "double", rows: 100, nulls: 0, nan: 0, posInf: 0, negInf: 0, min: 0, max: 1, mean: 0.5, stddev: 0.3, distinct: null };
 * compareColumnProfiles("T", "x", a, { ...a, nan: 5 }, DEFAULT_THRESHOLDS).map((c) => c.what) // ["nanRate"]
 */
export function compareColumnProfiles(
  table: string,
  column: string,
  before: ColumnProfile,
  after: ColumnProfile,
  thresholds: Readonly<Thresholds>,
): Change[] {
  const at: Where = { table, column, thresholds };
  if (before.type !== after.type) return [change(at, "type", before.type, after.type, "structural", null)];
  const rows: Rows = [before.rows, after.rows];
  const out: (Change | null)[] = [
    rateChange(at, "nullRate", rate(before.nulls, before.rows), rate(after.nulls, after.rows), rows),
  ];
  if (isBoolean(before) && isBoolean(after)) {
    const b = rate(before.true, before.true + before.false);
    const a = rate(after.true, after.true + after.false);
    out.push(rateChange(at, "trueRate", b, a, [before.true + before.false, after.true + after.false]));
  }
  if (isNumeric(before) && isNumeric(after)) out.push(...numericChanges(at, before, after));
  const distinctB = "distinct" in before ? before.distinct : null;
  const distinctA = "distinct" in after ? after.distinct : null;
  if (distinctB !== null && distinctA !== null && distinctB !== distinctA)
    out.push(distinctChange(at, before, after, distinctB, distinctA));
  return out.filter((c): c is Change => c !== null);
}

/**
 * Changes between two profiles of one table: row count, columns that appeared or vanished, per-column changes.
 * @example
 * compareTableProfiles("T", { rows: 10, sources: [], columns: {} }, { rows: 20, sources: [], columns: {} }, DEFAULT_THRESHOLDS)[0].what // "rows"
 */
export function compareTableProfiles(
  table: string,
  before: TableProfile,
  after: TableProfile,
  thresholds: Readonly<Thresholds>,
): Change[] {
  const at: Where = { table, column: null, thresholds };
  const out: Change[] = [];
  if (before.rows !== after.rows)
    out.push(change(at, "rows", before.rows, after.rows, "logRatio", logRatio(before.rows, after.rows)));
  out.push(...comparePartitionRows(table, before, after, thresholds));
  for (const [column, b] of Object.entries(before.columns)) {
    const a = after.columns[column];
    if (a === undefined)
      out.push(change({ ...at, column }, "columnRemoved", b.type, null, "structural", null));
    else out.push(...compareColumnProfiles(table, column, b, a, thresholds));
  }
  for (const [column, a] of Object.entries(after.columns)) {
    if (!(column in before.columns))
      out.push(change({ ...at, column }, "columnAdded", null, a.type, "structural", null));
  }
  return out;
}

/**
 * Row-count changes per partition (tract, band) of one table, for the partition columns both profiles counted:
 * the log ratio of the counts, against a Poisson noise floor of 3·√(1/n₁ + 1/n₂); a partition that appeared or
 * vanished is unbounded and always counts.
 * @example
 * const side = (g, r) => ({ rows: g + r, sources: [], columns: {}, partitionRows: { band: { g, r } } });
 * comparePartitionRows("T", side(1000, 1000), side(1000, 500), DEFAULT_THRESHOLDS).map((c) => [c.partition, c.exceeds]) // [["band=r", true]]
 */
export function comparePartitionRows(
  table: string,
  before: TableProfile,
  after: TableProfile,
  thresholds: Readonly<Thresholds>,
): Change[] {
  const out: Change[] = [];
  const at: Where = { table, column: null, thresholds };
  for (const [column, b] of Object.entries(before.partitionRows ?? {})) {
    const a = after.partitionRows?.[column];
    if (a === undefined) continue;
    for (const value of [...new Set([...Object.keys(b), ...Object.keys(a)])].sort()) {
      const nb = b[value] ?? 0;
      const na = a[value] ?? 0;
      if (nb === na) continue;
      const c = countChange(at, "partitionRows", nb, na);
      c.partition = `${column}=${value}`;
      out.push(c);
    }
  }
  return out;
}

/**
 * Changes between two profile documents' tables (unranked).
 * @example
 * compareProfileTables({ T: { rows: 1, sources: [], columns: {} } }, {}, DEFAULT_THRESHOLDS)[0].what // "tableRemoved"
 */
export function compareProfileTables(
  before: Readonly<Record<string, TableProfile>>,
  after: Readonly<Record<string, TableProfile>>,
  thresholds: Readonly<Thresholds>,
): Change[] {
  const out: Change[] = [];
  for (const [table, b] of Object.entries(before)) {
    const a = after[table];
    const at: Where = { table, column: null, thresholds };
    if (a === undefined) out.push(change(at, "tableRemoved", b.rows, null, "structural", null));
    else out.push(...compareTableProfiles(table, b, a, thresholds));
  }
  for (const [table, a] of Object.entries(after)) {
    if (!(table in before))
      out.push(change({ table, column: null, thresholds }, "tableAdded", null, a.rows, "structural", null));
  }
  return out;
}

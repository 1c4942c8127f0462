/**
 * Per-family, per-band NaN and flag rates: for each measurement family (the value, its failure flag; found by
 * src/schema/families' DP0.2 naming rules) the fraction of rows whose value is missing (NaN or null) and the
 * fraction whose failure flag is set, per band. analysis_tools' `FracNan` / flag fractions and faro's per-band
 * metrics report them so; DP0.2's invalid g-band calibrations showed up exactly as a NaN-rate jump in one band.
 */
import type { RecordBatch } from "apache-arrow";
import { BANDS, type Band, type FamilyColumn, measurementFamilies } from "../../schema/families.js";
import { type DataId, type Metric, metric } from "../metric.js";
import type { TableProfile } from "../types.js";
import { bandColumn, flagColumn, floatColumn } from "./columns.js";

/** One measured column to count, with its family, band (null: per row from `rowBand`) and flag. */
export interface RateEntry {
  family: string;
  band: Band | null;
  value: string;
  flag: string | null;
}

/** What a rate scan counts: the entries and the column that gives a row's band, if any. */
export interface RatePlan {
  entries: RateEntry[];
  /** `band` when the table has one band per row (Source, ForcedSource); null for band-prefixed columns. */
  rowBand: string | null;
}

/**
 * The families of a table's float columns; unbanded families take their band from a `band` column if present.
 * @example ratePlan(["g", "r"].flatMap((b) => [{ name: `${b}_psfFlux`, datatype: "double" }, { name: `${b}_psfFlux_flag`, datatype: "boolean" }])).entries[0]
 * // { family: "psfFlux", band: "g", value: "g_psfFlux", flag: "g_psfFlux_flag" }
 */
export function ratePlan(columns: readonly FamilyColumn[]): RatePlan {
  const rowBand = columns.some((c) => c.name === "band") ? "band" : null;
  const entries: RateEntry[] = [];
  for (const f of measurementFamilies(columns).families) {
    const column = columns.find((c) => c.name === f.measurement);
    if (column === undefined || (column.datatype !== "double" && column.datatype !== "float")) continue;
    entries.push({ family: f.suffix, band: f.band ?? null, value: f.measurement, flag: f.flag ?? null });
  }
  return { entries, rowBand: entries.some((e) => e.band === null) ? rowBand : null };
}

/**
 * The columns a rate scan reads.
 * @example rateColumns({ entries: [{ family: "psfFlux", band: null, value: "psfFlux", flag: "psfFlux_flag" }], rowBand: "band" }) // ["psfFlux", "psfFlux_flag", "band"]
 */
export function rateColumns(plan: RatePlan): string[] {
  const names = plan.entries.flatMap((e) => (e.flag === null ? [e.value] : [e.value, e.flag]));
  if (plan.rowBand !== null) names.push(plan.rowBand);
  return [...new Set(names)];
}

const SLOTS = BANDS.length + 1; // one per band, then rows of no known band

/** Rows, missing values and set flags per entry and band slot (mergeable: counts add). */
export interface RateState {
  plan: RatePlan;
  rows: Float64Array;
  missing: Float64Array;
  flagged: Float64Array;
}

/**
 * An empty rate state for a plan.
 * @example createRateState({ entries: [], rowBand: null }).rows.length // 7
 */
export function createRateState(plan: RatePlan): RateState {
  const n = plan.entries.length * SLOTS;
  return { plan, rows: new Float64Array(SLOTS), missing: new Float64Array(n), flagged: new Float64Array(n) };
}

/**
 * Counts one batch.
 * @example
 * const s = createRateState(ratePlan([{ name: "psfFlux", datatype: "double" }, { name: "psfFlux_flag", datatype: "boolean" }]));
 * updateRates(s, tableFromArrays({ psfFlux: Float64Array.of(1, Number.NaN), psfFlux_flag: [false, true] }).batches[0]);
 * s.missing[6] // 1
 */
export function updateRates(state: RateState, batch: RecordBatch): void {
  const n = batch.numRows;
  const bands = state.plan.rowBand === null ? null : bandColumn(batch, state.plan.rowBand);
  const slotOf = (i: number) => (bands === null ? BANDS.length : bands[i] < 0 ? BANDS.length : bands[i]);
  for (let i = 0; i < n; i++) state.rows[slotOf(i)]++;
  state.plan.entries.forEach((e, k) => {
    const base = k * SLOTS;
    const fixed = e.band === null ? -1 : BANDS.indexOf(e.band);
    const v = floatColumn(batch, e.value);
    const flag = e.flag === null ? null : flagColumn(batch, e.flag);
    for (let i = 0; i < n; i++) {
      const slot = base + (fixed >= 0 ? fixed : slotOf(i));
      if (Number.isNaN(v[i])) state.missing[slot]++;
      if (flag !== null && flag[i] === 1) state.flagged[slot]++;
    }
  });
}

/**
 * Merges two states of the same plan into a new one.
 * @example mergeRates(createRateState({ entries: [], rowBand: null }), createRateState({ entries: [], rowBand: null })).rows[6] // 0
 */
export function mergeRates(a: RateState, b: RateState): RateState {
  const add = (x: Float64Array, y: Float64Array) => x.map((v, i) => v + y[i]);
  return {
    plan: a.plan,
    rows: add(a.rows, b.rows),
    missing: add(a.missing, b.missing),
    flagged: add(a.flagged, b.flagged),
  };
}

/**
 * `TABLE.nanRate` and `TABLE.flagRate` (fractions) per family and band, data id `{ family, band }`.
 * @example
 * const s = createRateState(ratePlan([{ name: "psfFlux", datatype: "double" }, { name: "psfFlux_flag", datatype: "boolean" }]));
 * updateRates(s, tableFromArrays({ psfFlux: Float64Array.of(1, Number.NaN), psfFlux_flag: [false, true] }).batches[0]);
 * finalizeRates(s, "Source").map((m) => `${m.name} ${m.value}`) // ["Source.nanRate 0.5", "Source.flagRate 0.5"]
 */
export function finalizeRates(state: RateState, table: string): Metric[] {
  const out: Metric[] = [];
  const total = state.rows.reduce((a, b) => a + b, 0);
  state.plan.entries.forEach((e, k) => {
    const slots =
      e.band !== null
        ? [BANDS.indexOf(e.band)]
        : state.plan.rowBand === null
          ? [BANDS.length]
          : [...BANDS.keys()].filter((b) => state.rows[b] > 0);
    for (const slot of slots) {
      const rows = e.band !== null || state.plan.rowBand === null ? total : state.rows[slot];
      if (rows === 0) continue;
      const dataId: DataId =
        slot < BANDS.length ? { family: e.family, band: BANDS[slot] } : { family: e.family };
      out.push(metric(`${table}.nanRate`, state.missing[k * SLOTS + slot] / rows, "", dataId));
      if (e.flag !== null)
        out.push(metric(`${table}.flagRate`, state.flagged[k * SLOTS + slot] / rows, "", dataId));
    }
  });
  return out;
}

/**
 * A rate state from column profiles (an engine's, which may prove NaN and null counts from Parquet statistics
 * without decoding): missing = NaN + null count, flagged = true count; `partitions` are per-band profiles of
 * a table with a band column (keys are band names). Null when a profile lacks a column or its NaN count.
 * @example
 * const state = createTableState([{ name: "psfFlux", type: "float64" }]);
 * updateTableState(state, tableFromArrays({ psfFlux: Float64Array.of(1, Number.NaN) }).batches[0]);
 * ratesFromProfiles(ratePlan([{ name: "psfFlux", datatype: "double" }]), finalizeTableState(state))?.missing[6] // 1
 */
export function ratesFromProfiles(
  plan: RatePlan,
  profile: TableProfile,
  partitions: Readonly<Record<string, TableProfile>> = {},
): RateState | null {
  const state = createRateState(plan);
  const fill = (p: TableProfile, slotOf: (e: RateEntry) => number, rowsSlot: number): boolean => {
    state.rows[rowsSlot] += p.rows;
    return plan.entries.every((e, k) => {
      const v = p.columns[e.value];
      if (v === undefined || !("nan" in v) || v.nan === null) return false;
      const slot = k * SLOTS + slotOf(e);
      state.missing[slot] += v.nan + v.nulls;
      if (e.flag !== null) {
        const f = p.columns[e.flag];
        if (f === undefined || !("true" in f)) return false;
        state.flagged[slot] += f.true;
      }
      return true;
    });
  };
  if (plan.rowBand === null)
    return fill(profile, (e) => (e.band === null ? BANDS.length : BANDS.indexOf(e.band)), BANDS.length)
      ? state
      : null;
  for (const [key, p] of Object.entries(partitions)) {
    const b = BANDS.indexOf(key as Band);
    const slot = b < 0 ? BANDS.length : b;
    if (!fill(p, (e) => (e.band === null ? slot : BANDS.indexOf(e.band)), slot)) return null;
  }
  return state;
}

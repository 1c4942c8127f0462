/**
 * Ranges given by users in any unit the schema module converts, turned into the column's unit: an AB magnitude
 * limit becomes a flux bound in nJy (m = 31.4 − 2.5·log10(f / nJy), so a faint limit in mag is a lower flux
 * bound); angles convert between deg, rad, arcmin, arcsec and mas, fluxes between Jy, mJy, uJy and nJy.
 */
import { UsageError } from "../core/errors.js";
import { canConvert, convertValue, normalizeUnit, unitKind } from "../schema/units.js";
import type { ValueRange } from "./column/range.js";

/** A number with an optional unit (none: the column's own unit). */
export interface Quantity {
  value: number;
  unit?: string;
}

/** A user's range for one column; either bound may be open. */
export interface UserRange {
  table: string;
  column: string;
  min?: Quantity;
  max?: Quantity;
}

/**
 * Converts a bound into the column's unit; `flipped` says the order reverses (magnitudes ↔ fluxes).
 * Without a unit on either side the value is taken as is.
 * @example
 * boundInUnit(1, "deg", "arcsec") // { value: 3600, flipped: false }
 */
export function boundInUnit(
  value: number,
  from: string | undefined,
  to: string | null,
): { value: number; flipped: boolean } {
  const f = normalizeUnit(from);
  const t = normalizeUnit(to);
  if (f === undefined || t === undefined || f === t) return { value, flipped: false };
  return { value: convertValue(value, f, t), flipped: (f === "mag") !== (t === "mag") };
}

/** A bound as the user wrote it, e.g. `24.5mag`. */
function quantityText(q: Quantity | undefined): string {
  return q === undefined ? "" : `${q.value}${q.unit ?? ""}`;
}

/**
 * Why a range's units cannot be applied to its column, or null when they can. A bound with a unit needs a column
 * unit it converts to: without one the number would silently be compared in whatever unit the column holds.
 * @example
 * rangeUnitProblem({ table: "T", column: "f", max: { value: 24.5, unit: "mag" } }, null)
 * // "--range T.f=..24.5mag gives mag but the column's unit is unknown; give --schema or a bare number in the column's unit"
 */
export function rangeUnitProblem(range: UserRange, columnUnit: string | null): string | null {
  const units = [range.min?.unit, range.max?.unit].filter((u): u is string => u !== undefined);
  if (units.length === 0) return null;
  const option = `--range ${range.table}.${range.column}=${quantityText(range.min)}..${quantityText(range.max)}`;
  if (normalizeUnit(columnUnit) === undefined)
    return `${option} gives ${units[0]} but the column's unit is unknown; give --schema or a bare number in the column's unit`;
  const alien = units.find((u) => !canConvert(u, columnUnit as string));
  return alien === undefined
    ? null
    : `${option} gives ${alien} but the column's unit is ${columnUnit}, which ${alien} does not convert to`;
}

/**
 * The range in the column's unit (its bounds' units convert to it: see rangeUnitProblem). An interval empty in the
 * column's unit is a usage error: its check could only fail every row.
 * @example
 * toValueRange({ table: "Object", column: "r_psfFlux", max: { value: 23.9, unit: "mag" } }, "nJy").min // ≈ 1000
 */
export function toValueRange(range: UserRange, columnUnit: string | null): ValueRange {
  if (range.min === undefined && range.max === undefined)
    throw new UsageError(`range for ${range.table}.${range.column} has no bound`);
  const given = `${quantityText(range.min)}..${quantityText(range.max)}`;
  const empty = (why: string) =>
    new UsageError(
      `--range ${range.table}.${range.column}=${given}: the interval is empty in the column's unit ${columnUnit} (${why}; no value can pass)`,
    );
  const out: ValueRange = { reason: `user range ${given}` };
  for (const side of ["min", "max"] as const) {
    const q = range[side];
    if (q === undefined) continue;
    const { value, flipped } = boundInUnit(q.value, q.unit, columnUnit);
    // A flux ≤ 0 has no magnitude: as a lower bound it excludes no magnitude, as an upper bound every one.
    if (Number.isNaN(value)) {
      if (side === "min") continue;
      throw empty(`no magnitude has a flux ≤ ${quantityText(q)}`);
    }
    out[flipped ? (side === "min" ? "max" : "min") : side] = value;
  }
  if (out.min !== undefined && out.max !== undefined && out.min > out.max)
    throw empty(`[${out.min}, ${out.max}]`);
  return out;
}

/**
 * Both bounds of a closed range in one unit: a unit written on one side only applies to the other too
 * (`215.1..216.1deg`), so the bare bound is not read in the column's unit.
 */
function sharedUnit(min?: Quantity, max?: Quantity): [Quantity | undefined, Quantity | undefined] {
  if (!min || !max || (min.unit === undefined) === (max.unit === undefined)) return [min, max];
  const unit = (min.unit ?? max.unit) as string;
  return [
    { value: min.value, unit },
    { value: max.value, unit },
  ];
}

/** The upper bound in the lower bound's unit, to see if the interval is empty; a usage error if none can be had. */
function upperInLowerUnit(text: string, min: Quantity, max: Quantity): number {
  if (min.unit === undefined || max.unit === undefined) return max.value;
  // Magnitudes run the other way from fluxes: an interval from one to the other has no order to follow.
  const mags = [min.unit, max.unit].filter((u) => normalizeUnit(u) === "mag").length;
  if (mags === 1 || !canConvert(min.unit, max.unit))
    throw new UsageError(
      `--range ${text}: bounds in ${min.unit} and ${max.unit} cannot be compared; give both in one unit`,
    );
  return convertValue(max.value, max.unit, min.unit);
}

/**
 * Parses `TABLE.COLUMN=MIN..MAX`, each bound optional and optionally followed by a unit (`Object.r_psfFlux=..24.5mag`).
 * A unit written on one bound only of a closed range applies to both (`215.1..216.1deg` is in degrees throughout);
 * bounds that cannot be compared (deg with nJy, mag with nJy) or an empty interval are usage errors.
 * @example
 * parseUserRange("Object.r_psfFlux=..24.5mag") // { table: "Object", column: "r_psfFlux", max: { value: 24.5, unit: "mag" } }
 */
export function parseUserRange(text: string): UserRange {
  const m = /^([^.=]+)\.([^=]+)=(.*)\.\.(.*)$/.exec(text);
  if (!m) throw new UsageError(`--range expects TABLE.COLUMN=MIN..MAX, got "${text}"`);
  const bound = (s: string): Quantity | undefined => {
    const t = s.trim();
    if (t === "") return undefined;
    const b = /^([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)\s*([A-Za-zµ*0-9]*)$/.exec(t);
    if (!b) throw new UsageError(`--range bound "${s}" is not a number with an optional unit`);
    // An unknown unit would silently be read as the column's own: refuse it.
    if (b[2] && unitKind(b[2]) === "other")
      throw new UsageError(`--range bound "${s}": unknown unit "${b[2]}" in ${text}`);
    return b[2] ? { value: Number(b[1]), unit: b[2] } : { value: Number(b[1]) };
  };
  const [min, max] = sharedUnit(bound(m[3]), bound(m[4]));
  const out: UserRange = { table: m[1], column: m[2] };
  if (min) out.min = min;
  if (max) out.max = max;
  if (min && max && min.value > upperInLowerUnit(text, min, max))
    throw new UsageError(`--range ${text}: the interval ${m[3]}..${m[4]} is empty (no value can pass)`);
  return out;
}

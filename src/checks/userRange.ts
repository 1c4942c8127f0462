/**
 * Ranges given by users in any unit the schema module converts, turned into the column's unit: an AB magnitude
 * limit becomes a flux bound in nJy (m = 31.4 − 2.5·log10(f / nJy), so a faint limit in mag is a lower flux
 * bound); angles convert between deg, rad, arcmin, arcsec and mas, fluxes between Jy, mJy, uJy and nJy.
 */
import { UsageError } from "../core/errors.js";
import { convertValue, normalizeUnit, unitKind } from "../schema/units.js";
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

/**
 * The range in the column's unit.
 * @example
 * toValueRange({ table: "Object", column: "r_psfFlux", max: { value: 23.9, unit: "mag" } }, "nJy").min // ≈ 1000
 */
export function toValueRange(range: UserRange, columnUnit: string | null): ValueRange {
  const out: ValueRange = { reason: "user range" };
  for (const side of ["min", "max"] as const) {
    const q = range[side];
    if (q === undefined) continue;
    const { value, flipped } = boundInUnit(q.value, q.unit, columnUnit);
    const target = flipped ? (side === "min" ? "max" : "min") : side;
    out[target] = value;
  }
  const given = [range.min, range.max]
    .filter((q): q is Quantity => q !== undefined)
    .map((q) => `${q.value}${q.unit ?? ""}`);
  out.reason = `user range ${range.min ? `${range.min.value}${range.min.unit ?? ""}` : ""}..${range.max ? `${range.max.value}${range.max.unit ?? ""}` : ""}`;
  if (given.length === 0) throw new UsageError(`range for ${range.table}.${range.column} has no bound`);
  return out;
}

/**
 * Parses `TABLE.COLUMN=MIN..MAX`, each bound optional and optionally followed by a unit (`Object.r_psfFlux=..24.5mag`).
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
  const out: UserRange = { table: m[1], column: m[2] };
  const min = bound(m[3]);
  const max = bound(m[4]);
  if (min) out.min = min;
  if (max) out.max = max;
  if (min && max && normalizeUnit(min.unit) === normalizeUnit(max.unit) && min.value > max.value)
    throw new UsageError(`--range ${text}: the interval ${m[3]}..${m[4]} is empty (no value can pass)`);
  return out;
}

/**
 * Ranges given by users in any supported unit, turned into the column's unit: an AB magnitude limit becomes a
 * flux bound in nJy (m = 31.4 − 2.5·log10(f / nJy), so a faint limit in mag is a lower flux bound), angles
 * convert between deg, rad, arcmin and arcsec, fluxes between Jy, mJy, uJy and nJy.
 */
import { UsageError } from "../io/errors.js";
import type { ValueRange } from "./column/range.js";
import { normalizeUnit } from "./rules.js";

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

const AB_ZERO_POINT_NJY = 31.4;
const SCALE: Record<string, { dimension: "angle" | "flux"; factor: number }> = {
  deg: { dimension: "angle", factor: 1 },
  rad: { dimension: "angle", factor: 180 / Math.PI },
  arcmin: { dimension: "angle", factor: 1 / 60 },
  arcsec: { dimension: "angle", factor: 1 / 3600 },
  mas: { dimension: "angle", factor: 1 / 3.6e6 },
  njy: { dimension: "flux", factor: 1 },
  ujy: { dimension: "flux", factor: 1e3 },
  mjy: { dimension: "flux", factor: 1e6 },
  jy: { dimension: "flux", factor: 1e9 },
};

/**
 * AB magnitude to flux in nJy.
 * @example
 * abMagToNanojansky(31.4) // 1
 * abMagToNanojansky(23.9) // ≈ 1000 (1 µJy)
 */
export function abMagToNanojansky(mag: number): number {
  return 10 ** ((AB_ZERO_POINT_NJY - mag) / 2.5);
}

function key(unit: string | null | undefined): string | null {
  const u = normalizeUnit(unit);
  return u === null ? null : u.replace("µ", "u");
}

/**
 * Converts a value between units; `flipped` says the order reverses (magnitudes to fluxes).
 * @example
 * convertValue(1, "deg", "arcsec") // { value: 3600, flipped: false }
 */
export function convertValue(
  value: number,
  from: string | null | undefined,
  to: string | null | undefined,
): { value: number; flipped: boolean } {
  const f = key(from);
  const t = key(to);
  if (f === null || t === null || f === t) return { value, flipped: false };
  if (f === "mag" && t !== null && SCALE[t]?.dimension === "flux") {
    return { value: abMagToNanojansky(value) / SCALE[t].factor, flipped: true };
  }
  const a = SCALE[f];
  const b = SCALE[t];
  if (a === undefined || b === undefined || a.dimension !== b.dimension) {
    throw new UsageError(`cannot convert ${from} to ${to}`);
  }
  return { value: (value * a.factor) / b.factor, flipped: false };
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
    const { value, flipped } = convertValue(q.value, q.unit, columnUnit);
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
    return b[2] ? { value: Number(b[1]), unit: b[2] } : { value: Number(b[1]) };
  };
  const out: UserRange = { table: m[1], column: m[2] };
  const min = bound(m[3]);
  const max = bound(m[4]);
  if (min) out.min = min;
  if (max) out.max = max;
  return out;
}

/**
 * Units as felis schemas and catalog files write them (astropy / VOUnit strings), and the conversions a user
 * range needs: AB magnitudes ↔ nJy (m_AB = 31.4 − 2.5 log10(f / nJy)), Jy prefixes, and angles
 * (deg, rad, arcmin, arcsec, mas).
 */
import { UsageError } from "../core/errors.js";

/** What a unit measures, as far as choosing a check goes. */
export type UnitKind =
  | "flux" // nJy, Jy…; and instrumental fluxes (count, adu)
  | "fluxRate" // nJy/d (light-curve slopes)
  | "magnitude" // mag, ABmag
  | "angle" // deg, rad, arcsec, arcmin, mas
  | "solidAngle" // deg**2, arcsec**2, sr
  | "pixel" // pixel
  | "pixelArea" // pixel**2 (second moments, areas)
  | "time" // d, s, yr, h, min
  | "length" // m, km, AU, pc
  | "other"
  | "none";

/** The AB zero point in nJy units: m_AB = 31.4 − 2.5 log10(f / nJy), since 3631 Jy ↔ m = 0. */
export const AB_ZERO_POINT_NJY = 31.4;

const ALIASES: Record<string, string> = {
  degree: "deg",
  degrees: "deg",
  radian: "rad",
  radians: "rad",
  arcsecond: "arcsec",
  arcseconds: "arcsec",
  arcminute: "arcmin",
  arcminutes: "arcmin",
  pix: "pixel",
  pixels: "pixel",
  ct: "count",
  counts: "count",
  day: "d",
  days: "d",
  second: "s",
  seconds: "s",
  abmag: "mag",
  ABmag: "mag",
  "mag(AB)": "mag",
  nanojansky: "nJy",
};

/**
 * The canonical spelling of a unit (`pix^2` → `pixel**2`, `degree` → `deg`); undefined for none or blank.
 * @example
 * normalizeUnit(" pix^2 "); // "pixel**2"
 */
export function normalizeUnit(unit: string | null | undefined): string | undefined {
  if (unit === null || unit === undefined) return undefined;
  const trimmed = unit.trim();
  if (trimmed === "") return undefined;
  const powered = trimmed.replace(/\^/g, "**").replace(/\s+/g, "");
  const match = /^([A-Za-z()]+)(\d|\*\*\d+)?$/.exec(powered);
  if (!match) return powered;
  const base = ALIASES[match[1]] ?? ALIASES[match[1].toLowerCase()] ?? match[1];
  const power = match[2] === undefined ? "" : match[2].startsWith("**") ? match[2] : `**${match[2]}`;
  return `${base}${power}`;
}

const FLUX_TO_NJY: Record<string, number> = { nJy: 1, uJy: 1e3, µJy: 1e3, mJy: 1e6, Jy: 1e9 };
const ANGLE_TO_DEG: Record<string, number> = {
  deg: 1,
  rad: 180 / Math.PI,
  arcmin: 1 / 60,
  arcsec: 1 / 3600,
  mas: 1 / 3.6e6,
};

/**
 * What a unit measures.
 * @example
 * unitKind("nJy"); // "flux"
 * unitKind("pixel**2"); // "pixelArea"
 */
export function unitKind(unit: string | null | undefined): UnitKind {
  const u = normalizeUnit(unit);
  if (u === undefined) return "none";
  if (u in FLUX_TO_NJY || u === "count" || u === "adu" || u === "electron" || u === "DN") return "flux";
  if (/^(nJy|uJy|mJy|Jy|count)\/(d|s|yr)$/.test(u)) return "fluxRate";
  if (u === "mag") return "magnitude";
  if (u in ANGLE_TO_DEG) return "angle";
  if (/^(deg|arcsec|arcmin|mas)\*\*2$/.test(u) || u === "sr") return "solidAngle";
  if (u === "pixel") return "pixel";
  if (u === "pixel**2") return "pixelArea";
  if (/^(d|s|yr|h|min|ms)$/.test(u)) return "time";
  if (/^(m|km|AU|au|pc|kpc|Mpc)$/.test(u)) return "length";
  return "other";
}

/**
 * nJy flux of an AB magnitude.
 * @example
 * abMagToNJy(31.4); // 1
 * abMagToNJy(0); // ≈ 3.631e12 (3631 Jy)
 */
export function abMagToNJy(mag: number): number {
  return 10 ** ((AB_ZERO_POINT_NJY - mag) / 2.5);
}

/**
 * AB magnitude of a flux in nJy (NaN for fluxes ≤ 0, which have none).
 * @example
 * nJyToAbMag(1); // 31.4
 */
export function nJyToAbMag(flux: number): number {
  return flux > 0 ? AB_ZERO_POINT_NJY - 2.5 * Math.log10(flux) : Number.NaN;
}

/**
 * Degrees to radians.
 * @example
 * degToRad(180); // Math.PI
 */
export function degToRad(deg: number): number {
  return (deg * Math.PI) / 180;
}

/**
 * Radians to degrees.
 * @example
 * radToDeg(Math.PI / 2); // 90
 */
export function radToDeg(rad: number): number {
  return (rad * 180) / Math.PI;
}

/**
 * Arcseconds to degrees.
 * @example
 * arcsecToDeg(3600); // 1
 */
export function arcsecToDeg(arcsec: number): number {
  return arcsec / 3600;
}

/**
 * Degrees to arcseconds.
 * @example
 * degToArcsec(1 / 60); // 60
 */
export function degToArcsec(deg: number): number {
  return deg * 3600;
}

/**
 * Whether values in one unit can be converted to the other (same kind; magnitudes ↔ Jy-based fluxes).
 * @example
 * canConvert("mag", "nJy"); // true
 * canConvert("mag", "count"); // false: instrumental fluxes have no AB zero point
 */
export function canConvert(from: string, to: string): boolean {
  const a = normalizeUnit(from);
  const b = normalizeUnit(to);
  if (a === undefined || b === undefined) return false;
  if (a === b) return true;
  const fluxish = (u: string) => u in FLUX_TO_NJY || u === "mag";
  if (fluxish(a) && fluxish(b)) return true;
  return a in ANGLE_TO_DEG && b in ANGLE_TO_DEG;
}

/**
 * Convert one value between units: Jy-based fluxes and AB magnitudes, or angles. A UsageError otherwise.
 * @example
 * convertValue(24, "mag", "nJy"); // ≈ 912.01
 * convertValue(1, "deg", "arcsec"); // 3600
 */
export function convertValue(value: number, from: string, to: string): number {
  const a = normalizeUnit(from);
  const b = normalizeUnit(to);
  if (a === undefined || b === undefined || !canConvert(a, b)) {
    throw new UsageError(`cannot convert from unit "${from}" to unit "${to}"`);
  }
  if (a === b) return value;
  if (a in ANGLE_TO_DEG) return (value * ANGLE_TO_DEG[a]) / ANGLE_TO_DEG[b];
  const nJy = a === "mag" ? abMagToNJy(value) : value * FLUX_TO_NJY[a];
  return b === "mag" ? nJyToAbMag(nJy) : nJy / FLUX_TO_NJY[b];
}

/** A closed interval; a missing end is unbounded. */
export interface UnitRange {
  min?: number;
  max?: number;
}

/**
 * Convert a range between units; magnitudes reverse the order (brighter = smaller), so a magnitude limit
 * `{ max: 24 }` becomes a flux floor `{ min: 912 }` nJy. A flux ≤ 0 as a magnitude bound becomes unbounded.
 * @example
 * convertRange({ max: 24 }, "mag", "nJy"); // { min: 912.01… }
 * convertRange({ min: 0, max: 90 }, "deg", "rad"); // ≈ { min: 0, max: 1.5707963268 } (π/2)
 */
export function convertRange(range: UnitRange, from: string, to: string): UnitRange {
  const convert = (value: number | undefined) => {
    if (value === undefined) return undefined;
    const out = convertValue(value, from, to);
    return Number.isNaN(out) ? undefined : out;
  };
  const reverses = (normalizeUnit(from) === "mag") !== (normalizeUnit(to) === "mag");
  const lo = convert(range.min);
  const hi = convert(range.max);
  const out: UnitRange = {};
  const [min, max] = reverses ? [hi, lo] : [lo, hi];
  if (min !== undefined) out.min = min;
  if (max !== undefined) out.max = max;
  return out;
}

/**
 * Parse a quantity written by a user: "24.5 mag", "1.5arcsec", "-3 nJy", or a bare number (unit undefined).
 * @example
 * parseQuantity("24.5 mag"); // { value: 24.5, unit: "mag" }
 */
export function parseQuantity(text: string): { value: number; unit?: string } {
  const match = /^\s*([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)\s*(.*?)\s*$/.exec(text);
  if (!match)
    throw new UsageError(
      `not a quantity: "${text}" (expected a number and an optional unit, e.g. "24.5 mag")`,
    );
  const value = Number(match[1]);
  const unit = normalizeUnit(match[2]);
  return unit === undefined ? { value } : { value, unit };
}

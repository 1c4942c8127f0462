/**
 * Which value checks a column deserves, chosen from its unit, UCD and name (DP0.2 / afw / APDB conventions).
 * Ranges are physically right for survey catalogs: fluxes (nJy, instrumental counts) and backgrounds may be
 * negative (forced photometry, sky objects), so they get no range; sizes, errors, times and counts cannot.
 */

import type { Literal } from "../engines/condition.js";
import { isIntegerKind, kindOf } from "../io/kind.js";
import { normalizeUnit } from "../schema/units.js";
import type { ValueRange } from "./column/range.js";
import type { ColumnSpec } from "./types.js";

export type AngleUnit = "deg" | "rad";

/** A right ascension or declination column, with the unit its values are in. */
export interface Position {
  axis: "ra" | "dec";
  unit: AngleUnit;
}

function unitOf(unit: string | null | undefined): string | null {
  return normalizeUnit(unit) ?? null;
}

// Names real catalogs use: Rubin (`coord_ra`, per-band `coord_ra_r`, `r_ra`, corners `llcra`), ObsCore `s_ra`,
// VizieR/Gaia (`RA_ICRS`, `DE_ICRS`, `RAJ2000`, `DEJ2000`, `raJ2000`), and `ra_deg`-style suffixes.
const RA_NAMES =
  /^(coord_ra|coord_ra_[a-z]+|ra|s_ra|ra_icrs|ra_?j2000|[ugrizy]_ra|(ll|lr|ul|ur)cra|radiaobject|ra_[a-z0-9]+)$/i;
const DEC_NAMES =
  /^(coord_dec|coord_dec_[a-z]+|dec|decl|s_dec|dec_icrs|de_icrs|(de|dec)_?j2000|[ugrizy]_(dec|decl)|(ll|lr|ul|ur)cdecl?|decdiaobject|dec_[a-z0-9]+)$/i;

function firstUcdWord(ucd: string | null): string {
  return (ucd ?? "").split(";")[0].trim().toLowerCase();
}

/**
 * Whether a column holds RA or Dec: the UCD (`pos.eq.ra`, `pos.eq.dec` as first word) or a conventional name.
 * The unit is the column's (`rad` for afw catalogs), degrees when none is declared.
 * @example
 * positionOf({ name: "coord_ra", unit: "rad", ucd: null }) // { axis: "ra", unit: "rad" }
 */
export function positionOf(column: Pick<ColumnSpec, "name" | "unit" | "ucd">): Position | null {
  const ucd = firstUcdWord(column.ucd);
  const unit = unitOf(column.unit);
  if (unit !== null && unit !== "deg" && unit !== "rad") return null;
  if (/err|sigma|cov/i.test(column.name)) return null;
  let axis: "ra" | "dec" | null = null;
  if (ucd === "pos.eq.ra") axis = "ra";
  else if (ucd === "pos.eq.dec") axis = "dec";
  else if (ucd === "" && RA_NAMES.test(column.name)) axis = "ra";
  else if (ucd === "" && DEC_NAMES.test(column.name)) axis = "dec";
  return axis === null ? null : { axis, unit: unit === "rad" ? "rad" : "deg" };
}

/** Whether a column is the uncertainty of another (`…Err`, `…_err`, `…Sigma` of a value, or a `stat.error` UCD). */
export function isErrorColumn(column: Pick<ColumnSpec, "name" | "ucd">): boolean {
  return /(Err|_err|_error)$/.test(column.name) || firstUcdWord(column.ucd) === "stat.error";
}

const NON_NEGATIVE_NAMES = /(area|size|sigma|length|radius|rad|fwhm|noise|seeing|exptime|darktime|time)$/i;
const SECOND_MOMENT_DIAGONAL = /(^|_)(i|shape_|sdssshape_|hsmmoments_)?(xx|yy)(psf|round|debiasedpsf)?$/i;
const COUNT_NAMES = /(count|nchild|^n[A-Z]\w*)$/;

/**
 * The physically valid interval of a column's finite values, or null when any finite value is plausible.
 * @example
 * validRange({ name: "r_psfFluxErr", unit: "nJy", ucd: null, physical: "float64", datatype: "double" })?.min // 0
 * validRange({ name: "r_psfFlux", unit: "nJy", ucd: null, physical: "float64", datatype: "double" }) // null
 */
export function validRange(
  column: Pick<ColumnSpec, "name" | "unit" | "ucd" | "datatype" | "physical">,
): ValueRange | null {
  const unit = unitOf(column.unit);
  const name = column.name;
  if (positionOf(column) !== null) return null;
  if (isErrorColumn(column)) return { min: 0, reason: "an uncertainty cannot be negative" };
  if (/^airmass$/i.test(name)) return { min: 1, reason: "airmass is at least 1" };
  if (/(^|_)extendedness$/i.test(name)) return { min: 0, max: 1, reason: "extendedness is a 0–1 classifier" };
  switch (unit) {
    case "mag":
      return { min: -30, max: 60, reason: "an astronomical magnitude" };
    case "s":
    case "d":
    case "m":
    case "arcsec":
      return { min: 0, reason: `a duration, epoch or size in ${unit}` };
    case "deg":
      if (/^altitude$/i.test(name)) return { min: -90, max: 90, reason: "an altitude" };
      if (/zenith/i.test(name)) return { min: 0, max: 180, reason: "a zenith distance" };
      if (/^(s_fov|fov)$/i.test(name)) return { min: 0, max: 360, reason: "a field of view" };
      return { min: -360, max: 360, reason: "an angle in degrees" };
    case "rad":
      return { min: -2 * Math.PI, max: 2 * Math.PI, reason: "an angle in radians" };
    case "pixel":
    case "pixel**2":
    case "arcsec**2":
      // Blendedness "raw" moments are taken on signed pixel values and can be negative (meas_base).
      if (/Blendedness_raw/.test(name)) return null;
      if (SECOND_MOMENT_DIAGONAL.test(name) || NON_NEGATIVE_NAMES.test(name)) {
        return { min: 0, reason: `a size or second moment in ${unit}` };
      }
      return null;
    default:
      break;
  }
  const integer = column.physical !== null && isIntegerKind(kindOf(column.physical));
  if (integer && (unit === "count" || COUNT_NAMES.test(name))) return { min: 0, reason: "a count" };
  return null;
}

/** Allowed values of well-known categorical columns (the LSST bands). */
export function allowedValuesOf(column: Pick<ColumnSpec, "name" | "physical">): readonly Literal[] | null {
  if (column.physical !== "string") return null;
  if (/^(band|refBand|lsst_band)$/.test(column.name)) return ["u", "g", "r", "i", "z", "y"];
  return null;
}

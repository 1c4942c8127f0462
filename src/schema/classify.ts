/**
 * What a column holds, from its datatype, unit, UCD and name, so a suite can pick meaningful checks.
 * Rules, first match wins (names are DP0.2 / afw / APDB conventions):
 *  1. boolean → flag; char/string/unicode/text → text; timestamp → time
 *  2. primary-key member → key
 *  3. UCD `stat.covariance` or name `…_Cov` → covariance (any sign)
 *  4. UCD `stat.error`, or `X…Err` where X is a column, or `…Err`/`…ErrMean` → error (≥ 0)
 *  5. absolute RA / Dec (see positions.ts) → ra / dec
 *  6. integer with a `meta.id` UCD, or an id-like name (`…Id`, `id`, visit, detector, tract, patch) → id
 *  7. unit `d` with a `time.*` UCD or an MJD/TAI name, or a `time.epoch`/`time.start`/`time.end` UCD → time
 *     (MJD); unit `s`/`d` otherwise → duration (≥ 0)
 *  8. unit `mag` (or a `…Mag` name without unit) → magnitude
 *  9. flux units (nJy, count, adu): sky / background names → background (any sign); `…Noise`/`…Sigma` →
 *     dispersion (≥ 0); otherwise flux (any sign: forced and sky-object fluxes are legitimately negative)
 * 10. pixel² / arcsec² with an xx/yy/xy name → moment (diagonal ≥ 0); with an area name → area (≥ 0);
 *     with a size name (fwhm) → size (≥ 0); otherwise shape (ellipticities can be negative)
 * 11. unit pixel: x/y/centroid names → pixel; otherwise size (≥ 0)
 * 12. angles (deg, rad, arcsec, mas): seeing/fwhm/radius/size/length/fov/resolution names → size (≥ 0);
 *     otherwise angle (deg in [-360, 360], rad in [-2π, 2π]); length units (m, AU) → size (≥ 0); without
 *     unit, `…Sigma` → dispersion (≥ 0) and size names → size (≥ 0)
 * 13. count-like names (`nChild`, `nDiaSources`, `…Ndata`, `inputCount`) or unit count on an integer → count (≥ 0)
 * 14. extendedness, fracDev, reliability → fraction ([0, 1]); airmass → airmass (≥ 1); chi² names → chi2 (≥ 0)
 * 15. any other integer → integer; other float → measurement (NaN/Inf checks only); else other
 * Without a unit (data-only tables), names decide: `…Flux` → flux, `ixx…` → moment, `x`/`y` → pixel.
 */
import type { FelisDatatype, FelisTable } from "./felis.js";
import { positionAxis } from "./positions.js";
import { normalizeUnit, type UnitKind, unitKind } from "./units.js";

/** The kinds of column a check can reason about. */
export type ColumnKind =
  | "flag"
  | "text"
  | "key"
  | "id"
  | "covariance"
  | "error"
  | "ra"
  | "dec"
  | "time"
  | "duration"
  | "magnitude"
  | "flux"
  | "background"
  | "dispersion"
  | "moment"
  | "area"
  | "shape"
  | "pixel"
  | "size"
  | "angle"
  | "count"
  | "fraction"
  | "airmass"
  | "chi2"
  | "integer"
  | "measurement"
  | "other";

/** Column facts classification uses. */
export interface ClassifiableColumn {
  name: string;
  datatype: FelisDatatype;
  unit?: string;
  ucd?: string;
  primaryKey?: boolean;
}

/** A physically valid interval (inclusive; a missing end is unbounded) and why. */
export interface ValidInterval {
  min?: number;
  max?: number;
  reason: string;
}

/** What a column holds. */
export interface ColumnClass {
  kind: ColumnKind;
  /** Normalized unit. */
  unit?: string;
  unitKind: UnitKind;
  /** For `error`: the column it is the uncertainty of, when that column exists. */
  errorOf?: string;
  /** For `moment`: whether it is a diagonal (xx, yy) moment. */
  diagonal?: boolean;
  /** The valid range of finite values, when physics gives one. */
  range?: ValidInterval;
  /** Which rule decided (for reports and debugging). */
  rule: string;
}

const SIZE_NAME =
  /seeing|fwhm|Fwhm|radius|Radius|Rad$|reff|Size|size|length|Length|fov|resolution|Sigma$|sigma$|Area$|area$/;
/** MJD of 1950-01-01 and 2100-01-01: any survey epoch lies between. */
const MJD_RANGE: ValidInterval = { min: 33282, max: 88069, reason: "an MJD between 1950 and 2100" };
const INTEGER: ReadonlySet<FelisDatatype> = new Set<FelisDatatype>(["byte", "short", "int", "long"]);
const FLOATING: ReadonlySet<FelisDatatype> = new Set<FelisDatatype>(["float", "double"]);

function ucdWords(ucd: string | undefined): string[] {
  return (ucd ?? "")
    .split(";")
    .map((w) => w.trim().toLowerCase())
    .filter((w) => w !== "");
}

/**
 * Classify one column. `names` (all column names of its table) lets `X…Err` find X.
 * @example
 * classifyColumn({ name: "r_psfFluxErr", datatype: "double", unit: "nJy" }).kind; // "error"
 * classifyColumn({ name: "r_psfFlux", datatype: "double", unit: "nJy" }).range; // undefined: fluxes may be negative
 */
export function classifyColumn(column: ClassifiableColumn, names?: ReadonlySet<string>): ColumnClass {
  const unit = normalizeUnit(column.unit);
  const kindOfUnit = unitKind(unit);
  const words = ucdWords(column.ucd);
  const first = words[0] ?? "";
  const { name, datatype } = column;
  const out = (kind: ColumnKind, rule: string, extra: Partial<ColumnClass> = {}): ColumnClass => ({
    kind,
    unit,
    unitKind: kindOfUnit,
    rule,
    ...extra,
  });
  const nonNegative = (what: string): ValidInterval => ({ min: 0, reason: `${what} cannot be negative` });

  if (datatype === "boolean") return out("flag", "boolean datatype");
  if (datatype === "char" || datatype === "string" || datatype === "unicode" || datatype === "text") {
    return out("text", "string datatype");
  }
  if (datatype === "binary") return out("other", "binary datatype");
  if (datatype === "timestamp") return out("time", "timestamp datatype");
  if (column.primaryKey) return out("key", "primary key");
  if (first === "stat.covariance" || /_Cov$|Cov$/.test(name))
    return out("covariance", "covariance UCD or _Cov name");

  const base = name.endsWith("Err") ? name.slice(0, -3) : undefined;
  if (first === "stat.error" || /Err(Mean)?$|_err$/.test(name)) {
    const errorOf = base !== undefined && names?.has(base) ? base : undefined;
    return out("error", "stat.error UCD or …Err name", { errorOf, range: nonNegative("an uncertainty") });
  }

  const axis = FLOATING.has(datatype) ? positionAxis(column) : undefined;
  if (axis === "ra") {
    const max = unit === "rad" ? 2 * Math.PI : 360;
    return out("ra", "RA UCD or name", {
      range: { min: 0, max, reason: `RA lies in [0, ${max === 360 ? "360°" : "2π"})` },
    });
  }
  if (axis === "dec") {
    const limit = unit === "rad" ? Math.PI / 2 : 90;
    return out("dec", "Dec UCD or name", {
      range: { min: -limit, max: limit, reason: "Dec lies in [-90°, 90°]" },
    });
  }

  if (INTEGER.has(datatype)) {
    const idName = /(Id|ID)$|^id$|_id$|^(lsst_)?(visit|detector|tract|patch|ccdvisitid)$|^skymap|Id_|^id_/i;
    if (first.startsWith("meta.id") || idName.test(name)) return out("id", "meta.id UCD or id name");
  }

  const timeUcd =
    first.startsWith("time.epoch") || first.startsWith("time.start") || first.startsWith("time.end");
  if (
    FLOATING.has(datatype) &&
    (timeUcd || (unit === "d" && /mjd|tai/i.test(name)) || (unit === undefined && /Tai$/.test(name)))
  ) {
    return out("time", "time UCD or MJD name", { range: MJD_RANGE });
  }
  if (kindOfUnit === "time") return out("duration", "time unit", { range: nonNegative("a duration") });

  if (kindOfUnit === "magnitude" || (unit === undefined && /Mag$/.test(name)))
    return out("magnitude", "mag unit", {
      range: { min: -30, max: 60, reason: "an astronomical magnitude" },
    });

  const noUnit = kindOfUnit === "none" && FLOATING.has(datatype);
  if (
    kindOfUnit === "flux" ||
    kindOfUnit === "fluxRate" ||
    (noUnit && /(Flux|^flux|_flux)(_|$)|Flux(Diff|Mean)$/.test(name))
  ) {
    if (/(Noise|Sigma)$/.test(name))
      return out("dispersion", "flux unit, noise/sigma name", { range: nonNegative("a noise level") });
    if (/(^|_)sky($|_|Bg)|skyBg|[bB]ackground/.test(name))
      return out("background", "flux unit, background name");
    return out("flux", "flux unit");
  }

  const momentName = /(^|_|[a-z])(xx|yy|xy)([A-Z_]|$)|^i(xx|yy|xy)/;
  if (kindOfUnit === "pixelArea" || kindOfUnit === "solidAngle" || (noUnit && /^i(xx|yy|xy)/.test(name))) {
    const moment = momentName.exec(name);
    if (moment) {
      const diagonal = /xx|yy/.test(moment[0]);
      return out(
        "moment",
        "second-moment name",
        diagonal ? { diagonal, range: nonNegative("a diagonal second moment") } : { diagonal },
      );
    }
    if (/area|Area/.test(name)) return out("area", "area name", { range: nonNegative("an area") });
    if (SIZE_NAME.test(name)) return out("size", "size name", { range: nonNegative("a size") });
    return out("shape", "squared-length unit");
  }

  const sizeName = SIZE_NAME;
  if (kindOfUnit === "pixel" || (noUnit && /^(x|y)$|^centroid_[xy]$/.test(name))) {
    if (/(^|_)(x|y)$|centroid|Centroid|Center_[xy]$/.test(name) && !sizeName.test(name))
      return out("pixel", "pixel coordinate name");
    return out("size", "pixel unit", { range: nonNegative("a size") });
  }
  if (kindOfUnit === "angle") {
    if (sizeName.test(name)) return out("size", "angular size name", { range: nonNegative("a size") });
    if (unit === "deg")
      return out("angle", "angle unit", { range: { min: -360, max: 360, reason: "an angle in degrees" } });
    if (unit === "rad")
      return out("angle", "angle unit", {
        range: { min: -2 * Math.PI, max: 2 * Math.PI, reason: "an angle in radians" },
      });
    return out("angle", "angle unit");
  }

  if (kindOfUnit === "length")
    return out("size", "length unit", { range: nonNegative("a length or distance") });
  if (kindOfUnit === "none" && (INTEGER.has(datatype) || FLOATING.has(datatype))) {
    if (/(Sigma|sigma)$/.test(name))
      return out("dispersion", "sigma name", { range: nonNegative("a standard deviation") });
    if (sizeName.test(name)) return out("size", "size name", { range: nonNegative("a size") });
  }

  const countName = /^n[A-Z]|nChild|N[dD]ata$|ndata$|Count$|count$|nPeaks$|NPeaks$/;
  if (countName.test(name) || (INTEGER.has(datatype) && unit === "count")) {
    return out("count", "count name or unit", { range: nonNegative("a count") });
  }
  if (/(^|_)[eE]xtendedness$|[a-z]Extendedness$|fracDev$|^reliability$/.test(name)) {
    return out("fraction", "0–1 classifier name", {
      range: { min: 0, max: 1, reason: "a fraction or probability" },
    });
  }
  if (/^airmass$/i.test(name))
    return out("airmass", "airmass name", { range: { min: 1, reason: "airmass is at least 1" } });
  if (/[cC]hi2$|[cC]hisq$/.test(name)) return out("chi2", "chi² name", { range: nonNegative("a χ²") });
  if (INTEGER.has(datatype)) return out("integer", "integer datatype");
  if (FLOATING.has(datatype)) return out("measurement", "floating-point datatype");
  return out("other", "no rule");
}

/**
 * Classify every column of a felis table (primary keys, `X…Err` partners resolved within the table).
 * @example
 * classifyTable(requireTable(dp02, "Object")).get("coord_ra")?.kind; // "ra"
 */
export function classifyTable(table: FelisTable): Map<string, ColumnClass> {
  const names = new Set(table.columns.map((c) => c.name));
  return new Map(table.columns.map((c) => [c.name, classifyColumn(c, names)]));
}

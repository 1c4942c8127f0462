/**
 * The rule table of derived quantities that are legitimately non-finite. A derived column is missing exactly
 * where its inputs make it undefined, and then no flag of its own is set: the explanation is the input.
 *
 * | derived column                              | explained (not a finding) where                                   |
 * | ------------------------------------------- | ----------------------------------------------------------------- |
 * | `X_mag`, `X_magErr`, `XMag`, `XMagErr`      | the flux it comes from (`X_instFlux`, `X_flux`, `XFlux`) is not > 0 (−2.5 log10 of a non-positive flux) |
 * | `e1`, `e2` (faro, from HSM source moments)  | `ext_shapeHSM_HsmSourceMoments_flag` is set, or the moments are not finite |
 * | `psf_e1`, `psf_e2` (from HSM PSF moments)   | `ext_shapeHSM_HsmPsfMoments_flag` is set, or the PSF moments are not finite |
 * | Gaia `parallax`, `pm*`, their errors and correlations, `nu_eff_used_in_astrometry`, `ruwe` | `astrometric_params_solved` < 31 (a 2-parameter solution has no parallax or proper motion) |
 * | Gaia `*_gspphot*` (GSP-Phot parameters)     | `libname_gspphot` is null (no GSP-Phot solution was published for the source) |
 */
import type { Condition } from "../../engines/condition.js";

/** Why a derived column may be missing: a condition on its inputs, and the sentence that says so. */
export interface DerivedExplanation {
  condition: Condition;
  why: string;
}

function magnitude(name: string, has: (column: string) => boolean): DerivedExplanation | null {
  const match = /^(.*?)(_mag|Mag)(Err)?$/.exec(name);
  if (match === null) return null;
  const stem = match[1] as string;
  const candidates =
    match[2] === "_mag" ? [`${stem}_instFlux`, `${stem}_flux`, `${stem}Flux`] : [`${stem}Flux`];
  const flux = candidates.find(has);
  if (flux === undefined) return null;
  return {
    condition: { op: "not", arg: { op: "gt", column: flux, value: 0 } },
    why: `a magnitude of ${flux} <= 0 (or missing) is undefined`,
  };
}

const HSM = [
  { pattern: /^e[12]$/, moments: "ext_shapeHSM_HsmSourceMoments" },
  { pattern: /^psf_e[12]$/, moments: "ext_shapeHSM_HsmPsfMoments" },
];

function ellipticity(name: string, has: (column: string) => boolean): DerivedExplanation | null {
  const rule = HSM.find((r) => r.pattern.test(name));
  if (rule === undefined) return null;
  const flag = `${rule.moments}_flag`;
  const args: Condition[] = [];
  if (has(flag)) args.push({ op: "isTrue", column: flag });
  for (const m of ["xx", "yy", "xy"]) {
    const column = `${rule.moments}_${m}`;
    if (has(column)) args.push({ op: "not", arg: { op: "isFinite", column } });
  }
  if (args.length === 0) return null;
  return {
    condition: args.length === 1 ? (args[0] as Condition) : { op: "or", args },
    why: `${name} is derived from ${rule.moments} (undefined where ${flag} is set or the moments are not finite)`,
  };
}

const GAIA_ASTROMETRY =
  /^(parallax|pm|pmra|pmdec)(_error|_over_error)?$|^(ra|dec|parallax|pmra)_(parallax|pmra|pmdec)_corr$|^nu_eff_used_in_astrometry$|^ruwe$/;

function gaia(name: string, has: (column: string) => boolean): DerivedExplanation | null {
  if (GAIA_ASTROMETRY.test(name) && has("astrometric_params_solved"))
    return {
      // not(ge), so a null solution type explains too: VOTable writes these NaN as null, which no nan rule sees,
      // and both formats must give one verdict; an empty astrometric_params_solved is allNull's finding
      condition: { op: "not", arg: { op: "ge", column: "astrometric_params_solved", value: 31 } },
      why: `${name} exists only for 5- and 6-parameter astrometric solutions (astrometric_params_solved >= 31)`,
    };
  if (/_gspphot(_lower|_upper)?$/.test(name) && name !== "libname_gspphot" && has("libname_gspphot"))
    return {
      condition: { op: "isNull", column: "libname_gspphot" },
      why: `${name} exists only where a GSP-Phot solution was published (libname_gspphot not null)`,
    };
  return null;
}

/**
 * The explanation of a derived column's missing values, or null when the column is not derived (by the table).
 * @example
 * derivedExplanation("base_PsfFlux_mag", (c) => c === "base_PsfFlux_instFlux")?.why;
 * // "a magnitude of base_PsfFlux_instFlux <= 0 (or missing) is undefined"
 */
export function derivedExplanation(
  name: string,
  has: (column: string) => boolean,
): DerivedExplanation | null {
  return magnitude(name, has) ?? ellipticity(name, has) ?? gaia(name, has);
}

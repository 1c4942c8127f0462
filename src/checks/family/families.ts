/**
 * Measurement families found from column names: a value, its uncertainty (`…Err`) and its general failure flag,
 * as DP0.2 / DP1 Object and Source, APDB DiaSource and afw (`base_*`, `ext_*`) catalogs name them:
 * `r_psfFlux` → `r_psfFlux_flag`; `r_cModelFlux` → `r_cModel_flag`; `r_gaap1p0Flux` → `r_gaapFlux_flag`;
 * `r_ixxPSF` → `r_iPSF_flag`; `base_SdssShape_xx` → `base_SdssShape_flag`; errors join their value's family.
 */
import type { MeasurementFamily } from "../types.js";

/** Families found and measurement-like columns for which no failure flag could be found. */
export interface FamilyScan {
  families: MeasurementFamily[];
  /** Float columns that look like measurements (a flux, or a value with an error) but have no failure flag. */
  unmapped: string[];
}

const FLAG = "_flag";

/**
 * Measurements that only apply to some rows, with the boolean saying so: afw's deblender fills `deblend_psf*`
 * only for children it deblended as a PSF (checked on the faro HSC `src` catalog: finite exactly where
 * `deblend_deblendedAsPsf` is true).
 */
const APPLICABILITY: readonly { pattern: RegExp; column: string }[] = [
  { pattern: /^deblend_psf/, column: "deblend_deblendedAsPsf" },
];

/**
 * Calibration factors whose errors afw stores as 0 when it does not propagate them (every row of the faro HSC
 * `src` catalog): no `errorPair` for these.
 */
const UNPROPAGATED_ERRORS = /(_apCorr|LocalPhotoCalib|LocalWcs\w*)$/;

function errorOf(value: string, names: ReadonlySet<string>): string | null {
  for (const candidate of [`${value}Err`, `${value}_err`, `${value}Error`])
    if (names.has(candidate)) return candidate;
  return null;
}

/** A prefix ends at a word boundary: the end, an underscore, or a camel-case capital. */
function boundaryAt(name: string, at: number): boolean {
  if (at === name.length) return true;
  const c = name.charAt(at);
  return c === "_" || (c >= "A" && c <= "Z");
}

function flagOf(value: string, flags: ReadonlySet<string>, flagBases: readonly string[]): string | null {
  const direct = [
    `${value}${FLAG}`,
    // cModelFlux → cModel_flag
    value.endsWith("Flux") ? `${value.slice(0, -4)}${FLAG}` : "",
    // gaap1p0Flux, gaapOptimalFlux, gaapPsfFlux → gaapFlux_flag; ap03Flux handled by the direct flag
    value.replace(/(\d+p\d+|Optimal|Psf)Flux$/, `Flux${FLAG}`),
    // ixx, ixxPSF, ixxRound, ixxDebiasedPSF → i_flag, iPSF_flag, iRound_flag, iDebiasedPSF_flag
    value.replace(/(xx|yy|xy)([A-Za-z]*)$/, `$2${FLAG}`),
  ];
  for (const candidate of direct) if (candidate !== value && flags.has(candidate)) return candidate;
  // Longest flag base that prefixes the value at a word boundary (afw: base_SdssShape_xx → base_SdssShape_flag).
  let best: string | null = null;
  for (const base of flagBases) {
    if (base.length < value.length && value.startsWith(base) && boundaryAt(value, base.length)) {
      if (best === null || base.length > best.length) best = base;
    }
  }
  return best === null ? null : `${best}${FLAG}`;
}

/**
 * Finds the measurement families among the given columns (`floating` says which are floating point).
 * @example
 * findFamilies(["r_psfFlux", "r_psfFluxErr", "r_psfFlux_flag"], () => true).families
 * // [{ value: "r_psfFlux", error: "r_psfFluxErr", flag: "r_psfFlux_flag" }]
 */
export function findFamilies(columns: readonly string[], floating: (name: string) => boolean): FamilyScan {
  const names = new Set(columns);
  const flags = new Set(columns.filter((c) => c.endsWith(FLAG)));
  const flagBases = [...flags].map((f) => f.slice(0, -FLAG.length)).filter((b) => b.length > 0);
  const errors = new Set<string>();
  for (const c of columns) {
    if (!floating(c)) continue;
    const e = errorOf(c, names);
    if (e !== null) errors.add(e);
  }
  const families: MeasurementFamily[] = [];
  const unmapped: string[] = [];
  for (const value of columns) {
    if (!floating(value) || errors.has(value) || /(Err|_err|Error)$/.test(value)) continue;
    const error = UNPROPAGATED_ERRORS.test(value) ? null : errorOf(value, names);
    const flag = flagOf(value, flags, flagBases);
    const applicable = APPLICABILITY.find((a) => a.pattern.test(value) && names.has(a.column))?.column;
    if (flag !== null || error !== null || applicable !== undefined) {
      const family: MeasurementFamily = { value, error, flag };
      const subFlags = flag === null ? [] : columns.filter((c) => c.startsWith(`${flag}_`));
      if (subFlags.length > 0) family.subFlags = subFlags;
      if (applicable !== undefined) family.applicableWhen = applicable;
      families.push(family);
    }
    if (flag === null && applicable === undefined && (error !== null || /Flux$/.test(value)))
      unmapped.push(value);
  }
  return { families, unmapped };
}

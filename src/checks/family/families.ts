/**
 * Measurement families for the checks: the schema module's families (value, `…Err`, failure flag, found by
 * DP0.2 / afw / APDB naming rules) plus what judging a NaN needs on top:
 * - sub-flags: specific flags of the same algorithm (`r_kronFlux_flag_bad_radius`); any set explains a NaN;
 * - applicability: measurements that only apply to some rows (`deblend_psf*` only for children deblended as a PSF);
 * - calibration factors whose errors afw stores as 0 (no `errorPair` for them).
 */
import type { ColumnInfo } from "../../io/table.js";
import { felisTypeOfPhysical } from "../../schema/datatypes.js";
import { type FamilyColumn, measurementFamilies } from "../../schema/families.js";
import type { FelisTable } from "../../schema/felis.js";
import type { CheckFamily } from "../types.js";
import { derivedExplanation } from "./derived.js";

/** Families found and measurement-like columns for which no failure flag could be found. */
export interface FamilyScan {
  families: CheckFamily[];
  /** Measurements without a failure flag (reported as skipped `nanWithoutFlag`). */
  unmapped: string[];
}

/**
 * Measurements that only apply to some rows, with the boolean saying so: afw's deblender fills `deblend_psf*`
 * only for children it deblended as a PSF (checked on the faro HSC `src` catalog: finite exactly where
 * `deblend_deblendedAsPsf` is true, NaN in the other 664 of 771 rows).
 */
const APPLICABILITY: readonly { pattern: RegExp; column: string }[] = [
  { pattern: /^deblend_psf/, column: "deblend_deblendedAsPsf" },
];

/**
 * Calibration factors whose errors afw stores as 0 because it does not propagate them (0 in all 771 rows of the
 * faro HSC `src` catalog): no `errorPair` for these.
 */
const UNPROPAGATED_ERRORS = /(_apCorr|LocalPhotoCalib|LocalWcs\w*)$/;

/**
 * Check families of a table from its columns (a felis table, or the data's columns when there is no schema).
 * @example
 * findFamilies([{ name: "r_psfFlux", datatype: "double" }, { name: "r_psfFlux_flag", datatype: "boolean" }]).families
 * // [{ value: "r_psfFlux", error: null, flag: "r_psfFlux_flag" }]
 */
export function findFamilies(columns: readonly FamilyColumn[]): FamilyScan {
  const map = measurementFamilies(columns);
  const booleans = columns.filter((c) => c.datatype === "boolean").map((c) => c.name);
  const names = new Set(columns.map((c) => c.name));
  const families: CheckFamily[] = [];
  const unmapped: string[] = [];
  for (const f of map.families) {
    const value = f.measurement;
    const flag = f.flag ?? null;
    const error = f.error !== undefined && !UNPROPAGATED_ERRORS.test(value) ? f.error : null;
    const family: CheckFamily = { value, error, flag };
    // Specific flags explain a missing value too: the algorithm's (`y_gaapFlux_flag_edge`) and the
    // measurement's own (`y_gaap0p5Flux_flag_bigPsf`: the aperture is smaller than the PSF, so no value).
    const own = `${value}_flag_`;
    const subFlags = booleans.filter((b) => (flag !== null && b.startsWith(`${flag}_`)) || b.startsWith(own));
    if (subFlags.length > 0) family.subFlags = subFlags;
    const applicable = APPLICABILITY.find((a) => a.pattern.test(value) && names.has(a.column))?.column;
    if (applicable !== undefined) family.applicableWhen = applicable;
    families.push(family);
    if (flag === null && applicable === undefined) unmapped.push(value);
  }
  // Columns the schema module does not see as measurements can still apply to some rows only.
  const listed = new Set(families.map((f) => f.value));
  for (const c of columns) {
    if (listed.has(c.name) || (c.datatype !== "float" && c.datatype !== "double")) continue;
    const applicable = APPLICABILITY.find((a) => a.pattern.test(c.name) && names.has(a.column))?.column;
    if (applicable !== undefined)
      families.push({ value: c.name, error: null, flag: null, applicableWhen: applicable });
  }
  // Derived quantities (magnitudes of fluxes, ellipticities from moments) are explained by their inputs.
  const has = (name: string) => names.has(name);
  for (const c of columns) {
    if (c.datatype !== "float" && c.datatype !== "double") continue;
    const derived = derivedExplanation(c.name, has);
    if (derived === null) continue;
    const family = families.find((f) => f.value === c.name);
    if (family !== undefined) family.derived = derived;
    else families.push({ value: c.name, error: null, flag: null, derived });
  }
  return { families, unmapped };
}

/**
 * The family columns of a felis table and of the data columns it does not declare, or of the data columns alone
 * (physical types mapped to felis datatypes).
 * @example
 * familyColumns([{ name: "coord_ra", type: "float64", unit: "rad" }])[0] // { name: "coord_ra", datatype: "double", unit: "rad" }
 */
export function familyColumns(columns: readonly ColumnInfo[], table?: FelisTable): FamilyColumn[] {
  const fromData = (c: ColumnInfo): FamilyColumn => {
    const column: FamilyColumn = { name: c.name, datatype: felisTypeOfPhysical(c.type) ?? "binary" };
    if (c.unit !== undefined) column.unit = c.unit;
    return column;
  };
  if (table === undefined) return columns.map(fromData);
  // Data columns the schema lacks are still checked (nan, ranges): their flags explain their NaN as without a
  // schema (74 unexplained NaN findings on a real HSC Source file checked against hsc.yaml before).
  const declared = new Set(table.columns.map((c) => c.name));
  return [...table.columns, ...columns.filter((c) => !declared.has(c.name)).map(fromData)];
}

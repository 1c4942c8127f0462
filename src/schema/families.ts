/**
 * Measurement families: a measured value, its uncertainty (`…Err`) and its failure flag, per band.
 *
 * The flag is found by trying candidate names in order and accepting the first that exists as a boolean
 * column. The rules come from the column names of dp02_dc2.yaml (Object, Source, ForcedSource, DiaSource,
 * ForcedSourceOnDiaObject), the afw `src` catalogs and the APDB DiaSource; each is tried on the name with
 * its band removed and the band put back on the candidate:
 *  1. exact      `psfFlux` → `psfFlux_flag`, `extendedness` → `extendedness_flag`
 *  2. prefix     drop trailing `_part`s: `psfFlux_area` → `psfFlux_flag`, `hsmShapeRegauss_e1` →
 *                `hsmShapeRegauss_flag`, `free_cModelFlux_inner` → `free_cModelFlux_flag`,
 *                `base_PsfFlux_instFlux` → `base_PsfFlux_flag`, `localWcs_CDMatrix_1_1` → `localWcs_flag`
 *  3. dropFlux   a stem ending in `Flux` without it: `cModelFlux` → `cModel_flag`, `cModelFlux_inner` → `cModel_flag`
 *  4. method     the leading lower-case word + `Flux_flag`: `gaap1p0Flux`, `gaapOptimalFlux`, `gaapPsfFlux` →
 *                `gaapFlux_flag`; `kronRad` → `kronFlux_flag`; `psfChi2` → `psfFlux_flag`
 *  5. moments    `ixx`/`iyy`/`ixy` + qualifier → `i` + qualifier: `ixx` → `i_flag`, `ixxPSF` → `iPSF_flag`,
 *                `ixxDebiasedPSF` → `iDebiasedPSF_flag`
 *  6. centroid   `x`, `y` → `xy_flag`; then `x`, `y`, `ra`, `dec`, `decl` → `centroid_flag` (DiaSource, Source)
 *  7. alias      APDB renames in DiaSource: `psFlux` → `psfFlux_flag`; `totFlux`, `scienceFlux` →
 *                `forced_PsfFlux_flag`; second moments → `shape_flag`
 *  8. magnitude  a `…Mag` stem tries the candidates of its `…Flux`: `cModelMag` → `cModel_flag`,
 *                `psfMag` → `psfFlux_flag`
 * A candidate that exists but is not boolean (DP0.2 Object `{band}_iRound_flag` is a double) is rejected
 * and reported, and the search goes on. Integer `…_flags` columns (bit masks, dp2 ShearObject) are reported
 * as `bitmaskFlag`, never as `flag`.
 *
 * Which columns form a family: every float/double column that is not itself the `…Err` of another column,
 * and has an error column, a flux or magnitude unit (or a flux-like name when no unit is known), a flag, or a
 * rejected (non-boolean) flag candidate.
 * Those with no flag are listed in `unmapped` with every name tried.
 */
import type { FelisDatatype, FelisTable } from "./felis.js";
import { unitKind } from "./units.js";

/** The LSST bands in wavelength order. */
export const BANDS = ["u", "g", "r", "i", "z", "y"] as const;
/** One LSST band. */
export type Band = (typeof BANDS)[number];

/** The column facts family detection needs (a FelisColumn has them; data-only columns can provide them). */
export interface FamilyColumn {
  name: string;
  datatype: FelisDatatype;
  unit?: string;
}

/** Which rule found a flag (see the module comment). */
export type FlagRule =
  | "exact"
  | "prefix"
  | "dropFlux"
  | "method"
  | "moments"
  | "centroid"
  | "alias"
  | "magnitude";

/** One measurement with its error and failure flag. */
export interface MeasurementFamily {
  measurement: string;
  error?: string;
  flag?: string;
  /** The rule that found `flag`. */
  flagRule?: FlagRule;
  /**
   * An integer bit-mask flag column (`…_flags`, metadetect naming in dp2 ShearObject): non-zero means some
   * failure. Kept apart from `flag`, which is always boolean, so a check must opt in to reading it.
   */
  bitmaskFlag?: string;
  band?: Band;
  /** Name without its band (`psfFlux` for `r_psfFlux`; `PSFluxMean` for DiaObject `rPSFluxMean`). */
  suffix: string;
  /** Name with the band as `{band}` (`{band}_psfFlux`, `flux_{band}_noMW`); the name itself when unbanded. */
  template: string;
}

/** A measurement whose failure flag could not be found. */
export interface UnmappedMeasurement extends MeasurementFamily {
  /** Candidate flag names tried, in order. */
  tried: string[];
  /** Candidates that exist but are not boolean. */
  rejected: Array<{ name: string; datatype: FelisDatatype }>;
}

/** The same quantity in several bands (`{band}_psfFlux`), so a check can assert they share a type. */
export interface CrossBandGroup {
  template: string;
  suffix: string;
  /** Band → column name. */
  columns: Partial<Record<Band, string>>;
  /** Bands the table has (in any group) but this quantity lacks. */
  missingBands: Band[];
  /** Column name → datatype. */
  datatypes: Record<string, FelisDatatype>;
  /** Whether every band has the same datatype. */
  sameType: boolean;
}

/** Everything family detection found in one table. */
export interface FamilyMap {
  families: MeasurementFamily[];
  unmapped: UnmappedMeasurement[];
  crossBand: CrossBandGroup[];
}

interface BandForm {
  band: Band;
  suffix: string;
  template: string;
  /** Put a (band-free) name back into this column's band form. */
  rebanded(stem: string): string;
}

const BAND_SET: ReadonlySet<string> = new Set(BANDS);

/** The ways a band appears in a name: `r_psfFlux`, `rPSFluxMean` (DiaObject), `flux_r_noMW` (TruthSummary). */
function bandForms(name: string): BandForm[] {
  const forms: BandForm[] = [];
  const underscore = /^([ugrizy])_(.+)$/.exec(name);
  if (underscore) {
    const [, band, rest] = underscore;
    forms.push({
      band: band as Band,
      suffix: rest,
      template: `{band}_${rest}`,
      rebanded: (s) => `${band}_${s}`,
    });
  }
  const camel = /^([ugrizy])([A-Z].*)$/.exec(name);
  if (camel) {
    const [, band, rest] = camel;
    forms.push({
      band: band as Band,
      suffix: rest,
      template: `{band}${rest}`,
      rebanded: (s) => `${band}${s}`,
    });
  }
  const parts = name.split("_");
  parts.forEach((part, k) => {
    if (k === 0 || !BAND_SET.has(part)) return;
    const template = [...parts.slice(0, k), "{band}", ...parts.slice(k + 1)].join("_");
    forms.push({ band: part as Band, suffix: template, template, rebanded: (s) => s });
  });
  return forms;
}

/** Band of every column, accepted only when its template occurs in at least two bands of the table. */
function assignBands(names: readonly string[]): Map<string, BandForm> {
  const formsOf = new Map(names.map((name) => [name, bandForms(name)]));
  const bandsOfTemplate = new Map<string, Set<Band>>();
  for (const forms of formsOf.values()) {
    for (const form of forms) {
      const set = bandsOfTemplate.get(form.template) ?? new Set<Band>();
      set.add(form.band);
      bandsOfTemplate.set(form.template, set);
    }
  }
  const out = new Map<string, BandForm>();
  for (const [name, forms] of formsOf) {
    const form = forms.find((f) => (bandsOfTemplate.get(f.template)?.size ?? 0) >= 2);
    if (form) out.set(name, form);
  }
  return out;
}

const MOMENT = /^i(xx|yy|xy)(.*)$/;

/**
 * Candidate failure-flag names for a band-free measurement name, in the order they are tried.
 * @example
 * flagCandidates("cModelFlux").map((c) => c.name); // ["cModelFlux_flag", "cModelFlux_flags", "cModel_flag", "cFlux_flag"]
 */
export function flagCandidates(stem: string): Array<{ name: string; rule: FlagRule }> {
  const out: Array<{ name: string; rule: FlagRule }> = [];
  const add = (name: string, rule: FlagRule) => {
    if (!out.some((c) => c.name === name)) out.push({ name, rule });
  };
  add(`${stem}_flag`, "exact");
  add(`${stem}_flags`, "exact");
  const parts = stem.split("_");
  const prefixes: string[] = [];
  for (let k = parts.length - 1; k >= 1; k--) prefixes.push(parts.slice(0, k).join("_"));
  for (const prefix of prefixes) {
    add(`${prefix}_flag`, "prefix");
    add(`${prefix}_flags`, "prefix");
  }
  for (const s of [stem, ...prefixes]) {
    if (s.endsWith("Flux") && s.length > 4) add(`${s.slice(0, -4)}_flag`, "dropFlux");
  }
  const method = /^([a-z]+)(?=[A-Z0-9])/.exec(stem);
  if (method) add(`${method[1]}Flux_flag`, "method");
  const moment = MOMENT.exec(stem);
  if (moment) add(`i${moment[2]}_flag`, "moments");
  if (stem === "x" || stem === "y") add("xy_flag", "centroid");
  if (/^(x|y|ra|dec|decl)$/.test(stem)) add("centroid_flag", "centroid");
  if (stem === "psFlux") add("psfFlux_flag", "alias");
  if (stem === "totFlux" || stem === "scienceFlux") add("forced_PsfFlux_flag", "alias");
  if (moment) add("shape_flag", "alias");
  if (stem.endsWith("Mag") && stem.length > 3) {
    for (const c of flagCandidates(`${stem.slice(0, -3)}Flux`)) add(c.name, "magnitude");
  }
  return out;
}

const INTEGER_TYPES: ReadonlySet<FelisDatatype> = new Set<FelisDatatype>(["byte", "short", "int", "long"]);

function isFloating(datatype: FelisDatatype): boolean {
  return datatype === "float" || datatype === "double";
}

/** Flux or magnitude by unit; by name (`…Flux`, `…Mag`, `flux_…`) only when no unit is known. */
function looksLikeFlux(column: FamilyColumn, suffix: string): boolean {
  const kind = unitKind(column.unit);
  if (kind === "flux" || kind === "magnitude") return true;
  if (kind !== "none") return false;
  return /(Flux|Mag|^flux|^mag)(_|$)/.test(suffix) || /Flux(Mean|Inner)?$/.test(suffix);
}

/**
 * Suffixes that name the uncertainty of the column before them, in every naming in use: Rubin `…Err`, Gaia and
 * astropy `…_error` / `…_err`, and `…Sigma` / `…_sigma`. A suffix counts only when the column it qualifies exists
 * (`u_psfFluxSigma` of DiaObject, a scatter, has no `u_psfFlux` beside it; `hsmShapeRegauss_sigma` no
 * `hsmShapeRegauss`), so sizes and scatters named `sigma` are not taken for uncertainties.
 */
export const ERROR_SUFFIXES: readonly string[] = ["Err", "_err", "_error", "Sigma", "_sigma"];

/**
 * The column whose uncertainty `name` is, by the error suffixes, when it exists.
 * @example
 * errorBase("parallax_error", new Map([["parallax", { name: "parallax", datatype: "double" }]]))?.name; // "parallax"
 */
export function errorBase<T extends { name: string }>(
  name: string,
  byName: ReadonlyMap<string, T>,
): T | undefined {
  for (const suffix of ERROR_SUFFIXES) {
    if (name.length <= suffix.length || !name.endsWith(suffix)) continue;
    const base = byName.get(name.slice(0, -suffix.length));
    if (base) return base;
  }
  return undefined;
}

/**
 * Measurement families of a table: each measurement with its `…Err`, failure flag, band and suffix;
 * the measurements whose flag could not be found; and the cross-band groups.
 * @example
 * const { families } = measurementFamilies(requireTable(dp02, "Object"));
 * families.find((f) => f.measurement === "g_cModelFlux"); // { error: "g_cModelFluxErr", flag: "g_cModel_flag", band: "g", suffix: "cModelFlux", … }
 */
export function measurementFamilies(table: FelisTable | readonly FamilyColumn[]): FamilyMap {
  const columns: readonly FamilyColumn[] = Array.isArray(table) ? table : (table as FelisTable).columns;
  const byName = new Map(columns.map((c) => [c.name, c]));
  const bands = assignBands(columns.map((c) => c.name));
  const errorOf = new Map<string, string>();
  const isError = new Set<string>();
  for (const column of columns) {
    const base = errorBase(column.name, byName);
    if (base && isFloating(base.datatype) && isFloating(column.datatype) && !errorOf.has(base.name)) {
      errorOf.set(base.name, column.name);
      isError.add(column.name);
    }
  }

  const families: MeasurementFamily[] = [];
  const unmapped: UnmappedMeasurement[] = [];
  for (const column of columns) {
    if (!isFloating(column.datatype) || isError.has(column.name)) continue;
    const form = bands.get(column.name);
    const suffix = form?.suffix ?? column.name;
    const stem = form && !form.template.includes("_{band}") ? form.suffix : column.name;
    const tried: string[] = [];
    const rejected: Array<{ name: string; datatype: FelisDatatype }> = [];
    let flag: string | undefined;
    let flagRule: FlagRule | undefined;
    let bitmaskFlag: string | undefined;
    for (const candidate of flagCandidates(stem)) {
      const name = form && stem !== column.name ? form.rebanded(candidate.name) : candidate.name;
      if (name === column.name || tried.includes(name)) continue;
      tried.push(name);
      const target = byName.get(name);
      if (!target) continue;
      if (target.datatype !== "boolean") {
        if (name.endsWith("_flags") && INTEGER_TYPES.has(target.datatype)) {
          bitmaskFlag ??= name;
          continue;
        }
        rejected.push({ name, datatype: target.datatype });
        continue;
      }
      flag = name;
      flagRule = candidate.rule;
      break;
    }
    const error = errorOf.get(column.name);
    if (!flag && !error && !bitmaskFlag && rejected.length === 0 && !looksLikeFlux(column, suffix)) continue;
    const family: MeasurementFamily = {
      measurement: column.name,
      suffix,
      template: form?.template ?? column.name,
    };
    if (error) family.error = error;
    if (flag) {
      family.flag = flag;
      family.flagRule = flagRule;
    }
    if (bitmaskFlag) family.bitmaskFlag = bitmaskFlag;
    if (form) family.band = form.band;
    families.push(family);
    if (!flag) unmapped.push({ ...family, tried, rejected });
  }
  return { families, unmapped, crossBand: crossBandGroups(columns, bands) };
}

function crossBandGroups(columns: readonly FamilyColumn[], bands: Map<string, BandForm>): CrossBandGroup[] {
  const groups = new Map<string, CrossBandGroup>();
  const tableBands = new Set<Band>();
  for (const column of columns) {
    const form = bands.get(column.name);
    if (!form) continue;
    tableBands.add(form.band);
    let group = groups.get(form.template);
    if (!group) {
      group = {
        template: form.template,
        suffix: form.suffix,
        columns: {},
        missingBands: [],
        datatypes: {},
        sameType: true,
      };
      groups.set(form.template, group);
    }
    group.columns[form.band] = column.name;
    group.datatypes[column.name] = column.datatype;
  }
  for (const group of groups.values()) {
    group.missingBands = BANDS.filter((b) => tableBands.has(b) && group.columns[b] === undefined);
    group.sameType = new Set(Object.values(group.datatypes)).size === 1;
  }
  return [...groups.values()];
}

/**
 * The failure flag of one column, or undefined.
 * @example
 * failureFlagOf(requireTable(dp02, "Object"), "r_gaap1p0Flux"); // "r_gaapFlux_flag"
 */
export function failureFlagOf(
  table: FelisTable | readonly FamilyColumn[],
  column: string,
): string | undefined {
  return measurementFamilies(table).families.find((f) => f.measurement === column)?.flag;
}

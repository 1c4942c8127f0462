/**
 * The science metrics a gate can name: each with its unit, data id, the tables and columns it needs, and its
 * definition cited to its source. `computeScience` runs each needed scan once per table.
 */
import type { TableSource } from "../../io/table.js";
import { felisTypeOfPhysical } from "../../schema/datatypes.js";
import type { FamilyColumn } from "../../schema/families.js";
import { dc2SkyMap } from "../../sky/skymap/maps.js";
import type { RingsSkyMap } from "../../sky/skymap/types.js";
import type { Metric } from "../metric.js";
import { createDensityState, densityColumns, finalizeDensity, updateDensity } from "./density.js";
import { loadStars } from "./match.js";
import {
  createDepthState,
  createPsfModelState,
  depthColumns,
  finalizeDepth,
  finalizePsfModel,
  psfModelColumns,
  updateDepth,
  updatePsfModel,
} from "./photometry.js";
import { createRateState, finalizeRates, rateColumns, ratePlan, updateRates } from "./rates.js";
import {
  am1Columns,
  createAm1State,
  createPa1State,
  finalizeAm1,
  finalizePa1,
  pa1Columns,
  updateAm1,
  updatePa1,
} from "./repeatability.js";
import { columnNames, scanColumns } from "./scan.js";
import { median } from "./stats.js";

/** The tables of a run by felis name, and the sky map their tract/patch ids refer to. */
export interface ScienceInputs {
  tables: ReadonlyMap<string, TableSource>;
  skyMap?: RingsSkyMap;
}

/** One registered science metric. */
export interface ScienceMetricDef {
  /** Name after the table: `Object.objectDensity`. */
  name: string;
  /** The metric's own unit: `arcmin-2`, `mmag`, `mas`, `mag`, `fraction`. */
  unit: string;
  /** Keys of the data ids its values carry. */
  dataId: readonly string[];
  /** Tables it may be computed on. */
  tables: readonly string[];
  /** Other tables of the run it reads (by felis name). */
  needs: readonly string[];
  /** Columns it cannot do without, given the columns the table has (empty when it can run). */
  missing(present: ReadonlySet<string>): string[];
  /** One-line definition. */
  definition: string;
  /** Where the definition comes from. */
  cite: string;
  /** Metrics computed by the same scan share a group, so a run scans once. */
  group: string;
  compute(table: string, inputs: ScienceInputs): Promise<Metric[]>;
}

function absent(required: readonly string[]): (present: ReadonlySet<string>) => string[] {
  return (present) => required.filter((c) => !present.has(c));
}

function sourceOf(inputs: ScienceInputs, table: string): TableSource {
  const s = inputs.tables.get(table);
  if (s === undefined) throw new Error(`table ${table} is not among the run's tables`);
  return s;
}

async function density(table: string, inputs: ScienceInputs): Promise<Metric[]> {
  const source = sourceOf(inputs, table);
  const state = createDensityState();
  await scanColumns(source, densityColumns(await columnNames(source)), (b) => updateDensity(state, b));
  const perPatch = finalizeDensity(state, inputs.skyMap ?? dc2SkyMap, table);
  return [...perPatch, ...densityRatios(perPatch, table)];
}

/** Each patch's density over the median density of its tract (1 = typical; a hole or missing chunk is < 1). */
function densityRatios(perPatch: readonly Metric[], table: string): Metric[] {
  const byTract = new Map<number, number[]>();
  for (const m of perPatch) {
    const list = byTract.get(m.dataId.tract as number) ?? [];
    list.push(m.value as number);
    byTract.set(m.dataId.tract as number, list);
  }
  const medians = new Map([...byTract].map(([t, v]) => [t, median(v)]));
  return perPatch.map((m) => {
    const med = medians.get(m.dataId.tract as number) as number;
    return {
      name: `${table}.objectDensityRatio`,
      value: med > 0 ? (m.value as number) / med : null,
      unit: "",
      dataId: m.dataId,
    };
  });
}

async function rates(table: string, inputs: ScienceInputs): Promise<Metric[]> {
  const source = sourceOf(inputs, table);
  const columns: FamilyColumn[] = (await source.columns()).map((c) => ({
    name: c.name,
    datatype: felisTypeOfPhysical(c.type) ?? "binary",
  }));
  const plan = ratePlan(columns);
  const state = createRateState(plan);
  await scanColumns(source, rateColumns(plan), (b) => updateRates(state, b));
  return finalizeRates(state, table);
}

async function pa1(table: string, inputs: ScienceInputs): Promise<Metric[]> {
  const source = sourceOf(inputs, table);
  const state = createPa1State(await loadStars(sourceOf(inputs, "Object")));
  await scanColumns(source, pa1Columns(await columnNames(source)), (b) => updatePa1(state, b));
  return finalizePa1(state, table);
}

async function am1(table: string, inputs: ScienceInputs): Promise<Metric[]> {
  const source = sourceOf(inputs, table);
  const state = createAm1State(await loadStars(sourceOf(inputs, "Object")));
  await scanColumns(source, am1Columns(await columnNames(source)), (b) => updateAm1(state, b));
  return finalizeAm1(state, table);
}

async function psfModel(table: string, inputs: ScienceInputs): Promise<Metric[]> {
  const source = sourceOf(inputs, table);
  const state = createPsfModelState(await columnNames(source));
  if (state.bands.length === 0)
    throw new Error(
      `table ${table} has no {band}_psfFlux, _psfFluxErr, _cModelFlux and extendedness columns`,
    );
  await scanColumns(source, psfModelColumns(state), (b) => updatePsfModel(state, b));
  return finalizePsfModel(state, table);
}

async function depth(table: string, inputs: ScienceInputs): Promise<Metric[]> {
  const source = sourceOf(inputs, table);
  const present = await columnNames(source);
  const state = createDepthState(present);
  if (state.bands.length === 0)
    throw new Error(`table ${table} has no {band}_psfFlux and _psfFluxErr columns`);
  await scanColumns(source, depthColumns(state, present), (b) => updateDepth(state, b));
  return finalizeDepth(state, table);
}

const VISIT_TABLES = ["ForcedSource", "Source"] as const;
const PATCH_TABLES = ["Object"] as const;
const MEASURED_TABLES = ["Object", "Source", "ForcedSource", "DiaSource", "ForcedSourceOnDiaObject"] as const;

/** Every science metric a gate can name, in the order the docs list them. */
export const SCIENCE_METRICS: readonly ScienceMetricDef[] = [
  {
    name: "objectDensity",
    unit: "arcmin-2",
    dataId: ["tract", "patch"],
    tables: PATCH_TABLES,
    needs: [],
    missing: absent(["tract", "patch"]),
    definition:
      "primary, non-sky objects per arcmin² of the patch's primary area (inner box ∩ tract inner region, from the sky map)",
    cite: "faro nsrcMeas* (source counts) and analysis_tools CountPatches, per patch; patch geometry from lsst.skymap",
    group: "density",
    compute: density,
  },
  {
    name: "objectDensityRatio",
    unit: "fraction",
    dataId: ["tract", "patch"],
    tables: PATCH_TABLES,
    needs: [],
    missing: absent(["tract", "patch"]),
    definition:
      "a patch's object density over the median patch density of its tract (a hole or lost chunk is < 1)",
    cite: "RTN-041 §3.3 (a lost chunk of coadd data left an empty region in DP0.2); scale-free form of objectDensity",
    group: "density",
    compute: density,
  },
  {
    name: "nanRate",
    unit: "fraction",
    dataId: ["family", "band"],
    tables: MEASURED_TABLES,
    needs: [],
    missing: () => [],
    definition:
      "fraction of rows whose measurement (NaN or null) is missing, per measurement family and band",
    cite: "analysis_tools FracNan / FracInRange actions; faro per-band metrics (rubin-qa-anchors §1.5, §2.2)",
    group: "rates",
    compute: rates,
  },
  {
    name: "flagRate",
    unit: "fraction",
    dataId: ["family", "band"],
    tables: MEASURED_TABLES,
    needs: [],
    missing: () => [],
    definition: "fraction of rows whose family's failure flag is set, per measurement family and band",
    cite: "analysis_tools flag selectors and fractions (rubin-qa-anchors §1.5); DP0.2 flag naming (sdm_schemas)",
    group: "rates",
    compute: rates,
  },
  {
    name: "PA1",
    unit: "mmag",
    dataId: ["band"],
    tables: VISIT_TABLES,
    needs: ["Object"],
    missing: (present) =>
      absent(["band", "psfFlux", "psfFluxErr"])(present).concat(
        present.has("objectId") || (present.has("coord_ra") && present.has("coord_dec")) ? [] : ["objectId"],
      ),
    definition:
      "median over stars (Object extendedness ≤ 0.5, single-visit S/N ≥ 200, > 2 measurements) of the RMS of their PSF magnitudes over visits; undefined below 51 stars",
    cite: "SRD/LPM-17 PA1 (verify_metrics validate_drp); faro utils/phot_repeat.py; analysis_tools StellarPhotometricRepeatability",
    group: "PA1",
    compute: pa1,
  },
  {
    name: "AM1",
    unit: "mas",
    dataId: ["band"],
    tables: ["Source"],
    needs: ["Object"],
    missing: absent(["coord_ra", "coord_dec", "visit", "band", "psfFlux"]),
    definition:
      "median over star pairs 5 ± 1 arcmin apart (17 ≤ median mag < 21.5) of the sample stdev of their separation over the visits both were measured in",
    cite: "SRD/LPM-17 AM1 (verify_metrics validate_drp AMx); faro utils/separations.py calcRmsDistances",
    group: "AM1",
    compute: am1,
  },
  {
    name: "psfModelMagDiff",
    unit: "mmag",
    dataId: ["band"],
    tables: PATCH_TABLES,
    needs: [],
    missing: () => [],
    definition: "median of psfMag − cModelMag over stars (extendedness ≤ 0.5, PSF S/N ≥ 100), per band",
    cite: "analysis_tools coaddQualityCore PSF–CModel (rubin-qa-anchors §1.5); analysis_drp plot_CModel_sub_PSFmag_meas",
    group: "psfModel",
    compute: psfModel,
  },
  {
    name: "psfModelMagScatter",
    unit: "mmag",
    dataId: ["band"],
    tables: PATCH_TABLES,
    needs: [],
    missing: () => [],
    definition: "σ_IQR (IQR / 1.349) of psfMag − cModelMag over the same stars, per band",
    cite: "analysis_tools coaddQualityCore PSF–CModel (rubin-qa-anchors §1.5): median and robust sigma of the difference",
    group: "psfModel",
    compute: psfModel,
  },
  {
    name: "depth5sigma",
    unit: "mag",
    dataId: ["band", "tract", "patch"],
    tables: PATCH_TABLES,
    needs: [],
    missing: absent(["tract", "patch"]),
    definition: "PSF magnitude at which the median S/N of primary objects is 5, per band and patch",
    cite: "SRD (LPM-17) depth requirements; analysis_tools per-tract maglim property maps (rubin-qa-anchors §1.5)",
    group: "depth",
    compute: depth,
  },
];

/**
 * The registered science metric of that name, if any.
 * @example scienceMetric("objectDensity")?.unit // "arcmin-2"
 */
export function scienceMetric(name: string): ScienceMetricDef | undefined {
  return SCIENCE_METRICS.find((m) => m.name === name);
}

/**
 * Computes the named metrics (`[table, name]` pairs), each scan once per table; a metric that cannot be computed
 * maps to its error message instead of values.
 * @example
 * const tables = new Map([["Object", await openTable("Object", "fixtures/pilot-clean/Object.parquet")]]);
 * const got = await computeScience([["Object", "objectDensity"]], { tables });
 * (got.get("Object.objectDensity") as Metric[]).length // 49
 */
export async function computeScience(
  wanted: readonly (readonly [string, string])[],
  inputs: ScienceInputs,
): Promise<Map<string, Metric[] | string>> {
  const runs = new Map<string, Promise<Metric[]>>();
  const out = new Map<string, Metric[] | string>();
  for (const [table, name] of wanted) {
    const key = `${table}.${name}`;
    if (out.has(key)) continue;
    const def = scienceMetric(name);
    if (def === undefined) {
      out.set(key, `unknown science metric ${name}`);
      continue;
    }
    const runKey = `${table}:${def.group}`;
    let run = runs.get(runKey);
    if (run === undefined) {
      run = def.compute(table, inputs);
      runs.set(runKey, run);
    }
    try {
      out.set(
        key,
        (await run).filter((m) => m.name === key),
      );
    } catch (error) {
      out.set(key, error instanceof Error ? error.message : String(error));
    }
  }
  return out;
}

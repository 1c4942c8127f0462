/**
 * The science metrics a gate can name: each with its unit, data id, the tables and columns it needs, and its
 * definition cited to its source. `computeScience` runs each needed scan once per table.
 */
import type { RecordBatch } from "apache-arrow";
import type { TableSource } from "../../io/table.js";
import { felisTypeOfPhysical } from "../../schema/datatypes.js";
import type { FamilyColumn } from "../../schema/families.js";
import { dc2SkyMap } from "../../sky/skymap/maps.js";
import type { RingsSkyMap } from "../../sky/skymap/types.js";
import type { Metric } from "../metric.js";
import type { TableProfile } from "../types.js";
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
import {
  createRateState,
  finalizeRates,
  rateColumns,
  ratePlan,
  ratesFromProfiles,
  updateRates,
} from "./rates.js";
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
  /**
   * An engine's profile of some columns (per value of `partitionBy` when given); rates then come from it (the
   * DuckDB engine proves NaN and null counts from Parquet statistics) instead of a scan.
   */
  profile?: (
    table: string,
    columns: readonly string[],
    partitionBy?: string,
  ) => Promise<{ profile: TableProfile; partitions?: Record<string, TableProfile> }>;
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
  /** Prepares the group's scan of `table` (PA1/AM1 first read the Object stars). */
  kernel(table: string, inputs: ScienceInputs): Promise<ScienceKernel>;
}

function absent(required: readonly string[]): (present: ReadonlySet<string>) => string[] {
  return (present) => required.filter((c) => !present.has(c));
}

function sourceOf(inputs: ScienceInputs, table: string): TableSource {
  const s = inputs.tables.get(table);
  if (s === undefined) throw new Error(`table ${table} is not among the run's tables`);
  return s;
}

/** One scan's worth of a metric group: the columns it reads, a batch update and the metrics at the end. */
export interface ScienceKernel {
  columns: readonly string[];
  update(batch: RecordBatch): void;
  finalize(): Metric[];
}

async function density(table: string, inputs: ScienceInputs): Promise<ScienceKernel> {
  const state = createDensityState();
  return {
    columns: densityColumns(await columnNames(sourceOf(inputs, table))),
    update: (b) => updateDensity(state, b),
    finalize: () => {
      const perPatch = finalizeDensity(state, inputs.skyMap ?? dc2SkyMap, table);
      return [...perPatch, ...densityRatios(perPatch, table)];
    },
  };
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

async function rates(table: string, inputs: ScienceInputs): Promise<ScienceKernel> {
  const columns: FamilyColumn[] = (await sourceOf(inputs, table).columns()).map((c) => ({
    name: c.name,
    datatype: felisTypeOfPhysical(c.type) ?? "binary",
  }));
  const plan = ratePlan(columns);
  if (inputs.profile !== undefined) {
    const got = await inputs.profile(
      table,
      rateColumns(plan).filter((c) => c !== plan.rowBand),
      plan.rowBand ?? undefined,
    );
    const state = ratesFromProfiles(plan, got.profile, got.partitions);
    if (state !== null) return { columns: [], update: () => {}, finalize: () => finalizeRates(state, table) };
  }
  const state = createRateState(plan);
  return {
    columns: rateColumns(plan),
    update: (b) => updateRates(state, b),
    finalize: () => finalizeRates(state, table),
  };
}

async function pa1(table: string, inputs: ScienceInputs): Promise<ScienceKernel> {
  const state = createPa1State(await loadStars(sourceOf(inputs, "Object")));
  return {
    columns: pa1Columns(await columnNames(sourceOf(inputs, table))),
    update: (b) => updatePa1(state, b),
    finalize: () => finalizePa1(state, table),
  };
}

async function am1(table: string, inputs: ScienceInputs): Promise<ScienceKernel> {
  const state = createAm1State(await loadStars(sourceOf(inputs, "Object")));
  return {
    columns: am1Columns(await columnNames(sourceOf(inputs, table))),
    update: (b) => updateAm1(state, b),
    finalize: () => finalizeAm1(state, table),
  };
}

async function psfModel(table: string, inputs: ScienceInputs): Promise<ScienceKernel> {
  const state = createPsfModelState(await columnNames(sourceOf(inputs, table)));
  if (state.bands.length === 0)
    throw new Error(
      `table ${table} has no {band}_psfFlux, _psfFluxErr, _cModelFlux and extendedness columns`,
    );
  return {
    columns: psfModelColumns(state),
    update: (b) => updatePsfModel(state, b),
    finalize: () => finalizePsfModel(state, table),
  };
}

async function depth(table: string, inputs: ScienceInputs): Promise<ScienceKernel> {
  const present = await columnNames(sourceOf(inputs, table));
  const state = createDepthState(present);
  if (state.bands.length === 0)
    throw new Error(`table ${table} has no {band}_psfFlux and _psfFluxErr columns`);
  return {
    columns: depthColumns(state, present),
    update: (b) => updateDepth(state, b),
    finalize: () => finalizeDepth(state, table),
  };
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
    kernel: density,
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
    kernel: density,
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
    kernel: rates,
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
    kernel: rates,
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
    kernel: pa1,
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
    kernel: am1,
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
    kernel: psfModel,
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
    kernel: psfModel,
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
    kernel: depth,
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
 * Computes the named metrics (`[table, name]` pairs) in one scan per table over the union of the columns its
 * metric groups declare; a metric that cannot be computed maps to its error message instead of values (one
 * failing group never loses the others).
 * @example
 * const tables = new Map([["Object", await openTable("Object", "fixtures/pilot-clean/Object.parquet")]]);
 * const got = await computeScience([["Object", "objectDensity"]], { tables });
 * (got.get("Object.objectDensity") as Metric[]).length // 49
 */
export async function computeScience(
  wanted: readonly (readonly [string, string])[],
  inputs: ScienceInputs,
): Promise<Map<string, Metric[] | string>> {
  const out = new Map<string, Metric[] | string>();
  // table → group → the metric names it serves
  const plan = new Map<string, Map<string, { def: ScienceMetricDef; names: string[] }>>();
  for (const [table, name] of wanted) {
    const def = scienceMetric(name);
    if (def === undefined) {
      out.set(`${table}.${name}`, `unknown science metric ${name}`);
      continue;
    }
    const groups = plan.get(table) ?? new Map<string, { def: ScienceMetricDef; names: string[] }>();
    plan.set(table, groups);
    const group = groups.get(def.group) ?? { def, names: [] };
    groups.set(def.group, group);
    if (!group.names.includes(name)) group.names.push(name);
  }
  for (const [table, groups] of plan) {
    const ready: { kernel: ScienceKernel; names: string[] }[] = [];
    const fail = (names: readonly string[], error: unknown) => {
      for (const n of names) out.set(`${table}.${n}`, error instanceof Error ? error.message : String(error));
    };
    for (const { def, names } of groups.values()) {
      try {
        const kernel = await def.kernel(table, inputs);
        const present = await columnNames(sourceOf(inputs, table));
        const missing = kernel.columns.filter((c) => !present.has(c));
        if (missing.length > 0) throw new Error(`table ${table} has no column ${missing.join(", ")}`);
        ready.push({ kernel, names });
      } catch (error) {
        fail(names, error);
      }
    }
    const finish = (r: { kernel: ScienceKernel; names: string[] }) => {
      try {
        const metrics = r.kernel.finalize();
        for (const n of r.names)
          out.set(
            `${table}.${n}`,
            metrics.filter((m) => m.name === `${table}.${n}`),
          );
      } catch (error) {
        fail(r.names, error);
      }
    };
    // Kernels answered from an engine profile declare no columns and need no scan.
    const scanning = ready.filter((r) => r.kernel.columns.length > 0);
    try {
      if (scanning.length > 0) {
        const columns = [...new Set(scanning.flatMap((r) => r.kernel.columns))];
        await scanColumns(sourceOf(inputs, table), columns, (batch) => {
          for (const r of scanning) r.kernel.update(batch);
        });
      }
    } catch (error) {
      for (const r of scanning) fail(r.names, error);
      for (const r of ready) if (r.kernel.columns.length === 0) finish(r);
      continue;
    }
    for (const r of ready) finish(r);
  }
  return out;
}

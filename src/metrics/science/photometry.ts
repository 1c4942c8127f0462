/**
 * Coadd photometry metrics of the Object table:
 * - PSF − model magnitude of stars per band (analysis_tools coaddQualityCore "PSF–CModel"; analysis_drp
 *   `plot_CModel_sub_PSFmag_meas_sky_*` in DP0.2): median and σ_IQR = IQR / 1.349 (σ for a Gaussian) of
 *   psfMag − cModelMag over stars (extendedness ≤ 0.5) with PSF S/N ≥ 100, in mmag, from KLL sketches
 *   (rank error ≤ 1.7 %, bounded memory).
 * - 5σ depth per band and patch: the magnitude at which the median PSF S/N of objects falls to 5 (analysis_tools
 *   maglim maps; SRD single-visit and coadd depth), found as the magnitude where half the objects of a 0.05-mag
 *   bin have S/N ≥ 5 (the median S/N is ≥ 5 exactly when at least half are), interpolated between bins.
 */
import type { RecordBatch } from "apache-arrow";
import { BANDS } from "../../schema/families.js";
import { createKll, type Kll, kllQuantiles, kllUpdate } from "../kll.js";
import { type Metric, metric } from "../metric.js";
import { abMag, flagColumn, floatColumn } from "./columns.js";
import { EXTENDEDNESS_COLUMNS } from "./match.js";

/**
 * The bands whose `{band}_psfFlux`, `{band}_psfFluxErr` (and for PSF − model `{band}_cModelFlux`) exist.
 * @example photometryBands(new Set(["g_psfFlux", "g_psfFluxErr", "r_psfFlux"]), false) // ["g"]
 */
export function photometryBands(present: ReadonlySet<string>, model: boolean): string[] {
  return BANDS.filter(
    (b) =>
      present.has(`${b}_psfFlux`) &&
      present.has(`${b}_psfFluxErr`) &&
      (!model || present.has(`${b}_cModelFlux`)),
  );
}

/** PSF − model state: one KLL sketch per band. */
export interface PsfModelState {
  bands: string[];
  /** Per band, the extendedness column used to pick stars. */
  extendedness: string[];
  sketches: Kll[];
  snrMin: number;
}

/**
 * Columns PSF − model reads.
 * @example psfModelColumns(createPsfModelState(new Set(["r_psfFlux", "r_psfFluxErr", "r_cModelFlux", "refExtendedness"]))) // ["r_psfFlux", "r_psfFluxErr", "r_cModelFlux", "refExtendedness"]
 */
export function psfModelColumns(state: PsfModelState): string[] {
  return [
    ...new Set(
      state.bands.flatMap((b, i) => [
        `${b}_psfFlux`,
        `${b}_psfFluxErr`,
        `${b}_cModelFlux`,
        state.extendedness[i],
      ]),
    ),
  ];
}

/**
 * A PSF − model state for the bands a table has (stars by `{band}_extendedness`, else `refExtendedness`).
 * @example createPsfModelState(new Set(["r_psfFlux", "r_psfFluxErr", "r_cModelFlux", "r_extendedness"])).extendedness // ["r_extendedness"]
 */
export function createPsfModelState(present: ReadonlySet<string>, snrMin = 100): PsfModelState {
  const generic = EXTENDEDNESS_COLUMNS.find((c) => present.has(c));
  const bands = photometryBands(present, true).filter((b) => present.has(`${b}_extendedness`) || generic);
  return {
    bands,
    extendedness: bands.map((b) =>
      present.has(`${b}_extendedness`) ? `${b}_extendedness` : (generic as string),
    ),
    sketches: bands.map(() => createKll()),
    snrMin,
  };
}

/**
 * Adds one batch of Object rows.
 * @example
 * const s = createPsfModelState(new Set(["r_psfFlux", "r_psfFluxErr", "r_cModelFlux", "r_extendedness"]));
 * updatePsfModel(s, tableFromArrays({ r_psfFlux: Float64Array.of(1e5), r_psfFluxErr: Float64Array.of(10), r_cModelFlux: Float64Array.of(1e5), r_extendedness: Float64Array.of(0) }).batches[0]);
 * s.sketches[0].n // 1
 */
export function updatePsfModel(state: PsfModelState, batch: RecordBatch): void {
  state.bands.forEach((b, k) => {
    const psf = floatColumn(batch, `${b}_psfFlux`);
    const err = floatColumn(batch, `${b}_psfFluxErr`);
    const model = floatColumn(batch, `${b}_cModelFlux`);
    const ext = floatColumn(batch, state.extendedness[k]);
    for (let i = 0; i < psf.length; i++) {
      if (!(ext[i] <= 0.5) || !(psf[i] / err[i] >= state.snrMin) || !(model[i] > 0)) continue;
      kllUpdate(state.sketches[k], (abMag(psf[i]) - abMag(model[i])) * 1000);
    }
  });
}

/**
 * `TABLE.psfModelMagDiff` (median) and `TABLE.psfModelMagScatter` (σ_IQR), mmag, data id `{ band }`.
 * @example
 * const s = createPsfModelState(new Set(["r_psfFlux", "r_psfFluxErr", "r_cModelFlux", "r_extendedness"]));
 * updatePsfModel(s, tableFromArrays({ r_psfFlux: Float64Array.of(1e5), r_psfFluxErr: Float64Array.of(10), r_cModelFlux: Float64Array.of(1e5), r_extendedness: Float64Array.of(0) }).batches[0]);
 * finalizePsfModel(s, "Object").map((m) => m.value) // [0, 0]
 */
export function finalizePsfModel(state: PsfModelState, table: string): Metric[] {
  return state.bands.flatMap((b, k) => {
    const [q25, q50, q75] = kllQuantiles(state.sketches[k], [0.25, 0.5, 0.75]);
    return [
      metric(`${table}.psfModelMagDiff`, q50, "mmag", { band: b }),
      metric(
        `${table}.psfModelMagScatter`,
        q25 === null || q75 === null ? null : (q75 - q25) / 1.349,
        "mmag",
        { band: b },
      ),
    ];
  });
}

const BIN = 0.05;
const MAG_LO = 18;
const NBINS = 240; // 18–30 mag

/** Depth state: per (tract, patch) and band, objects and objects with S/N ≥ 5 per magnitude bin. */
export interface DepthState {
  bands: string[];
  /** tract·1000 + patch → counts [band][bin][all, bright]. */
  counts: Map<number, Uint32Array>;
}

/**
 * A depth state for the bands a table has.
 * @example createDepthState(new Set(["g_psfFlux", "g_psfFluxErr", "tract", "patch"])).bands // ["g"]
 */
export function createDepthState(present: ReadonlySet<string>): DepthState {
  return { bands: photometryBands(present, false), counts: new Map() };
}

/**
 * Columns the depth reads.
 * @example depthColumns(createDepthState(new Set(["g_psfFlux", "g_psfFluxErr"])), new Set()) // ["tract", "patch", "g_psfFlux", "g_psfFluxErr"]
 */
export function depthColumns(state: DepthState, present: ReadonlySet<string>): string[] {
  const flags = ["detect_isPrimary", "sky_object"].filter((c) => present.has(c));
  return ["tract", "patch", ...state.bands.flatMap((b) => [`${b}_psfFlux`, `${b}_psfFluxErr`]), ...flags];
}

/**
 * Adds one batch of primary, non-sky objects.
 * @example
 * const s = createDepthState(new Set(["g_psfFlux", "g_psfFluxErr"]));
 * updateDepth(s, tableFromArrays({ tract: Int32Array.of(1), patch: Int32Array.of(2), g_psfFlux: Float64Array.of(1000), g_psfFluxErr: Float64Array.of(10) }).batches[0]);
 * s.counts.has(1002) // true
 */
export function updateDepth(state: DepthState, batch: RecordBatch): void {
  const tract = floatColumn(batch, "tract");
  const patch = floatColumn(batch, "patch");
  const primary = batch.getChild("detect_isPrimary") ? flagColumn(batch, "detect_isPrimary") : null;
  const sky = batch.getChild("sky_object") ? flagColumn(batch, "sky_object") : null;
  const stride = NBINS * 2;
  state.bands.forEach((b, k) => {
    const flux = floatColumn(batch, `${b}_psfFlux`);
    const err = floatColumn(batch, `${b}_psfFluxErr`);
    for (let i = 0; i < flux.length; i++) {
      if ((primary !== null && primary[i] === 0) || (sky !== null && sky[i] === 1)) continue;
      const bin = Math.floor((abMag(flux[i]) - MAG_LO) / BIN);
      if (!(bin >= 0 && bin < NBINS) || !(err[i] > 0) || !Number.isInteger(tract[i])) continue;
      const key = tract[i] * 1000 + patch[i];
      let c = state.counts.get(key);
      if (c === undefined) {
        c = new Uint32Array(state.bands.length * stride);
        state.counts.set(key, c);
      }
      const at = k * stride + bin * 2;
      c[at]++;
      if (flux[i] / err[i] >= 5) c[at + 1]++;
    }
  });
}

/**
 * The magnitude where the fraction of objects with S/N ≥ 5 falls through 1/2 (interpolated between the centres
 * of the last bin at or above and the first below); null when it never does.
 * @example depthFromCounts(Uint32Array.of(4, 4, 4, 3, 4, 1, 4, 0), 0, 4, 20, 0.5) // 21
 */
export function depthFromCounts(
  c: Uint32Array,
  offset: number,
  bins: number,
  magLo: number,
  width: number,
): number | null {
  let prev = -1;
  let prevFrac = 0;
  for (let i = 0; i < bins; i++) {
    const all = c[offset + 2 * i];
    if (all === 0) continue;
    const frac = c[offset + 2 * i + 1] / all;
    if (frac < 0.5 && prev >= 0 && prevFrac >= 0.5) {
      const t = (prevFrac - 0.5) / (prevFrac - frac);
      return magLo + (prev + 0.5 + t * (i - prev)) * width;
    }
    if (frac >= 0.5) {
      prev = i;
      prevFrac = frac;
    }
  }
  return null;
}

/**
 * `TABLE.depth5sigma` (mag) per band and patch, data id `{ band, tract, patch }`.
 * @example
 * const s = createDepthState(new Set(["g_psfFlux", "g_psfFluxErr"]));
 * updateDepth(s, tableFromArrays({ tract: Int32Array.of(1, 1), patch: Int32Array.of(2, 2), g_psfFlux: Float64Array.of(1000, 10), g_psfFluxErr: Float64Array.of(10, 10) }).batches[0]);
 * finalizeDepth(s, "Object")[0].dataId // { band: "g", tract: 1, patch: 2 }
 */
export function finalizeDepth(state: DepthState, table: string): Metric[] {
  const out: Metric[] = [];
  const keys = [...state.counts.keys()].sort((a, b) => a - b);
  state.bands.forEach((b, k) => {
    for (const key of keys) {
      const value = depthFromCounts(state.counts.get(key) as Uint32Array, k * NBINS * 2, NBINS, MAG_LO, BIN);
      out.push(
        metric(`${table}.depth5sigma`, value, "mag", {
          band: b,
          tract: Math.floor(key / 1000),
          patch: key % 1000,
        }),
      );
    }
  });
  return out;
}

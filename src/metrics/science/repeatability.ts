/**
 * Photometric (PA1) and astrometric (AM1) repeatability from single-visit measurements matched to Object stars.
 * - PA1 (faro `photRepeat`/`calcPhotRepeat`, LPM-17): per star and band, the RMS (population stdev, numpy
 *   `nanstd`) of its PSF magnitudes over visits; the median over stars with more than 2 measurements, in mmag;
 *   undefined unless more than 50 stars qualify. Measurements with S/N < 200 are dropped first
 *   (analysis_tools `StellarPhotometricRepeatability`).
 * - AM1 (faro `calcRmsDistances`, LPM-17): pairs of stars whose mean positions are D ± 1′ apart (D = 5′) with
 *   median magnitude 17 ≤ m < 21.5; for each pair, the separation in every visit both were measured in; the
 *   sample stdev (ddof 1) of those separations; the median over pairs, in mas.
 * States hold one accumulator per (star, band) and, for AM1, the selected stars' measurements only.
 */
import type { RecordBatch } from "apache-arrow";
import { BANDS } from "../../schema/families.js";
import { type Metric, metric } from "../metric.js";
import { abMag, bandColumn, floatColumn } from "./columns.js";
import { matchRows, type StarCatalog, separationDeg } from "./match.js";
import { median } from "./stats.js";

const NB = BANDS.length;

/** PA1 parameters (faro / analysis_tools defaults). */
export interface Pa1Options {
  snrMin?: number;
  /** A star needs more than this many measurements. */
  minMeasurements?: number;
  /** PA1 is undefined unless more than this many stars qualify (faro nMinPhotRepeat). */
  minStars?: number;
  matchRadiusArcsec?: number;
}

/** Welford accumulators per (star, band). */
export interface Pa1State {
  stars: StarCatalog;
  n: Float64Array;
  mean: Float64Array;
  m2: Float64Array;
  options: Required<Pa1Options>;
}

/**
 * An empty PA1 state for a star catalog.
 * @example createPa1State(starCatalog(BigInt64Array.of(1n), Float64Array.of(0), Float64Array.of(0))).n.length // 6
 */
export function createPa1State(stars: StarCatalog, options: Pa1Options = {}): Pa1State {
  const size = stars.ids.length * NB;
  return {
    stars,
    n: new Float64Array(size),
    mean: new Float64Array(size),
    m2: new Float64Array(size),
    options: {
      snrMin: options.snrMin ?? 200,
      minMeasurements: options.minMeasurements ?? 2,
      minStars: options.minStars ?? 50,
      matchRadiusArcsec: options.matchRadiusArcsec ?? 1,
    },
  };
}

/**
 * Columns PA1 reads from a single-visit table (objectId or a position to match by, band, PSF flux and error).
 * @example pa1Columns(new Set(["objectId"])) // ["objectId", "band", "psfFlux", "psfFluxErr"]
 */
export function pa1Columns(present: ReadonlySet<string>): string[] {
  const key = present.has("objectId") ? ["objectId"] : ["coord_ra", "coord_dec"];
  return [...key, "band", "psfFlux", "psfFluxErr"];
}

/**
 * Adds one batch of single-visit measurements.
 * @example
 * const s = createPa1State(starCatalog(BigInt64Array.of(1n), Float64Array.of(0), Float64Array.of(0)));
 * updatePa1(s, tableFromArrays({ objectId: BigInt64Array.of(1n, 1n), band: ["r", "r"], psfFlux: Float64Array.of(1000, 1000), psfFluxErr: Float64Array.of(1, 1) }).batches[0]);
 * s.n[2] // 2
 */
export function updatePa1(state: Pa1State, batch: RecordBatch): void {
  const star = matchRows(state.stars, batch, state.options.matchRadiusArcsec);
  const band = bandColumn(batch, "band");
  const flux = floatColumn(batch, "psfFlux");
  const err = floatColumn(batch, "psfFluxErr");
  const { n, mean, m2 } = state;
  for (let i = 0; i < star.length; i++) {
    if (star[i] < 0 || band[i] < 0 || !(flux[i] / err[i] >= state.options.snrMin)) continue;
    const mag = abMag(flux[i]);
    if (Number.isNaN(mag)) continue;
    const k = star[i] * NB + band[i];
    n[k]++;
    const d = mag - mean[k];
    mean[k] += d / n[k];
    m2[k] += d * (mag - mean[k]);
  }
}

/**
 * `TABLE.PA1` in mmag per band (data id `{ band }`); null where too few stars qualify.
 * @example
 * const s = createPa1State(starCatalog(BigInt64Array.of(1n), Float64Array.of(0), Float64Array.of(0)), { minStars: 0 });
 * updatePa1(s, tableFromArrays({ objectId: BigInt64Array.of(1n, 1n, 1n), band: ["r", "r", "r"], psfFlux: Float64Array.of(1000, 1000, 1000), psfFluxErr: Float64Array.of(1, 1, 1) }).batches[0]);
 * finalizePa1(s, "ForcedSource") // [{ name: "ForcedSource.PA1", value: 0, unit: "mmag", dataId: { band: "r" } }]
 */
export function finalizePa1(state: Pa1State, table: string): Metric[] {
  const out: Metric[] = [];
  for (let b = 0; b < NB; b++) {
    const rms: number[] = [];
    let measured = 0;
    for (let s = 0; s < state.stars.ids.length; s++) {
      const k = s * NB + b;
      if (state.n[k] > 0) measured++;
      if (state.n[k] > state.options.minMeasurements) rms.push(Math.sqrt(state.m2[k] / state.n[k]) * 1000);
    }
    if (measured === 0) continue;
    const value = rms.length > state.options.minStars ? median(rms) : null;
    out.push(metric(`${table}.PA1`, value, "mmag", { band: BANDS[b] }));
  }
  return out;
}

/** AM1 parameters (faro defaults for AM1). */
export interface Am1Options {
  annulusArcmin?: number;
  widthArcmin?: number;
  magMin?: number;
  magMax?: number;
  matchRadiusArcsec?: number;
}

/** The selected stars' single-visit positions (growable columns). */
export interface Am1State {
  stars: StarCatalog;
  size: number;
  star: Int32Array;
  band: Int8Array;
  visit: Float64Array;
  ra: Float64Array;
  dec: Float64Array;
  mag: Float64Array;
  options: Required<Am1Options>;
}

/**
 * An empty AM1 state for a star catalog.
 * @example createAm1State(starCatalog(BigInt64Array.of(1n), Float64Array.of(0), Float64Array.of(0))).options.annulusArcmin // 5
 */
export function createAm1State(stars: StarCatalog, options: Am1Options = {}): Am1State {
  const cap = 1024;
  return {
    stars,
    size: 0,
    star: new Int32Array(cap),
    band: new Int8Array(cap),
    visit: new Float64Array(cap),
    ra: new Float64Array(cap),
    dec: new Float64Array(cap),
    mag: new Float64Array(cap),
    options: {
      annulusArcmin: options.annulusArcmin ?? 5,
      widthArcmin: options.widthArcmin ?? 2,
      magMin: options.magMin ?? 17,
      magMax: options.magMax ?? 21.5,
      matchRadiusArcsec: options.matchRadiusArcsec ?? 1,
    },
  };
}

/**
 * Columns AM1 reads from a single-visit table.
 * @example am1Columns(new Set()) // ["coord_ra", "coord_dec", "visit", "band", "psfFlux"]
 */
export function am1Columns(present: ReadonlySet<string>): string[] {
  return [
    ...(present.has("objectId") ? ["objectId"] : []),
    "coord_ra",
    "coord_dec",
    "visit",
    "band",
    "psfFlux",
  ];
}

function grow(s: Am1State): void {
  const cap = s.star.length * 2;
  const up = <T extends Int32Array | Int8Array | Float64Array>(a: T, make: (n: number) => T): T => {
    const b = make(cap);
    b.set(a);
    return b;
  };
  s.star = up(s.star, (n) => new Int32Array(n));
  s.band = up(s.band, (n) => new Int8Array(n));
  s.visit = up(s.visit, (n) => new Float64Array(n));
  s.ra = up(s.ra, (n) => new Float64Array(n));
  s.dec = up(s.dec, (n) => new Float64Array(n));
  s.mag = up(s.mag, (n) => new Float64Array(n));
}

/**
 * Keeps the positions of one batch's rows that match a star.
 * @example
 * const s = createAm1State(starCatalog(BigInt64Array.of(1n), Float64Array.of(0), Float64Array.of(0)));
 * updateAm1(s, tableFromArrays({ coord_ra: Float64Array.of(0, 5), coord_dec: Float64Array.of(0, 5), visit: Float64Array.of(1, 1), band: ["r", "r"], psfFlux: Float64Array.of(1e5, 1e5) }).batches[0]);
 * s.size // 1
 */
export function updateAm1(state: Am1State, batch: RecordBatch): void {
  const star = matchRows(state.stars, batch, state.options.matchRadiusArcsec);
  const band = bandColumn(batch, "band");
  const visit = floatColumn(batch, "visit");
  const ra = floatColumn(batch, "coord_ra");
  const dec = floatColumn(batch, "coord_dec");
  const flux = floatColumn(batch, "psfFlux");
  for (let i = 0; i < star.length; i++) {
    if (star[i] < 0 || band[i] < 0 || !Number.isFinite(ra[i]) || !Number.isFinite(dec[i])) continue;
    if (state.size === state.star.length) grow(state);
    const k = state.size++;
    state.star[k] = star[i];
    state.band[k] = band[i];
    state.visit[k] = visit[i];
    state.ra[k] = ra[i];
    state.dec[k] = dec[i];
    state.mag[k] = abMag(flux[i]);
  }
}

/**
 * `TABLE.AM1` in mas per band (data id `{ band }`); null when no pair qualifies.
 * @example
 * const s = createAm1State(starCatalog(BigInt64Array.of(1n), Float64Array.of(0), Float64Array.of(0)));
 * finalizeAm1(s, "Source") // []
 */
export function finalizeAm1(state: Am1State, table: string): Metric[] {
  const o = state.options;
  const order = Array.from({ length: state.size }, (_, i) => i);
  order.sort(
    (a, b) =>
      state.band[a] - state.band[b] || state.star[a] - state.star[b] || state.visit[a] - state.visit[b],
  );
  const out: Metric[] = [];
  const lo = (o.annulusArcmin - o.widthArcmin / 2) / 60;
  const hi = (o.annulusArcmin + o.widthArcmin / 2) / 60;
  let start = 0;
  while (start < order.length) {
    const b = state.band[order[start]];
    let end = start;
    while (end < order.length && state.band[order[end]] === b) end++;
    // Groups of one star's measurements in this band: [first, last) into `order`.
    const first: number[] = [];
    const meanRa: number[] = [];
    const meanDec: number[] = [];
    for (let g = start; g < end; ) {
      let h = g;
      let sra = 0;
      let sdec = 0;
      const mags: number[] = [];
      while (h < end && state.star[order[h]] === state.star[order[g]]) {
        sra += state.ra[order[h]];
        sdec += state.dec[order[h]];
        mags.push(state.mag[order[h]]);
        h++;
      }
      const m = median(mags);
      if (m >= o.magMin && m < o.magMax) {
        first.push(g);
        meanRa.push(sra / (h - g));
        meanDec.push(sdec / (h - g));
      }
      g = h;
    }
    first.push(end); // sentinel: group k is [first[k], next group's start)
    const groupEnd = (k: number) => {
      let h = first[k];
      const s = state.star[order[h]];
      while (h < end && state.star[order[h]] === s) h++;
      return h;
    };
    // Pair search on a grid of cells one annulus-outer-radius wide.
    const cell = hi;
    const grid = new Map<number, number[]>();
    const keyOf = (k: number): [number, number] => [
      Math.floor((meanRa[k] * Math.cos((meanDec[k] * Math.PI) / 180)) / cell),
      Math.floor((meanDec[k] + 90) / cell),
    ];
    for (let k = 0; k < meanRa.length; k++) {
      const [x, y] = keyOf(k);
      const list = grid.get(y * 1e7 + x);
      if (list === undefined) grid.set(y * 1e7 + x, [k]);
      else list.push(k);
    }
    const rms: number[] = [];
    const dist: number[] = [];
    for (let k = 0; k < meanRa.length; k++) {
      const [x, y] = keyOf(k);
      for (let dy = -1; dy <= 1; dy++)
        for (let dx = -1; dx <= 1; dx++) {
          for (const j of grid.get((y + dy) * 1e7 + x + dx) ?? []) {
            if (j <= k) continue;
            const d = separationDeg(meanRa[k], meanDec[k], meanRa[j], meanDec[j]);
            if (d < lo || d >= hi) continue;
            // Separations in every visit both stars were measured in (both lists sorted by visit).
            dist.length = 0;
            let p = first[k];
            let q = first[j];
            const pEnd = groupEnd(k);
            const qEnd = groupEnd(j);
            while (p < pEnd && q < qEnd) {
              const vp = state.visit[order[p]];
              const vq = state.visit[order[q]];
              if (vp < vq) p++;
              else if (vq < vp) q++;
              else {
                const a = order[p];
                const c = order[q];
                dist.push(separationDeg(state.ra[a], state.dec[a], state.ra[c], state.dec[c]));
                p++;
                q++;
              }
            }
            if (dist.length < 2) continue;
            const mean = dist.reduce((s, v) => s + v, 0) / dist.length;
            const ss = dist.reduce((s, v) => s + (v - mean) ** 2, 0);
            rms.push(Math.sqrt(ss / (dist.length - 1)) * 3.6e6);
          }
        }
    }
    out.push(metric(`${table}.AM1`, rms.length > 0 ? median(rms) : null, "mas", { band: BANDS[b] }));
    start = end;
  }
  return out;
}

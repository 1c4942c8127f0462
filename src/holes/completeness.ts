/**
 * Patch and tract completeness: for every tract, which patches are missing, low-density or complete, and
 * which expected tracts have no objects at all, from the detector's fine density map, recounted at order 13
 * when the detector's map is coarser (cells attributed to tract/patch by their centre, so a cell straddling a
 * patch edge moves at most a few objects; masked cells left out of both counts and areas).
 *
 * Rules (per patch, against the tract's median patch density, or the survey's when fewer than 5 patches of the
 * tract have objects): `missing` when observed < 5 % of expected, `low` when observed < 80 % of expected, each
 * *and* the Poisson lower tail below α / (number of judged patches); `complete` otherwise. Patches with less than
 * half a patch of footprint are `partial` and not judged (survey edge); patches expecting so few objects that
 * none at all is no evidence (e^-expected ≥ that threshold, e.g. one object per patch) are `unjudged`.
 */
import { orderPixareaDeg2, pix2angNestBatch } from "../sky/healpix/index.js";
import { dc2SkyMap } from "../sky/skymap/maps.js";
import type { RingsSkyMap } from "../sky/skymap/types.js";
import type { HoleDetection } from "./detect.js";
import { countFine, type FineMap, pixels24 } from "./levels.js";
import { logPoissonCdf } from "./stats.js";

/**
 * Whether a patch was judged: not at the footprint's edge (`partial`) nor expecting too few objects (`unjudged`).
 * @example isJudged({ status: "missing" }) // true
 */
export function isJudged(p: Pick<PatchCompleteness, "status">): boolean {
  return p.status !== "partial" && p.status !== "unjudged";
}

/**
 * Whether a patch counts as present in DC2's lists: judged complete or low, or, not judged (edge, few expected),
 * holding at least the 5 % of its expected objects below which a judged patch is missing. Not any object: HEALPix
 * cells straddling a tract edge carry a neighbour's objects into an edge patch.
 * @example isPresent({ status: "partial", observed: 24, expected: 30 }) // true
 * @example isPresent({ status: "partial", observed: 1, expected: 300 }) // false
 */
export function isPresent(p: Pick<PatchCompleteness, "status" | "observed" | "expected">): boolean {
  if (p.status === "complete" || p.status === "low") return true;
  if (p.status === "missing") return false;
  return p.observed > 0 && p.observed >= 0.05 * p.expected;
}

/** Verdict on one patch. */
export type PatchStatus = "complete" | "low" | "missing" | "partial" | "unjudged";

/** One patch. */
export interface PatchCompleteness {
  tract: number;
  patch: number;
  /** "x,y" as DC2 users write it. */
  xy: string;
  observed: number;
  expected: number;
  /** Unmasked footprint area in the patch, deg². */
  areaDeg2: number;
  /** Objects per deg². */
  density: number;
  status: PatchStatus;
}

/** One tract. */
export interface TractCompleteness {
  tract: number;
  /** `unjudged`: no patch has half a patch of footprint, so nothing can be said (never "complete"). */
  status: "complete" | "incomplete" | "missing" | "unjudged";
  patches: PatchCompleteness[];
  missing: string[];
  low: string[];
}

/** Completeness of every tract of the footprint. */
export interface Completeness {
  tracts: TractCompleteness[];
  missingTracts: number[];
  /** Reference density per tract (objects per deg²). */
  referenceDensity: Record<string, number>;
  rules: { missingBelow: number; lowBelow: number; alpha: number; minFootprint: number };
}

/** Options of {@link patchCompleteness}. */
export interface CompletenessOptions {
  skyMap?: RingsSkyMap;
  /** Expected tract → patches (a tract list footprint); otherwise every patch the footprint covers. */
  expected?: Map<number, readonly number[]>;
  alpha?: number;
}

/** Median of the densities that are not near zero (≥ 10 % of the 90th percentile), so the few objects a
 * missing patch catches at its edges never pull the reference down. */
function reference(values: number[]): number {
  const s = values.slice().sort((a, b) => a - b);
  if (s.length === 0) return Number.NaN;
  const top = s[Math.floor(0.9 * (s.length - 1))];
  return median(s.filter((v) => v >= 0.1 * top));
}

function median(values: number[]): number {
  const s = values.slice().sort((a, b) => a - b);
  if (s.length === 0) return Number.NaN;
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/**
 * Per-patch completeness from a detection (see the module comment for the rules).
 * @example
 * const p = await readPositions(source, { where: parseWhere(["detect_isPrimary"]) });
 * const footprint = footprintFromTracts(dc2SkyMap, new Map([[4431, null]]));
 * const tract = patchCompleteness(detectHoles(p.ra, p.dec, { footprint })).tracts[0];
 * [tract.status, tract.missing, tract.low] // ["incomplete", [], ["2,2"]] — the emptied chunk leaves patch 2,2 low
 */
export function patchCompleteness(detection: HoleDetection, options: CompletenessOptions = {}): Completeness {
  return completenessOfMap(completenessMap(detection), options.alpha ?? detection.alpha, options);
}

/** The map completeness is judged on: at order ≥ 13 (≤ 26″ cells, ~1000 per patch) a cell straddling a patch
 * edge moves few objects. */
function completenessMap(detection: HoleDetection): FineMap {
  return detection.fine.order >= 13 ? detection.fine : detection.mapAt(13);
}

/**
 * Per-patch completeness of a subset of the detected objects (e.g. those detected in one band), judged with the
 * same footprint, masks and patch areas as the whole catalogue, against the subset's own reference density, so a
 * band whose coadd is missing in one patch shows up even where the all-band catalogue is complete.
 * @example
 * const p = await readPositions(source, { where: parseWhere(["detect_isPrimary"]) });
 * const footprint = footprintFromTracts(dc2SkyMap, new Map([[4431, null]]));
 * const detection = detectHoles(p.ra, p.dec, { footprint });
 * subsetCompleteness(detection, p.ra, p.dec).tracts[0].low // ["2,2"] — the whole catalogue as its own subset
 */
export function subsetCompleteness(
  detection: HoleDetection,
  ra: ArrayLike<number>,
  dec: ArrayLike<number>,
  options: CompletenessOptions = {},
): Completeness {
  const fine = completenessMap(detection);
  const subset = countFine(fine.order, fine.cells, fine.masked, pixels24(ra, dec));
  return completenessOfMap(subset, options.alpha ?? detection.alpha, options);
}

function completenessOfMap(fine: FineMap, alpha: number, options: CompletenessOptions): Completeness {
  const map = options.skyMap ?? dc2SkyMap;
  const { ra, dec } = pix2angNestBatch(fine.order, fine.cells);
  const where = map.findTractPatchArray(ra, dec);
  const cellArea = orderPixareaDeg2(fine.order);
  const observed = new Map<number, number>();
  const area = new Map<number, number>();
  const key = (t: number, p: number) => t * 1000 + p;
  for (let i = 0; i < fine.cells.length; i++) {
    if (where.patch[i] < 0 || fine.masked[i] === 1) continue;
    const k = key(where.tract[i], where.patch[i]);
    observed.set(k, (observed.get(k) ?? 0) + fine.counts[i]);
    area.set(k, (area.get(k) ?? 0) + cellArea);
  }
  const tracts = new Map<number, Set<number>>();
  if (options.expected) {
    for (const [t, ps] of options.expected) tracts.set(t, new Set(ps));
  } else {
    for (const k of area.keys()) {
      const t = Math.floor(k / 1000);
      if (!tracts.has(t)) tracts.set(t, new Set());
      tracts.get(t)?.add(k % 1000);
    }
  }
  const [iw, ih] = map.config.patchInnerDimensions;
  const fullPatch = ((iw * map.config.pixelScale) / 3600) * ((ih * map.config.pixelScale) / 3600);
  const minFootprint = 0.5;
  const judged = (k: number) => (area.get(k) ?? 0) >= minFootprint * fullPatch;
  const densityOf = (k: number) => (observed.get(k) ?? 0) / (area.get(k) ?? 1);
  const global = reference(
    [...area.keys()].filter((k) => judged(k) && (observed.get(k) ?? 0) > 0).map(densityOf),
  );
  const referenceDensity: Record<string, number> = {};
  let nJudged = 0;
  for (const [t, ps] of tracts) {
    const values = [...ps]
      .map((p) => key(t, p))
      .filter((k) => judged(k) && (observed.get(k) ?? 0) > 0)
      .map(densityOf);
    referenceDensity[String(t)] = values.length >= 5 ? reference(values) : global;
    for (const p of ps) if (judged(key(t, p))) nJudged++;
  }
  const logThreshold = Math.log(alpha / Math.max(nJudged, 1));
  const out: TractCompleteness[] = [];
  const missingTracts: number[] = [];
  for (const t of [...tracts.keys()].sort((a, b) => a - b)) {
    const info = map.tract(t);
    const patches: PatchCompleteness[] = [];
    for (const p of [...(tracts.get(t) ?? [])].sort((a, b) => a - b)) {
      const k = key(t, p);
      const a = area.get(k) ?? 0;
      const o = observed.get(k) ?? 0;
      const e = (referenceDensity[String(t)] || 0) * a;
      let status: PatchStatus = "complete";
      if (!judged(k)) status = "partial";
      // So few objects expected that even none is likely by chance (Poisson P(0) = e^-e above the threshold).
      else if (-e >= logThreshold) status = "unjudged";
      else if (o < 0.05 * e && logPoissonCdf(o, e) < logThreshold) status = "missing";
      else if (e > 0 && o < 0.8 * e && logPoissonCdf(o, e) < logThreshold) status = "low";
      patches.push({
        tract: t,
        patch: p,
        xy: info.patchIndexPair(p).join(","),
        observed: o,
        expected: e,
        areaDeg2: a,
        density: a > 0 ? o / a : 0,
        status,
      });
    }
    const byXThenY = (a: PatchCompleteness, b: PatchCompleteness) => {
      const [ax, ay] = info.patchIndexPair(a.patch);
      const [bx, by] = info.patchIndexPair(b.patch);
      return ax - bx || ay - by;
    };
    const sorted = patches.slice().sort(byXThenY);
    const missing = sorted.filter((p) => p.status === "missing").map((p) => p.xy);
    const low = sorted.filter((p) => p.status === "low").map((p) => p.xy);
    const judgedCount = patches.filter(isJudged).length;
    // Entirely missing means nothing present: an edge patch holding its share keeps the tract merely incomplete.
    const status =
      judgedCount === 0
        ? "unjudged"
        : missing.length === judgedCount && !patches.some(isPresent)
          ? "missing"
          : missing.length + low.length > 0
            ? "incomplete"
            : "complete";
    if (status === "missing") missingTracts.push(t);
    out.push({ tract: t, status, patches, missing, low });
  }
  return {
    tracts: out,
    missingTracts,
    referenceDensity,
    rules: { missingBelow: 0.05, lowBelow: 0.8, alpha, minFootprint },
  };
}

/** Per-patch numbers of one tract as nx × ny grids (index = sequential patch id = nx·y + x; NaN outside the footprint). */
export interface PatchDensityGrid {
  tract: number;
  nx: number;
  ny: number;
  /** Objects per deg². */
  density: Float64Array;
  observed: Float64Array;
  expected: Float64Array;
  status: (PatchStatus | null)[];
}

/**
 * The 7 × 7 per-patch density map of a tract, the data a completeness plot needs.
 * @example
 * const p = await readPositions(source, { where: parseWhere(["detect_isPrimary"]) });
 * const footprint = footprintFromTracts(dc2SkyMap, new Map([[4431, null]]));
 * const completeness = patchCompleteness(detectHoles(p.ra, p.dec, { footprint }));
 * patchDensityGrid(completeness, 4431).density[17] // ≈ 555.48 — objects/deg² in patch 3,2
 */
export function patchDensityGrid(
  completeness: Completeness,
  tract: number,
  map: RingsSkyMap = dc2SkyMap,
): PatchDensityGrid {
  const [nx, ny] = map.tract(tract).numPatches;
  const density = new Float64Array(nx * ny).fill(Number.NaN);
  const observed = new Float64Array(nx * ny).fill(Number.NaN);
  const expected = new Float64Array(nx * ny).fill(Number.NaN);
  const status: (PatchStatus | null)[] = new Array(nx * ny).fill(null);
  const t = completeness.tracts.find((x) => x.tract === tract);
  for (const p of t?.patches ?? []) {
    density[p.patch] = p.density;
    observed[p.patch] = p.observed;
    expected[p.patch] = p.expected;
    status[p.patch] = p.status;
  }
  return { tract, nx, ny, density, observed, expected, status };
}

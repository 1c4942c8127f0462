/**
 * The hole detector. Given positions and an expected footprint:
 *
 * 1. count objects in footprint cells at a fine order (detection order + 2), masks marked per cell;
 * 2. sum the counts up to the detection order k (chosen so an empty cell is significant on its own) and to
 *    up to 5 coarser orders (large, shallow deficits such as a low-density patch show there);
 * 3. expect λ = local density (background.ts) × cell area × unmasked footprint fraction in every cell;
 * 4. test every cell at every order: quasi-Poisson lower tail P(X ≤ c/D | λ/D), where D ≥ 1 is the
 *    dispersion of that order measured on the data (clustering makes counts over-dispersed);
 * 5. flag cells with P < α / N, N = all tests at all orders (Bonferroni): under the model the probability of
 *    any false alarm anywhere on the map is ≤ α;
 * 6. merge flagged cells (as cells of order k) into edge-connected regions, refine each to its clearly
 *    deficient cells (c ≤ λ/2) and describe it: outline, centre, area, tract/patch, counts, significance,
 *    shape against the patch grid.
 *
 * Masks: the test runs on unmasked sky only; a second pass on all sky finds the regions the masks explain.
 */

import { radecToVector, vectorToRadec } from "../sky/angles.js";
import { neighboursNest, orderPixareaDeg2, pix2angNestBatch } from "../sky/healpix/index.js";
import { mocFromCells } from "../sky/moc/moc.js";
import { mocBoundaryPolylines } from "../sky/moc/topology.js";
import { dc2SkyMap } from "../sky/skymap/maps.js";
import type { RingsSkyMap } from "../sky/skymap/types.js";
import { type Background, backgroundOf, densityAt } from "./background.js";
import { indexOfCell, membership, uniqueSorted } from "./cells.js";
import { footprintFromExtent } from "./extent.js";
import { type Footprint, footprintAreaDeg2 } from "./footprint.js";
import { countFine, type FineMap, type Level, levelOf, pixels24 } from "./levels.js";
import type { MaskSet } from "./masks.js";
import { type HoleShape, holeShape } from "./shape.js";
import { logGamma, logPoissonCdf, sigmaFromLogP } from "./stats.js";

/** Options of {@link detectHoles}. */
export interface DetectOptions {
  /** Expected footprint; the data's own extent when omitted (see extent.ts for what that cannot see). */
  footprint?: Footprint;
  masks?: readonly MaskSet[];
  /** Detection order; chosen from the data density when omitted. */
  order?: number;
  /** Map-wide false-alarm probability (default 0.01). */
  alpha?: number;
  /** Coarser orders tested below the detection order (default 5). */
  scales?: number;
  /** Sky map for tract/patch attribution and shapes (default DC2). */
  skyMap?: RingsSkyMap;
  /** Coadd sub-region size in pixels for the shape test (default 2000). */
  subregionSize?: number;
}

/** One region with too few objects. */
export interface Hole {
  ra: number;
  dec: number;
  /** Sky area whose objects are missing: (expected − observed) / local density, deg². */
  areaDeg2: number;
  /** Area of the outlined cells, deg². */
  outlineAreaDeg2: number;
  /** Tract/patch of the centre (null off the sky map's pixel boxes). */
  tract: number | null;
  patch: number | null;
  /** Patch as "x,y". */
  patchXY: string | null;
  /** Every tract/patch the hole touches. */
  patches: { tract: number; patch: number }[];
  observed: number;
  expected: number;
  /** Gaussian-equivalent σ of the map-wide (Bonferroni-adjusted) false-alarm probability. */
  significance: number;
  /** log10 of the adjusted false-alarm probability (can be far below the double range). */
  log10p: number;
  /** Closed outlines [ra, dec] (cell edges), largest first. */
  outline: [number, number][][];
  /** Cells of the detection order in the outline. */
  cells: number;
  shape: HoleShape | null;
  /** Names of the masks that explain it (explained regions only). */
  explainedBy?: string[];
}

/** Everything the detector found and measured. */
export interface HoleDetection {
  order: number;
  fineOrder: number;
  orders: number[];
  alpha: number;
  tests: number;
  /** ln of the per-test threshold α / tests. */
  logThreshold: number;
  dispersion: Record<string, number>;
  density: number;
  footprint: { kind: Footprint["kind"]; description: string; areaDeg2: number; maskedAreaDeg2: number };
  objects: { total: number; inFootprint: number; outside: number };
  holes: Hole[];
  explained: Hole[];
  /** The detection-order map (for plots): cells, counts (unmasked), expectation, footprint fraction. */
  map: {
    order: number;
    cells: Float64Array;
    counts: Float64Array;
    expected: Float64Array;
    fraction: Float64Array;
  };
  /** The fine map (for completeness). */
  fine: FineMap;
  /** Counts per footprint cell at another order (unmasked cells marked), for completeness at its own resolution. */
  mapAt: (order: number) => FineMap;
  background: Background;
}

/** Why the detector could not run (no objects in the footprint, empty footprint). */
export class HoleInputError extends Error {
  override readonly name = "HoleInputError";
}

const EDGE = [0, 2, 4, 6];

/**
 * The detection order: the finest (≤ 20) at which an empty cell would on its own pass the map-wide threshold,
 * i.e. λ ≥ ln(N_tests/α) with N_tests ≈ (4/3) footprint cells.
 * @example chooseOrder(4e5, 2.4, 0.01) // 13 — DP0.2 density, one tract
 */
export function chooseOrder(density: number, areaDeg2: number, alpha: number): number {
  for (let k = 20; k > 0; k--) {
    const a = orderPixareaDeg2(k);
    const tests = Math.max((4 / 3) * (areaDeg2 / a), 1);
    if (density * a >= Math.log(tests / alpha)) return k;
  }
  return 0;
}

/** Per-cell test at one order; returns log P (0 where not tested) and the number of tests. */
function testLevel(
  level: Level,
  bg: Background,
  free: boolean,
): { logP: Float64Array; expected: Float64Array; tests: number; dispersion: number; count: Float64Array } {
  const n = level.cells.length;
  const area = orderPixareaDeg2(level.order);
  const expected = new Float64Array(n);
  const count = free ? level.countFree : level.countAll;
  const frac = free ? level.fracFree : level.fracAll;
  for (let i = 0; i < n; i++) expected[i] = densityAt(bg, level.order, level.cells[i]) * area * frac[i];
  // Dispersion from whole, unmasked cells: robust variance of the Pearson residuals.
  let m = 0;
  const r = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    if (level.fracFree[i] >= 0.999 && expected[i] > 0)
      r[m++] = (level.countFree[i] - expected[i]) / Math.sqrt(expected[i]);
  }
  let dispersion = 1;
  if (m >= 32) {
    const res = r.subarray(0, m).sort();
    const med = res[m >> 1];
    for (let i = 0; i < m; i++) res[i] = Math.abs(res[i] - med);
    res.sort();
    const sigma = 1.4826 * res[m >> 1];
    dispersion = Math.max(1, sigma * sigma);
  }
  let tests = 0;
  for (let i = 0; i < n; i++) if (expected[i] >= 1) tests++;
  return { logP: new Float64Array(n), expected, tests, dispersion, count };
}

/**
 * Fills log P for the tested cells of a level. A cell whose Poisson probability of exactly ⌊c/D⌋ (a lower
 * bound of the tail) is already above the threshold cannot be flagged: it keeps that bound and skips the
 * incomplete-gamma evaluation (most cells).
 */
function scoreLevel(t: ReturnType<typeof testLevel>, threshold: number): void {
  const { expected, count, dispersion, logP } = t;
  for (let i = 0; i < expected.length; i++) {
    if (expected[i] < 1 || count[i] >= expected[i]) continue;
    const k = count[i] / dispersion;
    const mean = expected[i] / dispersion;
    const kf = Math.floor(k);
    const bound = -mean + kf * Math.log(mean) - logGamma(kf + 1);
    logP[i] = bound >= threshold ? bound : logPoissonCdf(k, mean);
  }
}

interface Pass {
  /** min log P of a flagged ancestor, per detection-order cell (0 = not flagged). */
  flagged: Float64Array;
  tests: number;
}

/** Runs the tests at every order and maps flagged cells onto the detection order. */
function runPass(
  levels: Level[],
  det: Level,
  bg: Background,
  free: boolean,
  alpha: number,
  testsOverride?: number,
): Pass & { results: ReturnType<typeof testLevel>[] } {
  const results = levels.map((l) => testLevel(l, bg, free));
  const tests = testsOverride ?? results.reduce((s, r) => s + r.tests, 0);
  const threshold = Math.log(alpha / Math.max(tests, 1));
  for (const r of results) scoreLevel(r, threshold);
  const flagged = new Float64Array(det.cells.length);
  levels.forEach((level, li) => {
    const { logP } = results[li];
    const div = 4 ** (det.order - level.order);
    for (let i = 0; i < level.cells.length; i++) {
      if (!(logP[i] < threshold)) continue;
      // Children at the detection order: a contiguous run of the sorted cell list.
      const first = level.cells[i] * div;
      let k = lowerBound(det.cells, first);
      for (; k < det.cells.length && det.cells[k] < first + div; k++)
        flagged[k] = Math.min(flagged[k], logP[i]);
    }
  });
  return { flagged, tests, results };
}

function lowerBound(sorted: Float64Array, v: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** 1 where a cell was flagged (its min log P is below 0). */
function flaggedMask(flagged: Float64Array): Uint8Array {
  const out = new Uint8Array(flagged.length);
  for (let i = 0; i < flagged.length; i++) if (flagged[i] < 0) out[i] = 1;
  return out;
}

/** Edge-connected components of the marked cells of a level (indices into det.cells). */
function components(det: Level, marked: Uint8Array): number[][] {
  const seen = new Uint8Array(det.cells.length);
  const out: number[][] = [];
  for (let i = 0; i < det.cells.length; i++) {
    if (!marked[i] || seen[i]) continue;
    const group: number[] = [];
    const stack = [i];
    seen[i] = 1;
    while (stack.length > 0) {
      const j = stack.pop() as number;
      group.push(j);
      const nb = neighboursNest(det.order, det.cells[j]);
      for (const e of EDGE) {
        if (nb[e] < 0) continue;
        const k = indexOfCell(det.cells, nb[e]);
        if (k >= 0 && marked[k] && !seen[k]) {
          seen[k] = 1;
          stack.push(k);
        }
      }
    }
    out.push(group);
  }
  return out;
}

const framePixels = new WeakMap<Float64Array, Map<number, { x: Float64Array; y: Float64Array }>>();

/** Tract-pixel coordinates of the centres of a sorted cell list (cached per list and tract). */
function pixelsOf(
  cells: Float64Array,
  order: number,
  map: RingsSkyMap,
  tract: number,
): { x: Float64Array; y: Float64Array } {
  let byTract = framePixels.get(cells);
  if (!byTract) {
    byTract = new Map();
    framePixels.set(cells, byTract);
  }
  let xy = byTract.get(tract);
  if (!xy) {
    const { ra, dec } = pix2angNestBatch(order, cells);
    const wcs = map.tract(tract).wcs;
    const x = new Float64Array(ra.length);
    const y = new Float64Array(ra.length);
    for (let i = 0; i < ra.length; i++) [x[i], y[i]] = wcs.skyToPixel(ra[i], dec[i]);
    xy = { x, y };
    byTract.set(tract, xy);
  }
  return xy;
}

/**
 * Counts in tract-pixel boxes from the fine map around a hole: the fine cells whose parent (detection order)
 * lies within two cells of the hole's cells.
 */
function fineCounter(
  det: Level,
  fine: FineMap,
  bg: Background,
  map: RingsSkyMap,
  tract: number,
  region: number[],
): (box: { minX: number; minY: number; maxX: number; maxY: number }) => {
  expected: number;
  observed: number;
} {
  const detXY = pixelsOf(det.cells, det.order, map, tract);
  const d = (Math.sqrt(orderPixareaDeg2(det.order)) * 3600) / map.config.pixelScale;
  let minX = Number.POSITIVE_INFINITY;
  let maxX = Number.NEGATIVE_INFINITY;
  let minY = Number.POSITIVE_INFINITY;
  let maxY = Number.NEGATIVE_INFINITY;
  for (const j of region) {
    minX = Math.min(minX, detXY.x[j]);
    maxX = Math.max(maxX, detXY.x[j]);
    minY = Math.min(minY, detXY.y[j]);
    maxY = Math.max(maxY, detXY.y[j]);
  }
  const m = 2.5 * d;
  const sub = 4 ** (fine.order - det.order);
  const picked: number[] = [];
  for (let i = 0; i < det.cells.length; i++) {
    if (detXY.x[i] < minX - m || detXY.x[i] > maxX + m || detXY.y[i] < minY - m || detXY.y[i] > maxY + m)
      continue;
    const first = det.cells[i] * sub;
    for (let k = lowerBound(fine.cells, first); k < fine.cells.length && fine.cells[k] < first + sub; k++)
      picked.push(k);
  }
  const cells = Float64Array.from(picked, (k) => fine.cells[k]);
  const { ra, dec } = pix2angNestBatch(fine.order, cells);
  const wcs = map.tract(tract).wcs;
  const area = orderPixareaDeg2(fine.order);
  const x = new Float64Array(cells.length);
  const y = new Float64Array(cells.length);
  const c = new Float64Array(cells.length);
  const e = new Float64Array(cells.length);
  picked.forEach((k, i) => {
    [x[i], y[i]] = wcs.skyToPixel(ra[i], dec[i]);
    const free = fine.masked[k] === 0;
    c[i] = free ? fine.counts[k] : 0;
    e[i] = free ? densityAt(bg, fine.order, fine.cells[k]) * area : 0;
  });
  return (box) => {
    let expected = 0;
    let observed = 0;
    for (let i = 0; i < x.length; i++) {
      if (x[i] >= box.minX && x[i] <= box.maxX && y[i] >= box.minY && y[i] <= box.maxY) {
        expected += e[i];
        observed += c[i];
      }
    }
    return { expected, observed };
  };
}

/** Describes one flagged region. */
function describe(
  group: number[],
  det: Level,
  fine: FineMap,
  bg: Background,
  expected: Float64Array,
  flagged: Float64Array,
  free: boolean,
  tests: number,
  map: RingsSkyMap,
  subregionSize: number,
): Hole {
  const count = free ? det.countFree : det.countAll;
  const frac = free ? det.fracFree : det.fracAll;
  const area = orderPixareaDeg2(det.order);
  // Refine: the clearly deficient cells of the region and its edge ring.
  const candidates = new Set<number>(group);
  for (const j of group) {
    const nb = neighboursNest(det.order, det.cells[j]);
    for (const e of EDGE) {
      const k = nb[e] < 0 ? -1 : indexOfCell(det.cells, nb[e]);
      if (k >= 0) candidates.add(k);
    }
  }
  // Cells mostly outside the footprint or masked expect little and are empty by chance: leave them out.
  const deficient = new Uint8Array(det.cells.length);
  for (const j of candidates)
    if (frac[j] >= 0.5 && expected[j] > 0 && count[j] <= expected[j] / 2) deficient[j] = 1;
  // Keep connected pieces only: single deficient cells are the Poisson tail, not the hole's edge.
  const pieces = components(det, deficient).sort((a, b) => b.length - a.length);
  let refined = pieces.filter((p) => p.length >= Math.max(2, 0.1 * pieces[0].length)).flat();
  if (refined.length === 0) refined = group;
  refined.sort((a, b) => a - b);
  let observed = 0;
  let exp = 0;
  let covered = 0;
  let minLogP = 0;
  for (const j of group) minLogP = Math.min(minLogP, flagged[j]);
  const weights: number[] = [];
  for (const j of refined) {
    observed += count[j];
    exp += expected[j];
    covered += area * frac[j];
    weights.push(Math.max(expected[j] - count[j], 0));
  }
  const cells = refined.map((j) => det.cells[j]);
  const { ra, dec } = pix2angNestBatch(det.order, cells);
  let vx = 0;
  let vy = 0;
  let vz = 0;
  for (let i = 0; i < cells.length; i++) {
    const v = radecToVector(ra[i], dec[i]);
    const w = weights[i] > 0 ? weights[i] : 1e-9;
    vx += w * v[0];
    vy += w * v[1];
    vz += w * v[2];
  }
  const [cra, cdec] = vectorToRadec([vx, vy, vz]);
  const where = map.findTractPatchArray(ra, dec);
  const seen = new Set<string>();
  const patches: { tract: number; patch: number }[] = [];
  for (let i = 0; i < cells.length; i++) {
    const key = `${where.tract[i]}/${where.patch[i]}`;
    if (where.patch[i] < 0 || seen.has(key)) continue;
    seen.add(key);
    patches.push({ tract: where.tract[i], patch: where.patch[i] });
  }
  patches.sort((a, b) => a.tract - b.tract || a.patch - b.patch);
  let tract: number | null = null;
  let patch: number | null = null;
  try {
    ({ tract, patch } = map.findTractPatch(cra, cdec));
  } catch {
    // centre outside every tract's pixel box (polar caps): leave null
  }
  const patchXY = tract !== null && patch !== null ? map.tract(tract).patchIndexPair(patch).join(",") : null;
  const logAdjusted = Math.min(0, minLogP + Math.log(tests));
  const density = covered > 0 ? exp / covered : 0;
  const outline = mocBoundaryPolylines(mocFromCells(det.order, cells)).sort((a, b) => b.length - a.length);
  return {
    ra: cra,
    dec: cdec,
    areaDeg2: density > 0 ? Math.max(exp - observed, 0) / density : covered,
    outlineAreaDeg2: covered,
    tract,
    patch,
    patchXY,
    patches,
    observed,
    expected: exp,
    significance: sigmaFromLogP(logAdjusted),
    log10p: logAdjusted / Math.LN10,
    outline,
    cells: cells.length,
    shape:
      tract !== null
        ? holeShape(map, tract, ra, dec, area, {
            subregionSize,
            depth: exp > 0 ? 1 - observed / exp : 1,
            countsInBox: fineCounter(det, fine, bg, map, tract, refined),
            stripWidth: (Math.sqrt(orderPixareaDeg2(fine.order)) * 3600) / map.config.pixelScale,
          })
        : null,
  };
}

/**
 * Finds holes in the coverage of the given positions (degrees). Throws HoleInputError when the footprint is
 * empty or holds none of the objects.
 * @example
 * const p = await readPositions(source, { where: parseWhere(["detect_isPrimary"]) });
 * const result = detectHoles(p.ra, p.dec, { footprint: footprintFromTracts(dc2SkyMap, new Map([[4431, null]])) });
 * result.holes.map((h) => [h.tract, h.patchXY, h.areaDeg2]) // ≈ [[4431, "2,2", 0.0317016]]
 */
export function detectHoles(ra: Float64Array, dec: Float64Array, options: DetectOptions = {}): HoleDetection {
  const alpha = options.alpha ?? 0.01;
  const map = options.skyMap ?? dc2SkyMap;
  if (ra.length === 0) throw new HoleInputError("no objects with a valid position");
  const footprint = options.footprint ?? footprintFromExtent(ra, dec);
  // Density at a probe order to choose the resolution.
  const probeOrder = 11;
  const probeCells = footprint.cells(probeOrder);
  if (probeCells.length === 0) throw new HoleInputError(`the footprint (${footprint.description}) is empty`);
  const probeArea = probeCells.length * orderPixareaDeg2(probeOrder);
  const pix24 = pixels24(ra, dec);
  // The density for the order choice needs ~10⁶ objects at most: probe a regular subsample.
  const stride = Math.max(1, Math.floor(ra.length / 1_000_000));
  const sample =
    stride === 1
      ? pix24
      : Float64Array.from({ length: Math.floor(ra.length / stride) }, (_, i) => pix24[i * stride]);
  let probe = countFine(probeOrder, probeCells, new Uint8Array(probeCells.length), sample);
  let inside = (sample.length - probe.outside) * stride;
  if (inside === 0 && stride > 1) {
    probe = countFine(probeOrder, probeCells, new Uint8Array(probeCells.length), pix24);
    inside = ra.length - probe.outside;
  }
  if (inside === 0) {
    throw new HoleInputError(
      `the footprint (${footprint.description}, ${probeArea.toFixed(3)} deg²) holds none of the ${ra.length} objects: it does not overlap the data`,
    );
  }
  const order = options.order ?? chooseOrder(inside / probeArea, probeArea, alpha);
  let fineOrder = Math.min(order + 2, 24);
  while (fineOrder > order && probeArea / orderPixareaDeg2(fineOrder) > 2e7) fineOrder--;
  const fineCells = footprint.cells(fineOrder);
  const masked = maskedAt(options.masks ?? [], fineCells, fineOrder);
  const fine = countFine(fineOrder, fineCells, masked, pix24);
  const scales = options.scales ?? 5;
  const levels: Level[] = [];
  for (let s = order; s >= Math.max(order - scales, 0); s--) {
    const level = levelOf(fine, s);
    let whole = 0;
    for (let i = 0; i < level.cells.length; i++) if (level.fracFree[i] >= 0.999) whole++;
    if (s < order && whole < 16) break;
    levels.push(level);
  }
  const det = levels[0];
  const bg = backgroundOf(det);
  const passA = runPass(levels, det, bg, true, alpha);
  const threshold = Math.log(alpha / Math.max(passA.tests, 1));
  const expectedFree = passA.results[0].expected;
  const holes = components(det, flaggedMask(passA.flagged)).map((g) =>
    describe(
      g,
      det,
      fine,
      bg,
      expectedFree,
      passA.flagged,
      true,
      passA.tests,
      map,
      options.subregionSize ?? 2000,
    ),
  );
  const explained: Hole[] = [];
  let maskedArea = 0;
  for (let i = 0; i < det.cells.length; i++)
    maskedArea += (det.fracAll[i] - det.fracFree[i]) * orderPixareaDeg2(order);
  if (options.masks && options.masks.length > 0) {
    const passB = runPass(levels, det, bg, false, alpha, passA.tests);
    const inA = passA.flagged;
    const maskedDet = new Uint8Array(det.cells.length);
    for (let i = 0; i < det.cells.length; i++) if (det.fracFree[i] < det.fracAll[i] - 1e-9) maskedDet[i] = 1;
    const groups = components(det, flaggedMask(passB.flagged));
    for (const g of groups) {
      if (g.some((j) => inA[j] < 0) || !g.some((j) => maskedDet[j] === 1)) continue;
      const hole = describe(
        g,
        det,
        fine,
        bg,
        passB.results[0].expected,
        passB.flagged,
        false,
        passA.tests,
        map,
        options.subregionSize ?? 2000,
      );
      hole.explainedBy = (options.masks ?? []).map((m) => m.name);
      explained.push(hole);
    }
  }
  holes.sort((a, b) => a.log10p - b.log10p);
  const dispersion: Record<string, number> = {};
  levels.forEach((l, i) => {
    dispersion[String(l.order)] = passA.results[i].dispersion;
  });
  const mapsAt = new Map<number, FineMap>();
  return {
    order,
    fineOrder,
    orders: levels.map((l) => l.order),
    alpha,
    tests: passA.tests,
    logThreshold: threshold,
    dispersion,
    density: bg.global,
    footprint: {
      kind: footprint.kind,
      description: footprint.description,
      areaDeg2: footprintAreaDeg2(footprint, fineOrder, fineCells.length),
      maskedAreaDeg2: maskedArea,
    },
    objects: { total: ra.length, inFootprint: ra.length - fine.outside, outside: fine.outside },
    holes,
    explained,
    map: { order, cells: det.cells, counts: det.countFree, expected: expectedFree, fraction: det.fracFree },
    fine,
    mapAt: (o) => {
      if (o === fine.order) return fine;
      // Memoised: completeness asks for the same order once for the catalogue and once per band.
      let map = mapsAt.get(o);
      if (!map) {
        const cells = footprint.cells(o);
        map = countFine(o, cells, maskedAt(options.masks ?? [], cells, o), pix24);
        mapsAt.set(o, map);
      }
      return map;
    },
    background: bg,
  };
}

/** 1 where a (sorted) cell touches one of the masks. */
function maskedAt(masks: readonly MaskSet[], cells: Float64Array, order: number): Uint8Array {
  if (masks.length === 0) return new Uint8Array(cells.length);
  const all: number[] = [];
  for (const m of masks) for (const c of m.cells(order)) all.push(c);
  return membership(cells, uniqueSorted(all));
}

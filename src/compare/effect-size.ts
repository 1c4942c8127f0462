/**
 * Effect sizes: how large a change is, independent of how many rows measured it. At 10⁹ rows every
 * difference is "significant"; a p-value says nothing, an effect size says whether anyone should care.
 */

/**
 * Cohen's h between two proportions: 2·asin(√p₂) − 2·asin(√p₁), in [−π, π]; 0.2 is "small", 0.5 "medium".
 * The arcsine makes a change near 0 or 1 count more than the same difference near 0.5.
 * @example
 * cohenH(0.5, 0.5) // 0
 * Math.round(cohenH(0, 0.01) * 1000) / 1000 // 0.2
 */
export function cohenH(before: number, after: number): number {
  return 2 * Math.asin(Math.sqrt(clamp01(after))) - 2 * Math.asin(Math.sqrt(clamp01(before)));
}

/**
 * Standardized mean difference (m₂ − m₁) / √((s₁² + s₂²)/2): the shift of the mean in units of the
 * typical spread. Null when both spreads are 0 (a constant that moved has no finite standardized shift).
 * @example
 * standardizedMeanDifference(10, 2, 11, 2) // 0.5
 * standardizedMeanDifference(3, 0, 3, 0) // 0
 * standardizedMeanDifference(3, 0, 4, 0) // null
 */
export function standardizedMeanDifference(
  meanBefore: number,
  sdBefore: number,
  meanAfter: number,
  sdAfter: number,
): number | null {
  const diff = meanAfter - meanBefore;
  const pooled = Math.sqrt((sdBefore * sdBefore + sdAfter * sdAfter) / 2);
  if (pooled > 0) return diff / pooled;
  return diff === 0 ? 0 : null;
}

/**
 * Natural log of a ratio of two positive sizes (row counts, spreads, distinct counts); ±0.1 is about ±10 %.
 * Null when either side is 0 (appearing from or vanishing to nothing has no finite ratio).
 * @example
 * logRatio(100, 100) // 0
 * Math.round(logRatio(100, 110) * 1000) / 1000 // 0.095
 * logRatio(0, 5) // null
 */
export function logRatio(before: number, after: number): number | null {
  if (before === after) return 0;
  if (!(before > 0) || !(after > 0)) return null;
  return Math.log(after / before);
}

/** A quantile function sampled at some levels: level (0–1, as a string key as in profiles) → value. */
export type QuantileSamples = Readonly<Record<string, number | null>>;

/**
 * Bounds on F(x) = P(X ≤ x) known from quantile samples: Q(ℓ) ≤ x implies F(x) ≥ ℓ, Q(ℓ) > x implies F(x) < ℓ.
 * @example
 * cdfBounds({ "0.25": 1, "0.5": 2, "0.75": 3 }, 2.5) // [0.5, 0.75]
 */
export function cdfBounds(q: QuantileSamples, x: number): [number, number] {
  let lo = 0;
  let hi = 1;
  for (const [key, value] of Object.entries(q)) {
    if (value === null || Number.isNaN(value)) continue;
    const level = Number(key);
    if (value <= x) lo = Math.max(lo, level);
    else hi = Math.min(hi, level);
  }
  return [lo, hi];
}

/**
 * A lower bound on the Kolmogorov–Smirnov distance sup|F₁ − F₂| between two distributions known only by
 * quantile samples: at every sampled value x, D ≥ (lower bound of one CDF) − (upper bound of the other).
 * In [0, 1], the fraction of the mass that moved; unlike a distance in value units it is not fooled by
 * discrete (0/1) or bimodal columns whose quantiles jump, and unlike a p-value it does not grow with n.
 * @example
 * ksLowerBound({ "0": 0, "0.5": 1, "1": 2 }, { "0": 0, "0.5": 1, "1": 2 }) // 0
 * ksLowerBound({ "0.25": 0, "0.75": 0, "1": 1 }, { "0": 0, "0.25": 1, "1": 1 }) // 0.5
 */
export function ksLowerBound(before: QuantileSamples, after: QuantileSamples): number {
  let d = 0;
  for (const side of [before, after]) {
    for (const x of Object.values(side)) {
      if (x === null || Number.isNaN(x)) continue;
      const [loB, hiB] = cdfBounds(before, x);
      const [loA, hiA] = cdfBounds(after, x);
      d = Math.max(d, loB - hiA, loA - hiB);
    }
  }
  return d;
}

function clamp01(p: number): number {
  return p < 0 ? 0 : p > 1 ? 1 : p;
}

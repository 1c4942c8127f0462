/**
 * Tail probabilities the hole test needs, in log space (a missing patch has P ≈ e^-20000, far below
 * the smallest double): Poisson lower tails through the regularized upper incomplete gamma function,
 * and Gaussian-equivalent significances. Checked against scipy (test/golden/holes/stats.json).
 */

const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];

/**
 * ln Γ(x) for x > 0 (Lanczos, g = 7; relative error ~1e-15).
 * @example logGamma(5) // ≈ Math.log(24)
 */
export function logGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const z = x - 1;
  let a = LANCZOS[0];
  const t = z + 7.5;
  for (let i = 1; i < 9; i++) a += LANCZOS[i] / (z + i);
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

/** ln P(a, x) by its series (converges fast for x < a + 1). */
function logLowerSeries(a: number, x: number): number {
  let term = 1 / a;
  let sum = term;
  for (let n = 1; n < 100000; n++) {
    term *= x / (a + n);
    sum += term;
    if (term < sum * 1e-16) break;
  }
  return -x + a * Math.log(x) - logGamma(a) + Math.log(sum);
}

/** ln Q(a, x) by Lentz's continued fraction (converges fast for x > a + 1). */
function logUpperFraction(a: number, x: number): number {
  const tiny = 1e-300;
  let b = x + 1 - a;
  let c = 1 / tiny;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 100000; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < tiny) d = tiny;
    c = b + an / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return -x + a * Math.log(x) - logGamma(a) + Math.log(h);
}

/**
 * ln Q(a, x), the regularized upper incomplete gamma function (scipy `gammaincc`), for a > 0, x ≥ 0.
 * @example Math.exp(logGammaQ(1, 2)) // ≈ 0.1353353
 */
export function logGammaQ(a: number, x: number): number {
  if (!(a > 0) || !(x >= 0)) throw new RangeError(`logGammaQ needs a > 0 and x >= 0, got (${a}, ${x})`);
  if (x === 0) return 0;
  if (x < a + 1) return Math.log1p(-Math.exp(logLowerSeries(a, x)));
  return logUpperFraction(a, x);
}

/**
 * ln P(X ≤ k) for X ~ Poisson(mean); k may be fractional (the quasi-Poisson test divides counts by the
 * dispersion), where it is Q(k + 1, mean), the continuous extension. 0 when mean is 0.
 * @example Math.exp(logPoissonCdf(0, 3)) // ≈ 0.0497871
 */
export function logPoissonCdf(k: number, mean: number): number {
  if (k < 0) return Number.NEGATIVE_INFINITY;
  if (mean <= 0) return 0;
  return logGammaQ(k + 1, mean);
}

/** Acklam's rational approximation of the standard normal quantile (relative error 1.15e-9). */
function normalQuantile(p: number): number {
  const a = [
    -39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716,
    2.506628277459239,
  ];
  const b = [
    -54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572,
  ];
  const c = [
    -0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968,
    2.938163982698783,
  ];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  if (p < 0.02425) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (
      (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
      ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1)
    );
  }
  if (p > 1 - 0.02425) return -normalQuantile(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return (
    ((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q) /
    (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1)
  );
}

/**
 * One-sided Gaussian significance (σ) of a tail probability given as its natural log: z with
 * P(Z > z) = p. Works far below the double range (asymptotic expansion under ln p < -700); 0 for p ≥ 0.5.
 * @example sigmaFromLogP(Math.log(0.0013499)) // ≈ 3
 */
export function sigmaFromLogP(logP: number): number {
  if (logP >= Math.log(0.5)) return 0;
  if (logP > -700) return -normalQuantile(Math.exp(logP));
  // ln Q(z) ≈ -z²/2 - ln(z √(2π)); solve by fixed-point iteration.
  let z = Math.sqrt(-2 * logP);
  for (let i = 0; i < 50; i++) z = Math.sqrt(-2 * (logP + Math.log(z * Math.sqrt(2 * Math.PI))));
  return z;
}

/** Default thresholds and the rule deciding whether a change matters. */
import type { Change, Measure, Thresholds } from "./types.js";

/**
 * Defaults on |size|: a rate moving by Cohen's h 0.05 (0 → 0.06 %, 1 % → 1.6 %), a mean by 0.1 σ, a spread,
 * row or distinct count by 10 % (|ln ratio| 0.1), a distribution when 5 % of its mass moved (KS distance 0.05).
 * Deliberately smaller than Cohen's "small" (0.2): a release gate cares about changes a paper would not.
 */
export const DEFAULT_THRESHOLDS: Readonly<Thresholds> = Object.freeze({
  cohenH: 0.05,
  standardizedMeanDifference: 0.1,
  logRatio: 0.1,
  kolmogorovSmirnov: 0.05,
});

/**
 * Whether a change of this size reaches its measure's threshold and the noise floor (structural and
 * unbounded ones always do).
 * @example
 * exceedsThreshold("cohenH", 0.2, DEFAULT_THRESHOLDS) // true
 * exceedsThreshold("cohenH", 0.2, DEFAULT_THRESHOLDS, 0.3) // false
 * exceedsThreshold("logRatio", 0.01, DEFAULT_THRESHOLDS) // false
 * exceedsThreshold("structural", null, DEFAULT_THRESHOLDS) // true
 */
export function exceedsThreshold(
  measure: Measure,
  size: number | null,
  thresholds: Readonly<Thresholds>,
  noise = 0,
): boolean {
  if (measure === "structural" || size === null) return true;
  return Math.abs(size) >= Math.max(thresholds[measure], noise);
}

/**
 * What sampling alone can produce: three standard errors √(1/n₁ + 1/n₂) for Cohen's h (exact for the
 * arcsine transform) and the standardized mean difference (large-sample normal approximation), three of
 * √(1/(2(n₁−1)) + 1/(2(n₂−1))) for the log ratio of two standard deviations, and for the Kolmogorov–Smirnov
 * distance its two-sample critical value at α = 0.01, 1.63·√(1/n₁ + 1/n₂), plus 0.034 for the rank error of
 * the two quantile sketches (0.017 each, see src/metrics/README.md). 0 when either side has fewer than two rows.
 * @example
 * Math.round(noiseFloor("cohenH", 10000, 10000) * 1000) / 1000 // 0.042
 * noiseFloor("cohenH", 1e9, 1e9) < 2e-4 // true
 */
export function noiseFloor(
  measure: Exclude<Measure, "structural">,
  rowsBefore: number,
  rowsAfter: number,
): number {
  if (!(rowsBefore > 1) || !(rowsAfter > 1)) return 0;
  if (measure === "logRatio") return 3 * Math.sqrt(1 / (2 * (rowsBefore - 1)) + 1 / (2 * (rowsAfter - 1)));
  if (measure === "kolmogorovSmirnov") return 1.63 * Math.sqrt(1 / rowsBefore + 1 / rowsAfter) + 0.034;
  return 3 * Math.sqrt(1 / rowsBefore + 1 / rowsAfter);
}

/**
 * Ranks changes: structural and unbounded first, then by |size|, largest first; ties by table, column, kind.
 * @example
 * rankChanges([{ size: 0.1 }, { size: null }, { size: -0.5 }].map((c) => ({ table: "T", column: "c", what: "mean", before: 0, after: 1, measure: "standardizedMeanDifference", noise: 0, exceeds: true, ...c }))).map((c) => c.size) // [null, -0.5, 0.1]
 */
export function rankChanges(changes: readonly Change[]): Change[] {
  const weight = (c: Change): number => (c.size === null ? Number.POSITIVE_INFINITY : Math.abs(c.size));
  return [...changes].sort(
    (a, b) =>
      weight(b) - weight(a) ||
      a.table.localeCompare(b.table) ||
      (a.column ?? "").localeCompare(b.column ?? "") ||
      a.what.localeCompare(b.what) ||
      (a.partition ?? "").localeCompare(b.partition ?? ""),
  );
}

/**
 * Parses `MEASURE=VALUE` overrides (e.g. from `--threshold cohenH=0.1`) onto the defaults.
 * @example
 * parseThresholds(["cohenH=0.2"]).cohenH // 0.2
 */
export function parseThresholds(values: readonly string[]): Thresholds {
  const out: Thresholds = { ...DEFAULT_THRESHOLDS };
  for (const value of values) {
    const m = /^([A-Za-z]+)=([0-9]*\.?[0-9]+(?:e-?\d+)?)$/.exec(value.trim());
    if (!m || !(m[1] in out))
      throw new RangeError(
        `threshold "${value}": expected MEASURE=VALUE with MEASURE one of ${Object.keys(out).join(", ")}`,
      );
    out[m[1] as keyof Thresholds] = Number(m[2]);
  }
  return out;
}

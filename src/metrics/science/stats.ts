// Small statistics shared by the science metrics.

/**
 * Median of finite numbers (NaN when none).
 * @example median([3, 1, 2, Number.NaN]) // 2
 */
export function median(values: readonly number[]): number {
  const v = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (v.length === 0) return Number.NaN;
  const h = v.length >> 1;
  return v.length % 2 === 1 ? v[h] : (v[h - 1] + v[h]) / 2;
}

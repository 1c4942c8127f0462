import { describe, expect, it } from "vitest";
import {
  cdfBounds,
  cohenH,
  ksLowerBound,
  logRatio,
  standardizedMeanDifference,
} from "../../src/compare/effect-size.js";

// Reference values worked by hand from the definitions (Cohen 1988, ch. 6 and 2).
describe("effect sizes", () => {
  it("Cohen's h of proportions", () => {
    expect(cohenH(0.5, 0.5)).toBe(0);
    // 2·asin(√0.65) − 2·asin(√0.45) = 1.8755 − 1.4706
    expect(cohenH(0.45, 0.65)).toBeCloseTo(0.40487, 4);
    expect(cohenH(0.65, 0.45)).toBeCloseTo(-0.40487, 4);
    expect(cohenH(0, 1)).toBeCloseTo(Math.PI, 12);
  });
  it("does not grow with the sample size (only rates enter)", () => {
    expect(cohenH(10 / 1000, 20 / 1000)).toBe(cohenH(1e7 / 1e9, 2e7 / 1e9));
  });
  it("standardized mean difference with the average variance", () => {
    expect(standardizedMeanDifference(0, 3, 1, 4)).toBeCloseTo(1 / Math.sqrt(12.5), 12);
    expect(standardizedMeanDifference(5, 0, 5, 0)).toBe(0);
    expect(standardizedMeanDifference(5, 0, 6, 0)).toBeNull();
  });
  it("log ratios and their undefined ends", () => {
    expect(logRatio(50, 100)).toBeCloseTo(Math.LN2, 12);
    expect(logRatio(0, 0)).toBe(0);
    expect(logRatio(10, 0)).toBeNull();
  });
  it("CDF bounds from quantile samples", () => {
    const q = { "0": 0, "0.5": 10, "1": 20 };
    expect(cdfBounds(q, -1)).toEqual([0, 0]);
    expect(cdfBounds(q, 10)).toEqual([0.5, 1]);
    expect(cdfBounds(q, 25)).toEqual([1, 1]);
  });
  it("KS lower bound never exceeds the true KS distance of the sampled distributions", () => {
    // Two uniform distributions shifted by s: true KS distance = s / width; quantiles at the deciles.
    const uniform = (lo: number, hi: number) =>
      Object.fromEntries(Array.from({ length: 11 }, (_, i) => [String(i / 10), lo + ((hi - lo) * i) / 10]));
    for (const shift of [0, 0.05, 0.2, 0.5, 1.5]) {
      const bound = ksLowerBound(uniform(0, 1), uniform(shift, 1 + shift));
      const truth = Math.min(1, shift);
      expect(bound).toBeLessThanOrEqual(truth + 1e-12);
      expect(bound).toBeGreaterThanOrEqual(truth - 0.1 - 1e-12); // decile resolution
    }
  });
  it("KS lower bound of a 0/1 column is within one level of the change of its rate", () => {
    // 30 % ones versus 60 % ones: F(0) = 0.7 versus 0.4, D = 0.3. Deciles know F(0) ≥ 0.7 on one side and
    // F(0) < 0.5 on the other, so the bound is 0.2: never above the truth, within one decile of it.
    const bits = (ones: number) =>
      Object.fromEntries(Array.from({ length: 11 }, (_, i) => [String(i / 10), i / 10 > 1 - ones ? 1 : 0]));
    expect(ksLowerBound(bits(0.3), bits(0.6))).toBeCloseTo(0.2, 12);
    expect(ksLowerBound(bits(0.6), bits(0.3))).toBeCloseTo(0.2, 12);
  });
});

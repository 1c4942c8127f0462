import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { logGamma, logPoissonCdf, sigmaFromLogP } from "../../src/holes/stats.js";
import { REPO_ROOT } from "../helpers/paths.js";

// Golden values from scipy and mpmath (scripts/golden/holes_stats.py).
const golden = JSON.parse(readFileSync(`${REPO_ROOT}/test/golden/holes/stats.json`, "utf8")) as {
  poisson: { k: number; mean: number; logcdf: number }[];
  sigma: { logP: number; sigma: number }[];
};

describe("hole statistics against scipy/mpmath", () => {
  it("has the golden cases", () => {
    expect(golden.poisson.length).toBeGreaterThan(10);
    expect(golden.sigma.length).toBeGreaterThan(5);
  });
  it.each(golden.poisson)("ln P(X ≤ $k | $mean)", ({ k, mean, logcdf }) => {
    const got = logPoissonCdf(k, mean);
    expect(Math.abs(got - logcdf)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(logcdf)));
  });
  it.each(golden.sigma)("σ of ln p = $logP", ({ logP, sigma }) => {
    expect(Math.abs(sigmaFromLogP(logP) - sigma)).toBeLessThan(1e-3 * Math.max(1, sigma));
  });
  it("lnΓ matches factorials", () => {
    expect(logGamma(11)).toBeCloseTo(Math.log(3628800), 10);
    expect(logGamma(0.5)).toBeCloseTo(0.5 * Math.log(Math.PI), 10);
  });
  it("is 0 for a non-deficit and -Infinity below 0", () => {
    expect(logPoissonCdf(5, 0)).toBe(0);
    expect(logPoissonCdf(-1, 3)).toBe(Number.NEGATIVE_INFINITY);
  });
});

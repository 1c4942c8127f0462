// PA1 and AM1 on the repeated-measurement fixture, against their analytic values: with n visits and Gaussian
// scatter σ, n s²/σ² ~ χ²(n − 1) for the per-star population stdev (PA1), and (n − 1) s²/(2σ²) ~ χ²(n − 1) for
// the per-pair sample stdev of separations (AM1). The computed medians must match within 4 sampling stdevs.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeRepeats, type RepeatTruth, writeRepeats } from "../../../fixtures/generator/repeats.js";
import { openTable } from "../../../src/io/open.js";
import type { TableSource } from "../../../src/io/table.js";
import type { Metric } from "../../../src/metrics/metric.js";
import { loadStars } from "../../../src/metrics/science/match.js";
import { computeScience } from "../../../src/metrics/science/registry.js";
import {
  createPa1State,
  finalizePa1,
  pa1Columns,
  updatePa1,
} from "../../../src/metrics/science/repeatability.js";
import { columnNames, scanColumns } from "../../../src/metrics/science/scan.js";

/** Median of χ² with 4 degrees of freedom: CDF 1 − e^(−x/2)(1 + x/2) = 1/2, by bisection. */
function chi2Median4(): number {
  let lo = 0;
  let hi = 20;
  for (let i = 0; i < 200; i++) {
    const mid = (lo + hi) / 2;
    if (1 - Math.exp(-mid / 2) * (1 + mid / 2) < 0.5) lo = mid;
    else hi = mid;
  }
  return lo;
}

/** Expected median of s = scale·√(X/k), X ~ χ²(4), and the stdev of a sample median over `n` values. */
function medianOfScaledChi(scale: number, k: number, n: number): { value: number; sd: number } {
  const q = chi2Median4();
  const value = scale * Math.sqrt(q / k);
  const fx = (q * Math.exp(-q / 2)) / 4; // χ²(4) density at its median
  const fs = fx * ((2 * k * value) / scale ** 2); // density of s at its median (x = k s² / scale²)
  return { value, sd: 1 / (2 * fs * Math.sqrt(n)) };
}

let dir: string;
let truth: RepeatTruth;
let tables: Map<string, TableSource>;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "skygate-repeats-"));
  truth = await writeRepeats(dir, { seed: 3 });
  tables = new Map();
  for (const t of ["Object", "Source", "ForcedSource"])
    tables.set(t, await openTable(t, join(dir, `${t}.parquet`)));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("the repeated-measurement fixture", () => {
  it("is deterministic for a seed and differs for another", () => {
    const a = makeRepeats({ seed: 5, stars: 50, galaxies: 20, faintStars: 10 });
    const b = makeRepeats({ seed: 5, stars: 50, galaxies: 20, faintStars: 10 });
    const c = makeRepeats({ seed: 6, stars: 50, galaxies: 20, faintStars: 10 });
    const flux = (d: typeof a) => d.Source.columns.find((x) => x.name === "psfFlux")?.data.values;
    expect(flux(a)).toEqual(flux(b));
    expect(flux(a)).not.toEqual(flux(c));
  });
});

describe("PA1", () => {
  it("matches σ_phot √(q/n) within its sampling error, in every band, on ForcedSource (objectId) and Source (position)", async () => {
    const n = truth.visitsPerBand;
    const expected = medianOfScaledChi(truth.photScatterMag * 1000, n, truth.stars);
    const got = await computeScience(
      [
        ["ForcedSource", "PA1"],
        ["Source", "PA1"],
      ],
      { tables },
    );
    for (const key of ["ForcedSource.PA1", "Source.PA1"]) {
      const values = got.get(key) as Metric[];
      expect(values.map((m) => m.dataId.band)).toEqual(truth.bands);
      for (const m of values) {
        expect(m.unit).toBe("mmag");
        expect(Math.abs((m.value as number) - expected.value), `${key} ${m.dataId.band}`).toBeLessThan(
          4 * expected.sd,
        );
      }
    }
  });

  it("the S/N ≥ 200 cut is what keeps the noisy faint stars out", async () => {
    const stars = await loadStars(tables.get("Object") as TableSource);
    const fs = tables.get("ForcedSource") as TableSource;
    const run = async (snrMin: number) => {
      const s = createPa1State(stars, { snrMin });
      await scanColumns(fs, pa1Columns(await columnNames(fs)), (b) => updatePa1(s, b));
      return finalizePa1(s, "ForcedSource")[0].value as number;
    };
    const cut = await run(200);
    const uncut = await run(0);
    expect(uncut).toBeGreaterThan(cut * 1.1);
  });

  it("is undefined (null) with 50 stars or fewer, as faro's nMinPhotRepeat", async () => {
    const small = mkdtempSync(join(tmpdir(), "skygate-repeats-small-"));
    try {
      await writeRepeats(small, { stars: 40, galaxies: 10, faintStars: 0 });
      const t = new Map<string, TableSource>();
      for (const name of ["Object", "ForcedSource"])
        t.set(name, await openTable(name, join(small, `${name}.parquet`)));
      const got = (await computeScience([["ForcedSource", "PA1"]], { tables: t })).get(
        "ForcedSource.PA1",
      ) as Metric[];
      expect(got.every((m) => m.value === null)).toBe(true);
    } finally {
      rmSync(small, { recursive: true, force: true });
    }
  });
});

describe("AM1", () => {
  it("matches σ_astrom √(2q/(n−1)) within its sampling error (pairs share stars: n_eff = stars / 2)", async () => {
    const n = truth.visitsPerBand;
    const expected = medianOfScaledChi(Math.SQRT2 * truth.astromScatterMas, n - 1, truth.stars / 2);
    const values = (await computeScience([["Source", "AM1"]], { tables })).get("Source.AM1") as Metric[];
    expect(values.map((m) => m.dataId.band)).toEqual(truth.bands);
    for (const m of values) {
      expect(m.unit).toBe("mas");
      expect(Math.abs((m.value as number) - expected.value), `band ${m.dataId.band}`).toBeLessThan(
        4 * expected.sd,
      );
    }
  });

  it("a missing Object table or column is an error message, not a value", async () => {
    const got = await computeScience([["Source", "AM1"]], {
      tables: new Map([["Source", tables.get("Source") as TableSource]]),
    });
    expect(got.get("Source.AM1")).toMatch(/table Object is not among the run's tables/);
  });
});

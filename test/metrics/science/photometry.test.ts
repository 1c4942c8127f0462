// PSF − model magnitude of stars and the 5σ depth, on the repeated-measurement fixture whose answers are known:
// stars' psfMag − cModelMag ~ N(μ, σ); galaxies with a constant psfFluxErr per band and patch reach S/N 5 at
// 31.4 − 2.5 log10(5 σ_f), which the generator sets to a chosen depth per patch.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { tableFromArrays } from "apache-arrow";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RepeatTruth, writeRepeats } from "../../../fixtures/generator/repeats.js";
import { openTable } from "../../../src/io/open.js";
import type { TableSource } from "../../../src/io/table.js";
import { KLL_RANK_ERROR } from "../../../src/metrics/kll.js";
import type { Metric } from "../../../src/metrics/metric.js";
import {
  createDepthState,
  createPsfModelState,
  finalizeDepth,
  finalizePsfModel,
  updateDepth,
  updatePsfModel,
} from "../../../src/metrics/science/photometry.js";
import { computeScience } from "../../../src/metrics/science/registry.js";

let dir: string;
let truth: RepeatTruth;
let tables: Map<string, TableSource>;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "skygate-photometry-"));
  truth = await writeRepeats(dir, { seed: 11 });
  tables = new Map([["Object", await openTable("Object", join(dir, "Object.parquet"))]]);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("PSF − model magnitude of stars", () => {
  it("median and σ_IQR match the generator's μ and σ within sampling and sketch error, galaxies left out", async () => {
    const got = await computeScience(
      [
        ["Object", "psfModelMagDiff"],
        ["Object", "psfModelMagScatter"],
      ],
      { tables },
    );
    const mu = truth.psfModelMeanMag * 1000;
    const sigma = truth.psfModelScatterMag * 1000;
    const n = truth.stars + 200; // bright and faint stars both pass S/N ≥ 100 in the coadd
    const phi = (z: number) => Math.exp((-z * z) / 2) / Math.sqrt(2 * Math.PI);
    // Sampling stdev of a Gaussian median, 1.2533 σ/√n; a rank error ε moves a quantile by ε σ / φ(z).
    const medianTol = (4 * (1.2533 * sigma)) / Math.sqrt(n) + (KLL_RANK_ERROR * sigma) / phi(0);
    const scatterTol =
      (4 * (1.1 * sigma)) / Math.sqrt(n) + (2 * KLL_RANK_ERROR * sigma) / phi(0.6745) / 1.349;
    for (const m of got.get("Object.psfModelMagDiff") as Metric[])
      expect(Math.abs((m.value as number) - mu)).toBeLessThan(medianTol);
    for (const m of got.get("Object.psfModelMagScatter") as Metric[])
      expect(Math.abs((m.value as number) - sigma)).toBeLessThan(scatterTol);
    expect((got.get("Object.psfModelMagDiff") as Metric[]).map((m) => m.dataId.band)).toEqual(truth.bands);
  });

  it("only stars with S/N ≥ 100 count", () => {
    const s = createPsfModelState(new Set(["r_psfFlux", "r_psfFluxErr", "r_cModelFlux", "r_extendedness"]));
    updatePsfModel(
      s,
      tableFromArrays({
        r_psfFlux: Float64Array.of(1e5, 1e5, 1e5),
        r_psfFluxErr: Float64Array.of(10, 10, 5000),
        r_cModelFlux: Float64Array.of(1e5 * 10 ** 0.004, 2e5, 2e5),
        r_extendedness: Float64Array.of(0, 1, 0),
      }).batches[0],
    );
    expect(finalizePsfModel(s, "Object")[0].value).toBeCloseTo(10, 9);
  });
});

describe("5σ depth per band and patch", () => {
  it("recovers each patch's depth to a fraction of the 0.05-mag bin", async () => {
    const got = (await computeScience([["Object", "depth5sigma"]], { tables })).get(
      "Object.depth5sigma",
    ) as Metric[];
    expect(got).toHaveLength(truth.bands.length * Object.keys(truth.depthByPatch).length);
    for (const m of got) {
      const expected = truth.depthByPatch[`${m.dataId.tract}.${m.dataId.patch}`];
      expect(m.unit).toBe("mag");
      expect(Math.abs((m.value as number) - expected), JSON.stringify(m.dataId)).toBeLessThan(0.03);
    }
  });

  it("the median S/N decides, not the mean: a bin with a few very bright outliers stays below 5", () => {
    const s = createDepthState(new Set(["g_psfFlux", "g_psfFluxErr"]));
    // Bin at 24.0–24.05 (flux ≈ 955 nJy): S/N 10 for all → above; bin at 25.0: 3 of 4 at S/N 2, one at 1000.
    const f24 = 10 ** (-0.4 * (24.02 - 31.4));
    const f25 = 10 ** (-0.4 * (25.02 - 31.4));
    updateDepth(
      s,
      tableFromArrays({
        tract: Int32Array.of(1, 1, 1, 1, 1, 1),
        patch: Int32Array.of(0, 0, 0, 0, 0, 0),
        g_psfFlux: Float64Array.of(f24, f24, f25, f25, f25, f25),
        g_psfFluxErr: Float64Array.of(f24 / 10, f24 / 10, f25 / 2, f25 / 2, f25 / 2, f25 / 1000),
      }).batches[0],
    );
    const depth = finalizeDepth(s, "Object")[0].value as number;
    expect(depth).toBeGreaterThan(24.02);
    expect(depth).toBeLessThan(25.02);
  });
});

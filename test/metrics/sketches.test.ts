// Error bounds of the hand-written sketches against exact answers computed directly.
import { describe, expect, it } from "vitest";
import { HASH_OUT, hashBytes, hashWords } from "../../src/metrics/hash.js";
import { boundDistinct, createHll, hllAddHashed, hllEstimate, mergeHllInto } from "../../src/metrics/hll.js";
import { createKll, KLL_RANK_ERROR, kllMergeInto, kllQuantiles, kllUpdate } from "../../src/metrics/kll.js";
import { random } from "../helpers/random.js";

describe("HyperLogLog", () => {
  // p = 14: relative standard error 1.04 / 128 = 0.81 %; 3σ = 2.5 %.
  it.each([0, 1, 10, 100, 1000, 10_000, 100_000, 1_000_000])(
    "estimates %i distinct integers within 2.5 %%",
    (n) => {
      const h = createHll();
      for (let i = 0; i < n; i++) {
        hashWords(i, 0);
        hllAddHashed(h);
        hashWords(i, 0); // repeats never count twice
        hllAddHashed(h);
      }
      const estimate = hllEstimate(h);
      expect(Math.abs(estimate - n)).toBeLessThanOrEqual(Math.max(0.025 * n, n > 0 ? 1 : 0));
    },
  );

  it("hashes the high word of 64-bit keys (keys differing only above bit 32 are distinct)", () => {
    const h = createHll();
    const keys = new BigInt64Array(50_000);
    for (let i = 0; i < keys.length; i++) keys[i] = BigInt(i) << 32n;
    const words = new Int32Array(keys.buffer);
    for (let i = 0; i < keys.length; i++) {
      hashWords(words[2 * i], words[2 * i + 1]);
      hllAddHashed(h);
    }
    expect(Math.abs(hllEstimate(h) - 50_000)).toBeLessThan(0.025 * 50_000);
  });

  it("estimates distinct strings and merges to the same registers in any order", () => {
    const encoder = new TextEncoder();
    const parts = [createHll(), createHll(), createHll()];
    const whole = createHll();
    for (let i = 0; i < 60_000; i++) {
      const bytes = encoder.encode(`obj-${i % 40_000}`);
      hashBytes(bytes, 0, bytes.length);
      hllAddHashed(parts[i % 3], HASH_OUT[0], HASH_OUT[1]);
      hllAddHashed(whole, HASH_OUT[0], HASH_OUT[1]);
    }
    const merged = createHll();
    for (const p of [parts[2], parts[0], parts[1]]) mergeHllInto(merged, p);
    expect(merged.registers).toEqual(whole.registers);
    expect(Math.abs(hllEstimate(merged) - 40_000)).toBeLessThan(0.025 * 40_000);
  });
});

/** Fraction of `sorted` strictly below x and at or below x. */
function rankRange(sorted: Float64Array, x: number): [number, number] {
  let below = 0;
  let atOrBelow = 0;
  for (const v of sorted) {
    if (v < x) below++;
    if (v <= x) atOrBelow++;
  }
  return [below / sorted.length, atOrBelow / sorted.length];
}

describe("KLL quantile sketch", () => {
  const qs = [0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.99];

  it("is exact on few values and returns exact extremes", () => {
    const s = createKll();
    for (const x of [5, 1, 4, 2, 3]) kllUpdate(s, x);
    expect(kllQuantiles(s, [0, 0.2, 0.5, 1])).toEqual([1, 1, 3, 5]);
    expect(kllQuantiles(createKll(), [0.5])).toEqual([null]);
  });

  it(`keeps the rank error within ±${KLL_RANK_ERROR} on 200k values, also after merging 8 parts`, () => {
    const rnd = random(7);
    const values = new Float64Array(200_000);
    // Skewed data: a lognormal-ish tail like fluxes.
    for (let i = 0; i < values.length; i++) values[i] = Math.exp(4 * rnd()) * (rnd() < 0.1 ? -1 : 1);
    const whole = createKll();
    const parts = Array.from({ length: 8 }, () => createKll());
    values.forEach((x, i) => {
      kllUpdate(whole, x);
      kllUpdate(parts[i % 8], x);
    });
    const merged = createKll();
    for (const p of parts) kllMergeInto(merged, p);
    const sorted = Float64Array.from(values).sort();
    for (const sketch of [whole, merged]) {
      expect(sketch.n).toBe(values.length);
      const estimates = kllQuantiles(sketch, qs);
      qs.forEach((q, i) => {
        const [lo, hi] = rankRange(sorted, estimates[i] as number);
        expect(lo).toBeLessThanOrEqual(q + KLL_RANK_ERROR);
        expect(hi).toBeGreaterThanOrEqual(q - KLL_RANK_ERROR);
      });
    }
  });
});

describe("boundDistinct", () => {
  it("never reports more distinct values than values present, nor fractions", () => {
    expect([boundDistinct(1003.4, 1000), boundDistinct(2.6, 10), boundDistinct(-0.2, 0)]).toEqual([
      1000, 3, 0,
    ]);
  });
});

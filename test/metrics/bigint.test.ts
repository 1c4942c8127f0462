// 64-bit integer columns: extrema exact as bigint (numbers where |v| ≤ 2^53 − 1), moments exact although the values are near 10^18
// (where doubles are 256 apart), distinct counts from the full 64-bit pattern.
import { Int64, makeData } from "apache-arrow";
import { describe, expect, it } from "vitest";
import {
  createColumnState,
  finalizeColumnState,
  mergeColumnStates,
  updateColumnState,
} from "../../src/metrics/column-state.js";
import type { NumericProfile } from "../../src/metrics/types.js";

const BASE = 1_700_000_000_000_000_000n;

function int64Data(values: bigint[]) {
  return makeData({ type: new Int64(), length: values.length, data: BigInt64Array.from(values) });
}

describe("int64 profile states", () => {
  it("gives the exact mean and sample stddev of ids near 1.7e18", () => {
    const state = createColumnState("int64");
    updateColumnState(state, int64Data([BASE, BASE + 1n, BASE + 2n, BASE + 3n]));
    const p = finalizeColumnState(state) as NumericProfile;
    // offsets 0..3: mean 1.5, squared deviations 2.25 + 0.25 + 0.25 + 2.25 = 5, / (n − 1) = 5/3
    expect(p.stddev).toBe(Math.sqrt(5 / 3));
    expect(p.mean).toBe(Number(BASE) + 1.5);
    expect(p.min).toBe(BASE); // exact: beyond 2^53 the bound stays a bigint
    expect(p.distinct).toBe(4);
  });

  it("merges states that picked different shifts", () => {
    const a = createColumnState("int64");
    const b = createColumnState("int64");
    updateColumnState(a, int64Data([BASE, BASE + 1n]));
    updateColumnState(b, int64Data([BASE + 2n, BASE + 3n, -5n]));
    const p = finalizeColumnState(mergeColumnStates(a, b)) as NumericProfile;
    expect(p.min).toBe(-5);
    expect(p.max).toBe(BASE + 3n);
    expect(p.distinct).toBe(5);
    // five values: mean = (4 BASE + 6 − 5) / 5; relative check only (the mean itself is a double)
    expect(Math.abs((p.mean as number) - Number((4n * BASE + 1n) / 5n))).toBeLessThanOrEqual(
      1e-15 * Number(BASE),
    );
  });
});

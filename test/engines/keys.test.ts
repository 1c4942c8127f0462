// Sorted typed-array key kernels against hand-worked examples (negative, large and equal-high-word int64s).
import { describe, expect, it } from "vitest";
import {
  commonKind,
  countMissing,
  duplicateRuns,
  KeyBuffer,
  sortedHas,
  sortedHasInt64,
} from "../../src/engines/keys.js";

const big = (...v: bigint[]) => BigInt64Array.from(v).sort();

describe("key kernels", () => {
  it("counts every row of a repeated key, over int64 word views", () => {
    // 2^32 + 1 and 1 share the low word; -1 and 2^63 - 1 share nothing but sign tricks
    const keys = big(1n, 2n ** 32n + 1n, 2n ** 32n + 1n, -1n, -1n, -1n, 2n ** 63n - 1n);
    const { rows, keys: repeated } = duplicateRuns(keys);
    expect(rows).toBe(5);
    expect([...(repeated as BigInt64Array)]).toEqual([-1n, 2n ** 32n + 1n]);
    expect(duplicateRuns(Float64Array.from([3, 1, 3, 2]).sort()).rows).toBe(2);
    expect(duplicateRuns(["b", "a", "b"].sort()).rows).toBe(2);
  });

  it("counts source keys absent from the target by one merge walk", () => {
    const target = big(-5n, 1n, 2n ** 40n, 2n ** 40n + 7n);
    const source = big(-5n, -5n, 0n, 1n, 2n ** 40n + 1n, 2n ** 40n + 7n, 2n ** 62n);
    // absent: 0, 2^40 + 1, 2^62
    expect(countMissing(source, target)).toBe(3);
    expect(countMissing(Float64Array.from([1, 2, 2, 7]), Float64Array.from([2, 3]))).toBe(2);
    expect(countMissing(big(1n), new BigInt64Array(0))).toBe(1);
  });

  it("binary-searches int64 keys through their words", () => {
    const keys = big(-3n, 5n, 2n ** 35n + 5n);
    const words = new Int32Array(keys.buffer);
    const probe = (v: bigint) => {
      const w = new Int32Array(BigInt64Array.of(v).buffer);
      return sortedHasInt64(words, w[0], w[1]);
    };
    expect([probe(-3n), probe(5n), probe(2n ** 35n + 5n), probe(2n ** 34n + 5n), probe(4n)]).toEqual([
      true,
      true,
      true,
      false,
      false,
    ]);
    expect(sortedHas(keys, 5)).toBe(true);
    expect(sortedHas(keys, 5.5)).toBe(false);
  });

  it("brings int64 and double keys to a common kind, and buffers mixed integer widths", () => {
    const [a, b] = commonKind(big(2n, 1n), Float64Array.from([1.5, 2]));
    expect([...(a as Float64Array)]).toEqual([1, 2]);
    expect(countMissing(a, b)).toBe(1);
    const buffer = new KeyBuffer(2);
    buffer.pushInteger(7);
    buffer.pushBigInt64Array(BigInt64Array.of(7n, 3n));
    buffer.pushBigInt(-1n);
    expect([...(buffer.sorted() as BigInt64Array)]).toEqual([-1n, 3n, 7n, 7n]);
  });
});

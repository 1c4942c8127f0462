// The local density: interquartile mean of whole, unmasked, non-empty cells in a block and its neighbours.
import { describe, expect, it } from "vitest";
import { Rng } from "../../fixtures/generator/prng.js";
import { backgroundOf, densityAt, interquartileMean } from "../../src/holes/background.js";
import type { Level } from "../../src/holes/levels.js";
import { orderPixareaDeg2 } from "../../src/sky/index.js";

function level(order: number, counts: number[], frac?: number[]): Level {
  const n = counts.length;
  return {
    order,
    cells: Float64Array.from({ length: n }, (_, i) => i),
    countAll: Float64Array.from(counts),
    countFree: Float64Array.from(counts),
    fracAll: Float64Array.from(frac ?? counts.map(() => 1)),
    fracFree: Float64Array.from(frac ?? counts.map(() => 1)),
    parentOf: new Int32Array(n),
  };
}

describe("backgroundOf", () => {
  it("gives the interquartile mean of the non-empty whole cells, per deg²", () => {
    const rng = new Rng(1, "bg");
    const counts = Array.from({ length: 4096 }, () => rng.poisson(20));
    // A hole (zeros), a cluster (large counts) and partial cells must not move it.
    for (let i = 0; i < 300; i++) counts[i] = 0;
    for (let i = 300; i < 340; i++) counts[i] = 400;
    const frac = counts.map((_, i) => (i >= 340 && i < 400 ? 0.3 : 1));
    const bg = backgroundOf(level(10, counts, frac), 5);
    const kept = counts.filter((c, i) => c > 0 && frac[i] === 1);
    const area = orderPixareaDeg2(10);
    expect(bg.global * area).toBeCloseTo(interquartileMean(kept), 10);
    expect(bg.global * area).toBeGreaterThan(19);
    expect(bg.global * area).toBeLessThan(21);
    expect(densityAt(bg, 10, 2000) * area).toBeGreaterThan(19);
  });
  it("uses the local blocks: a denser half of the map gets its own density", () => {
    // 1024 cells in base pixel 0 with 10 objects, 1024 in base pixel 5 (far away) with 40.
    const far = 5 * 4 ** 10;
    const l = level(
      10,
      Array.from({ length: 2048 }, (_, i) => (i < 1024 ? 10 : 40)),
    );
    l.cells = Float64Array.from({ length: 2048 }, (_, i) => (i < 1024 ? i : far + i - 1024));
    const bg = backgroundOf(l, 5);
    const area = orderPixareaDeg2(10);
    expect(densityAt(bg, 10, 10) * area).toBeCloseTo(10, 6);
    expect(densityAt(bg, 10, far + 10) * area).toBeCloseTo(40, 6);
  });
});

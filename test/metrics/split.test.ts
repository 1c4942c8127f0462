// The same profile however the data is split: batch sizes, separately built states merged in any order,
// and against independent oracles (simple-statistics for moments, direct counting for the rest).
import { Bool, Float32, Float64, Int32, Int64, Table, Utf8, vectorFromArray } from "apache-arrow";
import { mean, sampleStandardDeviation } from "simple-statistics";
import { describe, expect, it } from "vitest";
import { columnInfo } from "../../src/io/arrow.js";
import { KLL_RANK_ERROR } from "../../src/metrics/kll.js";
import {
  createTableState,
  finalizeTableState,
  mergeTableStates,
  type TableState,
  updateTableState,
} from "../../src/metrics/table-state.js";
import type { NumericProfile, TableProfile } from "../../src/metrics/types.js";
import { random } from "../helpers/random.js";

const ROWS = 12_000;
const rnd = random(42);
const flux: (number | null)[] = [];
const mag: (number | null)[] = [];
const id: (bigint | null)[] = [];
const visit: (number | null)[] = [];
const flag: (boolean | null)[] = [];
const band: (string | null)[] = [];
for (let i = 0; i < ROWS; i++) {
  const u = rnd();
  // 1e6 offset makes naive sum-of-squares variance lose digits; stable algorithms do not.
  flux.push(
    u < 0.02
      ? null
      : u < 0.04
        ? Number.NaN
        : u < 0.045
          ? Number.POSITIVE_INFINITY
          : u < 0.05
            ? Number.NEGATIVE_INFINITY
            : 1e6 + 100 * (rnd() - 0.5),
  );
  mag.push(u < 0.5 ? Math.fround(20 + 5 * rnd()) : u < 0.55 ? Number.NaN : Math.fround(24 + rnd()));
  id.push(u < 0.01 ? null : (BigInt(Math.floor(rnd() * 3000)) << 33n) + 7n);
  visit.push(Math.floor(rnd() * 500) - 250);
  flag.push(u < 0.03 ? null : rnd() < 0.2);
  band.push(u < 0.1 ? null : "ugrizy"[Math.floor(rnd() * 6)] + (rnd() < 0.5 ? "" : "_band"));
}

const table = new Table({
  flux: vectorFromArray(flux, new Float64()),
  mag: vectorFromArray(mag, new Float32()),
  id: vectorFromArray(id, new Int64()),
  visit: vectorFromArray(visit, new Int32()),
  flag: vectorFromArray(flag, new Bool()),
  band: vectorFromArray(band, new Utf8()),
});
const columns = table.schema.fields.map(columnInfo);
const QS = [0.1, 0.5, 0.9];

function stateOf(start: number, end: number, batchRows: number): TableState {
  const state = createTableState(columns, { quantiles: true });
  for (let s = start; s < end; s += batchRows) {
    for (const batch of table.slice(s, Math.min(end, s + batchRows)).batches) updateTableState(state, batch);
  }
  return state;
}

function finite(values: readonly (number | bigint | null)[]): number[] {
  return values.filter((v): v is number | bigint => v !== null && Number.isFinite(Number(v))).map(Number);
}

function expectSameProfile(a: TableProfile, b: TableProfile): void {
  expect(a.rows).toBe(b.rows);
  for (const name of Object.keys(b.columns)) {
    const x = a.columns[name] as unknown as Record<string, unknown>;
    const y = b.columns[name] as unknown as Record<string, unknown>;
    for (const key of Object.keys(y)) {
      if (key === "quantiles") continue;
      if (key === "mean" || key === "stddev") {
        expect(Math.abs((x[key] as number) - (y[key] as number))).toBeLessThanOrEqual(
          1e-12 * Math.abs(y[key] as number),
        );
      } else expect([name, key, x[key]]).toEqual([name, key, y[key]]);
    }
  }
}

describe("profile states are split-invariant", () => {
  const reference = finalizeTableState(stateOf(0, ROWS, ROWS), QS);

  it("matches independent oracles on the whole table", () => {
    const f = reference.columns.flux as NumericProfile;
    expect(f.nulls).toBe(flux.filter((v) => v === null).length);
    expect(f.nan).toBe(flux.filter((v) => v !== null && Number.isNaN(v)).length);
    expect(f.posInf).toBe(flux.filter((v) => v === Number.POSITIVE_INFINITY).length);
    expect(f.negInf).toBe(flux.filter((v) => v === Number.NEGATIVE_INFINITY).length);
    const fin = finite(flux);
    expect(f.min).toBe(Math.min(...fin));
    expect(f.max).toBe(Math.max(...fin));
    expect(Math.abs((f.mean as number) - mean(fin))).toBeLessThanOrEqual(1e-12 * mean(fin));
    const sd = sampleStandardDeviation(fin);
    expect(Math.abs((f.stddev as number) - sd)).toBeLessThanOrEqual(1e-9 * sd);
    const m = reference.columns.mag as NumericProfile;
    expect(m.nan).toBe(mag.filter((v) => Number.isNaN(v)).length);
    expect(m.min).toBe(Math.min(...finite(mag)));
    const i = reference.columns.id as NumericProfile;
    const ids = id.filter((v): v is bigint => v !== null);
    let maxId = ids[0];
    for (const v of ids) if (v > maxId) maxId = v;
    expect(i.max).toBe(Number(maxId));
    const distinctIds = new Set(ids).size;
    expect(Math.abs((i.distinct as number) - distinctIds)).toBeLessThanOrEqual(0.025 * distinctIds);
    expect(reference.columns.flag).toEqual({
      type: "boolean",
      rows: ROWS,
      nulls: flag.filter((v) => v === null).length,
      true: flag.filter((v) => v === true).length,
      false: flag.filter((v) => v === false).length,
    });
    expect(reference.columns.band).toMatchObject({
      nulls: band.filter((v) => v === null).length,
      distinct: 12,
      minLength: 1,
      maxLength: 6,
    });
  });

  it.each([1, 7, 333, 4096])("gives the same profile with batches of %i rows", (batchRows) => {
    expectSameProfile(finalizeTableState(stateOf(0, ROWS, batchRows), QS), reference);
  });

  it("gives the same profile when parts are profiled separately and merged in any order", () => {
    const rndSplit = random(3);
    for (let trial = 0; trial < 5; trial++) {
      const cuts = [0, ROWS];
      for (let k = 0; k < 2 + trial * 3; k++) cuts.push(Math.floor(rndSplit() * ROWS));
      cuts.sort((a, b) => a - b);
      const parts: TableState[] = [];
      for (let k = 0; k + 1 < cuts.length; k++)
        parts.push(stateOf(cuts[k], cuts[k + 1], 1 + Math.floor(rndSplit() * 2000)));
      // merge in a shuffled order, pairwise like threads would
      parts.sort(() => rndSplit() - 0.5);
      while (parts.length > 1) {
        const a = parts.pop() as TableState;
        const b = parts.pop() as TableState;
        parts.unshift(mergeTableStates(b, a));
      }
      const merged = finalizeTableState(parts[0], QS);
      expectSameProfile(merged, reference);
      const sorted = Float64Array.from(finite(flux)).sort();
      for (const q of QS) {
        const estimate = (merged.columns.flux as NumericProfile).quantiles?.[String(q)] as number;
        const rank = sorted.findIndex((v) => v >= estimate) / sorted.length;
        expect(Math.abs(rank - q)).toBeLessThanOrEqual(KLL_RANK_ERROR);
      }
    }
  });
});

// Arrow Null-typed chunks (pandas writes all-null columns with type Null): every row is a null, whatever state
// the column's other chunks built. Expected counts by hand: a Null chunk of length n adds n rows and n nulls.
import { Float64, makeData, Null, vectorFromArray } from "apache-arrow";
import { describe, expect, it } from "vitest";
import { validityBitmap } from "../../src/metrics/arrow-types.js";
import {
  createColumnState,
  finalizeColumnState,
  mergeColumnStates,
  updateColumnState,
} from "../../src/metrics/column-state.js";

describe("Null-typed chunks", () => {
  it("count every row as null in an 'other' state, with and without a row selection", () => {
    const nulls = makeData({ type: new Null(), length: 5 });
    const state = createColumnState("other");
    updateColumnState(state, nulls);
    expect(finalizeColumnState(state)).toMatchObject({ rows: 5, nulls: 5 });
    updateColumnState(state, nulls, Int32Array.from([0, 3]));
    expect(finalizeColumnState(state)).toMatchObject({ rows: 7, nulls: 7 });
  });

  it("add only nulls to a numeric column whose other files hold doubles", () => {
    const state = createColumnState("float64");
    // 1.5, null, 2.5: 3 rows, 1 null, finite values 1.5 and 2.5.
    updateColumnState(state, vectorFromArray([1.5, null, 2.5], new Float64()).data[0]);
    const other = createColumnState("float64");
    updateColumnState(other, makeData({ type: new Null(), length: 4 }));
    mergeColumnStates(state, other);
    expect(finalizeColumnState(state)).toMatchObject({
      rows: 7,
      nulls: 5,
      nan: 0,
      posInf: 0,
      negInf: 0,
      min: 1.5,
      max: 2.5,
      mean: 2,
    });
  });

  it("have an all-zero validity bitmap covering offset + length", () => {
    const bitmap = validityBitmap(makeData({ type: new Null(), offset: 6, length: 5 }));
    // Bits 6..10 must exist and be 0: two bytes.
    expect(bitmap).toEqual(new Uint8Array(2));
    expect(validityBitmap(vectorFromArray([1, 2], new Float64()).data[0])).toBeNull();
  });
});

// In-memory tables: JS columns/rows, Arrow, danfojs-node, with nulls, NaN and int64 kept apart.
import { Table, tableFromArrays } from "apache-arrow";
import { describe, expect, it } from "vitest";
import { UsageError } from "../../src/core/errors.js";
import {
  fromColumns,
  fromDanfo,
  fromRows,
  tableFromArrow,
  toColumns,
  toDanfo,
  toRows,
} from "../../src/io/index.js";

describe("plain JS interop", () => {
  it("fromColumns keeps NaN apart from null and bigint as int64", async () => {
    const source = fromColumns("t", {
      id: [1n, 2n, 9007199254740993n],
      flux: [1.5, Number.NaN, null],
      band: ["g", null, "r"],
      ok: [true, false, null],
      mag: new Float32Array([1, 2, 3]),
    });
    expect(source.format).toBe("memory");
    expect(await source.rowCount()).toBe(3);
    expect((await source.columns()).map((c) => c.type)).toEqual([
      "int64",
      "float64",
      "string",
      "bool",
      "float32",
    ]);
    const table = await source.read();
    expect(table.data.getChild("flux")?.nullCount).toBe(1);
    expect(toRows(table)).toEqual([
      { id: 1n, flux: 1.5, band: "g", ok: true, mag: 1 },
      { id: 2n, flux: Number.NaN, band: null, ok: false, mag: 2 },
      { id: 9007199254740993n, flux: null, band: "r", ok: null, mag: 3 },
    ]);
    const columns = toColumns(table);
    expect(columns.mag).toBeInstanceOf(Float32Array);
    expect(columns.flux).toEqual([1.5, Number.NaN, null]);
  });

  it("fromRows takes the union of keys; missing keys are null; mixed kinds are a UsageError", async () => {
    const source = fromRows("t", [{ a: 1, b: "x" }, { a: 2 }, { c: true }]);
    expect(toRows(await source.read())).toEqual([
      { a: 1, b: "x", c: null },
      { a: 2, b: null, c: null },
      { a: null, b: null, c: true },
    ]);
    expect(() => fromRows("t", [{ a: 1 }, { a: "1" }])).toThrow(UsageError);
    expect(() => fromColumns("t", { a: [1, 2], b: [1] })).toThrow(/differ in length/);
  });

  it("tableFromArrow projects and scans with row offsets", async () => {
    const arrow = tableFromArrays({
      x: Float64Array.from({ length: 10 }, (_, i) => i),
      y: Int32Array.from({ length: 10 }, (_, i) => -i),
    });
    const source = tableFromArrow("t", arrow);
    expect((await source.read({ columns: ["y"] })).data.numCols).toBe(1);
    const offsets: number[] = [];
    for await (const batch of source.scan({ columns: ["x"], batchRows: 4 })) {
      offsets.push(batch.rowOffset);
      expect(batch.data.getChild("x")?.get(0)).toBe(batch.rowOffset);
    }
    expect(offsets).toEqual([0, 4, 8]);
    await expect(source.read({ columns: ["z"] })).rejects.toThrow(UsageError);
    expect(new Table()).toBeInstanceOf(Table);
  });
});

describe("danfojs-node interop", () => {
  it("round-trips through a DataFrame; unsafe int64 ids travel as strings and come back as int64", async () => {
    const source = fromColumns("t", {
      id: [1n, 2n, 3n],
      big: [1237661416602927671n, 2n, 3n],
      flux: [1.5, 2.5, -1],
      band: ["g", "r", "i"],
      ok: [true, false, true],
    });
    const frame = await toDanfo(await source.read());
    expect(frame.shape).toEqual([3, 5]);
    expect(frame.column("id").values).toEqual([1, 2, 3]);
    expect(frame.column("big").values).toEqual(["1237661416602927671", "2", "3"]);
    const back = fromDanfo(frame, "back");
    expect(back.name).toBe("back");
    expect(fromDanfo("named", frame).name).toBe("named");
    expect((await back.columns()).map((c) => [c.name, c.type])).toEqual([
      ["id", "int32"],
      ["big", "int64"],
      ["flux", "float64"],
      ["band", "string"],
      ["ok", "bool"],
    ]);
    expect(toRows(await back.read())[0]?.big).toBe(1237661416602927671n);
    expect(toRows(await back.read())[2]).toEqual({ id: 3, big: 3n, flux: -1, band: "i", ok: true });
  }, 30_000);
});

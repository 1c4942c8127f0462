import { describe, expect, it } from "vitest";
import { bandDetections } from "../../src/holes/bands.js";
import { footprintFromTracts, footprintUnion } from "../../src/holes/footprint.js";
import { dc2SkyMap } from "../../src/sky/skymap/maps.js";

describe("bandDetections", () => {
  it("prefers the deblender's merge_peak flag, falls back to the coadd input count, skips other bands", () => {
    const found = bandDetections(["merge_peak_g", "g_inputCount", "r_inputCount", "coord_ra"]);
    expect(found.map((b) => [b.band, b.column, b.rule])).toEqual([
      ["g", "merge_peak_g", "merge_peak_g"],
      ["r", "r_inputCount", "r_inputCount > 0"],
    ]);
    expect(found[1].where).toEqual({ op: "gt", column: "r_inputCount", value: 0 });
    expect(bandDetections(["coord_ra", "coord_dec"])).toEqual([]);
  });
});

describe("footprintUnion", () => {
  it("expects a cell when any footprint expects it, and merges the patch lists", () => {
    const a = footprintFromTracts(dc2SkyMap, new Map([[4431, [0, 1, 2]]]));
    const b = footprintFromTracts(
      dc2SkyMap,
      new Map([
        [4431, [2, 3]],
        [4432, null],
      ]),
    );
    const u = footprintUnion([a, b]);
    const cells = u.cells(11);
    const expected = new Set([...a.cells(11), ...b.cells(11)]);
    expect(cells.length).toBe(expected.size);
    for (let i = 1; i < cells.length; i++) expect(cells[i]).toBeGreaterThan(cells[i - 1]);
    for (const c of cells) expect(expected.has(c)).toBe(true);
    expect(u.expected?.get(4431)).toEqual([0, 1, 2, 3]);
    expect(u.expected?.get(4432)).toHaveLength(49);
    expect(u.kind).toBe("union");
    expect(footprintUnion([a])).toBe(a);
    expect(() => footprintUnion([])).toThrow(/at least one/);
  });
});

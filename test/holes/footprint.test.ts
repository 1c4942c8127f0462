// Footprints and specs: tract/patch primary regions (checked cell by cell), CcdVisit corners (the pilot run),
// HEALPix pixel lists, DP0.2-style manifests, MOC files; and --where parsing.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { InputError, UsageError } from "../../src/core/errors.js";
import { indexOfCell } from "../../src/holes/cells.js";
import { footprintFromTracts } from "../../src/holes/footprint.js";
import { footprintFromSpec, maskFromSpec, tractsOfManifest } from "../../src/holes/specs.js";
import { parseWhere } from "../../src/holes/where.js";
import { openTable } from "../../src/io/open.js";
import {
  ang2pixNestBatch,
  dc2SkyMap,
  mocFromDisc,
  mocToAscii,
  pix2angNestBatch,
  queryPolygonNest,
} from "../../src/sky/index.js";
import { FIXTURES } from "../helpers/paths.js";
import { testData } from "./data.js";

const tmp = mkdtempSync(join(tmpdir(), "skygate-fp-"));

describe("tract footprints", () => {
  it.each([11, 13, 14])(
    "holds exactly the cells whose centre is in a listed patch's primary region (order %i)",
    (order) => {
      const wanted = new Map<number, number[] | null>([
        [4431, null],
        [4432, [0, 6, 17, 48]],
      ]);
      const cells = footprintFromTracts(dc2SkyMap, wanted).cells(order);
      // Brute force over every cell touching the two tracts' pixel boxes.
      const candidates = new Set<number>();
      for (const t of [4431, 4432])
        for (const c of queryPolygonNest(order, dc2SkyMap.tract(t).outerOutline, { inclusive: true }))
          candidates.add(c);
      const all = Float64Array.from(candidates).sort();
      const { ra, dec } = pix2angNestBatch(order, all);
      const where = dc2SkyMap.findTractPatchArray(ra, dec);
      let expected = 0;
      const wrong: number[] = [];
      for (let i = 0; i < all.length; i++) {
        const w = wanted.get(where.tract[i]);
        const inside = where.patch[i] >= 0 && w !== undefined && (w === null || w.includes(where.patch[i]));
        if (inside) expected++;
        if (indexOfCell(cells, all[i]) >= 0 !== inside) wrong.push(all[i]);
      }
      expect(wrong).toEqual([]);
      expect(cells.length).toBe(expected);
    },
  );
  it("refuses unknown tracts and patches", () => {
    expect(() => footprintFromTracts(dc2SkyMap, new Map([[4431, [49]]]))).toThrow(/not a patch/);
    expect(() => footprintFromTracts(dc2SkyMap, new Map([[99999, null]]))).toThrow(RangeError);
  });
});

describe("footprint specs", () => {
  it("covers the pilot run's objects with its CcdVisit detector corners", async () => {
    const fp = await footprintFromSpec(`ccdvisit:${join(FIXTURES, "pilot-clean", "CcdVisit.parquet")}`);
    expect(fp?.kind).toBe("ccdvisit");
    const objects = await (await openTable("Object", join(FIXTURES, "pilot-clean", "Object.parquet"))).read({
      columns: ["coord_ra", "coord_dec"],
    });
    const ra = Float64Array.from(objects.data.getChild("coord_ra")?.toArray() as Float64Array);
    const dec = Float64Array.from(objects.data.getChild("coord_dec")?.toArray() as Float64Array);
    const cells = fp?.cells(12) ?? new Float64Array();
    const pix = ang2pixNestBatch(12, ra, dec);
    let inside = 0;
    for (let i = 0; i < pix.length; i++) if (indexOfCell(cells, pix[i]) >= 0) inside++;
    expect(inside / ra.length).toBeGreaterThan(0.95);
  });

  it("reads HEALPix pixel lists (header, RING by default) and refuses junk lines", async () => {
    const file = join(tmp, "pixels.csv");
    writeFileSync(file, "regionPixels\n9169490\n9169491\n");
    const fp = await footprintFromSpec(`healpix:${file}`);
    expect(fp?.cells(10).length).toBe(2);
    writeFileSync(join(tmp, "bad.csv"), "regionPixels\n12\nx\n");
    await expect(footprintFromSpec(`healpix:${join(tmp, "bad.csv")}`)).rejects.toThrow(InputError);
  });

  it("reads the tracts of a DP0.2 ingest manifest", () => {
    const file = join(tmp, "manifest.json");
    writeFileSync(
      file,
      JSON.stringify([
        { url: "x/objectTable_tract_2897_DC2_a/chunk_1.txt" },
        { url: "x/objectTable_tract_4431_DC2_b/chunk_2.txt" },
      ]),
    );
    expect(tractsOfManifest(file)).toEqual([2897, 4431]);
    // Gzipped as the real manifest ships (test/data/qserv_dp02_object), read through the gzip magic bytes.
    const real = tractsOfManifest(testData("qserv_dp02_object", "filecache_dp02_dc2_catalogs.IDF.json.gz"));
    expect(real).toHaveLength(157);
    expect(real).toContain(4431);
    writeFileSync(join(tmp, "nomanifest.json"), "[]");
    expect(() => tractsOfManifest(join(tmp, "nomanifest.json"))).toThrow(InputError);
  });

  it("reads MOC footprints and masks, and circle masks", async () => {
    const file = join(tmp, "disc.moc");
    writeFileSync(file, mocToAscii(mocFromDisc(10, 55.65, -32.2, 0.2)));
    const fp = await footprintFromSpec(`moc:${file}`);
    expect(fp?.cells(10).length).toBeGreaterThan(20);
    expect((await maskFromSpec(`moc:${file}`)).cells(10).length).toBe(fp?.cells(10).length);
    expect((await maskFromSpec("circle:55.6,-32.2,0.05")).cells(14).length).toBeGreaterThan(100);
    await expect(maskFromSpec("circle:55.6,-32.2")).rejects.toThrow(UsageError);
    await expect(footprintFromSpec("bogus:1")).rejects.toThrow(UsageError);
    expect(await footprintFromSpec("extent")).toBeNull();
  });
});

describe("parseWhere", () => {
  it("turns clauses into engine conditions", () => {
    expect(parseWhere([])).toBeNull();
    expect(parseWhere(["detect_isPrimary"])).toEqual({ op: "isTrue", column: "detect_isPrimary" });
    expect(parseWhere(["detect_isPrimary and sky_object = false", "r_psfFlux > 100"])).toEqual({
      op: "and",
      args: [
        { op: "isTrue", column: "detect_isPrimary" },
        { op: "isFalse", column: "sky_object" },
        { op: "gt", column: "r_psfFlux", value: 100 },
      ],
    });
    expect(parseWhere(["not sky_object", "band = 'r'"])).toEqual({
      op: "and",
      args: [
        { op: "isFalse", column: "sky_object" },
        { op: "eq", column: "band", value: "r" },
      ],
    });
  });
  it("refuses what it cannot read", () => {
    expect(() => parseWhere(["a >"])).toThrow(UsageError);
    expect(() => parseWhere(["a = b c"])).toThrow(UsageError);
    expect(() => parseWhere(["a and"])).toThrow(UsageError);
  });
});

import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import initSqlJs from "sql.js";
import { describe, expect, it } from "vitest";
import { readExportRegions } from "../../src/failures/butler/exportYaml.js";
import {
  openRegistry,
  registryInventory,
  registryPointings,
  registryRegions,
} from "../../src/failures/butler/registry.js";
import { decodeSphgeomRegion } from "../../src/failures/butler/sphgeom.js";
import { compareInventory } from "../../src/failures/inventory.js";
import { data, ROOT, tmp } from "./data.js";

const golden = JSON.parse(readFileSync(join(ROOT, "test/golden/failures/registry_inventory.json"), "utf8"));
const vdrGolden: Record<string, [number, number][]> = JSON.parse(
  readFileSync(join(ROOT, "test/golden/failures/jointcal_vdr_corners.json"), "utf8"),
);

/** A ConvexPolygon encoding of corners (ra, dec degrees) as sphgeom writes it: 0x70 then x, y, z float64 LE. */
function encode(corners: [number, number][]): Uint8Array {
  const buf = new DataView(new ArrayBuffer(1 + 24 * corners.length));
  buf.setUint8(0, 0x70);
  corners.forEach(([ra, dec], i) => {
    const r = (ra * Math.PI) / 180;
    const d = (dec * Math.PI) / 180;
    buf.setFloat64(1 + 24 * i, Math.cos(d) * Math.cos(r), true);
    buf.setFloat64(9 + 24 * i, Math.cos(d) * Math.sin(r), true);
    buf.setFloat64(17 + 24 * i, Math.sin(d), true);
  });
  return new Uint8Array(buf.buffer);
}

describe("Butler SQLite registry (sql.js, no LSST stack)", () => {
  it("reads the real ap_verify_ci_dc2 registry: universe 7, inventory equal to Python sqlite3's", async () => {
    const reg = await openRegistry(data("ap_verify_ci_dc2/gen3.sqlite3"));
    expect(reg.universeVersion).toBe(7);
    expect(registryInventory(reg)).toEqual(golden.inventory);
    expect(registryInventory(reg).reduce((s, r) => s + r.count, 0)).toBe(212);
    // This registry has no visits: an empty region table and no pointings, never an error.
    expect(registryRegions(reg).regions.size).toBe(0);
    expect(registryPointings(reg).size).toBe(0);
    reg.close();
  });

  it("reads visit_detector_region rows and exposure pointings added to a copy of the real registry", async () => {
    const SQL = await initSqlJs();
    const db = new SQL.Database(readFileSync(data("ap_verify_ci_dc2/gen3.sqlite3")));
    const corners: [number, number][] = [
      [55.5, -32.5],
      [55.5, -32.3],
      [55.7, -32.3],
      [55.7, -32.5],
    ];
    db.run("PRAGMA foreign_keys = OFF");
    db.run(
      "INSERT INTO visit_detector_region (instrument, detector, visit, region) VALUES ('LSSTCam-imSim', 164, 982985, ?)",
      [Buffer.from(encode(corners)).toString("base64")],
    );
    db.run(
      `INSERT INTO exposure (instrument, id, physical_filter, day_obs, "group", tracking_ra, tracking_dec, sky_angle) VALUES ('LSSTCam-imSim', 982985, 'i_sim_1.4', 20220101, 'g', 55.6, -32.4, 12.5)`,
    );
    const path = join(tmp(), "gen3.sqlite3");
    writeFileSync(path, db.export());
    db.close();
    const reg = await openRegistry(path);
    const got = registryRegions(reg).regions.get("982985:164");
    expect(got).toHaveLength(4);
    got?.forEach(([ra, dec], i) => {
      expect(ra).toBeCloseTo(corners[i][0], 10);
      expect(dec).toBeCloseTo(corners[i][1], 10);
    });
    expect(registryPointings(reg).get(982985)).toEqual({ ra: 55.6, dec: -32.4, rotation: 12.5 });
    reg.close();
  });

  it("refuses non-SQLite files, SQLite files of another schema and unknown universe versions, naming the file", async () => {
    const dir = tmp();
    writeFileSync(join(dir, "a.sqlite3"), "not a database at all, just text");
    await expect(openRegistry(join(dir, "a.sqlite3"))).rejects.toThrow(/a\.sqlite3: not an SQLite database/);
    const SQL = await initSqlJs();
    const other = new SQL.Database();
    other.run("CREATE TABLE stuff (x INTEGER)");
    writeFileSync(join(dir, "b.sqlite3"), other.export());
    await expect(openRegistry(join(dir, "b.sqlite3"))).rejects.toThrow(
      /b\.sqlite3: not a Butler Gen3 registry of a known schema \(missing tables: dataset/,
    );
    const db = new SQL.Database(readFileSync(data("ap_verify_ci_dc2/gen3.sqlite3")));
    db.run("UPDATE butler_attributes SET value = '{\"version\": 99}' WHERE name = 'config:dimensions.json'");
    writeFileSync(join(dir, "c.sqlite3"), db.export());
    await expect(openRegistry(join(dir, "c.sqlite3"))).rejects.toThrow(
      /c\.sqlite3: dimension universe version 99/,
    );
  });

  it("compares the inventory with expected counts and lists missing types", () => {
    const cmp = compareInventory(golden.inventory, {
      skyMap: { expected: 1, produced: 1 },
      calexp: { expected: 10, produced: 8 },
    });
    expect(cmp.find((c) => c.datasetType === "calexp")).toEqual({
      datasetType: "calexp",
      inRegistry: 0,
      expected: 10,
      reportProduced: 8,
      missing: 10,
    });
    expect(cmp.find((c) => c.datasetType === "skyMap")).toMatchObject({ inRegistry: 1, missing: 0 });
    expect(cmp.find((c) => c.datasetType === "bfk")).toMatchObject({ expected: null, missing: null });
  });
});

describe("butler export YAML and sphgeom", () => {
  it("decodes the 30 real HSC detector regions of testdata_jointcal as Python's struct does", () => {
    const r = readExportRegions(data("butler_exports/testdata_jointcal_hsc_exports.yaml"));
    expect(r.problems).toEqual([]);
    expect([...r.regions.keys()].sort()).toEqual(Object.keys(vdrGolden).sort());
    for (const [key, corners] of r.regions) {
      corners.forEach(([ra, dec], i) => {
        expect(ra).toBeCloseTo(vdrGolden[key][i][0], 10);
        expect(dec).toBeCloseTo(vdrGolden[key][i][1], 10);
      });
    }
  });

  it("reports other region types and broken encodings instead of guessing", () => {
    expect(decodeSphgeomRegion("63000000")).toEqual({
      error: "region type byte 0x63 is not a ConvexPolygon (0x70)",
    });
    expect("error" in decodeSphgeomRegion("70000000")).toBe(true);
  });
});

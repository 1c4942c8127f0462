// Column checks on hand-built tables: every expected count below is counted by hand from the literals.
import { describe, expect, it } from "vitest";
import { fromColumns } from "../../src/io/interop.js";
import { failingIds, result, rows, runSuite } from "./helpers.js";

const NaN_ = Number.NaN;
const INF = Number.POSITIVE_INFINITY;

describe("inf", () => {
  it("counts +Inf and -Inf, and leaves them out of range checks", async () => {
    const report = await runSuite({
      tables: {
        T: { id: new BigInt64Array([1n, 2n, 3n, 4n]), fluxErr: new Float64Array([1, INF, -INF, -2]) },
      },
    });
    const inf = result(report, "T.fluxErr.inf");
    expect([inf.failing, rows(inf)]).toEqual([2, [1, 2]]);
    // Only the finite -2 is out of [0, +inf): -Inf is inf's finding, not range's.
    const range = result(report, "T.fluxErr.range");
    expect([range.failing, rows(range)]).toEqual([1, [3]]);
    expect(range.sample[0]?.value).toBe(-2);
  });
});

describe("raDec", () => {
  it("checks RA in [0, 360) and Dec in [-90, 90] degrees", async () => {
    const report = await runSuite({
      tables: {
        T: {
          id: new BigInt64Array([1n, 2n, 3n, 4n, 5n]),
          ra: new Float64Array([0, 359.99, 360, -0.01, NaN_]),
          dec: new Float64Array([-90, 90, 90.01, 0, 0]),
        },
      },
    });
    const ra = result(report, "T.ra.raDec");
    expect([ra.failing, rows(ra)]).toEqual([2, [2, 3]]);
    const dec = result(report, "T.dec.raDec");
    expect([dec.failing, rows(dec)]).toEqual([1, [2]]);
    // Samples carry the sky position in degrees.
    expect(dec.sample[0]).toMatchObject({ row: 2, ra: 360, dec: 90.01 });
  });

  it("checks radians when the schema says rad (afw catalogs), and reports positions in degrees", async () => {
    const felis = `name: s
tables:
- name: src
  primaryKey: "#src.id"
  columns:
  - {name: id, "@id": "#src.id", datatype: long}
  - {name: coord_ra, "@id": "#src.coord_ra", datatype: double, "fits:tunit": rad}
  - {name: coord_dec, "@id": "#src.coord_dec", datatype: double, "fits:tunit": rad}
`;
    const report = await runSuite({
      felis,
      tables: {
        src: {
          id: new BigInt64Array([1n, 2n, 3n]),
          // 5.6 rad = 320.9°, fine; 6.3 rad > 2π = 6.2832 is out; Dec 1.6 rad > π/2 = 1.5708 is out.
          coord_ra: new Float64Array([5.6, 6.3, 5.6]),
          coord_dec: new Float64Array([-0.005, 0, 1.6]),
        },
      },
    });
    const ra = result(report, "src.coord_ra.raDec");
    expect([ra.failing, rows(ra)]).toEqual([1, [1]]);
    expect(ra.sample[0]?.ra).toBeCloseTo((6.3 * 180) / Math.PI, 9);
    expect(result(report, "src.coord_dec.raDec").failing).toBe(1);
    // Degrees in a radian column would all fail: 320.9 > 2π.
    const wrong = await runSuite({
      felis,
      tables: {
        src: {
          id: new BigInt64Array([1n]),
          coord_ra: new Float64Array([320.9]),
          coord_dec: new Float64Array([0]),
        },
      },
    });
    expect(result(wrong, "src.coord_ra.raDec").failing).toBe(1);
  });
});

describe("allNull", () => {
  it("fails when every value is null or NaN, passes with one value, skips an empty table (which fails notEmpty)", async () => {
    const report = await runSuite({
      tables: {
        T: {
          id: new BigInt64Array([1n, 2n]),
          a: new Float64Array([NaN_, NaN_]),
          b: [null, 1.5],
          s: [null, null] as (string | null)[],
        },
      },
    });
    expect(result(report, "T.a.allNull").status).toBe("fail");
    expect(result(report, "T.b.allNull").status).toBe("pass");
    expect(result(report, "T.s.allNull").status).toBe("fail");
    const empty = await runSuite({ tables: { E: { id: new BigInt64Array([]), x: new Float64Array([]) } } });
    expect(result(empty, "E.x.allNull").status).toBe("skip");
    // Nothing examined is not a pass: row checks on an empty table are skipped, and the table itself is a finding.
    expect(result(empty, "E.x.nan")).toMatchObject({ status: "skip", failing: 0, total: 0 });
    expect(failingIds(empty)).toEqual(["E.notEmpty"]);
    expect(empty.status).toBe("fail");
    expect(empty.coverage.checked).toBe(0);
  });
});

describe("notNull with current felis nullability", () => {
  const felis = `name: s
tables:
- name: T
  primaryKey: "#T.id"
  columns:
  - {name: id, "@id": "#T.id", datatype: long}
  - {name: flux, "@id": "#T.flux", datatype: double}
  - {name: visit, "@id": "#T.visit", datatype: long}
  - {name: band, "@id": "#T.band", datatype: char, length: 1}
  - {name: good, "@id": "#T.good", datatype: boolean, nullable: false}
`;
  it("requires non-null only for primary keys and declared nullable: false", async () => {
    const report = await runSuite({
      felis,
      tables: {
        T: {
          id: [1n, null, 3n],
          flux: [1.5, null, 2.5],
          visit: [7n, null, 7n],
          band: ["r", null, "g"],
          good: [true, null, false],
        },
      },
    });
    for (const column of ["id", "good"]) {
      const r = result(report, `T.${column}.notNull`);
      expect([column, r.failing, rows(r)]).toEqual([column, 1, [1]]);
    }
    // Current felis (datamodel.py `nullable: bool = True`, since lsst/felis fc654ad, 2024-04) leaves every column
    // nullable unless declared otherwise — doubles too; only the primary key is NOT NULL (SQL primary keys are).
    expect(
      report.results
        .filter((r) => r.check === "notNull")
        .map((r) => r.column)
        .sort(),
    ).toEqual(["good", "id"]);
    // The nullable double still gets its value checks.
    for (const check of ["nan", "inf", "allNull"])
      expect(result(report, `T.flux.${check}`).status).toBe("pass");
  });
});

describe("allowed values and ranges from units", () => {
  it("accepts only LSST bands in a band column", async () => {
    const report = await runSuite({
      tables: { Source: { sourceId: new BigInt64Array([1n, 2n, 3n]), band: ["r", "HSC-R", null] } },
    });
    const r = result(report, "Source.band.range");
    expect([r.failing, rows(r)]).toEqual([1, [1]]);
  });

  it("applies unit ranges from the schema, never to fluxes or backgrounds", async () => {
    const felis = `name: s
tables:
- name: V
  columns:
  - {name: expTime, "@id": "#V.expTime", datatype: double, "fits:tunit": s}
  - {name: psfFlux, "@id": "#V.psfFlux", datatype: double, "fits:tunit": nJy}
  - {name: skyBg, "@id": "#V.skyBg", datatype: float, "fits:tunit": adu}
  - {name: mag_r, "@id": "#V.mag_r", datatype: float, "fits:tunit": mag}
  - {name: ixx, "@id": "#V.ixx", datatype: double, "fits:tunit": "pixel**2"}
  - {name: ixy, "@id": "#V.ixy", datatype: double, "fits:tunit": "pixel**2"}
`;
    const report = await runSuite({
      felis,
      tables: {
        V: {
          expTime: new Float64Array([30, -1]),
          psfFlux: new Float64Array([-50, 1e6]),
          skyBg: new Float32Array([-3, 2]),
          mag_r: new Float32Array([24, 99]),
          ixx: new Float64Array([2, -0.5]),
          ixy: new Float64Array([-0.7, 0.3]),
        },
      },
    });
    expect(failingIds(report)).toEqual(["V.expTime.range", "V.ixx.range", "V.mag_r.range"]);
  });

  it("converts a user's AB magnitude limit into a flux bound in nJy", async () => {
    const felis = `name: s
tables:
- name: Object
  columns:
  - {name: r_psfFlux, "@id": "#Object.r_psfFlux", datatype: double, "fits:tunit": nJy}
`;
    // ..23.9 mag means flux >= 10^((31.4 - 23.9) / 2.5) = 10^3 nJy.
    const report = await runSuite({
      felis,
      tables: { Object: { r_psfFlux: new Float64Array([999, 1000, 5000]) } },
      ranges: [{ table: "Object", column: "r_psfFlux", max: { value: 23.9, unit: "mag" } }],
    });
    const r = result(report, "Object.r_psfFlux.range");
    expect([r.failing, rows(r)]).toEqual([1, [0]]);
  });
});

describe("sample locators", () => {
  it("keeps at most 20 sample rows in table order with key and position", async () => {
    const n = 50;
    const report = await runSuite({
      tables: {
        T: fromColumns("T", {
          id: BigInt64Array.from({ length: n }, (_, i) => BigInt(100 + i)),
          ra: Float64Array.from({ length: n }, (_, i) => i),
          dec: Float64Array.from({ length: n }, () => -30),
          x: Float64Array.from({ length: n }, () => NaN_),
        }),
      },
    });
    const r = result(report, "T.x.nan");
    expect(r.failing).toBe(50);
    expect(r.sample.length).toBe(20);
    expect(r.sample[19]).toMatchObject({ row: 19, key: "119", ra: 19, dec: -30 });
  });
});

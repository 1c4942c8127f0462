// Table checks on hand-built tables: unique, foreignKey, schema comparison, row counts, errors that never pass.
import { describe, expect, it } from "vitest";
import { exitCodeFor } from "../../src/core/results.js";
import { failingIds, result, rows, runSuite } from "./helpers.js";

const felis = `name: s
tables:
- name: Object
  primaryKey: "#Object.objectId"
  columns:
  - {name: objectId, "@id": "#Object.objectId", datatype: long}
  - {name: coord_ra, "@id": "#Object.coord_ra", datatype: double, "fits:tunit": deg}
  - {name: coord_dec, "@id": "#Object.coord_dec", datatype: double, "fits:tunit": deg}
- name: ForcedSource
  primaryKey: "#ForcedSource.forcedSourceId"
  columns:
  - {name: forcedSourceId, "@id": "#ForcedSource.forcedSourceId", datatype: long}
  - {name: objectId, "@id": "#ForcedSource.objectId", datatype: long}
  - {name: psfFlux, "@id": "#ForcedSource.psfFlux", datatype: double, "fits:tunit": nJy}
  constraints:
  - name: FK_ForcedSource_objectId
    "@id": "#FK_ForcedSource_objectId"
    "@type": ForeignKey
    columns: ["#ForcedSource.objectId"]
    referencedColumns: ["#Object.objectId"]
`;

const object = {
  objectId: new BigInt64Array([1n, 2n, 2n, 3n, 3n, 3n, 4n]),
  coord_ra: new Float64Array([10, 11, 12, 13, 14, 15, 16]),
  coord_dec: new Float64Array([-30, -30, -30, -30, -30, -30, -30]),
};
const forced = {
  forcedSourceId: new BigInt64Array([10n, 11n, 12n, 13n]),
  objectId: [1n, 9n, null, 4n],
  psfFlux: new Float64Array([-1, 2, 3, 4]),
};

describe("unique and foreignKey", () => {
  it("counts every row whose key repeats, and every row whose key is absent from the target", async () => {
    const report = await runSuite({ felis, tables: { Object: object, ForcedSource: forced } });
    // objectId 2 twice and 3 three times: 5 rows.
    const unique = result(report, "Object.objectId.unique");
    expect([unique.status, unique.failing, unique.total]).toEqual(["fail", 5, 7]);
    expect(rows(unique).sort()).toEqual([1, 2, 3, 4, 5]);
    // objectId 9 is not an Object; the null is not an orphan.
    const fk = result(report, "ForcedSource.objectId.foreignKey");
    expect([fk.status, fk.failing, rows(fk)]).toEqual(["fail", 1, [1]]);
    expect(fk.sample[0]?.key).toBe("11");
    expect(result(report, "ForcedSource.forcedSourceId.unique").status).toBe("pass");
    expect(failingIds(report)).toEqual(["ForcedSource.objectId.foreignKey", "Object.objectId.unique"]);
  });

  it("adds built-in DP0.2 relations the schema does not declare, only when the target table is given", async () => {
    const alone = await runSuite({
      tables: { DiaSource: { diaSourceId: new BigInt64Array([1n]), diaObjectId: new BigInt64Array([5n]) } },
    });
    expect(alone.results.some((r) => r.check === "foreignKey")).toBe(false);
    const both = await runSuite({
      tables: {
        DiaSource: { diaSourceId: new BigInt64Array([1n, 2n]), diaObjectId: new BigInt64Array([5n, 6n]) },
        DiaObject: { diaObjectId: new BigInt64Array([5n]) },
      },
    });
    expect(result(both, "DiaSource.diaObjectId.foreignKey").failing).toBe(1);
  });
});

describe("schema comparison", () => {
  it("reports missing, extra and wrongly typed columns, one result per column", async () => {
    const report = await runSuite({
      felis,
      tables: {
        Object: {
          objectId: new Int32Array([1, 2]),
          coord_ra: new Float32Array([10, 11]),
          extra: new Float64Array([0, 0]),
        },
      },
    });
    expect(failingIds(report)).toEqual([
      "Object.coord_dec.schema.missingColumn",
      "Object.coord_ra.schema.type",
      "Object.extra.schema.extraColumn",
      "Object.objectId.schema.type",
    ]);
    // The missing column is reported once (schema.missingColumn); its other checks are marked as not run
    // because of it (skip, never pass, never repeated as errors).
    const missing = report.results.filter((r) => r.column === "coord_dec" && !r.check.startsWith("schema."));
    expect(missing.length).toBeGreaterThan(0);
    expect(
      missing.every(
        (r) =>
          r.status === "skip" && /not run: column coord_dec missing .*schema\.missingColumn/.test(r.message),
      ),
    ).toBe(true);
    expect(report.coverage.unchecked).toEqual(["Object.coord_dec"]);
    expect([report.coverage.columns, report.coverage.checked]).toEqual([3, 2]);
    expect(report.status).toBe("fail");
  });

  it("passes wider integers and double data for float columns, as the contract allows", async () => {
    const wide = `name: s
tables:
- name: T
  columns:
  - {name: n, "@id": "#T.n", datatype: int}
  - {name: f, "@id": "#T.f", datatype: float}
`;
    const report = await runSuite({
      felis: wide,
      tables: { T: { n: new BigInt64Array([1n]), f: new Float64Array([1]) } },
    });
    expect(result(report, "T.schema.type").status).toBe("pass");
    expect(report.status).toBe("pass");
  });
});

describe("errors and row counts", () => {
  it("marks the unique check of a missing key column as not run, and a bad range as an error (exit 3)", async () => {
    const report = await runSuite({
      felis,
      tables: { ForcedSource: { objectId: new BigInt64Array([1n]), psfFlux: new Float64Array([1]) } },
    });
    const unique = result(report, "ForcedSource.forcedSourceId.unique");
    expect(unique.status).toBe("skip");
    expect(unique.message).toMatch(/not run: key column forcedSourceId missing/);
    // The missing column is also a schema finding, so the run fails (fail wins over error).
    expect(report.status).toBe("fail");
    const noSchema = await runSuite({
      tables: { T: { id: new BigInt64Array([1n]) } },
      ranges: [{ table: "T", column: "nope", min: { value: 0 } }],
    });
    const r = result(noSchema, "T.nope.range");
    expect(r.status).toBe("error");
    expect([noSchema.status, exitCodeFor(noSchema.status)]).toEqual(["error", 3]);
  });

  it("compares row counts with an expected manifest", async () => {
    const report = await runSuite({
      tables: { A: { id: new BigInt64Array([1n, 2n, 3n]) }, B: { id: new BigInt64Array([1n]) } },
      expectedRows: { A: 3, B: 2 },
    });
    expect(result(report, "A.rowCount").status).toBe("pass");
    expect(result(report, "B.rowCount")).toMatchObject({ status: "fail", message: "1 rows, expected 2" });
  });
});

describe("cross-band consistency", () => {
  it("flags the band whose type differs from the other bands", async () => {
    const report = await runSuite({
      tables: {
        Object: {
          objectId: new BigInt64Array([1n]),
          g_psfFlux: new Float64Array([1]),
          r_psfFlux: new Float32Array([1]),
          i_psfFlux: new Float64Array([1]),
        },
      },
    });
    expect(failingIds(report)).toEqual(["Object.r_psfFlux.crossBand"]);
  });
});

describe("multi-column foreign keys (felis ForeignKey over several columns)", () => {
  const felis = `name: s
tables:
- name: CcdVisit
  "@id": "#CcdVisit"
  primaryKey: ["#CcdVisit.visitId", "#CcdVisit.detector"]
  columns:
  - {name: visitId, "@id": "#CcdVisit.visitId", datatype: long}
  - {name: detector, "@id": "#CcdVisit.detector", datatype: int}
- name: Source
  "@id": "#Source"
  primaryKey: "#Source.sourceId"
  columns:
  - {name: sourceId, "@id": "#Source.sourceId", datatype: long}
  - {name: visit, "@id": "#Source.visit", datatype: long}
  - {name: detector, "@id": "#Source.detector", datatype: int}
  constraints:
  - name: fk_Source_CcdVisit
    "@type": ForeignKey
    columns: ["#Source.visit", "#Source.detector"]
    referencedColumns: ["#CcdVisit.visitId", "#CcdVisit.detector"]
`;

  it("fails on rows whose (visit, detector) pair is absent, although each part exists alone; nulls never count", async () => {
    const report = await runSuite({
      felis,
      tables: {
        CcdVisit: { visitId: new BigInt64Array([10n, 10n, 11n]), detector: Int32Array.from([1, 2, 1]) },
        Source: {
          sourceId: new BigInt64Array([1n, 2n, 3n, 4n, 5n]),
          // (11, 2) pairs an existing visit with an existing detector, but CcdVisit has no such pair.
          visit: new BigInt64Array([10n, 11n, 11n, 10n, 12n]),
          detector: [2, 2, 1, null, 1],
        },
      },
    });
    const fk = result(report, "Source.visit.foreignKey");
    expect([fk.status, fk.failing, fk.total]).toEqual(["fail", 2, 5]);
    expect(fk.message).toBe("2 of 5 rows have a (visit, detector) with no CcdVisit.(visitId, detector)");
    expect(fk.sample.map((s) => [s.row, s.key, s.value])).toEqual([
      [1, "2", "11|2"],
      [4, "5", "12|1"],
    ]);
  });

  it("passes when every pair exists, and errors naming a missing key column", async () => {
    const ok = await runSuite({
      felis,
      tables: {
        CcdVisit: { visitId: new BigInt64Array([10n, 11n]), detector: Int32Array.from([1, 2]) },
        Source: {
          sourceId: new BigInt64Array([1n, 2n]),
          visit: new BigInt64Array([10n, 11n]),
          detector: Int32Array.from([1, 2]),
        },
      },
    });
    expect(result(ok, "Source.visit.foreignKey").status).toBe("pass");
    const missing = await runSuite({
      felis,
      tables: {
        CcdVisit: { visitId: new BigInt64Array([10n]) },
        Source: { sourceId: new BigInt64Array([1n]), visit: new BigInt64Array([10n]), detector: [1] },
      },
    });
    expect(result(missing, "Source.visit.foreignKey")).toMatchObject({
      status: "error",
      message: expect.stringContaining("CcdVisit.detector missing"),
    });
  });
});

// Data as it really arrives: NULL as a missing measurement, text tables read with the schema's types, columns
// that storage adds, missing columns and flags. Each class has a real-data case in real-data.test.ts and
// regression.test.ts; these fixtures isolate it.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { positionOf } from "../../src/checks/rules.js";
import { canonical } from "../../src/checks/typed/schemaTypes.js";
import { openTable } from "../../src/io/open.js";
import { failingIds, result, rows, runSuite } from "./helpers.js";

const felis = `name: s
tables:
- name: Object
  "@id": "#Object"
  primaryKey: "#Object.objectId"
  columns:
  - {name: objectId, "@id": "#Object.objectId", datatype: long}
  - {name: g_psfFlux, "@id": "#Object.g_psfFlux", datatype: double, "ivoa:unit": nJy}
  - {name: g_psfFluxErr, "@id": "#Object.g_psfFluxErr", datatype: double, "ivoa:unit": nJy}
  - {name: g_psfFlux_flag, "@id": "#Object.g_psfFlux_flag", datatype: boolean}
  - {name: r_psfFlux, "@id": "#Object.r_psfFlux", datatype: double, "ivoa:unit": nJy}
  - {name: r_psfFluxErr, "@id": "#Object.r_psfFluxErr", datatype: double, "ivoa:unit": nJy}
  - {name: r_psfFlux_flag, "@id": "#Object.r_psfFlux_flag", datatype: boolean}
`;

function tempCsv(text: string): string {
  const path = join(mkdtempSync(join(tmpdir(), "skygate-arrival-")), "t.csv");
  writeFileSync(path, text);
  return path;
}

describe("NULL is a missing measurement", () => {
  it("reports a NULL flux whose flag is false under nanWithoutFlag, while nan keeps counting only NaN", async () => {
    const report = await runSuite({
      felis,
      tables: {
        Object: {
          objectId: new BigInt64Array([1n, 2n, 3n, 4n]),
          g_psfFlux: [1, null, null, Number.NaN],
          g_psfFluxErr: [0.1, 0.1, 0.1, 0.1],
          g_psfFlux_flag: [false, false, true, false],
          r_psfFlux: [1, 2, 3, 4],
          r_psfFluxErr: [0.1, 0.1, 0.1, 0.1],
          r_psfFlux_flag: [false, false, false, false],
        },
      },
    });
    const missing = result(report, "Object.g_psfFlux.nanWithoutFlag");
    // row 1: NULL with the flag false; row 3: NaN with the flag false; row 2: NULL with the flag set (legitimate).
    expect([missing.status, missing.failing, rows(missing)]).toEqual(["fail", 2, [1, 3]]);
    expect(missing.message).toMatch(/NaN or null while g_psfFlux_flag is false/);
    // nan counts NaN only (and only where the flag is null); the NULLs are not NaN.
    expect(result(report, "Object.g_psfFlux.nan").status).toBe("pass");
    expect(failingIds(report)).toEqual(["Object.g_psfFlux.nanWithoutFlag"]);
  });
});

describe("messages say what was found", () => {
  it("a passing NaN rule counts the NaN and names what explains them, and stays factual when another rule fails", async () => {
    const report = await runSuite({
      felis,
      tables: {
        Object: {
          objectId: new BigInt64Array([1n, 2n, 3n, 4n]),
          g_psfFlux: [1, Number.NaN, Number.NaN, 2],
          g_psfFluxErr: [0.1, 0.1, 0.1, 0.1],
          g_psfFlux_flag: [false, true, true, false],
          r_psfFlux: [1, Number.NaN, null, 4],
          r_psfFluxErr: [0.1, 0.1, 0.1, 0.1],
          r_psfFlux_flag: [false, true, false, false],
        },
      },
    });
    expect(result(report, "Object.g_psfFlux.nan").message).toBe(
      "2 NaN in 4 rows, all explained by `g_psfFlux_flag` set",
    );
    expect(result(report, "Object.g_psfFlux.nanWithoutFlag").message).toBe(
      "2 NaN in 4 rows: no NaN or null while g_psfFlux_flag is false (explained where `g_psfFlux_flag` set)",
    );
    // r: the NULL in row 2 has its flag false, so nanWithoutFlag fails and nan does not claim "all explained".
    expect(result(report, "Object.r_psfFlux.nanWithoutFlag").status).toBe("fail");
    expect(result(report, "Object.r_psfFlux.nan").message).toBe(
      "1 NaN in 4 rows: no NaN values with r_psfFlux_flag null (explained where `r_psfFlux_flag` set)",
    );
    // Without NaN the message stays as it was.
    expect(result(report, "Object.g_psfFluxErr.nan").message).toBe(
      "no NaN values with g_psfFlux_flag null in 4 rows",
    );
  });
});

describe("a column missing in every row", () => {
  it("is reported once, by allNull; nanWithoutFlag does not repeat it row by row", async () => {
    const report = await runSuite({
      felis,
      tables: {
        Object: {
          objectId: new BigInt64Array([1n, 2n]),
          g_psfFlux: [null, Number.NaN], // missing twice: NULL and NaN alike
          g_psfFluxErr: [0.1, 0.1],
          g_psfFlux_flag: [false, false],
          r_psfFlux: [1, 2],
          r_psfFluxErr: [0.1, 0.1],
          r_psfFlux_flag: [false, false],
        },
      },
    });
    expect(failingIds(report)).toEqual(["Object.g_psfFlux.allNull"]);
    const repeat = result(report, "Object.g_psfFlux.nanWithoutFlag");
    expect([repeat.status, repeat.failing]).toEqual(["skip", 2]);
    expect(repeat.message).toMatch(/^not repeated: every value of g_psfFlux is missing \(allNull\)/);
  });
});

describe("text tables read with the schema's types", () => {
  it("reads Qserv 0/1 flags as booleans and an all-empty double column as doubles: no type or crossBand alarm", async () => {
    const csv = tempCsv(
      "objectId,g_psfFlux,g_psfFluxErr,g_psfFlux_flag,r_psfFlux,r_psfFluxErr,r_psfFlux_flag\n" +
        "1,,,1,2.5,0.5,0\n2,,,1,3.5,0.5,0\n",
    );
    const report = await runSuite({ felis, tables: { Object: await openTable("Object", csv) } });
    expect(result(report, "Object.schema.type").status).toBe("pass");
    expect(report.results.filter((r) => r.check === "crossBand" && r.status === "fail")).toEqual([]);
    // g_psfFlux is NULL in both rows with its flag set: explained, so only allNull speaks.
    expect(failingIds(report)).toEqual(["Object.g_psfFlux.allNull", "Object.g_psfFluxErr.allNull"]);
  });

  it("reports a value that does not parse with the schema's type as schema.parse, naming the row", async () => {
    const csv = tempCsv(
      "objectId,g_psfFlux,g_psfFluxErr,g_psfFlux_flag,r_psfFlux,r_psfFluxErr,r_psfFlux_flag\n" +
        "1,1.5,0.5,0,2.5,0.5,0\n2,oops,0.5,0,3.5,0.5,maybe\n",
    );
    const report = await runSuite({ felis, tables: { Object: await openTable("Object", csv) } });
    const flux = result(report, "Object.g_psfFlux.schema.parse");
    expect([flux.status, flux.failing, flux.total, rows(flux)]).toEqual(["fail", 1, 2, [1]]);
    expect(flux.message).toBe('1 of 2 values do not parse as double (read as null): row 2 "oops"');
    expect(result(report, "Object.r_psfFlux_flag.schema.parse").message).toMatch(/boolean.*row 2 "maybe"/);
    // The unparseable flux is read as null: a missing measurement whose flag is false.
    expect(result(report, "Object.g_psfFlux.nanWithoutFlag").failing).toBe(1);
  });

  it("reads an all-empty CSV column without a schema as Null-typed, not text: no crossBand alarm", async () => {
    const csv = tempCsv("objectId,g_psfFlux,r_psfFlux,i_psfFlux\n1,1.5,2.5,\n2,1.25,3.5,\n");
    const source = await openTable("Object", csv);
    const { data } = await source.read();
    expect(String(data.getChild("i_psfFlux")?.type)).toBe("Null");
    const report = await runSuite({ tables: { Object: source } });
    expect(report.results.filter((r) => r.check === "crossBand" && r.status === "fail")).toEqual([]);
    // The empty band is still a finding: every value is missing.
    expect(failingIds(report)).toEqual(["Object.i_psfFlux.allNull"]);
    // A real text band still disagrees with the others.
    const text = tempCsv("objectId,g_psfFlux,r_psfFlux,i_psfFlux\n1,1.5,2.5,x\n2,1.25,3.5,\n");
    const mixed = await runSuite({ tables: { Object: await openTable("Object", text) } });
    expect(result(mixed, "Object.i_psfFlux.crossBand").status).toBe("fail");
  });

  it("accepts database spellings of booleans, integers and NULL", () => {
    expect([canonical("1", "boolean"), canonical("0", "boolean"), canonical("yes", "boolean")]).toEqual([
      "true",
      "false",
      "true",
    ]);
    expect([canonical("3.0", "long"), canonical("3.5", "long"), canonical("200", "byte")]).toEqual([
      "3",
      undefined,
      undefined,
    ]);
    // 64-bit ids stay exact (no detour through a double).
    expect(canonical("9223372036854775807", "long")).toBe("9223372036854775807");
  });
});

describe("columns storage adds, missing columns and flags", () => {
  it("recognises pandas index and Qserv chunk columns once, not as extra schema columns", async () => {
    const report = await runSuite({
      felis,
      tables: {
        Object: {
          objectId: new BigInt64Array([1n]),
          g_psfFlux: [1],
          g_psfFluxErr: [0.1],
          g_psfFlux_flag: [false],
          r_psfFlux: [1],
          r_psfFluxErr: [0.1],
          r_psfFlux_flag: [false],
          __index_level_0__: new BigInt64Array([0n]),
          chunkId: new BigInt64Array([57866n]),
          subChunkId: new BigInt64Array([3n]),
          pixelId: new BigInt64Array([7n]),
        },
      },
    });
    expect(failingIds(report)).toEqual(["Object.pixelId.schema.extraColumn"]);
    const known = report.results.filter((r) => r.check === "schema.knownColumn");
    expect(known.map((r) => [r.column, r.status])).toEqual([
      ["__index_level_0__", "skip"],
      ["chunkId", "skip"],
      ["subChunkId", "skip"],
    ]);
    expect(known[0]?.message).toMatch(/pandas index/);
    expect(known[1]?.message).toMatch(/Qserv partitioning/);
  });

  it("reports a missing column once and marks its other checks as not run", async () => {
    const report = await runSuite({
      felis,
      tables: {
        Object: {
          objectId: new BigInt64Array([1n]),
          g_psfFlux: [1],
          g_psfFluxErr: [0.1],
          g_psfFlux_flag: [false],
          r_psfFluxErr: [0.1],
          r_psfFlux_flag: [false],
        },
      },
    });
    expect(failingIds(report)).toEqual(["Object.r_psfFlux.schema.missingColumn"]);
    expect(report.results.filter((r) => r.status === "error")).toEqual([]);
    const others = report.results.filter((r) => r.column === "r_psfFlux" && !r.check.startsWith("schema."));
    expect(others.map((r) => r.check).sort()).toEqual([
      "allNull",
      "constant",
      "errorPair",
      "inf",
      "nan",
      "nanWithoutFlag",
    ]);
    expect(
      others.every((r) => r.status === "skip" && /not run: column r_psfFlux missing/.test(r.message)),
    ).toBe(true);
  });

  it("keeps the value's own checks running when its failure flag is missing; the flag rule points at schema.missingColumn", async () => {
    const report = await runSuite({
      felis,
      tables: {
        Object: {
          objectId: new BigInt64Array([1n, 2n]),
          g_psfFlux: [1, 1],
          g_psfFluxErr: [0.1, 0.1],
          g_psfFlux_flag: [false, false],
          r_psfFlux: [Number.NaN, Number.POSITIVE_INFINITY],
          r_psfFluxErr: [0.1, 0.1],
        },
      },
    });
    expect(result(report, "Object.r_psfFlux.nan").failing).toBe(1);
    expect(result(report, "Object.r_psfFlux.inf").failing).toBe(1);
    const rule = result(report, "Object.r_psfFlux.nanWithoutFlag");
    expect([rule.status, rule.message]).toEqual([
      "skip",
      "not run: failure flag r_psfFlux_flag missing from the data (schema.missingColumn)",
    ]);
    expect(result(report, "Object.r_psfFlux_flag.schema.missingColumn").status).toBe("fail");
  });
});

describe("empty tables", () => {
  it("reports an empty table once (exit 1) unless it may be empty; its row checks are not run", async () => {
    const empty = { id: new BigInt64Array([]), x: new Float64Array([]) };
    const report = await runSuite({ tables: { E: empty } });
    expect(failingIds(report)).toEqual(["E.notEmpty"]);
    expect(result(report, "E.notEmpty").message).toMatch(/table has no rows/);
    expect(result(report, "E.x.inf").status).toBe("skip");
    const allowed = await runSuite({ tables: { E: empty }, allowEmpty: ["E"] });
    expect(allowed.results.some((r) => r.check === "notEmpty")).toBe(false);
    expect(allowed.status).toBe("pass");
    expect(allowed.coverage.checked).toBe(0);
  });
});

describe("derived quantities (rule table in src/checks/family/derived.ts)", () => {
  it("explains a magnitude NaN by its non-positive flux, and an HSM ellipticity NaN by its moments' flag", async () => {
    const report = await runSuite({
      tables: {
        T: {
          id: new BigInt64Array([1n, 2n, 3n, 4n]),
          base_PsfFlux_instFlux: [10, -2, 0, 5],
          base_PsfFlux_flag: [false, false, false, false],
          // rows 1, 2: flux <= 0, so no magnitude (explained); row 3: flux 5 but no magnitude (a finding).
          base_PsfFlux_mag: [20, Number.NaN, Number.NaN, Number.NaN],
          ext_shapeHSM_HsmSourceMoments_flag: [false, true, false, false],
          ext_shapeHSM_HsmSourceMoments_xx: [1, 1, Number.NaN, 1],
          ext_shapeHSM_HsmSourceMoments_yy: [1, 1, 1, 1],
          ext_shapeHSM_HsmSourceMoments_xy: [0, 0, 0, 0],
          // row 1: flag set; row 2: moments not finite (both explained); row 3: unexplained.
          e1: [0.1, Number.NaN, Number.NaN, Number.NaN],
        },
      },
    });
    const mag = result(report, "T.base_PsfFlux_mag.nanWithoutFlag");
    expect([mag.failing, rows(mag)]).toEqual([1, [3]]);
    const e1 = result(report, "T.e1.nan");
    expect([e1.failing, rows(e1)]).toEqual([1, [3]]);
  });
});

describe("positions under the names real catalogs use", () => {
  it("recognises Rubin, per-band, VizieR and Gaia spellings, and not their errors or correlations", () => {
    const axis = (name: string) =>
      positionOf({ name, unit: null, ucd: null, physical: "float64", datatype: "double" } as never)?.axis ??
      null;
    expect(["coord_ra", "coord_ra_r", "ra", "RA_ICRS", "raJ2000", "RAJ2000", "s_ra"].map(axis)).toEqual(
      Array(7).fill("ra"),
    );
    expect(["coord_dec", "coord_dec_r", "decl", "DE_ICRS", "DEJ2000", "decJ2000"].map(axis)).toEqual(
      Array(6).fill("dec"),
    );
    expect(["ra_error", "ra_pmra_corr", "dec_parallax_corr", "raErr"].map(axis)).toEqual([
      null,
      null,
      null,
      null,
    ]);
  });
});

describe("constant measurements", () => {
  it("fails a schema measurement whose finite values never vary, passes one that varies, skips too few values", async () => {
    const report = await runSuite({
      felis,
      tables: {
        Object: {
          objectId: new BigInt64Array([1n, 2n, 3n]),
          g_psfFlux: [0, 0, Number.NaN],
          g_psfFluxErr: [0.1, 0.1, 0.1],
          g_psfFlux_flag: [false, false, true],
          r_psfFlux: [1, 2, null],
          r_psfFluxErr: [0.1, 0.1, 0.1],
          r_psfFlux_flag: [false, false, true],
        },
      },
    });
    const g = result(report, "Object.g_psfFlux.constant");
    expect([g.status, g.failing, g.message]).toEqual([
      "fail",
      2,
      "every one of 2 finite values is 0: a measurement that never varies",
    ]);
    expect(result(report, "Object.r_psfFlux.constant").status).toBe("pass");
    expect(failingIds(report)).toEqual(["Object.g_psfFlux.constant"]);
  });
});

// Expected positions, units and kinds are read off the YAML (UCD `pos.eq.ra;meta.main`, `fits:tunit: deg`,
// datatype lines), off the HSC src FITS header (TUNIT3 = 'rad' for coord_ra, see faro_hsc/PROVENANCE.md), and
// off the Qserv DP0.2 Object definition (462 BOOLEAN columns).
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  type ClassifiableColumn,
  classifyColumn,
  classifyTable,
  findColumn,
  loadFelis,
  mainIdColumn,
  positionAxis,
  positionColumns,
  positionPairs,
  requireTable,
} from "../../src/schema/index.js";
import { external, externalText } from "../helpers/paths.js";
import { fitsHeaderColumns } from "./fits-header.js";

const SDM = external("sdm_schemas");
const dp02 = loadFelis(join(SDM, "dp02_dc2.yaml"));

describe("position columns", () => {
  it("DP0.2 main positions: coord_ra/coord_dec, ra/decl, s_ra/s_dec, ra/dec — all in degrees", () => {
    const main = Object.fromEntries(dp02.tables.map((t) => [t.name, positionColumns(t)]));
    const pair = (ra: string, dec: string) => ({ ra, dec, unit: "deg", unitDeclared: true, main: true });
    expect(main.Object).toEqual(pair("coord_ra", "coord_dec"));
    expect(main.Source).toEqual(pair("coord_ra", "coord_dec"));
    expect(main.ForcedSource).toEqual(pair("coord_ra", "coord_dec"));
    expect(main.DiaObject).toEqual(pair("ra", "decl"));
    expect(main.Visit).toEqual(pair("ra", "decl"));
    expect(main.CcdVisit).toEqual(pair("ra", "decl"));
    expect(main.CoaddPatches).toEqual(pair("s_ra", "s_dec"));
    expect(main.TruthSummary).toEqual(pair("ra", "dec"));
    expect(main.MatchesTruth).toBeUndefined();
  });

  it("every pair: per-band positions of Object and the CCD corners of CcdVisit", () => {
    const object = positionPairs(requireTable(dp02, "Object")).map((p) => `${p.ra}/${p.dec}`);
    expect(object.sort()).toEqual(
      ["coord_ra/coord_dec", ...["u", "g", "r", "i", "z", "y"].map((b) => `${b}_ra/${b}_decl`)].sort(),
    );
    const ccd = positionPairs(requireTable(dp02, "CcdVisit")).map((p) => `${p.ra}/${p.dec}`);
    expect(ccd).toEqual(["ra/decl", "llcra/llcdec", "ulcra/ulcdec", "urcra/urcdec", "lrcra/lrcdec"]);
  });

  it("errors, covariances, proper motions and O−C offsets are not positions", () => {
    const sssource = requireTable(loadFelis(join(SDM, "drp_base.yaml")), "SSSource");
    // drp_base.yaml: ephOffsetRa has ivoa:ucd pos.eq.ra;stat.fit.omc and unit arcsec.
    expect(findColumn(sssource, "ephOffsetRa")?.ucd).toBe("pos.eq.ra;stat.fit.omc");
    expect(positionAxis(findColumn(sssource, "ephOffsetRa") ?? { name: "" })).toBeUndefined();
    expect(positionPairs(sssource).map((p) => p.ra)).toEqual(["ephRa"]);
    const object = requireTable(loadFelis(join(SDM, "dp2.yaml")), "Object");
    for (const name of ["coord_raErr", "coord_ra_dec_Cov"]) {
      expect(positionAxis(findColumn(object, name) ?? { name: "" }), name).toBeUndefined();
    }
    const stars = requireTable(loadFelis(join(SDM, "drp_base.yaml")), "IsolatedStarStellarMotions");
    expect(positionAxis(findColumn(stars, "raPM") ?? { name: "" })).toBeUndefined();
  });

  it("afw src catalog (real HSC FITS header): coord_ra/coord_dec in radians", () => {
    const columns = fitsHeaderColumns(
      external("faro_hsc", "src_HSC_i_HSC-I_903986_0_31_HSC_runs_ci_hsc_20210407T021858Z.fits.gz"),
    );
    expect(columns.find((c) => c.name === "coord_ra")?.unit).toBe("rad");
    expect(positionColumns(columns)).toEqual({
      ra: "coord_ra",
      dec: "coord_dec",
      unit: "rad",
      unitDeclared: true,
      main: true,
    });
  });

  it("no unit: degrees assumed and said so", () => {
    expect(positionColumns([{ name: "ra" }, { name: "dec" }])).toMatchObject({
      unit: "deg",
      unitDeclared: false,
    });
    expect(
      positionColumns([
        { name: "ra", unit: "deg" },
        { name: "dec", unit: "rad" },
      ]),
    ).toBeUndefined();
    expect(
      positionColumns([
        { name: "ra", unit: "arcsec" },
        { name: "dec", unit: "arcsec" },
      ]),
    ).toBeUndefined();
  });

  it("main identifier: primary key, else the meta.id;meta.main column", () => {
    expect(mainIdColumn(requireTable(dp02, "Object"))).toBe("objectId");
    expect(mainIdColumn(requireTable(dp02, "CoaddPatches"))).toBeUndefined();
    expect(mainIdColumn(requireTable(loadFelis(join(SDM, "apdb.yaml")), "DiaObject"))).toBeUndefined();
  });
});

describe("column classification", () => {
  const object = classifyTable(requireTable(dp02, "Object"));
  const kind = (map: Map<string, { kind: string }>, name: string) => map.get(name)?.kind;

  it("DP0.2 Object: 462 flags, as many as the BOOLEAN columns of the Qserv definition", () => {
    const qserv = JSON.parse(
      readFileSync(external("qserv_dp02_object", "Object_table_schema.json"), "utf8"),
    ) as {
      schema: Array<{ type: string }>;
    };
    const booleans = qserv.schema.filter((c) => c.type.startsWith("BOOLEAN")).length;
    expect(booleans).toBe(462);
    expect([...object.values()].filter((c) => c.kind === "flag")).toHaveLength(booleans);
  });

  it("DP0.2 Object columns by kind (hand-checked against their YAML definitions)", () => {
    expect(object.get("objectId")).toMatchObject({ kind: "key" });
    expect(object.get("coord_ra")).toMatchObject({ kind: "ra", unit: "deg", range: { min: 0, max: 360 } });
    expect(object.get("coord_dec")).toMatchObject({ kind: "dec", range: { min: -90, max: 90 } });
    expect(object.get("r_psfFlux")).toMatchObject({ kind: "flux", unit: "nJy" });
    expect(object.get("r_psfFlux")?.range).toBeUndefined(); // forced fluxes can be negative
    expect(object.get("r_psfFluxErr")).toMatchObject({
      kind: "error",
      errorOf: "r_psfFlux",
      range: { min: 0 },
    });
    expect(object.get("r_ixx")).toMatchObject({ kind: "moment", diagonal: true, range: { min: 0 } });
    expect(object.get("r_ixy")).toMatchObject({ kind: "moment", diagonal: false });
    expect(object.get("r_ixy")?.range).toBeUndefined();
    expect(kind(object, "x")).toBe("pixel");
    expect(kind(object, "parentObjectId")).toBe("id");
    expect(kind(object, "tract")).toBe("id");
    expect(kind(object, "deblend_nChild")).toBe("count");
    expect(kind(object, "r_inputCount")).toBe("count");
    expect(kind(object, "refExtendedness")).toBe("fraction");
    expect(kind(object, "footprintArea")).toBe("size");
    expect(kind(object, "refBand")).toBe("text");
    expect(kind(object, "r_bdChi2")).toBe("chi2");
    expect(kind(object, "r_bdE1")).toBe("shape"); // an ellipticity in pixel², can be negative
  });

  it("the genuine DP0.2 Object row lies inside every range the classification gives (no false alarm)", () => {
    const qserv = JSON.parse(
      readFileSync(external("qserv_dp02_object", "Object_table_schema.json"), "utf8"),
    ) as {
      schema: Array<{ name: string }>;
    };
    const row = readFileSync(external("qserv_dp02_object", "chunk_57866.txt"), "utf8").trimEnd().split(",");
    const outside: string[] = [];
    let checked = 0;
    qserv.schema.forEach((column, i) => {
      const range = object.get(column.name)?.range;
      if (!range || row[i] === "\\N") return;
      const value = Number(row[i]);
      checked++;
      if (
        (range.min !== undefined && !(value >= range.min)) ||
        (range.max !== undefined && !(value <= range.max))
      ) {
        outside.push(`${column.name}=${row[i]}`);
      }
    });
    expect(checked).toBeGreaterThan(250);
    expect(outside).toEqual([]);
    // And a range does fire: the row's coord_ra (49.98°) would be outside a radian RA range.
    expect(classifyColumn({ name: "coord_ra", datatype: "double", unit: "rad" }).range?.max).toBeLessThan(
      49.98,
    );
  });

  it("2994 real ComCam DiaSources (ECSV, no units) lie inside every range the names imply", () => {
    const text = externalText("analysis_tools_comcam_dia", "diaSourceTable_tract_test.ecsv.gz");
    const felisOf: Record<string, ClassifiableColumn["datatype"]> = {
      float64: "double",
      float32: "float",
      int64: "long",
      int32: "int",
      int16: "short",
      bool: "boolean",
      string: "string",
    };
    const columns = [...text.matchAll(/^# - \{name: (\w+), datatype: (\w+)/gm)].map((m) => ({
      name: m[1],
      datatype: felisOf[m[2]],
    }));
    const names = new Set(columns.map((c) => c.name));
    const classes = columns.map((c) => classifyColumn(c, names));
    const rows = text
      .split("\n")
      .filter((line) => line !== "" && !line.startsWith("#"))
      .slice(1);
    expect(rows).toHaveLength(2994);
    const outside = new Map<string, number>();
    let checked = 0;
    for (const row of rows) {
      const fields = row.split(" "); // no field of this file holds a space; masked values are ""
      expect(fields).toHaveLength(columns.length);
      classes.forEach((c, i) => {
        if (!c.range || fields[i] === '""') return;
        const value = Number(fields[i]);
        checked++;
        if (
          (c.range.min !== undefined && !(value >= c.range.min)) ||
          (c.range.max !== undefined && !(value <= c.range.max))
        ) {
          outside.set(columns[i].name, (outside.get(columns[i].name) ?? 0) + 1);
        }
      });
    }
    expect(checked).toBeGreaterThan(50000);
    expect([...outside]).toEqual([]);
    const kindOf = (name: string) => classes[columns.findIndex((c) => c.name === name)].kind;
    expect(["psfFlux", "midpointMjdTai", "ixx", "x", "extendedness"].map(kindOf)).toEqual([
      "flux",
      "time",
      "moment",
      "pixel",
      "fraction",
    ]);
  });

  it("Visit and CcdVisit: times, durations, angles, airmass, zero point, sky background", () => {
    const visit = classifyTable(requireTable(dp02, "Visit"));
    expect(visit.get("expMidptMJD")).toMatchObject({
      kind: "time",
      unit: "d",
      range: { min: 33282, max: 88069 },
    });
    expect(kind(visit, "expMidpt")).toBe("time");
    expect(visit.get("expTime")).toMatchObject({ kind: "duration", range: { min: 0 } });
    expect(visit.get("airmass")).toMatchObject({ kind: "airmass", range: { min: 1 } });
    expect(kind(visit, "skyRotation")).toBe("angle");
    const ccd = classifyTable(requireTable(dp02, "CcdVisit"));
    expect(kind(ccd, "zeroPoint")).toBe("magnitude");
    expect(kind(ccd, "skyBg")).toBe("background");
    expect(kind(ccd, "seeing")).toBe("size");
    expect(kind(ccd, "llcra")).toBe("ra");
  });

  it("Source sky and local background are backgrounds (may be negative), not fluxes", () => {
    const source = classifyTable(requireTable(dp02, "Source"));
    expect(kind(source, "sky")).toBe("background");
    expect(kind(source, "localBackground_instFlux")).toBe("background");
    expect(source.get("sky")?.range).toBeUndefined();
    expect(kind(source, "apFlux_12_0_instFlux")).toBe("flux");
  });

  it("MJD in the DiaSource table: midPointTai (time.epoch UCD)", () => {
    expect(classifyTable(requireTable(dp02, "DiaSource")).get("midPointTai")?.kind).toBe("time");
  });

  it("every column of every schema gets a kind; only binary columns are 'other'", () => {
    for (const file of readdirSync(SDM).filter((f) => f.endsWith(".yaml") && !f.startsWith("datalink"))) {
      for (const table of loadFelis(join(SDM, file)).tables) {
        for (const [name, c] of classifyTable(table)) {
          if (c.kind === "other")
            expect(findColumn(table, name)?.datatype, `${file} ${table.name}.${name}`).toBe("binary");
        }
      }
    }
  });

  it("data-only columns: rad positions, Err without a base, unit-less fluxes by name", () => {
    expect(classifyColumn({ name: "coord_ra", datatype: "double", unit: "rad" }).range?.max).toBeCloseTo(
      2 * Math.PI,
      12,
    );
    expect(classifyColumn({ name: "fooErr", datatype: "float" })).toMatchObject({
      kind: "error",
      errorOf: undefined,
    });
    expect(classifyColumn({ name: "psfMag", datatype: "float" }).kind).toBe("magnitude");
  });
});

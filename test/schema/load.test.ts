// Expected values come from the YAML text itself (parsed with the `yaml` package or counted with regexes),
// from sdm_schemas/PROVENANCE.md, and from the Qserv DP0.2 Object definition and genuine row in
// qserv_dp02_object/ — never from running loadFelis.
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { InputError } from "../../src/core/errors.js";
import {
  findColumn,
  foreignKeys,
  keyColumn,
  loadFelis,
  parseFelis,
  requireTable,
} from "../../src/schema/index.js";
import { external } from "../helpers/paths.js";

const SDM = external("sdm_schemas");
const dp02 = loadFelis(join(SDM, "dp02_dc2.yaml"));
const dp02Text = readFileSync(join(SDM, "dp02_dc2.yaml"), "utf8");

/** Column count per table counted from the YAML text: in dp02_dc2.yaml only columns carry a 4-space `datatype:`. */
function countDatatypeLines(text: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const chunk of text.split(/^- name: /m).slice(1)) {
    const name = chunk.slice(0, chunk.indexOf("\n")).trim();
    counts.set(name, (chunk.match(/^ {4}datatype: /gm) ?? []).length);
  }
  return counts;
}

function catchError(run: () => unknown): InputError {
  try {
    run();
  } catch (error) {
    if (error instanceof InputError) return error;
    throw error;
  }
  throw new Error("expected an InputError");
}

describe("every felis schema in sdm_schemas loads", () => {
  // Table / column / ForeignKey counts from the table in sdm_schemas/PROVENANCE.md.
  const expected: Record<string, { tables: number; columns?: number; fks: number }> = {
    "dp02_dc2.yaml": { tables: 12, columns: 1534, fks: 9 },
    "dp02_obscore.yaml": { tables: 1, columns: 37, fks: 0 },
    "dp03_1yr.yaml": { tables: 4, columns: 130, fks: 0 },
    "dp03_10yr.yaml": { tables: 4, columns: 130, fks: 2 },
    "dp1.yaml": { tables: 12, columns: 1838, fks: 12 },
    "dp2.yaml": { tables: 16, fks: 11 },
    "drp_base.yaml": { tables: 17, columns: 2030, fks: 0 },
    "hsc.yaml": { tables: 5, fks: 0 },
    "imsim.yaml": { tables: 11, fks: 0 },
  };
  const felisFiles = readdirSync(SDM).filter(
    (f) => f.endsWith(".yaml") && f !== "datalink_columns-minimal.yaml",
  );

  it("covers every YAML file of the folder except the DataLink column list", () => {
    expect(felisFiles.sort()).toEqual([...Object.keys(expected), "apdb.yaml"].sort());
  });

  for (const file of Object.keys(expected)) {
    it(`${file}: tables, columns and foreign keys as PROVENANCE counts them`, () => {
      const schema = loadFelis(join(SDM, file));
      const want = expected[file];
      expect(schema.tables).toHaveLength(want.tables);
      if (want.columns !== undefined) {
        expect(schema.tables.reduce((n, t) => n + t.columns.length, 0)).toBe(want.columns);
      }
      expect(foreignKeys(schema)).toHaveLength(want.fks);
    });
  }

  it("apdb.yaml loads with the table names its YAML lists", () => {
    const raw = parse(readFileSync(join(SDM, "apdb.yaml"), "utf8")) as { tables: Array<{ name: string }> };
    expect(loadFelis(join(SDM, "apdb.yaml")).tables.map((t) => t.name)).toEqual(
      raw.tables.map((t) => t.name),
    );
  });

  it("datalink_columns-minimal.yaml is not a felis schema and says so", () => {
    const error = catchError(() => loadFelis(join(SDM, "datalink_columns-minimal.yaml")));
    expect(error.kind).toBe("schema");
    expect(error.message).toContain("datalink_columns-minimal.yaml");
    expect(error.message).toContain("not a felis schema");
  });
});

describe("resources and columnRefs (dp2.yaml, hsc.yaml, imsim.yaml → drp_base.yaml)", () => {
  type RawTable = {
    name: string;
    columns?: unknown[];
    columnRefs?: { base: Record<string, Record<string, unknown>> };
  };
  const rawTables = (file: string) =>
    (parse(readFileSync(join(SDM, file), "utf8")) as { tables: RawTable[] }).tables;

  for (const file of ["dp2.yaml", "hsc.yaml", "imsim.yaml"]) {
    it(`${file}: every table has its own columns followed by every referenced column, in YAML order`, () => {
      const schema = loadFelis(join(SDM, file));
      expect(schema.resources.base).toBe(join(SDM, "drp_base.yaml"));
      for (const raw of rawTables(file)) {
        const own = (raw.columns ?? []).map((c) => (c as { name: string }).name);
        const refs = Object.values(raw.columnRefs?.base ?? {}).flatMap((cols) => Object.keys(cols));
        expect(requireTable(schema, raw.name).columns.map((c) => c.name)).toEqual([...own, ...refs]);
      }
    });
  }

  it("dp2.yaml has no direct columns: all of its columns come from drp_base (PROVENANCE)", () => {
    const schema = loadFelis(join(SDM, "dp2.yaml"));
    const columns = schema.tables.flatMap((t) => t.columns);
    expect(columns.length).toBeGreaterThan(0);
    expect(columns.every((c) => c.ref?.resource === "base")).toBe(true);
  });

  it("a referenced column keeps the base definition (drp_base Object.coord_ra) and gets the local @id", () => {
    // drp_base.yaml: coord_ra — datatype double, ivoa:ucd pos.eq.ra;meta.main, ivoa:unit deg.
    const baseText = readFileSync(join(SDM, "drp_base.yaml"), "utf8");
    expect(baseText).toMatch(/- name: coord_ra\n(?: {4}.*\n)*? {4}ivoa:unit: deg\n/);
    const column = findColumn(requireTable(loadFelis(join(SDM, "dp2.yaml")), "Object"), "coord_ra");
    expect(column).toMatchObject({
      datatype: "double",
      unit: "deg",
      ucd: "pos.eq.ra;meta.main",
      id: "#Object.coord_ra",
    });
  });

  it("imsim.yaml VisitDetector.detector takes the `datatype: short` override over drp_base's long", () => {
    const table = requireTable(loadFelis(join(SDM, "imsim.yaml")), "VisitDetector");
    expect(findColumn(table, "detector")?.datatype).toBe("short");
    expect(table.primaryKey).toEqual(["visit", "detector"]);
    expect(findColumn(table, "detector")?.nullable).toBe(false);
  });

  it("dp2.yaml foreign keys resolve to referenced columns pulled in from drp_base", () => {
    const schema = loadFelis(join(SDM, "dp2.yaml"));
    const fk = foreignKeys(schema).find((k) => k.table === "ForcedSource" && k.columns[0] === "objectId");
    expect(fk).toMatchObject({ referencedTable: "Object", referencedColumns: ["objectId"] });
  });
});

describe("dp02_dc2.yaml", () => {
  it("Object has 991 columns, the same names as the Qserv DP0.2 Object definition (minus chunkId, subChunkId)", () => {
    const qserv = JSON.parse(
      readFileSync(external("qserv_dp02_object", "Object_table_schema.json"), "utf8"),
    ) as {
      schema: Array<{ name: string; type: string }>;
    };
    const names = qserv.schema.map((c) => c.name).filter((n) => n !== "chunkId" && n !== "subChunkId");
    const object = requireTable(dp02, "Object");
    expect(object.columns).toHaveLength(991);
    expect(object.columns.map((c) => c.name)).toEqual(names);
  });

  it("Object datatypes agree with the SQL types Qserv ingested (felis's MySQL mapping)", () => {
    const qserv = JSON.parse(
      readFileSync(external("qserv_dp02_object", "Object_table_schema.json"), "utf8"),
    ) as {
      schema: Array<{ name: string; type: string }>;
    };
    // felis docs, user-guide/datatypes.rst: MySQL BOOLEAN, INTEGER, BIGINT, FLOAT, DOUBLE, CHAR(n).
    const sql: Record<string, string> = {
      boolean: "BOOLEAN",
      int: "INTEGER",
      long: "BIGINT",
      float: "FLOAT",
      double: "DOUBLE",
    };
    const object = requireTable(dp02, "Object");
    const mismatches = qserv.schema
      .filter((q) => q.name !== "chunkId" && q.name !== "subChunkId")
      .filter((q) => {
        const c = findColumn(object, q.name);
        const want = c?.datatype === "char" ? `CHAR(${c.length})` : sql[c?.datatype ?? ""];
        return q.type.replace(" NOT NULL", "") !== want;
      });
    expect(mismatches).toEqual([]);
  });

  it("column counts of every table match the datatype lines of the YAML", () => {
    const counts = countDatatypeLines(dp02Text);
    expect(counts.size).toBe(12);
    for (const table of dp02.tables) expect(table.columns.length, table.name).toBe(counts.get(table.name));
  });

  it("columns carry datatype, unit, UCD, length, arraysize and description as written", () => {
    const object = requireTable(dp02, "Object");
    // dp02_dc2.yaml lines 13-18 (objectId), 25-30 (coord_ra), 90-97 (refBand), 939-958 (g_psfFlux*).
    expect(findColumn(object, "objectId")).toMatchObject({
      datatype: "long",
      ucd: "meta.id;src;meta.main",
      description: "Unique id. Unique ObjectID",
      primaryKey: true,
      nullable: false,
    });
    expect(findColumn(object, "coord_ra")).toMatchObject({
      datatype: "double",
      unit: "deg",
      ucd: "pos.eq.ra;meta.main",
      nullable: true,
    });
    expect(findColumn(object, "refBand")).toMatchObject({ datatype: "char", length: 1, arraysize: "*" });
    expect(findColumn(object, "footprintArea")).toMatchObject({ datatype: "int", unit: "pixel" });
    expect(findColumn(object, "g_psfFlux")).toMatchObject({ datatype: "double", unit: "nJy" });
    expect(findColumn(object, "g_psfFluxErr")).toMatchObject({ datatype: "double", unit: "nJy" });
    expect(findColumn(object, "g_psfFlux_flag")).toMatchObject({ datatype: "boolean", unit: undefined });
    expect(findColumn(object, "g_psfFlux_area")?.datatype).toBe("float");
    // `fits:tunit:` with no value means no unit.
    expect(findColumn(object, "deblend_nChild")?.unit).toBeUndefined();
  });

  it("Object.skymap is char(12): felis's default VOTable arraysize is the length", () => {
    expect(dp02Text).toMatch(/- name: skymap\n(?: {4}.*\n)*? {4}length: 12\n/);
    expect(findColumn(requireTable(dp02, "Object"), "skymap")).toMatchObject({
      datatype: "char",
      arraysize: "12",
    });
  });

  it("explicit `nullable: false` is kept; undeclared columns are nullable (felis default)", () => {
    const source = requireTable(dp02, "Source");
    expect(findColumn(source, "sourceId")).toMatchObject({ nullableDeclared: false, nullable: false });
    const patches = requireTable(dp02, "CoaddPatches");
    expect(patches.id).toBe("#coaddpatches");
    expect(findColumn(patches, "lsst_tract")).toMatchObject({ nullable: false, primaryKey: false });
    const declared = (dp02Text.match(/^ {4}nullable: /gm) ?? []).length;
    expect(
      dp02.tables.flatMap((t) => t.columns).filter((c) => c.nullableDeclared !== undefined),
    ).toHaveLength(declared);
  });

  it("every column NULL in the genuine DP0.2 Object row is nullable (28 double columns, PROVENANCE)", () => {
    const qserv = JSON.parse(
      readFileSync(external("qserv_dp02_object", "Object_table_schema.json"), "utf8"),
    ) as {
      schema: Array<{ name: string }>;
    };
    const row = readFileSync(external("qserv_dp02_object", "chunk_57866.txt"), "utf8").trimEnd().split(",");
    const nullNames = qserv.schema.filter((_, i) => row[i] === "\\N").map((c) => c.name);
    expect(nullNames).toHaveLength(28);
    const object = requireTable(dp02, "Object");
    for (const name of nullNames) expect(findColumn(object, name)?.nullable, name).toBe(true);
    expect(nullNames.every((n) => findColumn(object, n)?.datatype === "double")).toBe(true);
  });

  it("primary keys", () => {
    // primaryKey lines of dp02_dc2.yaml (grep -n primaryKey).
    const pk = Object.fromEntries(dp02.tables.map((t) => [t.name, keyColumn(t)]));
    expect(pk).toEqual({
      Object: "objectId",
      Source: "sourceId",
      ForcedSource: "forcedSourceId",
      DiaObject: "diaObjectId",
      DiaSource: "diaSourceId",
      ForcedSourceOnDiaObject: "forcedSourceOnDiaObjectId",
      Visit: "visit",
      CcdVisit: "ccdVisitId",
      CoaddPatches: undefined,
      MatchesTruth: undefined,
      TruthSummary: "id_truth_type",
      ObsCore: undefined,
    });
  });

  it("foreign keys: the nine ForeignKey constraints, @ids resolved to table.column", () => {
    // dp02_dc2.yaml lines 5728-7855: every `@type: ForeignKey` with its columns / referencedColumns.
    const fks = foreignKeys(dp02).map(
      (k) => `${k.table}.${k.columns} -> ${k.referencedTable}.${k.referencedColumns}`,
    );
    expect(fks.sort()).toEqual(
      [
        "Source.ccdVisitId -> CcdVisit.ccdVisitId",
        "ForcedSource.objectId -> Object.objectId",
        "ForcedSource.ccdVisitId -> CcdVisit.ccdVisitId",
        "DiaSource.diaObjectId -> DiaObject.diaObjectId",
        "DiaSource.ccdVisitId -> CcdVisit.ccdVisitId",
        "ForcedSourceOnDiaObject.diaObjectId -> DiaObject.diaObjectId",
        "CcdVisit.visitId -> Visit.visit",
        "MatchesTruth.match_objectId -> Object.objectId",
        "MatchesTruth.id_truth_type -> TruthSummary.id_truth_type",
      ].sort(),
    );
    const fk = requireTable(dp02, "ForcedSource").foreignKeys.find((k) => k.name === "Obj_FS");
    expect(fk?.id).toBe("#FK_ForcedSource_objectId_Object_objectId");
  });

  it("dp02 declares no Source.objectId → Object foreign key (only the CcdVisit one)", () => {
    expect(requireTable(dp02, "Source").foreignKeys.map((k) => k.columns[0])).toEqual(["ccdVisitId"]);
  });

  it("indexes and composite keys (apdb.yaml DiaObject)", () => {
    // apdb.yaml lines 411-418: primaryKey [diaObjectId, validityStartMjdTai], index IDX_DiaObject_validityStart.
    const table = requireTable(loadFelis(join(SDM, "apdb.yaml")), "DiaObject");
    expect(table.primaryKey).toEqual(["diaObjectId", "validityStartMjdTai"]);
    expect(keyColumn(table)).toBeUndefined();
    expect(table.indexes.find((x) => x.name === "IDX_DiaObject_validityStart")?.columns).toEqual([
      "validityStartMjdTai",
    ]);
  });

  it("unique constraints (apdb.yaml SSObject.designation)", () => {
    const table = requireTable(loadFelis(join(SDM, "apdb.yaml")), "SSObject");
    expect(table.uniqueConstraints.find((u) => u.name === "unique_SSObject_designation")?.columns).toEqual([
      "designation",
    ]);
  });
});

describe("bad schema input", () => {
  const dir = mkdtempSync(join(tmpdir(), "skygate-felis-"));
  const write = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };
  const ok =
    "name: s\ntables:\n- name: T\n  primaryKey: '#T.id'\n  columns:\n  - name: id\n    datatype: long\n";

  it("a minimal schema parses with felis defaults", () => {
    const schema = parseFelis(ok, "mem.yaml");
    expect(schema.id).toBe("#s");
    expect(schema.tables[0].columns[0]).toMatchObject({ id: "#T.id", nullable: false, primaryKey: true });
  });

  it("YAML syntax error → InputError kind schema naming the file with line and column", () => {
    const path = write("syntax.yaml", "name: s\ntables:\n- name: T\n  columns: [a, b\n");
    const error = catchError(() => loadFelis(path));
    expect(error.kind).toBe("schema");
    expect(error.path).toBe(path);
    expect(error.position?.line).toBeGreaterThanOrEqual(4);
    expect(error.position?.column).toBeGreaterThanOrEqual(1);
    expect(
      error.message.startsWith(
        `${path}:${error.position?.line}:${error.position?.column}: YAML syntax error`,
      ),
    ).toBe(true);
  });

  it("bad indentation is a syntax error at its line", () => {
    const error = catchError(() =>
      parseFelis("name: s\ntables:\n- name: T\n   columns: x\n  bad: [\n", "indent.yaml"),
    );
    expect(error.kind).toBe("schema");
    expect(error.message).toMatch(/^indent\.yaml:\d+:\d+: YAML syntax error/);
  });

  it("unknown felis datatype → InputError naming file, table, column and the datatype's line", () => {
    const text =
      "name: s\ntables:\n- name: Obj\n  columns:\n  - name: a\n    datatype: long\n  - name: flux\n    datatype: float64\n";
    const error = catchError(() => parseFelis(text, "bad-type.yaml"));
    expect(error.kind).toBe("schema");
    expect(error.position).toEqual({ line: 8, column: 15 });
    expect(error.message).toContain(
      'bad-type.yaml:8:15: table "Obj", column "flux": unknown felis datatype "float64"',
    );
  });

  it("missing datatype and sized type without length are errors", () => {
    expect(
      catchError(() => parseFelis("name: s\ntables:\n- name: T\n  columns:\n  - name: a\n", "m.yaml"))
        .message,
    ).toContain('column "a": missing `datatype`');
    const error = catchError(() =>
      parseFelis("name: s\ntables:\n- name: T\n  columns:\n  - name: a\n    datatype: char\n", "c.yaml"),
    );
    expect(error.message).toContain('datatype "char" requires a `length`');
  });

  it("missing schema file → InputError kind missing; empty file → kind empty", () => {
    expect(catchError(() => loadFelis(join(dir, "nope.yaml"))).kind).toBe("missing");
    expect(catchError(() => loadFelis(write("empty.yaml", ""))).kind).toBe("empty");
  });

  it("missing referenced resource file → InputError naming the referencing file, the resource and the missing path", () => {
    const path = write(
      "refs.yaml",
      "name: s\nresources:\n  base:\n    uri: gone.yaml\ntables:\n- name: T\n  columnRefs:\n    base:\n      T:\n        a:\n",
    );
    const error = catchError(() => loadFelis(path));
    expect(error.kind).toBe("schema");
    expect(error.path).toBe(path);
    expect(error.position?.line).toBe(4);
    expect(error.message).toContain(`resource "base" refers to missing file ${join(dir, "gone.yaml")}`);
  });

  it("a column ref to a column the resource lacks, and a dangling foreign key, are errors", () => {
    write("base.yaml", "name: b\ntables:\n- name: T\n  columns:\n  - name: a\n    datatype: int\n");
    const refs = write(
      "r.yaml",
      "name: s\nresources:\n  base:\n    uri: base.yaml\ntables:\n- name: T\n  columnRefs:\n    base:\n      T:\n        zz:\n",
    );
    expect(catchError(() => loadFelis(refs)).message).toContain('column "zz" not found in base.T');
    const fk =
      "name: s\ntables:\n- name: T\n  columns:\n  - name: a\n    datatype: int\n  constraints:\n  - name: k\n    '@type': ForeignKey\n    columns: ['#T.a']\n    referencedColumns: ['#U.b']\n";
    const error = catchError(() => parseFelis(fk, "fk.yaml"));
    expect(error.message).toContain('"#U.b", which is not a column @id');
    expect(error.position?.line).toBe(11);
  });

  it("repeated loads are independent copies, and a changed file is read again", () => {
    const path = write("cached.yaml", ok);
    const first = loadFelis(path);
    first.tables[0].columns[0].name = "changed";
    expect(loadFelis(path).tables[0].columns[0].name).toBe("id");
    writeFileSync(
      path,
      `${ok.replace("name: id", "name: idx").replace("#T.id", "#T.idx")}  - name: extra\n    datatype: int\n`,
    );
    expect(loadFelis(path).tables[0].columns.map((c) => c.name)).toEqual(["idx", "extra"]);
  });

  it("not a schema at all: comments only, two documents, an alias bomb", () => {
    expect(catchError(() => parseFelis("# nothing here\n", "c.yaml")).message).toContain(
      "not a felis schema",
    );
    expect(catchError(() => parseFelis(`${ok}---\n${ok}`, "two.yaml")).message).toMatch(
      /^two\.yaml:\d+:\d+: YAML syntax error/,
    );
    const lol = ["a: &a [x, x, x, x, x, x, x, x, x, x]"];
    for (let k = 1; k < 9; k++) {
      lol.push(
        `${String.fromCharCode(97 + k)}: &${String.fromCharCode(97 + k)} [${Array(10)
          .fill(`*${String.fromCharCode(96 + k)}`)
          .join(", ")}]`,
      );
    }
    const error = catchError(() => parseFelis(`${lol.join("\n")}\n`, "bomb.yaml"));
    expect(error.kind).toBe("schema");
    expect(error.message).toContain("bomb.yaml: YAML cannot be expanded");
  });

  it("duplicate column names are an error", () => {
    const text =
      "name: s\ntables:\n- name: T\n  columns:\n  - name: a\n    datatype: int\n  - name: a\n    datatype: int\n";
    expect(catchError(() => parseFelis(text, "dup.yaml")).message).toContain('duplicate column "a"');
  });
});

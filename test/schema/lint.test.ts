import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.js";
import { InputError } from "../../src/core/errors.js";
import { draftColumns, guessFromName } from "../../src/schema/draft.js";
import { lintFelis, lintFelisDocument, lintFelisFile, lintFelisText } from "../../src/schema/lint.js";
import { loadFelis, parseFelis } from "../../src/schema/load.js";
import { checkVOUnit } from "../../src/schema/vounit.js";
import { captureIO } from "../helpers/io.js";
import { external } from "../helpers/paths.js";

describe("VOUnits", () => {
  // Every unit the Rubin sdm_schemas (dp02_dc2, dp1, drp_base, apdb, dp03) use that the VOUnits 1.0 grammar accepts.
  it.each([
    "nJy",
    "deg",
    "pixel**2",
    "mag",
    "arcsec",
    "d",
    "AU",
    "count",
    "deg**2",
    "nJy/d",
    "km/s",
    "mag**2",
    "adu",
    "deg/d",
    "nJy.arcsec**2",
    "mas/yr",
    "arcsec/pixel",
    "count/deg**2",
    "mas**2/yr**2",
    "m**(1/2)",
    "log(Hz)",
    "'furlong'",
    "1e-10 au.d**-2",
  ])("accepts %s", (unit) => expect(checkVOUnit(unit)).toEqual({ ok: true }));
  // Spellings the same schemas use that only FITS / astropy's generic format allow.
  it.each([
    ["deg*mas/yr", "deg.mas/yr"],
    ["deg.d-1", "deg.d**-1"],
    ["m^2", "m**2"],
  ])("rejects %s and suggests %s", (unit, suggestion) => {
    const check = checkVOUnit(unit);
    expect(check.ok).toBe(false);
    expect(check.ok === false && check.suggestion).toBe(suggestion);
  });
  it.each(["m2.t-1", "1e-10.au.d-2", "m/s/s", "nanojansky", "m**", "(m"])("rejects %s", (unit) =>
    expect(checkVOUnit(unit).ok).toBe(false),
  );
});

const BROKEN = `name: s
tables:
- name: T
  primaryKey: "#T.id"
  columns:
  - name: id
    datatype: long
    description: key
    ivoa:ucd: meta.id
    nullable: false
  - name: id
    datatype: long
  - name: flux
    datatype: dubble
  - name: label
    datatype: char
  - name: speed
    datatype: double
    fits:tunit: deg*mas/yr
    ivoa:unit: mas/yr
  constraints:
  - name: fk_T_U
    "@type": ForeignKey
    columns: ["#T.uId"]
    referencedColumns: ["#U.id"]
  indexes:
  - name: idx
    columns: ["#T.nope"]
`;

// A resource file with one well-described column and one bare one, for schemas that pull columns in by columnRefs.
const BASE = `name: base
tables:
- name: T
  columns:
  - name: id
    datatype: long
    description: key
    ivoa:ucd: meta.id
    nullable: false
  - name: flux
    datatype: double
`;

describe("schema lint", () => {
  it("finds every structural problem with its line, not just the first", () => {
    const findings = lintFelisText(BROKEN, "s.yaml");
    const errors = findings.filter((f) => f.severity === "error").map((f) => [f.rule, f.line]);
    expect(errors).toEqual(
      expect.arrayContaining([
        ["duplicateColumn", 11],
        ["duplicateId", 11],
        ["unknownDatatype", 14],
        ["missingLength", 15],
        ["twoUnits", 20],
        ["keyMissingColumn", 24],
        ["keyMissingColumn", 25],
        ["keyMissingColumn", 28],
      ]),
    );
    expect(errors).toHaveLength(8);
    const unit = findings.find((f) => f.rule === "unitNotVOUnit");
    expect(unit?.line).toBe(19);
    expect(unit?.message).toContain('"deg.mas/yr"');
    expect(findings.find((f) => f.rule === "nullableDefault")?.message).toMatch(/4 columns/);
  });
  it("raises no error on the real DP0.2 schema (only missing metadata)", () => {
    const findings = lintFelis("fixtures/schemas/dp02_dc2.yaml");
    expect(findings.filter((f) => f.severity === "error")).toEqual([]);
    expect(findings.filter((f) => f.rule === "unitNotVOUnit")).toEqual([]);
    // refFwhm is a width in arcsec in the DP0.2 docs: a true missing unit.
    expect(findings.some((f) => f.rule === "noUnit" && f.column === "refFwhm")).toBe(true);
  });
  it("columnRefs pulled from a resource count as columns of the table", () => {
    const dir = mkdtempSync(join(tmpdir(), "skygate-lint-"));
    writeFileSync(join(dir, "base.yaml"), BASE);
    const text = `name: s\nresources:\n  base:\n    uri: base.yaml\ntables:\n- name: T\n  primaryKey: "#T.id"\n  columnRefs:\n    base:\n      T:\n        id:\n  columns: []\n`;
    expect(lintFelisText(text, join(dir, "s.yaml")).filter((f) => f.severity === "error")).toEqual([]);
  });
  it("unreadable schemas are input errors naming the file and line", () => {
    expect(() => lintFelisText("tables: [\n", "bad.yaml")).toThrow(InputError);
    expect(() => lintFelisText("tables: [\n", "bad.yaml")).toThrow(/bad\.yaml:\d+/);
    expect(() => lintFelis("nope.yaml")).toThrow(/nope\.yaml/);
  });
  it("the CLI exits 1 on errors, 0 on warnings, 1 on warnings with --strict, 2 on unreadable input", async () => {
    const dir = mkdtempSync(join(tmpdir(), "skygate-lint-"));
    writeFileSync(join(dir, "broken.yaml"), BROKEN);
    const io = captureIO();
    expect(await main(["schema", "lint", join(dir, "broken.yaml"), "--json", join(dir, "l.json")], io)).toBe(
      1,
    );
    expect(io.out.join("")).toMatch(/error duplicateColumn: 1\n {2}line 11:/);
    expect(await main(["schema", "lint", "fixtures/schemas/dp02_dc2.yaml"], captureIO())).toBe(0);
    expect(await main(["schema", "lint", "fixtures/schemas/dp02_dc2.yaml", "--strict"], captureIO())).toBe(1);
    const bad = captureIO();
    expect(await main(["schema", "lint", join(dir, "missing.yaml")], bad)).toBe(2);
    expect(bad.err.join("")).toMatch(/missing\.yaml/);
  });
});

describe("schema draft", () => {
  it("guesses units and UCDs from Rubin column names", () => {
    expect(guessFromName("r_cModelFluxErr")).toMatchObject({ unit: "nJy", ucd: "stat.error;phot.flux" });
    expect(guessFromName("coord_ra")).toMatchObject({ unit: "deg", ucd: "pos.eq.ra" });
    expect(guessFromName("decl")).toMatchObject({ ucd: "pos.eq.dec" });
    expect(guessFromName("visitId")).toMatchObject({ ucd: "meta.id" });
    expect(guessFromName("footprintArea")).toBeUndefined();
  });
  it("a declared unit beats a guess, and nullability follows the data", () => {
    const text = draftColumns("T", [
      { name: "g_psfFlux", type: "float64", nulls: 2, rows: 10, unit: "Jy" },
      { name: "n", type: "int32", nulls: 0, rows: 10 },
    ]);
    expect(text).toContain("ivoa:unit: Jy\n");
    expect(text).toContain("nullable: true # from the data: 2 nulls in 10 rows");
    expect(text).toContain("datatype: int\n");
    expect(text).toContain("nullable: false");
  });
  it("the CLI drafts exactly the pilot's extra column, and the draft pasted into the schema loads", async () => {
    const io = captureIO();
    const code = await main(
      [
        "schema",
        "draft",
        "--schema",
        "fixtures/schemas/dp02_dc2.yaml",
        "--table",
        "Object=fixtures/pilot/Object.parquet",
        "--engine",
        "arrow",
      ],
      io,
    );
    expect(code).toBe(0);
    const out = io.out.join("");
    expect(out.match(/^- name: /gm)).toHaveLength(1);
    expect(out).toContain("- name: ebv");
    const schema = `name: s\ntables:\n- name: Object\n  columns:\n${out
      .split("\n")
      .filter((l) => !l.startsWith("#"))
      .map((l) => `  ${l}`)
      .join("\n")}`;
    const findings = lintFelisText(schema, "draft.yaml");
    expect(findings.filter((f) => f.severity === "error")).toEqual([]);
    const loaded = parseFelis(schema, "draft.yaml");
    expect(loaded.tables[0].columns[0]).toMatchObject({
      name: "ebv",
      datatype: "double",
      unit: "mag",
      nullable: false,
    });
  });
});

// dp2.yaml has no column of its own: every column comes from drp_base.yaml through columnRefs (hsc.yaml: 16 of its
// own). lint must see the columns `check` sees: loadFelis's columns, with the same attributes. The oracle is the
// loaded model (test/data/sdm_schemas, PROVENANCE.md): every column without a UCD is a noUcd finding, etc.
// pandas writes its index into Parquet as `__index_level_N__` columns; check reports them as schema.knownColumn
// (storage, not catalog), so draft must not propose them as felis columns. The COSMOS DiaSource file of visit
// 59160 (test/data/ap_verify_ci_cosmos_pdr2) has three of them and one column apdb.yaml lacks (pixelId).
describe("schema draft skips the columns check knows as storage", () => {
  it("drafts exactly check's schema.extraColumn columns and names the schema.knownColumn ones it skipped", async () => {
    const dir = mkdtempSync(join(tmpdir(), "skygate-draft-"));
    const schema = join(external("sdm_schemas"), "apdb.yaml");
    const table = `DiaSource=${external("ap_verify_ci_cosmos_pdr2", "preloaded_dia_source_HSC_59160_1_13_dia_catalogs_apdb.parq")}`;
    const report = join(dir, "check.json");
    await main(
      ["check", "--schema", schema, "--table", table, "--json", report, "--engine", "arrow"],
      captureIO(),
    );
    const results = (
      JSON.parse(readFileSync(report, "utf8")) as { results: { check: string; column: string }[] }
    ).results;
    const of = (check: string) => results.filter((r) => r.check === check).map((r) => r.column);
    expect(of("schema.knownColumn")).toEqual(["__index_level_0__", "__index_level_1__", "__index_level_2__"]);
    expect(of("schema.extraColumn")).toEqual(["pixelId"]);

    const io = captureIO();
    expect(
      await main(["schema", "draft", "--schema", schema, "--table", table, "--engine", "arrow"], io),
    ).toBe(0);
    const out = io.out.join("");
    expect(out.match(/^- name: .*$/gm)).toEqual(of("schema.extraColumn").map((c) => `- name: ${c}`));
    expect(out).toMatch(
      /^# DiaSource: skipped 3 storage column\(s\).*__index_level_0__, __index_level_1__, __index_level_2__/m,
    );
    // what is printed still pastes as YAML
    expect(
      parseFelis(
        `name: s\ntables:\n- name: DiaSource\n  columns:\n${out.replace(/^/gm, "  ")}`,
        "d.yaml",
      ).tables[0]?.columns.map((c) => c.name),
    ).toEqual(["pixelId"]);
  });
});

describe("schema lint follows columnRefs", () => {
  const SDM = external("sdm_schemas");
  const keys = (list: readonly { table: string | null; column: string | null }[]) =>
    list.map((f) => `${f.table}.${f.column}`).sort();

  it.each(["dp2.yaml", "hsc.yaml"])("%s: lints every column loadFelis gives, as the table has it", (file) => {
    const path = join(SDM, file);
    const columns = loadFelis(path).tables.flatMap((t) =>
      t.columns.map((c) => ({ table: t.name, column: c.name, c })),
    );
    const lint = lintFelisFile(path);
    expect([lint.columns, lint.referencedColumns]).toEqual([
      columns.length,
      columns.filter((x) => x.c.ref !== undefined).length,
    ]);
    const rule = (r: string) => keys(lint.findings.filter((f) => f.rule === r));
    expect(rule("noUcd")).toEqual(keys(columns.filter((x) => x.c.ucd === undefined)));
    expect(rule("noDescription")).toEqual(keys(columns.filter((x) => x.c.description === undefined)));
    expect(rule("noUnit")).toEqual(
      keys(columns.filter((x) => x.c.unit === undefined && ["float", "double"].includes(x.c.datatype))),
    );
    expect(lint.findings.filter((f) => f.severity === "error")).toEqual([]);
  });

  it("dp2.yaml on the CLI: the summary counts the columns, and --strict fails on their warnings", async () => {
    const path = join(SDM, "dp2.yaml");
    const total = loadFelis(path).tables.reduce((n, t) => n + t.columns.length, 0);
    const io = captureIO();
    expect(await main(["schema", "lint", path], io)).toBe(0);
    expect(io.out.join("")).toContain(`${total} columns linted (${total} through columnRefs) in 16 tables`);
    expect(io.out.join("")).not.toContain("no findings");
    expect(await main(["schema", "lint", path, "--strict"], captureIO())).toBe(1);
  });

  it("a referenced column is linted with its overrides, at the line of its columnRefs entry", () => {
    const dir = mkdtempSync(join(tmpdir(), "skygate-lint-"));
    writeFileSync(join(dir, "base.yaml"), BASE);
    const text = `name: s
resources:
  base:
    uri: base.yaml
tables:
- name: U
  columnRefs:
    base:
      T:
        id:
        flux:
          overrides:
            description: a flux
        label:
          ref_name: flux
          overrides:
            datatype: char
`;
    const lint = lintFelisDocument(text, join(dir, "s.yaml"));
    expect([lint.tables, lint.columns, lint.referencedColumns]).toEqual([1, 3, 3]);
    const got = lint.findings.map((f) => [f.rule, f.column, f.line, f.ref?.column ?? null]);
    expect(got).toEqual([
      ["noUnit", "flux", 11, "flux"],
      ["noUcd", "flux", 11, "flux"],
      ["missingLength", "label", 14, "flux"],
      ["noDescription", "label", 14, "flux"],
      ["noUcd", "label", 14, "flux"],
      ["nullableDefault", null, 1, null],
    ]);
    expect(lint.findings[0]?.message).toContain("through columnRefs: base T.flux");
  });

  it("a column or table the resource lacks is an error finding; a resource file that is missing, an input error", async () => {
    const dir = mkdtempSync(join(tmpdir(), "skygate-lint-"));
    writeFileSync(join(dir, "base.yaml"), BASE);
    const refs = (body: string) =>
      `name: s\nresources:\n  base:\n    uri: base.yaml\ntables:\n- name: U\n  columnRefs:\n${body}`;
    const errors = (body: string) =>
      lintFelisText(refs(body), join(dir, "s.yaml"))
        .filter((f) => f.severity === "error")
        .map((f) => [f.rule, f.column, f.line]);
    expect(errors("    base:\n      T:\n        nope:\n")).toEqual([["columnRefMissing", "nope", 10]]);
    expect(errors("    base:\n      V:\n        id:\n")).toEqual([["columnRefMissing", "id", 10]]);
    expect(errors("    other:\n      T:\n        id:\n")).toEqual([["columnRefMissing", "id", 10]]);
    writeFileSync(
      join(dir, "gone.yaml"),
      refs("    base:\n      T:\n        id:\n").replace("base.yaml", "drp.yaml"),
    );
    const io = captureIO();
    expect(await main(["schema", "lint", join(dir, "gone.yaml")], io)).toBe(2);
    expect(io.err.join("")).toMatch(/gone\.yaml:4.*resource "base" refers to missing file .*drp\.yaml/);
  });
});

import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.js";
import { InputError } from "../../src/core/errors.js";
import { draftColumns, guessFromName } from "../../src/schema/draft.js";
import { lintFelis, lintFelisText } from "../../src/schema/lint.js";
import { parseFelis } from "../../src/schema/load.js";
import { checkVOUnit } from "../../src/schema/vounit.js";
import { captureIO } from "../helpers/io.js";

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
    const text = `name: s\ntables:\n- name: T\n  primaryKey: "#T.id"\n  columnRefs:\n    base:\n      T:\n        id:\n  columns: []\n`;
    expect(lintFelisText(text, "s.yaml").filter((f) => f.severity === "error")).toEqual([]);
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

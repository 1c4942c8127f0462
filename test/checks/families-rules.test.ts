// Pure planning helpers: family mapping (DP0.2 names from issue 5 and the DP0.2 felis schema), ranges, units.
import { describe, expect, it } from "vitest";
import { findFamilies } from "../../src/checks/family/families.js";
import { positionOf, validRange } from "../../src/checks/rules.js";
import { boundInUnit, parseUserRange, toValueRange } from "../../src/checks/userRange.js";
import type { FamilyColumn } from "../../src/schema/families.js";
import { loadFelis } from "../../src/schema/load.js";
import { external } from "../helpers/paths.js";

describe("findFamilies", () => {
  const typed = (names: string[]): FamilyColumn[] =>
    names.map((name) => ({ name, datatype: name.includes("_flag") ? "boolean" : "double" }));

  it("maps DP0.2 measurements to their flags as DP0.2 names them, with the algorithm's specific flags", () => {
    const names = [
      "r_psfFlux",
      "r_psfFluxErr",
      "r_psfFlux_flag",
      "r_psfFlux_flag_edge",
      "r_cModelFlux",
      "r_cModelFluxErr",
      "r_cModel_flag",
      "r_gaap1p0Flux",
      "r_gaap1p0FluxErr",
      "r_gaapFlux_flag",
      "r_ixx",
      "r_ixxPSF",
      "r_i_flag",
      "r_iPSF_flag",
      "r_bdFluxB",
      "r_bdFluxBErr",
    ];
    // The schema module recognises a band prefix only when two bands share the name, as in every real table.
    const { families: all, unmapped: allUnmapped } = findFamilies(
      typed([...names, ...names.map((n) => n.replace(/^r_/, "g_"))]),
    );
    const families = all.filter((f) => f.value.startsWith("r_"));
    const unmapped = allUnmapped.filter((u) => u.startsWith("r_"));
    const flagOf = Object.fromEntries(families.map((f) => [f.value, f.flag]));
    expect(flagOf).toEqual({
      r_psfFlux: "r_psfFlux_flag",
      r_cModelFlux: "r_cModel_flag",
      r_gaap1p0Flux: "r_gaapFlux_flag",
      r_ixx: "r_i_flag",
      r_ixxPSF: "r_iPSF_flag",
      r_bdFluxB: null,
    });
    expect(families.find((f) => f.value === "r_psfFlux")).toMatchObject({
      error: "r_psfFluxErr",
      subFlags: ["r_psfFlux_flag_edge"],
    });
    expect(unmapped).toEqual(["r_bdFluxB"]);
  });

  it("maps afw plugin fields to the plugin's general flag and drops unpropagated calibration errors", () => {
    const names = [
      "base_SdssShape_xx",
      "base_SdssShape_xxErr",
      "base_SdssShape_flag",
      "base_PsfFlux_instFlux",
      "base_PsfFlux_flag",
      "base_PsfFlux_apCorr",
      "base_PsfFlux_apCorrErr",
      "deblend_psf_instFlux",
      "deblend_deblendedAsPsf",
    ];
    const columns = typed(names).map((c) =>
      c.name === "deblend_deblendedAsPsf" ? { ...c, datatype: "boolean" as const } : c,
    );
    const { families } = findFamilies(columns);
    const byValue = Object.fromEntries(families.map((f) => [f.value, f]));
    expect(byValue.base_SdssShape_xx).toMatchObject({
      error: "base_SdssShape_xxErr",
      flag: "base_SdssShape_flag",
    });
    expect(byValue.base_PsfFlux_instFlux?.flag).toBe("base_PsfFlux_flag");
    expect(byValue.base_PsfFlux_apCorr).toMatchObject({ error: null, flag: "base_PsfFlux_flag" });
    expect(byValue.deblend_psf_instFlux?.applicableWhen).toBe("deblend_deblendedAsPsf");
  });

  it("finds a flag for every DP0.2 Object flux that has a _flag column of its algorithm", () => {
    const object = loadFelis(external("sdm_schemas", "dp02_dc2.yaml")).tables.find(
      (t) => t.name === "Object",
    );
    if (object === undefined) throw new Error("no Object table");
    const { families, unmapped } = findFamilies(object.columns);
    const flag = (v: string) => families.find((f) => f.value === v)?.flag;
    for (const band of ["u", "g", "r", "i", "z", "y"]) {
      expect(flag(`${band}_psfFlux`)).toBe(`${band}_psfFlux_flag`);
      expect(flag(`${band}_cModelFlux`)).toBe(`${band}_cModel_flag`);
      expect(flag(`${band}_gaapOptimalFlux`)).toBe(`${band}_gaapFlux_flag`);
      expect(flag(`${band}_ap09Flux`)).toBe(`${band}_ap09Flux_flag`);
      expect(flag(`${band}_kronFlux`)).toBe(`${band}_kronFlux_flag`);
    }
    // The bulge+disk fluxes have no flag in DP0.2 (the schema lists r_bdFluxB, r_bdFluxD and errors, no bd flag).
    expect(unmapped.filter((u) => u.startsWith("r_bdFlux"))).toEqual(["r_bdFluxB", "r_bdFluxD"]);
  });
});

describe("rules", () => {
  it("recognises positions by UCD or name, in the declared unit", () => {
    expect(positionOf({ name: "coord_ra", unit: "rad", ucd: null })).toEqual({ axis: "ra", unit: "rad" });
    expect(positionOf({ name: "decl", unit: "deg", ucd: null })).toEqual({ axis: "dec", unit: "deg" });
    expect(positionOf({ name: "foo", unit: "deg", ucd: "pos.eq.ra;meta.main" })).toEqual({
      axis: "ra",
      unit: "deg",
    });
    expect(positionOf({ name: "coord_raErr", unit: "deg", ucd: null })).toBeNull();
    expect(positionOf({ name: "ra", unit: "pixel", ucd: null })).toBeNull();
  });

  it("gives fluxes no range and errors a lower bound of 0", () => {
    const col = (name: string, unit: string | null) => ({
      name,
      unit,
      ucd: null,
      datatype: "double",
      physical: "float64" as const,
    });
    expect(validRange(col("r_psfFlux", "nJy"))).toBeNull();
    expect(validRange(col("localBackground_instFlux", "count"))).toBeNull();
    expect(validRange(col("r_psfFluxErr", "nJy"))).toMatchObject({ min: 0 });
    expect(validRange(col("expTime", "s"))).toMatchObject({ min: 0 });
    // afw writes units its own way: "pix^2" is pixel**2, so a moment gets the moment rule.
    expect(validRange(col("base_SdssShape_xx", "pix^2"))).toMatchObject({ min: 0 });
  });
});

describe("user ranges", () => {
  it("turns AB magnitudes into nJy: 31.4 mag is 1 nJy, 23.9 mag is 1 µJy", () => {
    expect(boundInUnit(31.4, "mag", "nJy").value).toBeCloseTo(1, 12);
    expect(boundInUnit(23.9, "mag", "nJy")).toEqual({ value: expect.closeTo(1000, 9), flipped: true });
    // A magnitude interval flips: bright limit 16 mag → upper flux bound 10^((31.4-16)/2.5) nJy.
    const r = toValueRange(
      { table: "T", column: "f", min: { value: 16, unit: "mag" }, max: { value: 23.9, unit: "mag" } },
      "nJy",
    );
    expect(r.min).toBeCloseTo(1000, 9);
    expect(r.max).toBeCloseTo(10 ** (15.4 / 2.5), 3);
    expect(boundInUnit(1, "deg", "arcsec")).toEqual({ value: 3600, flipped: false });
  });

  it("parses TABLE.COLUMN=MIN..MAX with units", () => {
    expect(parseUserRange("Object.r_psfFlux=..24.5mag")).toEqual({
      table: "Object",
      column: "r_psfFlux",
      max: { value: 24.5, unit: "mag" },
    });
    expect(parseUserRange("Source.x=-1.5..2e3")).toEqual({
      table: "Source",
      column: "x",
      min: { value: -1.5 },
      max: { value: 2000 },
    });
    expect(() => parseUserRange("nonsense")).toThrow(/TABLE.COLUMN/);
  });
});

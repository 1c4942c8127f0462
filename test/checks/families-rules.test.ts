// Pure planning helpers: family mapping (DP0.2 names from issue 5 and the DP0.2 felis schema), ranges, units.
import { describe, expect, it } from "vitest";
import { findFamilies } from "../../src/checks/family/families.js";
import { positionOf, validRange } from "../../src/checks/rules.js";
import { boundInUnit, parseUserRange, rangeUnitProblem, toValueRange } from "../../src/checks/userRange.js";
import { UsageError } from "../../src/core/errors.js";
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

  it("applies a unit written on one bound of a closed range to the bare one (215.1..216.1deg is degrees)", () => {
    const deg = {
      table: "Ref",
      column: "coord_ra",
      min: { value: 215.1, unit: "deg" },
      max: { value: 216.1, unit: "deg" },
    };
    expect(parseUserRange("Ref.coord_ra=215.1..216.1deg")).toEqual(deg);
    expect(parseUserRange("Ref.coord_ra=215.1deg..216.1")).toEqual(deg);
    // In the refcat's radians both bounds convert: [3.7542, 3.7717], not [215.1, 3.7717].
    const r = toValueRange(parseUserRange("Ref.coord_ra=215.1..216.1deg"), "rad");
    expect(r.min).toBeCloseTo((215.1 * Math.PI) / 180, 12);
    expect(r.max).toBeCloseTo((216.1 * Math.PI) / 180, 12);
    // An open side stays open, and a bare closed range keeps the column's unit.
    expect(parseUserRange("T.f=..24.5mag").min).toBeUndefined();
    expect(parseUserRange("T.x=1..2")).toEqual({
      table: "T",
      column: "x",
      min: { value: 1 },
      max: { value: 2 },
    });
  });

  it("refuses an interval that is empty, in whatever units its bounds are written (a usage error naming --range)", () => {
    expect(() => parseUserRange("T.x=5..1")).toThrow(/^--range T\.x=5\.\.1: the interval 5\.\.1 is empty/);
    expect(() => parseUserRange("Ref.coord_ra=216.1..215.1deg")).toThrow(UsageError);
    // 4 rad is 229.2°, above 216°.
    expect(() => parseUserRange("Ref.coord_ra=4rad..216deg")).toThrow(/is empty/);
    expect(parseUserRange("Ref.coord_ra=3rad..216deg").max).toEqual({ value: 216, unit: "deg" });
    // Magnitudes run against fluxes, and degrees do not compare with nJy: no order to check, no interval.
    expect(() => parseUserRange("T.f=20mag..1000nJy")).toThrow(/bounds in mag and nJy cannot be compared/);
    expect(() => parseUserRange("T.f=0deg..1nJy")).toThrow(/cannot be compared/);
    // A flux bound ≤ 0 on a magnitude column: no magnitude lies below it (empty), every one lies above it (open).
    expect(() => toValueRange(parseUserRange("T.m=..-1nJy"), "mag")).toThrow(
      /empty in the column's unit mag/,
    );
    expect(toValueRange(parseUserRange("T.m=-5nJy..1nJy"), "mag")).toEqual({
      min: 31.4,
      reason: "user range -5nJy..1nJy",
    });
  });

  it("says why a bound's unit cannot be applied: the column's unit unknown or not convertible", () => {
    const mag = parseUserRange("DiaSource.psfFlux=..24.5mag");
    expect(rangeUnitProblem(mag, null)).toBe(
      "--range DiaSource.psfFlux=..24.5mag gives mag but the column's unit is unknown; give --schema or a bare number in the column's unit",
    );
    expect(rangeUnitProblem(mag, "nJy")).toBeNull();
    expect(rangeUnitProblem(mag, "count")).toMatch(/gives mag but the column's unit is count/);
    expect(rangeUnitProblem(parseUserRange("DiaSource.psfFlux=0..1deg"), "nJy")).toBe(
      "--range DiaSource.psfFlux=0deg..1deg gives deg but the column's unit is nJy, which deg does not convert to",
    );
    // A bare number is in the column's own unit, known or not.
    expect(rangeUnitProblem(parseUserRange("DiaSource.psfFlux=..1000"), null)).toBeNull();
  });
});

// Expected flag names are the DP0.2 names quoted in issue 5 and checked here against the YAML text
// (a regex over dp02_dc2.yaml confirms each named column exists with the datatype the test relies on).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  BANDS,
  type FamilyColumn,
  failureFlagOf,
  flagCandidates,
  loadFelis,
  measurementFamilies,
  requireTable,
} from "../../src/schema/index.js";
import { external, externalText } from "../helpers/paths.js";
import { fitsHeaderColumns } from "./fits-header.js";

const path = join(external("sdm_schemas"), "dp02_dc2.yaml");
const text = readFileSync(path, "utf8");
const dp02 = loadFelis(path);
const object = measurementFamilies(requireTable(dp02, "Object"));

/** Name → datatype of one dp02 table, read from the YAML text with a regex (independent of the loader). */
function yamlColumns(table: string): Map<string, string> {
  const chunk = text.split(/^- name: /m).find((c) => c.startsWith(`${table}\n`)) ?? "";
  const out = new Map<string, string>();
  for (const m of chunk.matchAll(/^ {2}- name: (\S+)\n(?: {4}.*\n)*? {4}datatype: (\w+)/gm))
    out.set(m[1], m[2]);
  return out;
}
const objectYaml = yamlColumns("Object");

function familyOf(measurement: string, families = object.families) {
  return families.find((f) => f.measurement === measurement);
}

describe("DP0.2 Object families (issue 5 examples)", () => {
  it("reads the Object columns from the YAML text (991)", () => {
    expect(objectYaml.size).toBe(991);
  });

  const cases: Array<[suffix: string, error: string | undefined, flag: string]> = [
    ["psfFlux", "psfFluxErr", "psfFlux_flag"],
    ["cModelFlux", "cModelFluxErr", "cModel_flag"],
    ["gaap1p0Flux", "gaap1p0FluxErr", "gaapFlux_flag"],
    ["gaapOptimalFlux", "gaapOptimalFluxErr", "gaapFlux_flag"],
    ["gaapPsfFlux", "gaapPsfFluxErr", "gaapFlux_flag"],
    ["kronFlux", "kronFluxErr", "kronFlux_flag"],
    ["ap03Flux", "ap03FluxErr", "ap03Flux_flag"],
    ["calibFlux", "calibFluxErr", "calibFlux_flag"],
    ["free_psfFlux", "free_psfFluxErr", "free_psfFlux_flag"],
    ["cModelFlux_inner", undefined, "cModel_flag"],
    ["free_cModelFlux_inner", undefined, "free_cModelFlux_flag"],
    ["psfFlux_area", undefined, "psfFlux_flag"],
    ["kronRad", undefined, "kronFlux_flag"],
    ["ixx", undefined, "i_flag"],
    ["ixxPSF", undefined, "iPSF_flag"],
    ["iyyDebiasedPSF", undefined, "iDebiasedPSF_flag"],
    ["hsmShapeRegauss_e1", undefined, "hsmShapeRegauss_flag"],
    ["centroid_x", "centroid_xErr", "centroid_flag"],
    ["extendedness", undefined, "extendedness_flag"],
    ["blendedness", undefined, "blendedness_flag"],
  ];
  for (const [suffix, error, flag] of cases) {
    it(`{band}_${suffix} → ${error ?? "no error"}, {band}_${flag}`, () => {
      for (const band of BANDS) {
        // The test's own expectations must name real columns of the right type.
        expect(objectYaml.get(`${band}_${flag}`)).toBe("boolean");
        if (error) expect(["float", "double"]).toContain(objectYaml.get(`${band}_${error}`));
        const family = familyOf(`${band}_${suffix}`);
        expect(family).toMatchObject({ band, suffix, template: `{band}_${suffix}`, flag: `${band}_${flag}` });
        expect(family?.error).toBe(error ? `${band}_${error}` : undefined);
      }
    });
  }

  it("unbanded measurements: x/y → xy_flag with xErr/yErr; shape_xx → shape_flag", () => {
    expect(objectYaml.get("xy_flag")).toBe("boolean");
    expect(familyOf("x")).toMatchObject({ error: "xErr", flag: "xy_flag" });
    expect(familyOf("y")).toMatchObject({ error: "yErr", flag: "xy_flag" });
    expect(familyOf("shape_xx")?.flag).toBe("shape_flag");
    expect(familyOf("x")?.band).toBeUndefined();
  });

  it("unmapped: bdFluxB/bdFluxD (no bd*_flag in DP0.2) and the Round moments (iRound_flag is a double)", () => {
    expect([...objectYaml.keys()].filter((n) => /^[ugrizy]_bd.*flag/.test(n))).toEqual([]);
    expect(objectYaml.get("g_iRound_flag")).toBe("double");
    const expected = BANDS.flatMap((b) =>
      ["bdFluxB", "bdFluxD", "ixxRound", "iyyRound", "ixyRound"].map((s) => `${b}_${s}`),
    );
    expect(object.unmapped.map((u) => u.measurement).sort()).toEqual(expected.sort());
    const round = object.unmapped.find((u) => u.measurement === "r_ixxRound");
    expect(round?.rejected).toEqual([{ name: "r_iRound_flag", datatype: "double" }]);
    expect(object.unmapped.find((u) => u.measurement === "r_bdFluxB")?.tried[0]).toBe("r_bdFluxB_flag");
  });

  it("every …Err column of Object whose base exists is the error of exactly one family", () => {
    const errors = [...objectYaml.keys()].filter((n) => n.endsWith("Err") && objectYaml.has(n.slice(0, -3)));
    const assigned = object.families.map((f) => f.error).filter((e): e is string => e !== undefined);
    expect(assigned.sort()).toEqual(errors.sort());
  });

  it("every flag found is a boolean column of the table", () => {
    for (const family of object.families) {
      if (family.flag) expect(objectYaml.get(family.flag), family.measurement).toBe("boolean");
    }
  });

  it("cross-band groups: one per suffix that appears in several bands, all six bands, same datatype", () => {
    const suffixes = new Set([...objectYaml.keys()].flatMap((n) => /^[ugrizy]_(.+)$/.exec(n)?.[1] ?? []));
    expect(object.crossBand.map((g) => g.suffix).sort()).toEqual([...suffixes].sort());
    const psf = object.crossBand.find((g) => g.template === "{band}_psfFlux");
    expect(psf?.columns).toEqual({
      u: "u_psfFlux",
      g: "g_psfFlux",
      r: "r_psfFlux",
      i: "i_psfFlux",
      z: "z_psfFlux",
      y: "y_psfFlux",
    });
    expect(psf?.missingBands).toEqual([]);
    // In the YAML every banded suffix has one datatype across the six bands.
    for (const suffix of suffixes) {
      const types = new Set(BANDS.map((b) => objectYaml.get(`${b}_${suffix}`)));
      expect(object.crossBand.find((g) => g.suffix === suffix)?.sameType).toBe(types.size === 1);
    }
  });

  it("every flag found in any DP0.2 table is described in the YAML as a failure flag", () => {
    // Independent of the naming rules: the descriptions say "General Failure Flag", "Set for any fatal
    // failure", "Flag set if the final cmodel fit … failed", "Failure to derive …".
    for (const table of dp02.tables) {
      const descriptions = new Map(table.columns.map((c) => [c.name, c.description ?? ""]));
      for (const family of measurementFamilies(table).families) {
        if (family.flag)
          expect(descriptions.get(family.flag), `${table.name}.${family.flag}`).toMatch(/fail/i);
      }
    }
  });

  it("failureFlagOf answers for one column", () => {
    expect(failureFlagOf(requireTable(dp02, "Object"), "r_gaap1p0Flux")).toBe("r_gaapFlux_flag");
    expect(failureFlagOf(requireTable(dp02, "Object"), "objectId")).toBeUndefined();
  });
});

describe("other DP0.2 tables", () => {
  it("DiaSource: APDB renames psFlux → psfFlux_flag, totFlux → forced_PsfFlux_flag, x/y → centroid_flag", () => {
    const dia = yamlColumns("DiaSource");
    for (const flag of ["psfFlux_flag", "forced_PsfFlux_flag", "centroid_flag", "shape_flag"])
      expect(dia.get(flag)).toBe("boolean");
    const { families } = measurementFamilies(requireTable(dp02, "DiaSource"));
    expect(familyOf("psFlux", families)).toMatchObject({
      error: "psFluxErr",
      flag: "psfFlux_flag",
      flagRule: "alias",
    });
    expect(familyOf("totFlux", families)).toMatchObject({ error: "totFluxErr", flag: "forced_PsfFlux_flag" });
    expect(familyOf("apFlux", families)).toMatchObject({ error: "apFluxErr", flag: "apFlux_flag" });
    expect(familyOf("x", families)).toMatchObject({ error: "xErr", flag: "centroid_flag" });
    expect(familyOf("ixx", families)?.flag).toBe("shape_flag");
  });

  it("Source: calibFlux and sky have no flag in DP0.2 and are reported unmapped", () => {
    const source = yamlColumns("Source");
    expect(source.has("calibFlux_flag")).toBe(false);
    expect([...source.keys()].filter((n) => n.startsWith("sky"))).toEqual(["sky", "skyErr", "sky_source"]);
    const { families, unmapped } = measurementFamilies(requireTable(dp02, "Source"));
    expect(unmapped.map((u) => u.measurement).sort()).toEqual(["calibFlux", "sky"]);
    expect(familyOf("apFlux_12_0_instFlux", families)).toMatchObject({
      error: "apFlux_12_0_instFluxErr",
      flag: "apFlux_12_0_flag",
    });
    expect(familyOf("localBackground_instFlux", families)?.flag).toBe("localBackground_flag");
  });

  it("ForcedSource: psfFlux and psfDiffFlux with their errors and flags", () => {
    const { families } = measurementFamilies(requireTable(dp02, "ForcedSource"));
    expect(familyOf("psfFlux", families)).toMatchObject({ error: "psfFluxErr", flag: "psfFlux_flag" });
    expect(familyOf("psfDiffFlux", families)).toMatchObject({
      error: "psfDiffFluxErr",
      flag: "psfDiffFlux_flag",
    });
  });

  it("DiaObject: bands written without underscore (gPSFluxMean) group across bands", () => {
    const { families, crossBand } = measurementFamilies(requireTable(dp02, "DiaObject"));
    expect(familyOf("gPSFluxMean", families)).toMatchObject({
      band: "g",
      suffix: "PSFluxMean",
      error: "gPSFluxMeanErr",
    });
    expect(crossBand.find((g) => g.template === "{band}PSFluxChi2")?.columns.z).toBe("zPSFluxChi2");
  });

  it("TruthSummary: band in the middle of the name (flux_g_noMW)", () => {
    const { crossBand } = measurementFamilies(requireTable(dp02, "TruthSummary"));
    expect(crossBand.find((g) => g.template === "flux_{band}_noMW")?.columns.y).toBe("flux_y_noMW");
    // mag_r exists only in r: not a cross-band group.
    expect(crossBand.some((g) => g.template === "mag_{band}")).toBe(false);
  });
});

describe("dp2 ShearObject: integer bit-mask flags (metadetect `…_flags`)", () => {
  it("are reported as bitmaskFlag, never as the boolean flag", () => {
    // drp_base.yaml ShearObject: g_gaussFlux_flags and gauss_flags are `datatype: int`.
    const base = readFileSync(join(external("sdm_schemas"), "drp_base.yaml"), "utf8");
    expect(base).toMatch(/- name: g_gaussFlux_flags\n(?: {4}.*\n)*? {4}datatype: int\n/);
    const shear = requireTable(loadFelis(join(external("sdm_schemas"), "dp2.yaml")), "ShearObject");
    const { families, unmapped } = measurementFamilies(shear);
    expect(familyOf("g_gaussFlux", families)).toMatchObject({
      error: "g_gaussFluxErr",
      bitmaskFlag: "g_gaussFlux_flags",
    });
    expect(familyOf("g_gaussFlux", families)?.flag).toBeUndefined();
    expect(familyOf("gauss_T", families)).toMatchObject({ error: "gauss_TErr", bitmaskFlag: "gauss_flags" });
    expect(unmapped.some((u) => u.measurement === "g_gaussFlux")).toBe(true);
  });
});

describe("real ComCam DiaSource table (analysis_tools ECSV header, no schema)", () => {
  // astropy ECSV datatypes → felis, by the felis type table (64-bit float = double, 32-bit = float …).
  const felisOf: Record<string, FamilyColumn["datatype"]> = {
    float64: "double",
    float32: "float",
    int64: "long",
    int32: "int",
    int16: "short",
    bool: "boolean",
    string: "string",
  };
  const header = externalText("analysis_tools_comcam_dia", "diaSourceTable_tract_test.ecsv.gz");
  const columns = [...header.matchAll(/^# - \{name: (\w+), datatype: (\w+)/gm)].map((m) => ({
    name: m[1],
    datatype: felisOf[m[2]],
  }));

  it("reads the 86 columns PROVENANCE lists", () => {
    expect(columns).toHaveLength(86);
    expect(columns.every((c) => c.datatype !== undefined)).toBe(true);
  });

  it("finds each measurement's error and flag as the ECSV names them (hand-checked)", () => {
    const { families, unmapped } = measurementFamilies(columns);
    const summary = Object.fromEntries(
      families.map((f) => [f.measurement, [f.error ?? null, f.flag ?? null]]),
    );
    expect(summary).toEqual({
      ra: ["raErr", "centroid_flag"],
      dec: ["decErr", "centroid_flag"],
      x: ["xErr", "centroid_flag"],
      y: ["yErr", "centroid_flag"],
      apFlux: ["apFluxErr", "apFlux_flag"],
      psfFlux: ["psfFluxErr", "psfFlux_flag"],
      psfChi2: [null, "psfFlux_flag"],
      scienceFlux: ["scienceFluxErr", "forced_PsfFlux_flag"],
      trailFlux: [null, null],
      dipoleMeanFlux: ["dipoleMeanFluxErr", null],
      dipoleFluxDiff: ["dipoleFluxDiffErr", null],
      ixx: [null, "shape_flag"],
      iyy: [null, "shape_flag"],
      ixy: [null, "shape_flag"],
      ixxPSF: [null, "shape_flag"],
      iyyPSF: [null, "shape_flag"],
      ixyPSF: [null, "shape_flag"],
    });
    // trail_flag_edge is a specific flag, not a general failure flag: trailFlux stays unmapped.
    expect(unmapped.map((u) => u.measurement)).toEqual(["trailFlux", "dipoleMeanFlux", "dipoleFluxDiff"]);
  });
});

describe("real afw src catalog (HSC, faro_hsc FITS header)", () => {
  const columns = fitsHeaderColumns(
    external("faro_hsc", "src_HSC_i_HSC-I_903986_0_31_HSC_runs_ci_hsc_20210407T021858Z.fits.gz"),
  );
  const { families, unmapped } = measurementFamilies(columns);

  it("has the 122 flag bits afw packs into `flags` (TFLAGn) among its columns", () => {
    expect(columns.filter((c) => c.datatype === "boolean")).toHaveLength(122);
  });

  it("every …_instFlux with an error maps to its plugin's general flag `<plugin>_flag` (afw convention)", () => {
    const names = new Set(columns.map((c) => c.name));
    const fluxes = columns.filter((c) => c.name.endsWith("_instFlux") && names.has(`${c.name}Err`));
    expect(fluxes.length).toBeGreaterThanOrEqual(14);
    for (const flux of fluxes) {
      const plugin = flux.name.slice(0, -"_instFlux".length);
      expect(names.has(`${plugin}_flag`), plugin).toBe(true);
      expect(familyOf(flux.name, families)).toMatchObject({
        error: `${flux.name}Err`,
        flag: `${plugin}_flag`,
      });
    }
  });

  it("centroids and shapes too; only deblend_psf_instFlux (no deblend flag of its own) is unmapped", () => {
    expect(familyOf("base_SdssCentroid_x", families)).toMatchObject({
      error: "base_SdssCentroid_xErr",
      flag: "base_SdssCentroid_flag",
    });
    expect(familyOf("base_SdssShape_xx", families)).toMatchObject({
      error: "base_SdssShape_xxErr",
      flag: "base_SdssShape_flag",
    });
    expect(unmapped.map((u) => u.measurement)).toEqual(["deblend_psf_instFlux"]);
  });
});

describe("columns from data alone (afw / APDB names)", () => {
  const col = (name: string, datatype: FamilyColumn["datatype"] = "double"): FamilyColumn => ({
    name,
    datatype,
  });

  it("afw src catalog names: base_PsfFlux_instFlux → base_PsfFlux_flag", () => {
    const { families } = measurementFamilies([
      col("base_PsfFlux_instFlux"),
      col("base_PsfFlux_instFluxErr"),
      col("base_PsfFlux_flag", "boolean"),
      col("base_SdssCentroid_x"),
      col("base_SdssCentroid_xErr", "float"),
      col("base_SdssCentroid_flag", "boolean"),
    ]);
    expect(familyOf("base_PsfFlux_instFlux", families)).toMatchObject({
      error: "base_PsfFlux_instFluxErr",
      flag: "base_PsfFlux_flag",
      flagRule: "prefix",
    });
    expect(familyOf("base_SdssCentroid_x", families)).toMatchObject({
      error: "base_SdssCentroid_xErr",
      flag: "base_SdssCentroid_flag",
    });
  });

  it("a band letter needs a second band to count: yErr is the error of y, not band y", () => {
    const { families, crossBand } = measurementFamilies([col("x"), col("y"), col("xErr"), col("yErr")]);
    expect(familyOf("y", families)).toMatchObject({ error: "yErr" });
    expect(familyOf("y", families)?.band).toBeUndefined();
    expect(crossBand).toEqual([]);
  });

  it("a flag candidate that is not boolean is rejected and the search continues", () => {
    const { families } = measurementFamilies([col("psfFlux"), col("psfFlux_flag", "int")]);
    expect(families).toEqual([{ measurement: "psfFlux", suffix: "psfFlux", template: "psfFlux" }]);
  });

  it("cross-band groups report a missing band and a type that differs", () => {
    const { crossBand } = measurementFamilies([
      col("g_psfFlux"),
      col("r_psfFlux", "float"),
      col("g_x"),
      col("r_x"),
      col("i_x"),
    ]);
    const psf = crossBand.find((g) => g.suffix === "psfFlux");
    expect(psf).toMatchObject({
      missingBands: ["i"],
      sameType: false,
      datatypes: { g_psfFlux: "double", r_psfFlux: "float" },
    });
  });

  it("flag candidates are tried in the documented order", () => {
    expect(flagCandidates("cModelFlux_inner").map((c) => c.name)).toEqual([
      "cModelFlux_inner_flag",
      "cModelFlux_inner_flags",
      "cModelFlux_flag",
      "cModelFlux_flags",
      "cModel_flag",
      "cFlux_flag",
    ]);
    expect(flagCandidates("psfMag").map((c) => c.rule)).toContain("magnitude");
  });
});

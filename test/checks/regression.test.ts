// The real-data regression suite: `check` (the CLI's `auto` engine policy) on every real table the repository
// carries, with its felis schema where one exists. Each dataset commits the number of results of each finding
// class (check × status, for fail and error) with a one-line justification, so a change that adds a false alarm
// or loses a finding fails here. The classes' substance is tested against independent oracles in
// real-data.test.ts; this file guards the totals.
import { afterAll, describe, expect, it } from "vitest";
import { checkTables } from "../../src/checks/checkTables.js";
import type { Report } from "../../src/core/results.js";
import { ArrowEngine } from "../../src/engines/arrow/arrow-engine.js";
import { DuckDBEngine } from "../../src/engines/duckdb/duckdb-engine.js";
import { openTable } from "../../src/io/open.js";
import type { TableSource } from "../../src/io/table.js";
import { loadFelis } from "../../src/schema/load.js";
import { external } from "../helpers/paths.js";

const duckdb = new DuckDBEngine({ threads: 1 });
afterAll(() => duckdb.close());

/** A glob under test/data/FOLDER (the trailing `*` also matches the gzipped copies). */
const data = (folder: string, pattern: string): string => `${external(folder)}/${pattern}`;

async function check(tables: Record<string, string>, schemaFile?: string): Promise<Report> {
  const sources = new Map<string, TableSource>();
  for (const [name, spec] of Object.entries(tables)) sources.set(name, await openTable(name, spec));
  const arrow = new ArrowEngine();
  return checkTables({
    sources,
    ...(schemaFile ? { schema: loadFelis(external("sdm_schemas", schemaFile)) } : {}),
    engineFor: (...s) => (s.every((x) => duckdb.supports(x)) ? duckdb : arrow),
    fallbackFor: (s) => (duckdb.supports(s) ? arrow : null),
    version: "regression",
  });
}

/** Failing and erroring results per class `check:status`. */
function classes(report: Report): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of report.results) {
    if (r.status !== "fail" && r.status !== "error") continue;
    const key = `${r.check}:${r.status}`;
    out[key] = (out[key] ?? 0) + 1;
  }
  return out;
}

interface Case {
  name: string;
  tables: () => Record<string, string>;
  schema?: string;
  /** Expected results per class, each with why it is a true finding or why it is legitimate. */
  expected: Record<string, [count: number, why: string]>;
  /** For a dataset without findings: why none is right. */
  clean?: string;
}

const APDB = (folder: string, forced: string) => () => ({
  DiaObject: data(folder, "preloaded_dia_object_*.parq"),
  DiaSource: data(folder, "preloaded_dia_source_*.parq"),
  DiaForcedSource: data(folder, forced),
});

const CASES: Case[] = [
  {
    name: "qserv_dp02_object: the genuine DP0.2 Object row (Qserv CSV) against dp02_dc2.yaml",
    tables: () => ({ Object: data("qserv_dp02_object", "derived_dp02_object_row_with_header.csv*") }),
    schema: "dp02_dc2.yaml",
    expected: {
      "allNull:fail": [
        28,
        "true: 28 doubles are NULL in the one row (HSM regauss, u/y debiased PSF moments, y gaap0p5/Optimal); each NULL is explained by a set flag, so nanWithoutFlag is silent",
      ],
    },
  },
  {
    name: "qserv_dp02_object: the same row without a schema (types guessed from the CSV)",
    tables: () => ({ Object: data("qserv_dp02_object", "derived_dp02_object_row_with_header.csv*") }),
    expected: {
      "allNull:fail": [
        28,
        "true: the same 28 NULL doubles; read as Null-typed columns, not text, so crossBand (10 false alarms before) is silent",
      ],
    },
  },
  {
    name: "faro_hsc: HSC src catalog (afw FITS, radians)",
    tables: () => ({
      src: data("faro_hsc", "src_HSC_i_HSC-I_903986_0_31_HSC_runs_ci_hsc_20210407T021858Z.fits*"),
    }),
    expected: {},
    clean:
      "every NaN of its 74 NaN-bearing columns is explained by a set flag or deblend_deblendedAsPsf (astropy oracle in real-data.test.ts)",
  },
  ...[
    "matchedCatalogMulti_0_70",
    "matchedCatalogTract_0_i",
    "matchedCatalogTract_0_r",
    "matchedCatalog_0_70_i",
    "matchedCatalog_0_70_r",
  ].map(
    (file): Case => ({
      name: `faro_hsc: ${file} (faro matched catalog)`,
      tables: () => ({ matched: data("faro_hsc", `${file}.fits*`) }),
      expected: {
        "errorPair:fail": [
          20,
          "true: shrink_cat.py zeroed the uncertainties of these test catalogs (PROVENANCE); _mag and e1/e2 NaN are explained by the derived-quantity rules",
        ],
      },
    }),
  ),
  {
    name: "faro_hsc: tract9813 patches 55-72 gri (filtered coadd catalog)",
    tables: () => ({ t: data("faro_hsc", "tract9813_patches55to72_gri_filtered.fits*") }),
    expected: {},
    clean: "a filtered coadd extract: finite values, positions in range",
  },
  {
    name: "analysis_tools_comcam_dia: LSSTComCam DiaSource ECSV, data-driven",
    tables: () => ({ DiaSource: data("analysis_tools_comcam_dia", "diaSourceTable_tract_test.ecsv*") }),
    expected: {
      "errorPair:fail": [
        4,
        "true: ra/dec/x/y of the 691 dipole-fit rows have masked errors and centroid_flag false",
      ],
      "nanWithoutFlag:fail": [
        3,
        "true: ixx/iyy/ixyPSF masked in row 1922 with shape_flag and every other flag false",
      ],
    },
  },
  {
    name: "analysis_tools_comcam_dia: LSSTComCam DiaSource ECSV against dp1.yaml",
    tables: () => ({ DiaSource: data("analysis_tools_comcam_dia", "diaSourceTable_tract_test.ecsv*") }),
    schema: "dp1.yaml",
    expected: {
      "constant:fail": [
        1,
        "true: dipoleFluxDiff is 0 in all 691 rows with a value: the column carries no information",
      ],
      "errorPair:fail": [4, "true: as without the schema"],
      "nanWithoutFlag:fail": [3, "true: as without the schema"],
      "schema.missingColumn:fail": [
        1,
        "true: the file has no diaSourceId, DP1's key (its unique check is skipped as not run)",
      ],
    },
  },
  {
    name: "ap_verify_ci_dc2: DIA tables against apdb.yaml",
    tables: APDB("ap_verify_ci_dc2", "preloaded_dia_forced_source_*.parq"),
    schema: "apdb.yaml",
    expected: {
      "constant:fail": [
        1,
        "true: dipoleFluxDiff is 0 in every row with a value (as in the ComCam and COSMOS data)",
      ],
      "allNull:fail": [
        73,
        "true: 62 DiaObject columns of bands never observed and 11 DiaSource columns this older pipeline never filled",
      ],
      "errorPair:fail": [
        6,
        "true: DiaObject ra/dec, DiaSource ra/dec/x/y without errors (centroid_flag false); trail* errors are empty, which allNull says once",
      ],
      "schema.extraColumn:fail": [
        2,
        "true: pixelId (DiaObject, DiaSource) is not in apdb.yaml (the pandas index columns are recognised)",
      ],
      "schema.missingColumn:fail": [
        5,
        "true: drift, apdb.yaml's exposureTime, trailAlgorithm, trail_flag, reliabilityVersion, glint_trail absent",
      ],
      "schema.type:fail": [
        2,
        "true: DiaForcedSource time*MjdTai stored as timestamps where apdb.yaml says double",
      ],
      "notEmpty:fail": [1, "true: DiaForcedSource has 0 rows in both files"],
    },
  },
  {
    name: "ap_verify_ci_cosmos_pdr2: DIA tables against apdb.yaml",
    tables: APDB("ap_verify_ci_cosmos_pdr2", "preloaded_dia_forced_source_HSC_59160_1_13_*.parq"),
    schema: "apdb.yaml",
    expected: {
      "constant:fail": [1, "true: dipoleFluxDiff is 0 in every row with a value"],
      "allNull:fail": [
        72,
        "true: DiaObject columns of bands never observed and DiaSource/DiaForcedSource columns this pipeline never filled",
      ],
      "errorPair:fail": [6, "true: as in ap_verify_ci_dc2 (positions without errors)"],
      "schema.extraColumn:fail": [2, "true: pixelId is not in apdb.yaml"],
      "unique:fail": [
        2,
        "true for the union: the per-visit APDB snapshots repeat DiaObject and DiaSource rows",
      ],
      "schema.missingColumn:fail": [5, "true: the same drift from apdb.yaml as ap_verify_ci_dc2"],
    },
  },
  {
    name: "astroquery_gaia: Gaia DR3 VOTable (2 rows)",
    tables: () => ({ gaia: data("astroquery_gaia", "1710099405832VAL-result.vot*") }),
    expected: {
      "allNull:fail": [
        37,
        "true for the sample: columns empty in both rows (pseudocolour, scan directions, …)",
      ],
    },
  },
  {
    name: "astroquery_gaia: Gaia DR3 ECSV (5 rows)",
    tables: () => ({ gaia: data("astroquery_gaia", "1712337806100O-result.ecsv*") }),
    expected: {
      "allNull:fail": [
        50,
        "true for the sample: columns empty in all 5 rows; parallax/pm/GSP-Phot NaN are explained by the Gaia rules",
      ],
    },
  },
  {
    name: "astroquery_gaia: the same Gaia DR3 table written as VOTable by astropy (5 rows)",
    tables: () => ({ gaia: data("astroquery_gaia", "derived_1712337806100O-result_astropy.vot*") }),
    expected: {
      "allNull:fail": [
        50,
        "true for the sample, and the same as the ECSV: NaN there, null here (formats.test.ts)",
      ],
    },
  },
  {
    name: "pipe_tasks_hsc_multilevel: HSC deepCoadd_obj 3-level CSV (6559 columns)",
    tables: () => ({ obj: data("pipe_tasks_hsc_multilevel", "test_multilevel_parq.csv*") }),
    expected: {
      "allNull:fail": [96, "true for the sample: large-aperture and undeblended fluxes NaN in all 5 rows"],
    },
  },
  {
    name: "pipe_tasks_sdss_refcat: 13 HTM shards of an SDSS refcat",
    tables: () => ({ refcat: data("pipe_tasks_sdss_refcat", "9032*.fits") }),
    expected: {},
    clean: "clean reference shards: positions, fluxes and their errors all valid",
  },
  {
    name: "pipe_tasks_sdss_refcat: PS1 bad proper-motion shard",
    tables: () => ({
      refcat: data("pipe_tasks_sdss_refcat", "meas_algorithms_testHtmIndex-ps1-bad-pm.fits"),
    }),
    expected: {
      "errorPair:fail": [
        4,
        "true: the PS1 bad-pm test shard has finite coords and pms whose errors are missing or <= 0",
      ],
    },
  },
  {
    name: "butler_exports: HSC RC2 visit×detector region vertices",
    tables: () => ({ vertices: data("butler_exports", "derived_region_vertices_radec.csv*") }),
    expected: {},
    clean: "decoded region vertices: positions in range, no missing values",
  },
  {
    name: "dc2_visitlist: DC2 WFD footprint HEALPix pixels",
    tables: () => ({
      pixels: data("dc2_visitlist", "DC2RegionPixels_minion1016_v3_WFDvisits_nside1024_WFDvisitsInWFD.csv*"),
    }),
    expected: {},
    clean: "footprint pixel list: integers only, nothing missing",
  },
];

describe("real-data regression: findings per class", () => {
  for (const c of CASES) {
    it(c.name, async () => {
      const report = await check(c.tables(), c.schema);
      // Every class says why; a dataset without findings says why none is right.
      expect(Object.keys(c.expected).length > 0 || (c.clean ?? "").length > 0).toBe(true);
      const expected = Object.fromEntries(Object.entries(c.expected).map(([k, [n]]) => [k, n]));
      if (process.env.REGRESSION_PRINT) console.log(`CLASSES ${c.name} ${JSON.stringify(classes(report))}`);
      expect(classes(report)).toEqual(expected);
    }, 300_000);
  }
});

// The automatic suite over real tables from test/data (copies of real public data). Every expected finding below comes from an
// independent reader: astropy counts (scripts/golden/checks_real_data.py → test/golden/checks/real-data.json),
// plain DuckDB SQL over the Parquet files, the raw Qserv dump of the DP0.2 Object row, and the felis YAML read
// with the yaml package. Each test says why the findings are right.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { afterAll, describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { checkTables } from "../../src/checks/checkTables.js";
import type { CheckResult, Report } from "../../src/core/results.js";
import { ArrowEngine } from "../../src/engines/arrow/arrow-engine.js";
import { DuckDBEngine } from "../../src/engines/duckdb/duckdb-engine.js";
import { openTable } from "../../src/io/open.js";
import type { TableSource } from "../../src/io/table.js";
import { loadFelis } from "../../src/schema/load.js";
import { external, REPO_ROOT } from "../helpers/paths.js";
import { failingIds } from "./helpers.js";

const golden = JSON.parse(readFileSync(join(REPO_ROOT, "test/golden/checks/real-data.json"), "utf8"));
const duckdb = new DuckDBEngine({ threads: 1 });
afterAll(() => duckdb.close());

/** The CLI's `auto` policy: DuckDB for Parquet with Arrow behind it, Arrow for everything else. */
async function check(
  tables: Record<string, string | string[]>,
  schemaFile?: string,
  noFamilies = false,
): Promise<Report> {
  const sources = new Map<string, TableSource>();
  for (const [name, paths] of Object.entries(tables)) sources.set(name, await openTable(name, paths));
  const arrow = new ArrowEngine();
  return checkTables({
    sources,
    ...(schemaFile ? { schema: loadFelis(external("sdm_schemas", schemaFile)) } : {}),
    engineFor: (...s) => (s.every((x) => duckdb.supports(x)) ? duckdb : arrow),
    fallbackFor: (s) => (duckdb.supports(s) ? arrow : null),
    ...(noFamilies ? { families: () => ({ families: [], unmapped: [] }) } : {}),
    version: "test",
  });
}

function byCheck(
  report: Report,
  table: string,
  checkName: string,
  status: CheckResult["status"] = "fail",
): Record<string, number> {
  return Object.fromEntries(
    report.results
      .filter((r) => r.table === table && r.check === checkName && r.status === status)
      .map((r) => [r.column ?? "", r.failing]),
  );
}

describe("HSC src catalog (faro, afw FITS, radians)", () => {
  const SRC = () =>
    external("faro_hsc", "src_HSC_i_HSC-I_903986_0_31_HSC_runs_ci_hsc_20210407T021858Z.fits.gz");

  it("passes: every NaN of its 74 NaN-bearing float columns is explained by a set flag or a non-applicable measurement", async () => {
    const report = await check({ src: SRC() });
    expect(failingIds(report)).toEqual([]);
    expect(report.results.filter((r) => r.status === "error")).toEqual([]);
    expect(report.coverage.unchecked).toEqual([]);
    // astropy: 74 columns hold NaN; in each, every NaN row has the plugin's flag (or one of its specific flags) set,
    // except deblend_psf*, NaN exactly where deblend_deblendedAsPsf is false (771 − 107 = 664 rows).
    const src = golden.hscSrc;
    expect(src.nanColumns).toBe(74);
    for (const [column, entry] of Object.entries(src.columns) as [
      string,
      { nan: number; nanWithAnyFlagSet?: number },
    ][]) {
      if (column.startsWith("deblend_psf"))
        expect([column, entry.nan]).toEqual([column, src.rows - src.deblendedAsPsf]);
      else expect([column, entry.nanWithAnyFlagSet]).toEqual([column, entry.nan]);
    }
    // Passing NaN checks say what they found and why it is fine, with astropy's counts: "664 NaN in 771 rows, all
    // explained by `deblend_deblendedAsPsf` false", not "no NaN values".
    for (const [column, entry] of Object.entries(src.columns) as [string, { nan: number }][]) {
      const message = report.results.find((r) => r.id === `src.${column}.nan`)?.message ?? "";
      expect([column, message.startsWith(`${entry.nan} NaN in 771 rows, all explained by `)]).toEqual([
        column,
        true,
      ]);
      if (column.startsWith("deblend_psf"))
        expect(message).toMatch(/all explained by `deblend_deblendedAsPsf` false$/);
    }
    // coord_ra/coord_dec are radians in this catalog: raDec checked them in radians.
    expect(report.results.find((r) => r.id === "src.coord_ra.raDec")).toMatchObject({
      status: "pass",
      total: 771,
    });
  }, 300_000);

  it("sees every NaN astropy sees: with the flag rules switched off, each NaN column fails nan with astropy's count", async () => {
    const report = await check({ src: SRC() }, undefined, true);
    const expected = Object.fromEntries(
      Object.entries(golden.hscSrc.columns).map(([c, e]) => [c, (e as { nan: number }).nan]),
    );
    expect(byCheck(report, "src", "nan")).toEqual(expected);
  }, 300_000);

  it("explains the same NaN with hsc.yaml, whose Source lacks these columns: extra columns keep their flags", async () => {
    // hsc.yaml's Source declares 165 columns under Rubin names; the afw columns are extras (schema.extraColumn)
    // and must be judged as without a schema: 74 unexplained-NaN findings and a `constant` on an undeclared
    // column before.
    const report = await check({ Source: SRC() }, "hsc.yaml");
    const failing = new Set(report.results.filter((r) => r.status === "fail").map((r) => r.check));
    expect([...failing].sort()).toEqual(["schema.extraColumn", "schema.missingColumn"]);
    for (const [column, entry] of Object.entries(golden.hscSrc.columns) as [string, { nan: number }][]) {
      const message = report.results.find((r) => r.id === `Source.${column}.nan`)?.message ?? "";
      expect([column, message.startsWith(`${entry.nan} NaN in 771 rows, all explained by `)]).toEqual([
        column,
        true,
      ]);
    }
  }, 300_000);
});

describe("LSSTComCam DiaSource table (analysis_tools ECSV, masked values, no diaSourceId)", () => {
  const ECSV = () => external("analysis_tools_comcam_dia", "diaSourceTable_tract_test.ecsv.gz");

  it("flags positions without uncertainties: ra/dec/x/y finite, errors masked, centroid_flag not set", async () => {
    const report = await check({ DiaSource: ECSV() });
    // astropy: 691 such rows for each pair — exactly the 691 rows with dipoleFitAttempted, whose position comes
    // from the dipole fit and whose raErr is masked: a real gap (these positions cannot be weighted).
    expect(golden.comcam.errorPair).toEqual({ ra: 691, dec: 691, x: 691, y: 691 });
    expect(golden.comcam.raErrMaskedWhereDipoleFit).toBe(golden.comcam.dipoleFitAttempted);
    expect(byCheck(report, "DiaSource", "errorPair")).toEqual(golden.comcam.errorPair);
    // Masked (null) is missing like NaN: in one row (1922) the PSF moments are masked while shape_flag and every
    // other flag are false — an unexplained missing measurement, found once NULL counts as missing.
    expect(failingIds(report)).toEqual([
      "DiaSource.dec.errorPair",
      "DiaSource.ixxPSF.nanWithoutFlag",
      "DiaSource.ixyPSF.nanWithoutFlag",
      "DiaSource.iyyPSF.nanWithoutFlag",
      "DiaSource.ra.errorPair",
      "DiaSource.x.errorPair",
      "DiaSource.y.errorPair",
    ]);
    expect(
      report.results.find((r) => r.id === "DiaSource.ixxPSF.nanWithoutFlag")?.sample.map((x) => x.row),
    ).toEqual([1922]);
  }, 300_000);

  it("against DP1's felis DiaSource: the missing primary key is a finding and its unique check is marked not run", async () => {
    const report = await check({ DiaSource: ECSV() }, "dp1.yaml");
    expect(byCheck(report, "DiaSource", "schema.missingColumn")).toEqual(
      Object.fromEntries(golden.comcam.dp1MissingColumns.map((c: string) => [c, 1])),
    );
    // Reported once, by schema.missingColumn; the checks that needed it are marked as not run because of it.
    expect(report.results.find((r) => r.id === "DiaSource.diaSourceId.unique")).toMatchObject({
      status: "skip",
      message: expect.stringMatching(/not run: key column diaSourceId missing/),
    });
    expect(report.results.filter((r) => r.status === "error")).toEqual([]);
    // Current felis: nullable unless declared `nullable: false` (dp1.yaml DiaSource: visit, detector,
    // time_processed; no primary key). The thousands of masked doubles (dipole*, trail*, …) are allowed nulls;
    // astropy finds no masked value in the three NOT NULL columns.
    expect(golden.comcam.dp1NotNullColumns).toEqual(["detector", "time_processed", "visit"]);
    expect(byCheck(report, "DiaSource", "notNull")).toEqual(golden.comcam.dp1NotNull);
    expect(byCheck(report, "DiaSource", "notNull", "pass")).toEqual(
      Object.fromEntries(golden.comcam.dp1NotNullColumns.map((c: string) => [c, 0])),
    );
    expect(report.coverage.unchecked).toEqual(["DiaSource.diaSourceId"]);
  }, 300_000);
});

describe("DC2 DIA tables (ap_verify_ci_dc2 Parquet) against the APDB felis schema", async () => {
  const dir = external("ap_verify_ci_dc2");
  const files = (kind: string) => `${dir}/preloaded_dia_${kind}_*.parq`;
  const db = await (await DuckDBInstance.create(":memory:")).connect();
  const sql = async (q: string) => (await db.runAndReadAll(q)).getRowObjects();
  // The oracle reads the non-empty exposure's files: the 0-row files of visit 943296 add no rows, and their
  // timestamp-typed MjdTai columns cannot be unioned with the DOUBLE ones in plain SQL.
  const rel = (kind: string) =>
    `read_parquet('${dir}/preloaded_dia_${kind}_LSSTCam-imSim_982985_R41_S02_dia_catalogs_apdb.parq')`;
  const apdb = parseYaml(readFileSync(external("sdm_schemas", "apdb.yaml"), "utf8")) as {
    tables: {
      name: string;
      primaryKey?: string | string[];
      columns: { name: string; datatype: string; nullable?: boolean }[];
    }[];
  };

  /** Columns current felis makes NOT NULL (declared `nullable: false`, or primary key) with their null counts. */
  async function expectedNotNull(table: string, kind: string): Promise<Record<string, number>> {
    const t = apdb.tables.find((x) => x.name === table);
    if (!t) throw new Error(`no ${table} in apdb.yaml`);
    const pk = new Set([t.primaryKey ?? []].flat().map((id) => id.split(".").pop()));
    const present = new Set(
      (await sql(`DESCRIBE SELECT * FROM ${rel(kind)}`)).map((r) => String(r.column_name)),
    );
    const out: Record<string, number> = {};
    for (const c of t.columns) {
      const nullable = (c.nullable ?? true) && !pk.has(c.name);
      if (nullable || !present.has(c.name)) continue;
      const [row] = await sql(`SELECT count(*) - count("${c.name}") AS n FROM ${rel(kind)}`);
      const n = Number(row?.n);
      if (n > 0) out[c.name] = n;
    }
    return out;
  }

  const report = await check(
    { DiaSource: files("source"), DiaObject: files("object"), DiaForcedSource: files("forced_source") },
    "apdb.yaml",
  );

  it("finds the nulls felis forbids, with DuckDB's null counts", async () => {
    expect(byCheck(report, "DiaSource", "notNull")).toEqual(await expectedNotNull("DiaSource", "source"));
    expect(byCheck(report, "DiaObject", "notNull")).toEqual(await expectedNotNull("DiaObject", "object"));
  }, 300_000);

  it("reports the columns that are entirely null (DiaObject: bands never observed)", async () => {
    for (const [table, kind] of [
      ["DiaSource", "source"],
      ["DiaObject", "object"],
    ]) {
      const cols = (await sql(`DESCRIBE SELECT * FROM ${rel(kind)}`)).map((r) => String(r.column_name));
      const counts =
        (
          await sql(`SELECT ${cols.map((c, i) => `count("${c}") AS c${i}`).join(", ")} FROM ${rel(kind)}`)
        )[0] ?? {};
      const empty = cols.filter((_, i) => Number(counts[`c${i}`]) === 0);
      expect([table, Object.keys(byCheck(report, table as string, "allNull")).sort()]).toEqual([
        table,
        empty.sort(),
      ]);
    }
    expect(byCheck(report, "DiaObject", "allNull")).toHaveProperty("u_psfFluxMean", 1);
  }, 300_000);

  it("compares columns with the schema: drift between this older APDB and apdb.yaml, pandas index columns", async () => {
    for (const [table, kind] of [
      ["DiaSource", "source"],
      ["DiaObject", "object"],
      ["DiaForcedSource", "forced_source"],
    ]) {
      const data = (await sql(`DESCRIBE SELECT * FROM ${rel(kind)}`)).map((r) => String(r.column_name));
      const felis = apdb.tables.find((t) => t.name === table)?.columns.map((c) => c.name) ?? [];
      expect([table, Object.keys(byCheck(report, table as string, "schema.missingColumn")).sort()]).toEqual([
        table,
        felis.filter((c) => !data.includes(c)).sort(),
      ]);
      // pandas index columns (`__index_level_N__`) are recognised as such, once, not as extra schema columns.
      const pandas = (c: string) => /^__index_level_\d+__$/.test(c);
      expect([table, Object.keys(byCheck(report, table as string, "schema.extraColumn")).sort()]).toEqual([
        table,
        data.filter((c) => !felis.includes(c) && !pandas(c)).sort(),
      ]);
      expect([
        table,
        Object.keys(byCheck(report, table as string, "schema.knownColumn", "skip")).sort(),
      ]).toEqual([table, data.filter(pandas).sort()]);
    }
  });

  it("resolves every DiaSource.diaObjectId in DiaObject (0 orphans, as PROVENANCE says and DuckDB counts)", async () => {
    const [row] = await sql(
      `SELECT count(*) AS n FROM ${rel("source")} s WHERE s.diaObjectId IS NOT NULL AND s.diaObjectId NOT IN (SELECT diaObjectId FROM ${rel("object")})`,
    );
    expect(Number(row?.n)).toBe(0);
    expect(report.results.find((r) => r.id === "DiaSource.diaObjectId.foreignKey")).toMatchObject({
      status: "pass",
      failing: 0,
      total: 119,
    });
  });

  it("counts positions without errors as DuckDB does (finite value, error null/non-finite/<= 0, flag not set)", async () => {
    for (const [v, e] of [
      ["ra", "raErr"],
      ["dec", "decErr"],
      ["x", "xErr"],
      ["y", "yErr"],
    ]) {
      const [row] = await sql(
        `SELECT count(*) AS n FROM ${rel("source")} WHERE isfinite("${v}") AND ("${e}" IS NULL OR NOT isfinite("${e}") OR "${e}" <= 0) AND centroid_flag IS NOT TRUE`,
      );
      expect([v, byCheck(report, "DiaSource", "errorPair")[v as string]]).toEqual([v, Number(row?.n)]);
    }
  });

  it("reports the 0-row DiaForcedSource as an empty table, once; its row checks are not run, not passed", () => {
    const forced = report.results.filter(
      (r) => r.table === "DiaForcedSource" && !r.check.startsWith("schema."),
    );
    expect(forced.filter((r) => r.status === "fail").map((r) => r.id)).toEqual(["DiaForcedSource.notEmpty"]);
    // Nothing was examined: no value check passes on it, so no column counts as checked.
    expect(forced.filter((r) => r.column !== null && r.status === "pass")).toEqual([]);
    expect(report.tables.DiaForcedSource?.rows).toBe(0);
    expect(report.coverage.tables?.DiaForcedSource?.checked).toBe(0);
  });
});

describe("the genuine DP0.2 Object row (Qserv dump as CSV) against dp02_dc2.yaml", () => {
  it("reports its all-NULL doubles and nothing else: CSV read with the schema's types, Qserv chunk columns known", async () => {
    const qserv = JSON.parse(
      readFileSync(external("qserv_dp02_object", "Object_table_schema.json"), "utf8"),
    ) as {
      schema: { name: string; type: string }[];
    };
    const raw = readFileSync(external("qserv_dp02_object", "chunk_57866.txt"), "utf8").trim().split(",");
    expect(raw.length).toBe(qserv.schema.length);
    const nullColumns = qserv.schema
      .filter((_, i) => raw[i] === "\\N")
      .map((c) => c.name)
      .sort();
    const booleans = qserv.schema.filter((c) => c.type.startsWith("BOOLEAN")).map((c) => c.name);
    expect(nullColumns.length).toBe(28);
    // The Qserv table this row was loaded into declares NOT NULL only for objectId and the position (plus its own
    // chunk columns); the 28 NULL doubles are legal there.
    expect(
      qserv.schema
        .filter((c) => c.type.includes("NOT NULL"))
        .map((c) => c.name)
        .sort(),
    ).toEqual(["chunkId", "coord_dec", "coord_ra", "objectId", "subChunkId"]);

    const report = await check(
      { Object: external("qserv_dp02_object", "derived_dp02_object_row_with_header.csv") },
      "dp02_dc2.yaml",
    );
    // The 28 NULLs are doubles (hsmShapeRegauss …) without `nullable` in dp02_dc2.yaml: nullable under current felis
    // (datamodel.py `nullable: bool = True`, lsst/felis fc654ad, 2024-04), as in Qserv above. So no notNull failure —
    // felis before 2024-04 made undeclared doubles NOT NULL and would raise 28 false alarms here. With one row,
    // allNull still fails on each of them.
    expect(byCheck(report, "Object", "notNull")).toEqual({});
    const notNullRun = report.results.filter((r) => r.table === "Object" && r.check === "notNull");
    expect(notNullRun.map((r) => [r.column, r.status])).toEqual([["objectId", "pass"]]);
    expect(Object.keys(byCheck(report, "Object", "allNull")).sort()).toEqual(nullColumns);
    // Qserv adds chunkId and subChunkId to the 991 DP0.2 columns: recognised as database columns, not extras.
    expect(byCheck(report, "Object", "schema.extraColumn")).toEqual({});
    expect(Object.keys(byCheck(report, "Object", "schema.knownColumn", "skip")).sort()).toEqual([
      "chunkId",
      "subChunkId",
    ]);
    // With a schema the CSV is read with the schema's types: Qserv's BOOLEAN 0/1 become booleans and the
    // all-NULL doubles stay doubles (not text), so schema.type and crossBand have nothing to say.
    expect(booleans.length).toBe(462);
    expect(byCheck(report, "Object", "schema.type")).toEqual({});
    expect(byCheck(report, "Object", "crossBand")).toEqual({});
    // An all-NULL double keeps its type `null` (no value to retype) and still gets its declared double's checks,
    // which say its values are missing; none fails but allNull (a constant of no value is not run, and errorPair
    // does not repeat that its error column y_gaap0p5FluxErr is empty).
    expect(
      report.results.filter((r) => r.column === "y_gaap0p5Flux").map((r) => [r.check, r.status]),
    ).toEqual([
      ["nan", "skip"],
      ["nanWithoutFlag", "skip"],
      ["inf", "pass"],
      ["allNull", "fail"],
      ["errorPair", "skip"],
      ["constant", "skip"],
    ]);
    // The same row against other Rubin schemas: dp1.yaml declares the empty u/y columns `float` (retyped, they
    // were float32 beside the other bands' guessed float64), hsc.yaml has no u band (u flags stay guessed int64
    // beside declared booleans). Neither is a cross-band finding (10 and 62 false alarms before).
    for (const other of ["dp1.yaml", "hsc.yaml"]) {
      const r = await check(
        { Object: external("qserv_dp02_object", "derived_dp02_object_row_with_header.csv") },
        other,
      );
      expect([other, byCheck(r, "Object", "crossBand")]).toEqual([other, {}]);
    }
    // Each NULL is explained by a flag that is set (hsmShapeRegauss_flag, iDebiasedPSF_flag, the gaap
    // aperture's own _flag_bigPsf): nanWithoutFlag, which counts NULL as missing, finds nothing.
    expect(byCheck(report, "Object", "nanWithoutFlag")).toEqual({});
    const other = report.results.filter((r) => r.status === "fail" && r.check !== "allNull");
    expect(other).toEqual([]);
    expect(report.results.filter((r) => r.status === "error")).toEqual([]);
    expect(report.coverage).toMatchObject({ columns: 991, checked: 991 });
  }, 300_000);
});

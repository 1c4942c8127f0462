// The CLI as users run it: a child process, exit codes, stdout summary, stderr messages and the JSON report.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { XMLParser } from "fast-xml-parser";
import { describe, expect, it } from "vitest";
import { external, FIXTURES, REPO_ROOT } from "../helpers/paths.js";

const PACKAGE_VERSION = (
  JSON.parse(readFileSync(join(REPO_ROOT, "package.json"), "utf8")) as { version: string }
).version;

function skygate(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const run = spawnSync(process.execPath, ["--import", "tsx", "src/cli.ts", ...args], {
    cwd: REPO_ROOT,
    encoding: "utf8",
    timeout: 120_000,
  });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

const tmp = mkdtempSync(join(tmpdir(), "skygate-cli-"));
const COMCAM = () => external("analysis_tools_comcam_dia", "diaSourceTable_tract_test.ecsv.gz");
const HSC_SRC = () =>
  external("faro_hsc", "src_HSC_i_HSC-I_903986_0_31_HSC_runs_ci_hsc_20210407T021858Z.fits.gz");

const fixtureTables = (dir: string) =>
  ["Object", "ForcedSource", "Source", "CcdVisit", "Visit"].flatMap((t) => [
    "--table",
    `${t}=${join(FIXTURES, dir, `${t}.parquet`)}`,
  ]);

describe("skygate check on the fixtures", () => {
  it("exits 0 on the clean twin with every schema column checked", () => {
    const json = join(tmp, "clean.json");
    const run = skygate(
      "check",
      "--schema",
      external("sdm_schemas", "dp02_dc2.yaml"),
      ...fixtureTables("pilot-clean"),
      "--json",
      json,
    );
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/Coverage: 1219\/1219 columns checked/);
    expect(run.stdout).toMatch(/Status: PASS \(0 failed, 0 errored/);
    expect(JSON.parse(readFileSync(json, "utf8")).status).toBe("pass");
  }, 600_000);

  it("exits 1 on the defective pilot and reports the injected NaNs with their rows", () => {
    const json = join(tmp, "pilot.json");
    const run = skygate(
      "check",
      "--schema",
      external("sdm_schemas", "dp02_dc2.yaml"),
      ...fixtureTables("pilot"),
      "--json",
      json,
    );
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/FAIL\s+Object\.g_psfFlux\.nanWithoutFlag\s+27\/1500/);
    const truth = JSON.parse(readFileSync(join(FIXTURES, "pilot", "truth.json"), "utf8"));
    const injected = truth.defects.find(
      (d: { column: string; check: string }) => d.column === "g_psfFlux" && d.check === "nanWithoutFlag",
    );
    const result = JSON.parse(readFileSync(json, "utf8")).results.find(
      (r: { id: string }) => r.id === "Object.g_psfFlux.nanWithoutFlag",
    );
    expect(result.sample.map((s: { row: number }) => s.row)).toEqual(injected.rows.slice(0, 20));
    // Samples locate the rows on the sky (degrees) and by primary key.
    expect(result.sample[0].ra).toBeGreaterThan(50);
    expect(result.sample[0].key).toMatch(/^\d+$/);
  }, 600_000);
});

describe("skygate check exit codes", () => {
  it("exits 0 on a table whose data-driven suite passes, with a summary and a contract-shaped JSON report", () => {
    // The HSC src catalog: its 74 NaN-bearing float columns all have their NaNs explained by set flags.
    const json = join(tmp, "src.json");
    const run = skygate("check", "--table", `src=${HSC_SRC()}`, "--json", json, "--quiet");
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/src: 771 rows/);
    expect(run.stdout).toMatch(/Status: PASS/);
    const report = JSON.parse(readFileSync(json, "utf8"));
    expect(report).toMatchObject({ tool: "skygate", version: PACKAGE_VERSION, status: "pass" });
    expect(report.tables.src).toMatchObject({ rows: 771, sources: [HSC_SRC()] });
    expect(report.coverage).toMatchObject({
      columns: report.tables.src.columns,
      checked: report.tables.src.columns,
      unchecked: [],
    });
    for (const r of report.results) {
      expect(Object.keys(r)).toEqual(
        expect.arrayContaining([
          "id",
          "table",
          "column",
          "check",
          "status",
          "failing",
          "total",
          "message",
          "sample",
        ]),
      );
      expect(r.id).toBe(r.column === null ? `${r.table}.${r.check}` : `${r.table}.${r.column}.${r.check}`);
    }
  });

  it("exits 1 when a check fails (DC2 DiaObject: bands never observed are entirely null)", () => {
    const dir = external("ap_verify_ci_dc2");
    const run = skygate("check", "--table", `DiaObject=${dir}/preloaded_dia_object_*.parq`, "--quiet");
    expect(run.code).toBe(1);
    // One problem per quantity with a per-band breakdown (r was observed, so its column is not empty).
    expect(run.stdout).toMatch(
      /FAIL\s+DiaObject\.\{u,g,i,z,y\}_psfFluxMean\.allNull\s+5 bands \(u 1\/1, g 1\/1, i 1\/1, z 1\/1, y 1\/1\)/,
    );
    expect(run.stdout).toMatch(/Status: FAIL/);
  });

  it("compares row counts with --expect-rows and converts --range units (exit 1 on a mismatch)", () => {
    const json = join(tmp, "rows.json");
    // 771 rows (PROVENANCE); the ra range is given in degrees for a column stored in radians: 320.7–320.9° is
    // inside 300..330 deg, so only the row count fails.
    const run = skygate(
      "check",
      "--table",
      `src=${HSC_SRC()}`,
      "--expect-rows",
      "src=770",
      "--range",
      "src.coord_ra=300deg..330deg",
      "--json",
      json,
    );
    expect(run.code).toBe(1);
    const results = JSON.parse(readFileSync(json, "utf8")).results;
    expect(
      results.filter((r: { status: string }) => r.status === "fail").map((r: { id: string }) => r.id),
    ).toEqual(["src.rowCount"]);
    expect(results.find((r: { id: string }) => r.id === "src.coord_ra.range")).toMatchObject({
      status: "pass",
      total: 771,
    });
  });

  it("exits 3 when a check could not run and none failed", () => {
    const json = join(tmp, "error.json");
    const run = skygate(
      "check",
      "--table",
      `src=${HSC_SRC()}`,
      "--range",
      "src.noSuchColumn=0..1",
      "--json",
      json,
    );
    expect(run.code).toBe(3);
    const report = JSON.parse(readFileSync(json, "utf8"));
    expect(report.status).toBe("error");
    const errored = report.results.filter((r: { status: string }) => r.status === "error");
    expect(errored.map((r: { id: string }) => r.id)).toEqual(["src.noSuchColumn.range"]);
  });

  it("exits 2 and names the file when an input is missing; nothing is checked", () => {
    const missing = join(tmp, "nope.parquet");
    const json = join(tmp, "missing.json");
    const run = skygate("check", "--table", `Object=${missing}`, "--json", json);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(missing);
    expect(run.stdout).toBe("");
    expect(() => readFileSync(json)).toThrow();
  });

  it("exits 2 on a 0-byte file", () => {
    const empty = join(tmp, "empty.parquet");
    writeFileSync(empty, "");
    const run = skygate("check", "--table", `Object=${empty}`);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(empty);
  });

  it("exits 2 on usage errors, also of failures and holes", () => {
    expect(skygate("check").code).toBe(2);
    expect(skygate("check", "--table", "no-equals-sign").stderr).toMatch(/NAME=PATH/);
    expect(skygate("check", "--table", `A=${COMCAM()}`, "--bogus").code).toBe(2);
    expect(skygate("check", "--table", `A=${COMCAM()}`, "--engine", "spark").code).toBe(2);
    expect(
      skygate("check", "--table", `Nope=${COMCAM()}`, "--schema", external("sdm_schemas", "dp02_dc2.yaml"))
        .stderr,
    ).toMatch(/table Nope is not in schema/);
    const failures = skygate("failures", "x");
    expect([failures.code, failures.stderr]).toEqual([2, expect.stringMatching(/^skygate: failures: .*'x'/)]);
    const holes = skygate("holes", "x");
    expect(holes.code).toBe(2);
    expect(holes.stderr).toMatch(/^skygate: holes: /);
  });

  it("prints help per command with exit 0", () => {
    const check = skygate("check", "--help");
    expect([check.code, /--table NAME=PATH/.test(check.stdout)]).toEqual([0, true]);
    const profile = skygate("profile", "--help");
    expect([profile.code, /skygate profile/.test(profile.stdout)]).toEqual([0, true]);
  });
});

describe("skygate check report files", () => {
  it("writes JUnit XML, Markdown and HTML next to the JSON", () => {
    const out = (ext: string) => join(tmp, `reports.${ext}`);
    const dir = external("ap_verify_ci_dc2");
    const run = skygate(
      "check",
      "--table",
      `DiaObject=${dir}/preloaded_dia_object_*.parq`,
      "--json",
      out("json"),
      "--junit",
      out("xml"),
      "--md",
      out("md"),
      "--html",
      out("html"),
    );
    expect(run.code).toBe(1);
    const report = JSON.parse(readFileSync(out("json"), "utf8"));
    const fails = report.results.filter((r: { status: string }) => r.status === "fail").length;
    const xml = new XMLParser({ ignoreAttributes: false }).parse(readFileSync(out("xml"), "utf8"));
    expect(Number(xml.testsuites["@_failures"])).toBe(fails);
    expect(Number(xml.testsuites["@_tests"])).toBe(report.results.length);
    expect(readFileSync(out("md"), "utf8")).toMatch(/^# skygate check: FAIL/);
    const html = readFileSync(out("html"), "utf8");
    expect(html).toMatch(/^<!DOCTYPE html>/);
    // The bands of one quantity are one row in the HTML report, as in text and Markdown.
    expect(html).toMatch(/DiaObject\.\{u(,[grizy])*\}_psfFluxMean\.allNull/);
  });
});

describe("skygate profile", () => {
  it("profiles every column and writes the contract's JSON", () => {
    const json = join(tmp, "profile.json");
    const run = skygate("profile", "--table", `DiaSource=${COMCAM()}`, "--json", json, "--quiet");
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/DiaSource: 2994 rows, 86 columns/);
    const profile = JSON.parse(readFileSync(json, "utf8"));
    expect(profile).toMatchObject({ tool: "skygate", version: PACKAGE_VERSION });
    expect(profile.tables.DiaSource.rows).toBe(2994);
    expect(Object.keys(profile.tables.DiaSource.columns).length).toBe(86);
  });
});

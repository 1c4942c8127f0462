// `--range` on real data, as the audit ran it: the SDSS reference catalog (coord_ra/coord_dec in radians, true
// footprint the 1°×1° box RA 215.1–216.1°, Dec 52.6–53.6°, see its PROVENANCE) and the ap_verify COSMOS
// DiaSource Parquet (no units in the file; apdb.yaml gives nJy).
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runCheck } from "../../src/cli/check.js";
import { UsageError } from "../../src/core/errors.js";
import { captureIO } from "../helpers/io.js";
import { external } from "../helpers/paths.js";

const dir = mkdtempSync(join(tmpdir(), "skygate-range-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const REFCAT = () => `Ref=${join(external("pipe_tasks_sdss_refcat"), "9032*.fits")}`;
const DIA_SOURCE = () =>
  `DiaSource=${external("ap_verify_ci_cosmos_pdr2", "preloaded_dia_source_HSC_59160_1_13_dia_catalogs_apdb.parq")}`;

interface Result {
  id: string;
  status: string;
  failing: number;
  total: number;
  message: string;
}

/** Runs `skygate check` in-process; the exit code and the results of the JSON report. */
async function check(...args: string[]): Promise<{ code: number; results: Result[] }> {
  const json = join(dir, `r${Math.random().toString(36).slice(2)}.json`);
  const code = await runCheck([...args, "--quiet", "--json", json], captureIO());
  return { code, results: JSON.parse(readFileSync(json, "utf8")).results };
}

const byId = (results: Result[], id: string) => results.find((r) => r.id === id);

describe("--range with a unit on one bound", () => {
  it("applies it to both bounds: the refcat's own footprint in degrees passes every row", async () => {
    const { results } = await check(
      ...["--table", REFCAT()],
      ...["--range", "Ref.coord_ra=215.1..216.1deg", "--range", "Ref.coord_dec=52.6..53.6deg"],
    );
    for (const id of ["Ref.coord_ra.range", "Ref.coord_dec.range"])
      expect(byId(results, id)).toMatchObject({ status: "pass", failing: 0, total: 15083 });
    // Half the box: astropy counts 7739 of 15083 rows with RA above 215.6°.
    const half = await check("--table", REFCAT(), "--range", "Ref.coord_ra=215.1..215.6deg");
    expect(byId(half.results, "Ref.coord_ra.range")).toMatchObject({ status: "fail", failing: 7739 });
  });

  it("refuses an interval empty once its bounds share a unit (exit 2, one line naming --range)", async () => {
    for (const range of ["Ref.coord_ra=216.1..215.1deg", "Ref.coord_ra=4rad..216deg"]) {
      const run = runCheck(["--table", REFCAT(), "--range", range, "--quiet"], captureIO());
      await expect(run).rejects.toThrow(UsageError);
      await expect(run).rejects.toThrow(new RegExp(`^--range ${range.replace(/\./g, "\\.")}: .* is empty`));
    }
  });
});

describe("--range with a unit the column's unit does not take", () => {
  it("is an error naming table, column and reason when the column has no unit (Parquet without --schema)", async () => {
    const { code, results } = await check("--table", DIA_SOURCE(), "--range", "DiaSource.psfFlux=..24.5mag");
    expect(byId(results, "DiaSource.psfFlux.range")).toMatchObject({
      status: "error",
      message:
        "could not run: --range DiaSource.psfFlux=..24.5mag gives mag but the column's unit is unknown; give --schema or a bare number in the column's unit",
    });
    expect(code).toBe(1); // other checks fail on this file; the range is not among them
  });

  it("converts with the schema's nJy: 526 of 574 fluxes are fainter than 24.5 mag (as duckdb counts)", async () => {
    const { results } = await check(
      ...["--table", DIA_SOURCE(), "--schema", external("sdm_schemas", "apdb.yaml")],
      ...["--range", "DiaSource.psfFlux=..24.5mag", "--range", "DiaSource.psfFluxErr=0..1deg"],
    );
    expect(byId(results, "DiaSource.psfFlux.range")).toMatchObject({
      status: "fail",
      failing: 526,
      total: 574,
    });
    // Degrees for a flux: an error result (it was a usage error stopping the whole run).
    expect(byId(results, "DiaSource.psfFluxErr.range")).toMatchObject({
      status: "error",
      message:
        "could not run: --range DiaSource.psfFluxErr=0deg..1deg gives deg but the column's unit is nJy, which deg does not convert to",
    });
  });

  it("leaves a bare number in the column's own unit, and a missing column still errors as missing", async () => {
    const { results } = await check(
      ...["--table", DIA_SOURCE()],
      ...["--range", "DiaSource.psfFlux=-1e9..1e9", "--range", "DiaSource.noSuchFlux=..24.5mag"],
    );
    expect(byId(results, "DiaSource.psfFlux.range")).toMatchObject({ status: "pass", total: 574 });
    expect(byId(results, "DiaSource.noSuchFlux.range")?.status).toBe("error");
    expect(byId(results, "DiaSource.noSuchFlux.range")?.message).toMatch(/noSuchFlux/);
    expect(byId(results, "DiaSource.noSuchFlux.range")?.message).not.toMatch(/unit/);
  });
});

// `skygate holes` end to end on a written dense tract (Parquet through DuckDB and through Arrow), its clean
// twin, and bad input: each is a clear error (exit 2 naming the file) or a named finding, never an empty pass.
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { writeDenseTract } from "../../fixtures/generator/dense.js";
import type { CliIO } from "../../src/cli/io.js";
import { main } from "../../src/cli/main.js";
import { external } from "../helpers/paths.js";

const tmp = mkdtempSync(join(tmpdir(), "skygate-holes-"));

async function skygate(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const io: CliIO = {
    version: "test",
    stdout: (t) => {
      stdout += t;
    },
    stderr: (t) => {
      stderr += t;
    },
    stderrIsTTY: false,
  };
  const code = await main(args, io);
  return { code, stdout, stderr };
}

const FILTER = ["--where", "detect_isPrimary and sky_object = false"];
type Json = {
  status: string;
  holes: {
    tract: number;
    patchXY: string;
    areaDeg2: number;
    ra: number;
    dec: number;
    significance: number;
    patch: number;
    outline: unknown[];
    observed: number;
    expected: number;
    shape: { kind: string };
  }[];
  results: {
    check: string;
    status: string;
    sample: { ra: number; dec: number }[];
    message: string;
    failing: number;
    column?: string | null;
    partitions?: Record<string, number>;
  }[];
  dc2Lists: Record<string, string>;
  explained: unknown[];
};

describe("skygate holes on the dense tract", () => {
  const dir = join(tmp, "dense");
  const clean = join(tmp, "clean");
  let truth: Awaited<ReturnType<typeof writeDenseTract>>;
  beforeAll(async () => {
    truth = await writeDenseTract(dir, { objects: 300_000, seed: 1 });
    await writeDenseTract(clean, { objects: 300_000, seed: 1, defects: false });
  }, 120_000);

  it.each(["duckdb", "arrow"])(
    "exits 1 and reports every planted hole (%s engine)",
    async (engine) => {
      const json = join(tmp, `report-${engine}.json`);
      const html = join(tmp, `report-${engine}.html`);
      const run = await skygate(
        "holes",
        "--table",
        `Object=${join(dir, "Object.parquet")}`,
        "--footprint",
        "tracts:4431",
        "--mask",
        join(dir, "stars.reg"),
        ...FILTER,
        "--engine",
        engine,
        "--json",
        json,
        "--html",
        html,
        "--md",
        join(tmp, "r.md"),
        "--junit",
        join(tmp, "r.xml"),
      );
      expect(run.stderr).toBe("");
      expect(run.code).toBe(1);
      const report = JSON.parse(readFileSync(json, "utf8")) as Json;
      expect(report.status).toBe("fail");
      expect(report.holes.map((h) => h.patchXY).sort()).toEqual(truth.defects.map((d) => d.patchXY).sort());
      for (const h of report.holes) {
        expect(Object.keys(h).slice(0, 7)).toEqual([
          "table",
          "ra",
          "dec",
          "areaDeg2",
          "tract",
          "patch",
          "significance",
        ]);
        expect(h.tract).toBe(4431);
        expect(h.outline.length).toBeGreaterThan(0);
      }
      const holeResults = report.results.filter((r) => r.check === "hole" && r.status === "fail");
      expect(holeResults).toHaveLength(3);
      for (const r of holeResults)
        expect(report.holes.some((h) => h.ra === r.sample[0].ra && h.dec === r.sample[0].dec)).toBe(true);
      expect(report.dc2Lists.Object).toBe("4431 : missing 5,1; low 1,5\n");
      expect(report.explained.length).toBeGreaterThan(0);
      const page = readFileSync(html, "utf8");
      expect(page).toContain("<h2>Holes</h2>");
      // The tract map with the holes outlined and the patch grid, each a plotly figure with plotly.js inlined once.
      expect(page).toContain("<h2>Holes on the tract maps</h2>");
      expect(page).toContain("<h2>Patch completeness</h2>");
      expect(page.match(/class="skygate-figure"|id="skygate-fig-\d+"/g)?.length ?? 0).toBeGreaterThanOrEqual(
        3,
      );
      expect(page).toMatch(/"name":"holes"/);
      expect(run.stdout).toContain("4431 : missing 5,1; low 1,5");
    },
    120_000,
  );

  it("still sees the missing patch when sky objects (which sit in holes) are not filtered out", async () => {
    const run = await skygate(
      "holes",
      "--table",
      `Object=${join(dir, "Object.parquet")}`,
      "--footprint",
      "tracts:4431",
      "--mask",
      join(dir, "stars.reg"),
      "--where",
      "detect_isPrimary",
      "--json",
      join(tmp, "sky.json"),
    );
    expect(run.code).toBe(1);
    const withSky = JSON.parse(readFileSync(join(tmp, "sky.json"), "utf8")) as Json;
    // Sky objects (2 % of rows) half-fill the missing patch and the chunk: they still show, but shallower.
    const patch = withSky.holes.find((h) => h.patchXY === "5,1");
    expect(patch).toBeDefined();
    expect(patch?.observed).toBeGreaterThan(0);
  }, 120_000);

  it("exits 0 on the clean twin", async () => {
    const run = await skygate(
      "holes",
      "--table",
      `Object=${join(clean, "Object.parquet")}`,
      "--footprint",
      "tracts:4431",
      "--mask",
      join(clean, "stars.reg"),
      ...FILTER,
      "--json",
      join(tmp, "clean.json"),
    );
    expect(run.code).toBe(0);
    const report = JSON.parse(readFileSync(join(tmp, "clean.json"), "utf8")) as Json;
    expect(report.holes).toEqual([]);
    expect(report.results.filter((r) => r.status !== "pass")).toEqual([]);
  }, 120_000);

  it("finds the patch one band's coadd misses, once, and nothing in the other bands or the clean twin", async () => {
    const bandJson = (name: string) => join(tmp, `bands-${name}.json`);
    const run = await skygate(
      "holes",
      "--table",
      `Object=${join(dir, "Object.parquet")}`,
      "--footprint",
      "tracts:4431",
      "--mask",
      join(dir, "stars.reg"),
      ...FILTER,
      "--bands",
      "auto",
      "--json",
      bandJson("pilot"),
      "--html",
      join(tmp, "bands.html"),
    );
    expect(run.code).toBe(1);
    const page = readFileSync(join(tmp, "bands.html"), "utf8");
    expect(page).toContain("<h2>Patch completeness per band</h2>");
    expect(page).toContain("band u (u_inputCount &gt; 0)");
    type BandJson = Json & {
      bandCompleteness: Record<string, Record<string, { rule: string; tracts: { missing: string[] }[] }>>;
    };
    const report = JSON.parse(readFileSync(bandJson("pilot"), "utf8")) as BandJson;
    expect(Object.keys(report.bandCompleteness.Object)).toEqual(["u", "g", "r", "i", "z", "y"]);
    const perBand = report.results.filter((r) => r.check === "patchCompleteness" && r.column !== null);
    expect(perBand).toHaveLength(6);
    const failing = perBand.filter((r) => r.status === "fail");
    const [defect] = truth.bandDefects;
    expect(failing.map((r) => r.column)).toEqual([`${defect.band}_inputCount`]);
    expect(Object.keys(failing[0].partitions ?? {})).toEqual([defect.patchXY]);
    expect(failing[0].message).toContain(`band ${defect.band}`);
    // The patches every band misses (the whole catalogue's) are in the band's list but not failed again.
    expect(report.bandCompleteness.Object.u.tracts[0].missing).toEqual(
      expect.arrayContaining([defect.patchXY, "5,1"]),
    );

    const cleanRun = await skygate(
      "holes",
      "--table",
      `Object=${join(clean, "Object.parquet")}`,
      "--footprint",
      "tracts:4431",
      "--mask",
      join(clean, "stars.reg"),
      ...FILTER,
      "--bands",
      "auto",
      "--json",
      bandJson("clean"),
    );
    expect(cleanRun.code).toBe(0);
    const cleanReport = JSON.parse(readFileSync(bandJson("clean"), "utf8")) as BandJson;
    expect(Object.keys(cleanReport.bandCompleteness.Object)).toHaveLength(6);
  }, 120_000);

  it("errors for a band without a detection column, and refuses a malformed --bands", async () => {
    const run = await skygate(
      "holes",
      "--table",
      `Object=${join(clean, "Object.parquet")}`,
      "--footprint",
      "tracts:4431",
      "--mask",
      join(clean, "stars.reg"),
      ...FILTER,
      "--bands",
      "g,N921",
      "--json",
      join(tmp, "bands-missing.json"),
    );
    expect(run.code).toBe(3);
    const report = JSON.parse(readFileSync(join(tmp, "bands-missing.json"), "utf8")) as Json;
    const errors = report.results.filter((r) => r.status === "error");
    expect(errors).toHaveLength(1);
    expect(errors[0].message).toMatch(/band N921: .*neither merge_peak_N921 nor N921_inputCount/);
    const bad = await skygate(
      "holes",
      "--table",
      `Object=${join(clean, "Object.parquet")}`,
      "--bands",
      "g;r",
    );
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--bands/);
  }, 120_000);

  it("takes the union of repeated footprints, and refuses extent in a union", async () => {
    const run = await skygate(
      "holes",
      "--table",
      `Object=${join(clean, "Object.parquet")}`,
      "--footprint",
      "tracts:4431/0,1,2",
      "--footprint",
      "tracts:4431/3-48",
      "--mask",
      join(clean, "stars.reg"),
      ...FILTER,
      "--json",
      join(tmp, "union.json"),
    );
    expect(run.code).toBe(0);
    const union = JSON.parse(readFileSync(join(tmp, "union.json"), "utf8")) as Json & {
      completeness: Record<string, { tracts: { patches: unknown[] }[] }>;
      maps: Record<string, { footprint: { kind: string; description: string } }>;
    };
    expect(union.maps.Object.footprint.kind).toBe("union");
    expect(union.completeness.Object.tracts[0].patches).toHaveLength(49);
    const bad = await skygate(
      "holes",
      "--table",
      `Object=${join(clean, "Object.parquet")}`,
      "--footprint",
      "extent",
      "--footprint",
      "tracts:4431",
    );
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/cannot be combined/);
  }, 120_000);

  it("exits 3 when the footprint does not overlap the data", async () => {
    const run = await skygate(
      "holes",
      "--table",
      `Object=${join(clean, "Object.parquet")}`,
      "--footprint",
      "tracts:100",
      ...FILTER,
      "--json",
      join(tmp, "off.json"),
    );
    expect(run.code).toBe(3);
    const report = JSON.parse(readFileSync(join(tmp, "off.json"), "utf8")) as Json;
    expect(report.results[0].status).toBe("error");
    expect(report.results[0].message).toMatch(/does not overlap the data/);
  }, 120_000);
});

describe("skygate holes on bad input", () => {
  const csv = (name: string, text: string) => {
    const path = join(tmp, name);
    writeFileSync(path, text);
    return path;
  };

  it("errors (exit 3) on a table without positions", async () => {
    const run = await skygate(
      "holes",
      "--table",
      `T=${csv("nopos.csv", "a,b\n1,2\n3,4\n")}`,
      "--json",
      join(tmp, "nopos.json"),
    );
    expect(run.code).toBe(3);
    const report = JSON.parse(readFileSync(join(tmp, "nopos.json"), "utf8")) as Json;
    expect(report.results[0]).toMatchObject({ check: "positions", status: "error" });
    expect(report.results[0].message).toMatch(/no RA\/Dec columns/);
  });

  it("errors (exit 3) on an empty table", async () => {
    const run = await skygate("holes", "--table", `T=${csv("empty.csv", "coord_ra,coord_dec\n")}`);
    expect(run.code).toBe(3);
    expect(run.stdout).toMatch(/is empty/);
  });

  it("names the rows whose positions are NaN, and errors when none is left", async () => {
    const run = await skygate(
      "holes",
      "--table",
      `T=${csv("nan.csv", "coord_ra,coord_dec\nNaN,NaN\nNaN,-32\n")}`,
      "--json",
      join(tmp, "nan.json"),
    );
    expect(run.code).toBe(1);
    const report = JSON.parse(readFileSync(join(tmp, "nan.json"), "utf8")) as Json;
    expect(report.results.map((r) => [r.check, r.status])).toEqual([
      ["raDec", "fail"],
      ["hole", "error"],
    ]);
    expect(report.results[0].failing).toBe(2);
  });

  it("fails raDec for positions off the sphere and leaves them out of the map", async () => {
    const rows = ["coord_ra,coord_dec", "400,-32", "55.6,-95"];
    for (let i = 0; i < 400; i++) rows.push(`${55 + (i % 20) * 0.05},${-32.5 + Math.floor(i / 20) * 0.05}`);
    const run = await skygate(
      "holes",
      "--table",
      `T=${csv("range.csv", `${rows.join("\n")}\n`)}`,
      "--json",
      join(tmp, "range.json"),
    );
    const report = JSON.parse(readFileSync(join(tmp, "range.json"), "utf8")) as Json;
    const raDec = report.results.find((r) => r.check === "raDec");
    expect(raDec).toMatchObject({ status: "fail", failing: 2 });
    expect(run.code).toBe(1);
  });

  it("exits 2 naming the file for a malformed region file or MOC", async () => {
    const table = csv("ok.csv", "coord_ra,coord_dec\n55.6,-32.2\n");
    const reg = csv("bad.reg", "fk5\ncircle(55.6,-32.2)\n");
    const run = await skygate("holes", "--table", `T=${table}`, "--mask", reg);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(reg);
    expect(run.stderr).toMatch(/circle needs ra, dec, radius/);
    const moc = csv("bad.moc", "12/abc\n");
    const run2 = await skygate("holes", "--table", `T=${table}`, "--footprint", `moc:${moc}`);
    expect(run2.code).toBe(2);
    expect(run2.stderr).toContain(moc);
    const run3 = await skygate("holes", "--table", `T=${table}`, "--mask", join(tmp, "absent.reg"));
    expect(run3.code).toBe(2);
    expect(run3.stderr).toContain("absent.reg");
  });

  it("errors when a --where column does not exist, and refuses a bad --where or --order", async () => {
    const table = csv("ok2.csv", "coord_ra,coord_dec\n55.6,-32.2\n");
    const run = await skygate("holes", "--table", `T=${table}`, "--where", "detect_isPrimary");
    expect(run.code).toBe(3);
    expect(run.stdout).toMatch(/no column detect_isPrimary/);
    expect((await skygate("holes", "--table", `T=${table}`, "--where", "a >")).code).toBe(2);
    expect((await skygate("holes", "--table", `T=${table}`, "--order", "31")).code).toBe(2);
  });
});

describe("skygate holes that could test nothing (real data)", () => {
  it("errors, never passes, when no cell of the footprint expects an object (one DP0.2 row, two tracts)", async () => {
    const row = external("qserv_dp02_object", "derived_dp02_object_row_with_header.csv");
    const json = join(tmp, "one-row.json");
    const run = await skygate(
      "holes",
      "--table",
      `Object=${row}`,
      "--footprint",
      "tracts:2897,2898",
      "--json",
      json,
    );
    const report = JSON.parse(readFileSync(json, "utf8")) as Json;
    const hole = report.results.filter((r) => r.check === "hole");
    expect(hole.map((r) => r.status)).toEqual(["error"]);
    expect(hole[0].message).toMatch(
      /^nothing to test: 0 of 1 objects of Object counted inside DC2 tracts 2897, 2898 .*too few for any cell to expect one object/,
    );
    expect(run.stdout).toMatch(/ERROR Object\.hole: nothing to test/);
    expect(run.stdout).not.toMatch(/PASS/);
  });

  it("says no patch could be judged for a tract under half a patch of footprint, not that it is complete", async () => {
    // 522 real ComCam DIA sources: enough for 32 density tests, too few patches covered for completeness.
    const dia = external("analysis_tools_comcam_dia", "diaSourceTable_tract_test.ecsv.gz");
    const json = join(tmp, "comcam.json");
    const run = await skygate("holes", "--table", `T=${dia}`, "--json", json);
    expect(run.code).toBe(0);
    const report = JSON.parse(readFileSync(json, "utf8")) as Json;
    const patches = report.results.filter((r) => r.check === "patchCompleteness");
    expect(patches.map((r) => [r.status, r.message])).toEqual([
      ["skip", "tract 5063: no patch could be judged (2 with less than half a patch of footprint each)"],
    ]);
    expect(report.results.filter((r) => r.status === "pass").map((r) => r.check)).toEqual(["hole"]);
    expect(
      (report as unknown as { completeness: { T: { tracts: { status: string }[] } } }).completeness.T.tracts,
    ).toMatchObject([{ status: "unjudged" }]);
    expect(run.stdout).toMatch(/SKIP {2}T\.patchCompleteness: tract 5063: no patch could be judged/);
  }, 60_000);

  it("lists as present only the edge patches holding objects (DC2 notation, real ComCam sources)", async () => {
    // In the deep-drilling footprint the 2,994 sources cover patches 0,0 and 1,0 of tract 5063 (a second
    // session's own projection with lsst.skymap's formulae): the empty edge patches 0,1 … 6,3 were listed as
    // present, and tract 4849 "entirely missing" while its edge patch 3,6 holds 24 of 221 expected objects.
    const dia = external("analysis_tools_comcam_dia", "diaSourceTable_tract_test.ecsv.gz");
    const dd = external(
      "dc2_visitlist",
      "DC2RegionPixels_minion1016_v3_DDvisits_nside1024_DDvisitsInuDD.csv",
    );
    const run = await skygate("holes", "--table", `D=${dia}`, "--footprint", `healpix:${dd}:1024:ring`);
    expect(run.stdout).toContain("  5063 : only 0,0 1,0\n");
    expect(run.stdout).toContain("  4849 : only 3,6\n");
    expect(run.stdout).toContain("  4848 : entirely missing\n");
  }, 60_000);

  it("reports the true area of a coverage-map footprint, not that of the coarse map's cells touching it", async () => {
    const wfd = external(
      "dc2_visitlist",
      "DC2RegionPixels_minion1016_v3_WFDvisits_nside1024_WFDvisitsInWFD.csv.gz",
    );
    const json = join(tmp, "wfd-area.json");
    await skygate(
      "holes",
      "--table",
      `O=${external("ap_verify_ci_dc2")}/preloaded_dia_object_*.parq`,
      "--footprint",
      `healpix:${wfd}:1024:ring`,
      "--json",
      json,
    );
    const maps = (
      JSON.parse(readFileSync(json, "utf8")) as { maps: Record<string, { footprint: { areaDeg2: number } }> }
    ).maps;
    // 91 599 nside-1024 pixels of 4π/(12·1024²) sr each (PROVENANCE: about 300 deg²); the order-3 map of this
    // sparse table touches 372.6 deg² of cells.
    const pixel = (4 * Math.PI * (180 / Math.PI) ** 2) / (12 * 1024 ** 2);
    expect(maps.O?.footprint.areaDeg2).toBeCloseTo(91_599 * pixel, 6);
  }, 60_000);
});

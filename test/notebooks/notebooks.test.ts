// Runs every notebook in notebooks/ headless through the tslab kernel (no Python), as `npm test` must.
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.js";
import type { NotebookOutput } from "../../tools/notebook/kernel.js";
import {
  type Notebook,
  type NotebookRun,
  outputText,
  runNotebook,
  sourceText,
} from "../../tools/notebook/run.js";

const NOTEBOOKS = join(process.cwd(), "notebooks");
const files = readdirSync(NOTEBOOKS)
  .filter((name) => name.endsWith(".ipynb"))
  .sort();

// Each notebook runs once; the generic and the notebook-specific tests share the run.
const runs = new Map<string, Promise<NotebookRun>>();
function runOnce(file: string): Promise<NotebookRun> {
  let run = runs.get(file);
  if (!run) {
    // Generous per-cell limit: the first import cell type-checks much of src/ with tslab's compiler, which takes
    // minutes when the machine is shared (load 20 on 2 cores).
    run = runNotebook(join(NOTEBOOKS, file), { cellTimeoutMs: 600_000 });
    runs.set(file, run);
  }
  return run;
}

function htmlOf(outputs: NotebookOutput[]): string {
  return outputs
    .map((output) => (output.output_type === "display_data" ? String(output.data["text/html"] ?? "") : ""))
    .join("");
}

describe("notebooks/", () => {
  it("holds at least the first-look notebook", () => {
    expect(files).toContain("01-first-look.ipynb");
  });

  for (const file of files) {
    it(`${file} runs every code cell without error`, async () => {
      const path = join(NOTEBOOKS, file);
      const stored = JSON.parse(readFileSync(path, "utf8")) as Notebook;
      const codeCells = stored.cells.filter(
        (cell) => cell.cell_type === "code" && sourceText(cell).trim() !== "",
      );
      const run = await runOnce(file);
      expect(run.cells.length).toBe(codeCells.length);
      for (const cell of run.cells) {
        // tslab reports compile errors on stdout and runtime errors on stderr; a clean notebook has neither.
        const stderr = cell.outputs.filter((o) => o.output_type === "stream" && o.name === "stderr");
        expect(stderr.map(outputText).join(""), `stderr of cell ${cell.index}`).toBe("");
      }
    }, 900_000);
  }
});

describe("01-first-look.ipynb", () => {
  const getRun = () => runOnce("01-first-look.ipynb");

  // Expected values are read off fixtures/notebook/first-look.csv (6 hand-written rows).
  it("loads the fixture with openTable and reports its size", async () => {
    const { cells } = await getRun();
    const stdout = cells.flatMap((cell) => cell.outputs.map(outputText)).join("");
    expect(stdout).toContain("Object: 6 rows, 6 columns");
  }, 900_000);

  it("shows the table with column names, types, a null and a NaN", async () => {
    const { cells } = await getRun();
    const shown = cells.find((cell) => cell.source.includes("showTable(table"));
    const html = htmlOf(shown?.outputs ?? []);
    for (const name of ["objectId", "coord_ra", "coord_dec", "g_psfFlux", "g_psfFlux_flag", "refBand"]) {
      expect(html).toContain(`<th>${name}<small>`);
    }
    expect(html).toContain("<th>objectId<small>Int64</small>");
    expect(html).toContain("<th>g_psfFlux_flag<small>Bool</small>");
    expect(html.match(/<tr><td>/g)?.length).toBe(6);
    // Row 2 has an empty g_psfFlux, row 3 has "nan": one null and one NaN, told apart.
    expect(html.match(/class="skygate-null"/g)?.length).toBe(1);
    expect(html.match(/class="skygate-nan"/g)?.length).toBe(1);
    // int64 ids above 2^53 must come through exactly (bigint), not rounded.
    expect(html).toContain("<td>1909948279043457025</td>");
  }, 900_000);

  it("plots the positions as a plotly JSON output", async () => {
    const { cells } = await getRun();
    const figures = cells
      .flatMap((cell) => cell.outputs)
      .flatMap((o) => (o.output_type === "display_data" ? [o.data["application/vnd.plotly.v1+json"]] : []))
      .filter((figure) => figure !== undefined) as Array<{ data: Array<{ x: number[]; y: number[] }> }>;
    expect(figures.length).toBe(1);
    expect(figures[0].data[0].x).toEqual([55.9715, 55.9802, 55.9655, 55.9921, 56.0013, 55.9588]);
    expect(figures[0].data[0].y).toEqual([-32.2912, -32.2877, -32.3004, -32.2795, -32.3101, -32.2689]);
  }, 900_000);

  it("reads the pilot Object table with a column projection", async () => {
    // Row count from the fixture generator's own record; 991 is the DP0.2 Object width (sdm_schemas).
    const truth = JSON.parse(readFileSync(join(process.cwd(), "fixtures", "pilot", "truth.json"), "utf8"));
    const { cells } = await getRun();
    const stdout = cells.flatMap((cell) => cell.outputs.map(outputText)).join("");
    expect(stdout).toContain(`pilot Object: ${truth.rows.Object} rows, 991 columns in the file`);
    const html = htmlOf(cells.find((cell) => cell.source.includes("showTable(photometry"))?.outputs ?? []);
    const headers = [...html.matchAll(/<th>([^<]+)<small>/g)].map((m) => m[1]);
    expect(headers).toEqual([
      "objectId",
      "coord_ra",
      "coord_dec",
      "r_psfFlux",
      "r_psfFluxErr",
      "r_psfFlux_flag",
    ]);
    expect(html).toContain(`${truth.rows.Object} rows × 6 columns (showing 5 rows)`);
    expect(html).toContain("from ../fixtures/pilot/Object.parquet (parquet)");
  }, 900_000);
});

// Expected values of 02 and 03 come from the fixture generator's own record (fixtures/pilot/truth.json).
const truth = JSON.parse(readFileSync(join(process.cwd(), "fixtures", "pilot", "truth.json"), "utf8")) as {
  defects: Array<{
    defect: string;
    table: string | null;
    column: string | null;
    rows?: number[];
    patch?: number;
    failures?: Array<{ message: string; classification: string }>;
  }>;
  rows: Record<string, number>;
};
const stdoutOf = (run: NotebookRun) => run.cells.flatMap((cell) => cell.outputs.map(outputText)).join("");

describe("03-gate-run.ipynb", () => {
  it("has a parameters cell with the data default", () => {
    const stored = JSON.parse(readFileSync(join(NOTEBOOKS, "03-gate-run.ipynb"), "utf8")) as Notebook;
    const params = stored.cells.filter((c) =>
      (c.metadata.tags as string[] | undefined)?.includes("parameters"),
    );
    expect(params.length).toBe(1);
    expect(sourceText(params[0] as Notebook["cells"][number])).toContain('const data = "../fixtures/pilot";');
  });

  it("fails the coadd gate on the pilot, with the seeded defects blocking and the g-band NaNs waived", async () => {
    const text = stdoutOf(await runOnce("03-gate-run.ipynb"));
    expect(text).toContain("gate coadd on ../fixtures/pilot: FAIL");
    const unique = truth.defects.find((d) => d.defect === "unique" && d.table === "Object");
    const fk = truth.defects.find((d) => d.defect === "foreignKey" && d.table === "ForcedSource");
    expect(text).toContain(`[fail] Object.objectId.unique: ${unique?.rows?.length} of 1500`);
    expect(text).toContain(`[fail] ForcedSource.objectId.foreignKey: ${fk?.rows?.length} of 8173`);
    const waived = truth.defects.filter((d) => d.defect === "nanWithoutFlag" && d.column?.startsWith("g_"));
    for (const d of waived) expect(text).toContain(`waived Object.${d.column}.nanWithoutFlag: DM-99999`);
    expect(text).toContain(`${waived.length} waived findings`);
    expect(text).toContain("# skygate gate coadd: FAIL");
    expect(text).toContain("JSON status: fail");
  }, 900_000);
});

describe("03-gate-run.ipynb run with parameters (skygate notebook run)", () => {
  it("passes the same gate on the clean twin given as --param data", async () => {
    const dir = mkdtempSync(join(tmpdir(), "skygate-nb02-"));
    try {
      const out = join(dir, "02.ipynb");
      const err: string[] = [];
      const io = {
        version: "0.1.0",
        stdout: () => {},
        stderr: (t: string) => err.push(t),
        stderrIsTTY: false,
      };
      const argv = [
        "notebook",
        "run",
        join(NOTEBOOKS, "03-gate-run.ipynb"),
        "--param",
        "data=../fixtures/pilot-clean",
        "--timeout",
        "600",
      ];
      expect(await main([...argv, "--out", out], io), err.join("")).toBe(0);
      const executed = JSON.parse(readFileSync(out, "utf8")) as Notebook;
      const text = executed.cells.flatMap((c) => (c.outputs ?? []).map(outputText)).join("");
      expect(text).toContain("gate coadd on ../fixtures/pilot-clean: PASS");
      expect(text).toContain("0 blocking");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 900_000);
});

describe("04-failures.ipynb", () => {
  it("labels No reference objects supplied known and places every one outside the reference footprint", async () => {
    const text = stdoutOf(await runOnce("04-failures.ipynb"));
    const seeded = truth.defects.find((d) => d.defect === "failures")?.failures ?? [];
    const noRef = seeded.filter((f) => f.message === "No reference objects supplied");
    expect(noRef.length).toBeGreaterThan(0);
    expect(noRef.every((f) => f.classification === "outsideReferenceFootprint")).toBe(true);
    expect(text).toContain(`KNOWN calibrate: "No reference objects supplied" x${noRef.length}`);
    expect(text).toContain(
      `No reference objects supplied: ${noRef.length} failures, by classification {"outsideReferenceFootprint":${noRef.length}}`,
    );
    // The other seeded failures are distinct messages nobody registered (the registry knows the PSF FWHM one).
    const others = new Set(
      seeded.filter((f) => f.message !== "No reference objects supplied").map((f) => f.message),
    );
    expect(text).toMatch(/(\d+) new groups, (\d+) known/);
    const [, fresh, known] = /(\d+) new groups, (\d+) known/.exec(text) as RegExpExecArray;
    expect(Number(fresh) + Number(known)).toBe(others.size + 1);
  }, 900_000);

  it("draws the failed detectors and the reference objects as one plotly figure", async () => {
    const run = await runOnce("04-failures.ipynb");
    const figures = run.cells
      .flatMap((cell) => cell.outputs)
      .flatMap((o) => (o.output_type === "display_data" ? [o.data["application/vnd.plotly.v1+json"]] : []))
      .filter((f) => f !== undefined) as Array<{ data: Array<{ name: string; x: Array<number | null> }> }>;
    expect(figures.length).toBe(1);
    const names = figures[0]?.data.map((t) => t.name);
    expect(names).toEqual(["reference objects", "outside the footprint", "investigate"]);
    // 5 corners (closed outline) + a null gap per detector outside the footprint.
    const seeded = truth.defects.find((d) => d.defect === "failures")?.failures ?? [];
    const outside = seeded.filter((f) => f.classification === "outsideReferenceFootprint").length;
    expect(figures[0]?.data[1]?.x.length).toBe(outside * 6);
  }, 900_000);
});

/** Every figure a run displayed (plotly JSON outputs). */
function figuresOf(
  run: NotebookRun,
): Array<{ data: Array<Record<string, unknown>>; layout?: { title?: { text?: string } } }> {
  return run.cells
    .flatMap((cell) => cell.outputs)
    .flatMap((o) => (o.output_type === "display_data" ? [o.data["application/vnd.plotly.v1+json"]] : []))
    .filter((f) => f !== undefined) as Array<{
    data: Array<Record<string, unknown>>;
    layout?: { title?: { text?: string } };
  }>;
}

describe("05-pilot-review.ipynb", () => {
  const getRun = () => runOnce("05-pilot-review.ipynb");

  it("reads the tables with a projection and shows only the chosen columns", async () => {
    const run = await getRun();
    expect(stdoutOf(run)).toContain(
      `Object: ${truth.rows.Object} rows x 991 columns; ForcedSource: ${truth.rows.ForcedSource} rows`,
    );
    const html = htmlOf(run.cells.find((c) => c.source.includes("showTable(look"))?.outputs ?? []);
    expect(html).toContain(`${truth.rows.Object} rows × 8 columns (showing 8 rows)`);
  }, 900_000);

  it("displays the profile, the report with coverage and every seeded defect among the problems", async () => {
    const run = await getRun();
    const profile = htmlOf(
      run.cells.find((c) => c.source.includes("display(profiled.profile"))?.outputs ?? [],
    );
    expect(profile).toContain(`<b>Object</b>: ${truth.rows.Object} rows × 991 columns`);
    const report = htmlOf(run.cells.find((c) => c.source.includes("display(report)"))?.outputs ?? []);
    expect(report).toContain("<h4>Coverage</h4>");
    for (const d of truth.defects.filter(
      (x) => x.rows && x.column && (x.table === "Object" || x.table === "ForcedSource"),
    ))
      expect(report, `${d.table}.${d.column}.${d.defect}`).toContain(
        `<code>${d.table}.${d.column}.${d.defect}</code>`,
      );
  }, 900_000);

  it("maps the failing rows, breaks failures down by family and band, and finds the seeded hole", async () => {
    const run = await getRun();
    const titles = figuresOf(run).map((f) => f.layout?.title?.text ?? "");
    expect(titles).toContain("Object, tract 4431: failing rows");
    // The g-band NaN defects (truth.json) make a nanWithoutFlag family × band map.
    expect(titles).toContain("nanWithoutFlag: failure rate per family and band");
    const hole = truth.defects.find((d) => d.defect === "hole");
    const xy = `${(hole?.patch ?? -1) % 7},${Math.floor((hole?.patch ?? -1) / 7)}`;
    expect(stdoutOf(run)).toContain(`holes: 1 unexplained, 0 explained; tract 4431 patch ${xy}`);
    expect(titles.some((t) => t.includes("1 unexplained hole"))).toBe(true);
  }, 900_000);
});

describe("06-holes.ipynb", () => {
  it("finds the chunk-shaped hole and the missing patch, explains the stars, judges every patch", async () => {
    // The answer key of the dense tract the notebook generates (same options as its parameters cell).
    const { denseTract } = await import("../../fixtures/generator/dense.js");
    const key = denseTract({ objects: 300_000, seed: 1, tract: 4431 }).truth;
    const byKind = (kind: string) => key.defects.find((d) => d.kind === kind)?.patchXY;
    const text = stdoutOf(await runOnce("06-holes.ipynb"));
    expect(text).toContain(`(${key.brightStars.length} masks): 3 holes left`);
    expect(text).toMatch(new RegExp(`chunk-shaped hole in tract 4431 patch ${byKind("chunkHole")}: `));
    expect(text).toContain(`whole patches missing or thin: ${byKind("missingPatch")}`);
    expect(text).toContain(
      `tract 4431: incomplete; missing ${byKind("missingPatch")}; low ${byKind("lowDensityPatch")}`,
    );
  }, 900_000);
});

describe("07-compare.ipynb", () => {
  it("finds every injected change of the pilot against its clean twin, plots the biggest, compares the checks", async () => {
    const run = await runOnce("07-compare.ipynb");
    const text = stdoutOf(run);
    const rows = truth.rows.Object;
    const rateOf = (defect: string, column: string) =>
      (truth.defects.find((d) => d.defect === defect && d.column === column)?.rows?.length ?? Number.NaN) /
      rows;
    expect(text).toContain("z_kronRad nullRate: 0 -> 1");
    expect(text).toContain(`i_ap12Flux infRate: 0 -> ${rateOf("inf", "i_ap12Flux")}`);
    expect(text).toContain("checks pass -> fail");
    const html = htmlOf(run.cells.find((c) => c.source.includes("display(comparison)"))?.outputs ?? []);
    const open = html.split("<details>")[0] ?? "";
    // allNull, missing column, extra column and the two type changes of truth.json, all over threshold.
    for (const d of truth.defects.filter((x) =>
      ["allNull", "missingColumn", "extraColumn", "type"].includes(x.defect),
    ))
      expect(open, `${d.defect} ${d.column}`).toContain(`<code>Object.${d.column}</code>`);
    const bars = figuresOf(run).find((f) =>
      f.layout?.title?.text?.startsWith("Object: largest effect sizes"),
    );
    const colours = (bars?.data[0]?.marker as { color: string[] } | undefined)?.color ?? [];
    expect(colours.filter((c) => c === "#c62828").length).toBeGreaterThanOrEqual(4);
  }, 900_000);
});

describe("08-large-table.ipynb", () => {
  it("times open, a 10-column read and the density map (on the pilot file by default)", async () => {
    const run = await runOnce("08-large-table.ipynb");
    const text = stdoutOf(run);
    expect(text).toContain(`${truth.rows.Object} rows x 991 columns in the file; 10 columns read`);
    expect(text).toMatch(
      /open [\d.]+ s \(CPU [\d.]+ s\), read 10 columns [\d.]+ s \(CPU [\d.]+ s\), density map [\d.]+ s \(CPU [\d.]+ s\): total [\d.]+ s \(CPU [\d.]+ s\)/,
    );
    expect(figuresOf(run).map((f) => f.layout?.title?.text)).toEqual([
      `Object, tract 4431: ${truth.rows.Object} objects`,
    ]);
  }, 900_000);
});

describe("02-sky-maps.ipynb exported to HTML (nbconvert) in headless Chromium", () => {
  it("draws every figure offline from the fallback, with plotly.js inlined once", async () => {
    const { chromium } = await import("playwright-core");
    const { CHROMIUM_FLAGS, DEFAULT_CHROMIUM } = await import("../../src/plots/html.js");
    const run = await runOnce("02-sky-maps.ipynb");
    const dir = mkdtempSync(join(tmpdir(), "skygate-nbhtml-"));
    try {
      const executed = join(dir, "02-sky-maps.ipynb");
      writeFileSync(executed, JSON.stringify(run.notebook));
      const nbconvert = spawnSync("jupyter", ["nbconvert", "--to", "html", executed, "--output-dir", dir], {
        encoding: "utf8",
      });
      expect(nbconvert.status, nbconvert.stderr).toBe(0);
      const html = readFileSync(join(dir, "02-sky-maps.html"), "utf8");
      expect(html.match(/data-skygate="plotly.js"/g)?.length).toBe(1);
      const figures = run.cells
        .flatMap((c) => c.outputs)
        .filter((o) => o.output_type === "display_data" && o.data["application/vnd.plotly.v1+json"]);
      expect(figures.length).toBe(3);

      const browser = await chromium.launch({
        executablePath: process.env.SKYGATE_CHROMIUM ?? DEFAULT_CHROMIUM,
        args: [...CHROMIUM_FLAGS],
        headless: true,
      });
      try {
        const page = await browser.newPage({ viewport: { width: 1100, height: 1900 } });
        const errors: string[] = [];
        const blocked: string[] = [];
        page.on("pageerror", (e) => errors.push(e.message));
        // Offline: only the file itself may load (nbconvert's template asks a CDN for require.js and MathJax;
        // those fail harmlessly and are not ours).
        await page.route(/^(?!file:)/, (route) => {
          blocked.push(route.request().url());
          return route.abort();
        });
        await page.goto(`file://${join(dir, "02-sky-maps.html")}`, { waitUntil: "load" });
        // Browser-side code as strings: the test's tsconfig has no DOM types.
        await page.waitForFunction(
          `document.querySelectorAll(".skygate-figure svg.main-svg").length >= ${figures.length}`,
          undefined,
          { timeout: 60_000 },
        );
        const drawn = (await page.evaluate(
          `[...document.querySelectorAll(".skygate-figure")].map((d) => d.querySelectorAll("svg").length)`,
        )) as number[];
        expect(drawn.length).toBe(figures.length);
        for (const n of drawn) expect(n).toBeGreaterThan(0);
        expect(errors.filter((e) => !/require|MathJax/i.test(e))).toEqual([]);
        expect(blocked.filter((u) => /plotly/i.test(u))).toEqual([]);
        mkdirSync(join(process.cwd(), "build", "browser"), { recursive: true });
        await page.screenshot({
          path: join(process.cwd(), "build", "browser", "notebook-02.png"),
          fullPage: false,
        });
      } finally {
        await browser.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 300_000);
});

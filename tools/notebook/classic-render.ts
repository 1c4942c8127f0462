/**
 * Runs notebooks live in the classic Jupyter Notebook (Debian's jupyter-notebook 6.4, the tslab kernel from
 * node_modules) inside headless Chromium, and checks that every skygate figure drew: the classic Notebook has no
 * plotly MIME renderer, so this proves the offline HTML fallback of `plotlyBundle` works where outputs are live
 * (and trusted), with require.js on the page. Exported HTML is tested in test/notebooks; JupyterLab and VS Code
 * render the plotly MIME type itself.
 *
 *   node --import tsx tools/notebook/classic-render.ts notebooks/02-sky-maps.ipynb [more.ipynb …]
 *
 * Give notebooks that show figures. Exit 0 when every notebook ran without an error output and drew every figure
 * it showed (at least one each); 1 otherwise, naming the notebook.
 * The notebook files are never saved (autosave is switched off before anything runs).
 */
import { type ChildProcess, spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { createServer } from "node:net";
import { dirname, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { CHROMIUM_FLAGS, DEFAULT_CHROMIUM } from "../../src/plots/html.js";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

/** A free TCP port on loopback. */
function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once("error", fail);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => done(typeof address === "object" && address ? address.port : 0));
    });
  });
}

async function startNotebookServer(port: number): Promise<ChildProcess> {
  const server = spawn(
    "jupyter",
    [
      "notebook",
      "--no-browser",
      "--allow-root",
      `--port=${port}`,
      "--ip=127.0.0.1",
      "--NotebookApp.token=",
      "--NotebookApp.password=",
      `--notebook-dir=${ROOT}`,
    ],
    {
      env: {
        ...process.env,
        PATH: `${ROOT}/node_modules/.bin:${process.env.PATH ?? ""}`,
        JUPYTER_PATH: `${ROOT}/.jupyter`,
      },
      stdio: ["ignore", "ignore", "pipe"],
    },
  );
  let log = "";
  server.stderr?.on("data", (chunk: Buffer) => {
    log += chunk.toString();
  });
  for (let i = 0; i < 120; i++) {
    if (server.exitCode !== null) throw new Error(`jupyter notebook exited: ${log.slice(-500)}`);
    const ok = await fetch(`http://127.0.0.1:${port}/api/kernelspecs`)
      .then((r) => r.ok)
      .catch(() => false);
    if (ok) return server;
    await new Promise((r) => setTimeout(r, 500));
  }
  server.kill();
  throw new Error(`jupyter notebook did not answer on port ${port} within 60 s: ${log.slice(-500)}`);
}

/** What one live run drew. */
interface Drawn {
  figures: number;
  drawn: number;
  missingLibrary: number;
  errors: string[];
  seconds: number;
}

async function runNotebook(port: number, notebook: string): Promise<Drawn> {
  const browser = await chromium.launch({
    executablePath: process.env.SKYGATE_CHROMIUM ?? DEFAULT_CHROMIUM,
    args: [...CHROMIUM_FLAGS],
    headless: true,
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1300, height: 900 } });
    await page.goto(`http://127.0.0.1:${port}/notebooks/${relative(ROOT, notebook)}`);
    // The page's own globals (Jupyter) are reached through strings: this file is compiled without the DOM lib.
    await page.waitForFunction(
      "window.Jupyter && Jupyter.notebook && Jupyter.notebook.kernel && Jupyter.notebook.kernel.is_connected()",
      undefined,
      { timeout: 120_000 },
    );
    const start = Date.now();
    await page.evaluate(
      "Jupyter.notebook.set_autosave_interval(0); Jupyter.notebook.clear_all_output(); Jupyter.notebook.execute_all_cells();",
    );
    // A code cell is done when its prompt holds a number (it shows `*` while queued or running).
    await page.waitForFunction(
      `Jupyter.notebook.get_cells().every((c) => c.cell_type !== "code" || c.get_text().trim() === "" || typeof c.input_prompt_number === "number")`,
      undefined,
      { timeout: 600_000, polling: 500 },
    );
    // The last outputs may arrive after the last prompt number: wait for an idle kernel and a figure count
    // that holds still for 3 s (at most 60 s).
    let last = -1;
    let still = 0;
    for (let i = 0; i < 120 && still < 6; i++) {
      const [idle, count] = (await page.evaluate(
        `[document.querySelector("#kernel_indicator_icon.kernel_idle_icon") !== null, document.querySelectorAll(".output_area .skygate-figure").length]`,
      )) as [boolean, number];
      still = idle && count === last ? still + 1 : 0;
      last = count;
      await page.waitForTimeout(500);
    }
    // Figures draw in a script after the output is attached: give plotly a moment.
    await page
      .waitForFunction(
        `Array.from(document.querySelectorAll(".output_area .skygate-figure")).every((d) => d.querySelector(".main-svg") || d.textContent.includes("not loaded"))`,
        undefined,
        { timeout: 30_000 },
      )
      .catch(() => undefined);
    const found = (await page.evaluate(`({
      figures: document.querySelectorAll(".output_area .skygate-figure").length,
      drawn: Array.from(document.querySelectorAll(".output_area .skygate-figure")).filter((d) => d.querySelector(".main-svg")).length,
      missingLibrary: Array.from(document.querySelectorAll(".output_area .skygate-figure")).filter((d) => d.textContent.includes("not loaded")).length,
      errors: Array.from(document.querySelectorAll(".output_error")).map((e) => e.textContent.slice(0, 300)),
    })`)) as Omit<Drawn, "seconds">;
    return { ...found, seconds: (Date.now() - start) / 1000 };
  } finally {
    await browser.close();
  }
}

const notebooks = process.argv.slice(2).map((p) => resolve(p));
if (notebooks.length === 0) {
  console.error("usage: node --import tsx tools/notebook/classic-render.ts NOTEBOOK.ipynb …");
  process.exit(2);
}
const hashOf = (p: string) => createHash("sha256").update(readFileSync(p)).digest("hex");
const before = notebooks.map(hashOf);
const port = await freePort();
const server = await startNotebookServer(port);
let failed = 0;
try {
  for (const notebook of notebooks) {
    const name = relative(ROOT, notebook);
    const r = await runNotebook(port, notebook);
    // Every notebook named here has figures: none at all means they were never shown, not a pass.
    const ok = r.errors.length === 0 && r.figures > 0 && r.drawn === r.figures;
    if (!ok) failed++;
    console.log(
      `${ok ? "ok" : "FAILED"}  ${name}: ${r.drawn}/${r.figures} figures drawn live in the classic Notebook` +
        `${r.missingLibrary > 0 ? ` (${r.missingLibrary} without plotly.js)` : ""}, ${r.errors.length} error outputs, ${r.seconds.toFixed(1)} s` +
        (r.errors.length > 0 ? `\n  ${r.errors.join("\n  ")}` : ""),
    );
  }
} finally {
  server.kill();
}
notebooks.forEach((p, i) => {
  if (hashOf(p) !== before[i]) {
    console.error(`${relative(ROOT, p)} was modified by the notebook server`);
    failed++;
  }
});
process.exit(failed > 0 ? 1 : 0);

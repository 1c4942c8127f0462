/**
 * Execute notebooks headless with the repo's tslab kernel (no Python, no Jupyter) and write the executed
 * copies. Usage: node --import tsx tools/nb-exec.ts [--output-dir build/nb] NOTEBOOK.ipynb...
 * Exits 1 at the first failing cell, naming notebook and cell.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import { parseArgs } from "node:util";
import { runNotebook } from "./notebook/run.js";

const { values, positionals } = parseArgs({
  options: { "output-dir": { type: "string", default: "build/nb" } },
  allowPositionals: true,
});
if (positionals.length === 0) {
  console.error("usage: nb-exec [--output-dir DIR] NOTEBOOK.ipynb...");
  process.exit(2);
}
const outDir = values["output-dir"] as string;
mkdirSync(outDir, { recursive: true });
try {
  for (const path of positionals) {
    const run = await runNotebook(path);
    const target = join(outDir, basename(path));
    writeFileSync(target, `${JSON.stringify(run.notebook, null, 1)}\n`);
    console.log(`${path}: ${run.cells.length} cells ok in ${(run.ms / 1000).toFixed(1)} s -> ${target}`);
  }
} catch (error) {
  console.error((error as Error).message);
  process.exit(1);
}

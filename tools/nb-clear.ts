/**
 * Clear outputs and execution counts of notebooks in place, so they can be committed (the tests insist).
 * Usage: node --import tsx tools/nb-clear.ts NOTEBOOK.ipynb...
 */
import { readFileSync, writeFileSync } from "node:fs";
import type { Notebook } from "./notebook/run.js";

for (const path of process.argv.slice(2)) {
  const notebook = JSON.parse(readFileSync(path, "utf8")) as Notebook;
  for (const cell of notebook.cells) {
    if (cell.cell_type !== "code") continue;
    cell.outputs = [];
    cell.execution_count = null;
  }
  writeFileSync(path, `${JSON.stringify(notebook, null, 1)}\n`);
  console.log(`cleared ${path}`);
}

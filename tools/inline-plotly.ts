/**
 * Export-time rewrite for executed notebooks: every plotly JSON output also gets a text/html rendering,
 * and plotly.js is inlined once per notebook, so `jupyter nbconvert --to html` shows the figures offline.
 * Notebooks keep only the small JSON; this runs on copies in build/nb. Usage: inline-plotly NOTEBOOK...
 */
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import type { Notebook } from "./notebook/run.js";

const PLOTLY_MIME = "application/vnd.plotly.v1+json";

/** plotly.min.js as text (it cannot be required in Node: it expects a browser). */
function plotlySource(): string {
  const path = createRequire(import.meta.url).resolve("plotly.js-dist-min/plotly.min.js");
  const source = readFileSync(path, "utf8");
  if (/<\/script/i.test(source)) throw new Error(`${path} contains </script and cannot be inlined`);
  return source;
}

/** Marks the script element carrying plotly.js (src/notebook/plotly.ts PLOTLY_LIBRARY_MARK). */
const LIBRARY_MARK = 'data-skygate="plotly.js"';

/**
 * Add text/html renderings to plotly outputs that have none (skygate's showPlotly already sends one, with
 * plotly.js in the first figure; JSON-only outputs come from other code); returns how many were rewritten.
 */
export function inlinePlotly(notebook: Notebook, plotlyJs: () => string): number {
  let count = 0;
  const outputs = notebook.cells.flatMap((cell) => cell.outputs ?? []);
  const hasLibrary = outputs.some(
    (o) => o.output_type === "display_data" && String(o.data["text/html"] ?? "").includes(LIBRARY_MARK),
  );
  for (const cell of notebook.cells) {
    for (const output of cell.outputs ?? []) {
      if (output.output_type !== "display_data" && output.output_type !== "execute_result") continue;
      const figure = output.data[PLOTLY_MIME];
      if (figure === undefined || output.data["text/html"] !== undefined) continue;
      const id = `plotly-export-${count}`;
      const json = JSON.stringify(figure).replace(/</g, "\\u003c");
      const library = count === 0 && !hasLibrary ? `<script ${LIBRARY_MARK}>${plotlyJs()}</script>` : "";
      output.data["text/html"] =
        `${library}<div id="${id}"></div><script>(function(){var f=${json};` +
        `Plotly.newPlot("${id}",f.data,f.layout||{},f.config||{});})();</script>`;
      count++;
    }
  }
  return count;
}

if (process.argv[1] && pathToFileURL(process.argv[1]).href === import.meta.url) {
  let cached: string | undefined;
  const plotlyJs = () => {
    cached ??= plotlySource();
    return cached;
  };
  for (const path of process.argv.slice(2)) {
    const notebook = JSON.parse(readFileSync(path, "utf8")) as Notebook;
    const count = inlinePlotly(notebook, plotlyJs);
    writeFileSync(path, `${JSON.stringify(notebook, null, 1)}\n`);
    console.log(`${path}: ${count} plotly figure(s) made renderable in HTML`);
  }
}

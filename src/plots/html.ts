/**
 * Figures as HTML: one `<div>` + `Plotly.newPlot` per figure, plotly.js inlined once per page from the npm
 * package plotly.js-dist-min (never a CDN), typed arrays written as base64 `bdata`, so pages work offline.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { type PlotlyTypedArray, typedArrayJson } from "./encode.js";
import type { PlotlyFigure } from "./types.js";

let cachedSource: string | undefined;

/**
 * plotly.min.js as text, resolved from the working directory, the running script, or SKYGATE_PLOTLY_JS.
 * @example plotlyJsSource().length > 1e6 // true
 */
export function plotlyJsSource(): string {
  if (cachedSource) return cachedSource;
  const explicit = process.env.SKYGATE_PLOTLY_JS;
  const bases = [`${process.cwd()}/`, ...(process.argv[1] ? [process.argv[1]] : [])];
  try {
    // An installed skygate finds its own dependency even where npm did not hoist it (a user's notebook project).
    bases.push(createRequire(`${process.cwd()}/`).resolve("skygate/package.json"));
  } catch {
    // not an installed package
  }
  let path = explicit;
  for (const base of bases) {
    if (path) break;
    try {
      path = createRequire(base).resolve("plotly.js-dist-min/plotly.min.js");
    } catch {
      // try the next base
    }
  }
  if (!path)
    throw new Error(
      "plotly.js-dist-min is not installed (npm i plotly.js-dist-min), or set SKYGATE_PLOTLY_JS",
    );
  const source = readFileSync(path, "utf8");
  if (/<\/script/i.test(source)) throw new Error(`${path} contains </script and cannot be inlined`);
  cachedSource = source;
  return source;
}

/**
 * JSON of a figure for a page: typed arrays become base64 `bdata`, non-finite numbers null, bigint numbers,
 * and `<` is escaped so the JSON can sit inside a script element.
 * @example figureJson({ data: [{ x: new Float32Array([1]) }] }) // '{"data":[{"x":{"dtype":"f4","bdata":"AACAPw=="}}]}'
 */
export function figureJson(figure: PlotlyFigure): string {
  return JSON.stringify(figure, function (this: unknown, _key, value: unknown) {
    if (typeof value === "number" && !Number.isFinite(value)) return null;
    if (typeof value === "bigint") return Number(value);
    if (
      ArrayBuffer.isView(value) &&
      !(value instanceof DataView) &&
      !(value instanceof BigInt64Array) &&
      !(value instanceof BigUint64Array)
    )
      return typedArrayJson(value as PlotlyTypedArray);
    return value;
  }).replace(/</g, "\\u003c");
}

/**
 * One figure as a div and the script that draws it (plotly.js must already be on the page).
 * @example figureDiv({ data: [] }, "fig-1").startsWith('<div class="skygate-figure"') // true
 */
export function figureDiv(figure: PlotlyFigure, id: string): string {
  return (
    `<div class="skygate-figure" id="${id}"></div>` +
    `<script>(function(){var f=${figureJson(figure)};` +
    `Plotly.newPlot(${JSON.stringify(id)},f.data,f.layout||{},f.config||{});})();</script>`
  );
}

/**
 * The script element carrying plotly.js, for a page's head (once per page).
 * @example plotlyScriptTag().startsWith("<script>") // true
 */
export function plotlyScriptTag(): string {
  return `<script>${plotlyJsSource()}</script>`;
}

/**
 * A self-contained HTML page of figures (title and optional HTML before the figures).
 * @example figuresPage([skyMap().figure()], { title: "sky map" }).includes("<title>sky map</title>") // true
 */
export function figuresPage(
  figures: readonly PlotlyFigure[],
  options: { title?: string; before?: string } = {},
): string {
  const title = (options.title ?? "skygate figure").replace(/</g, "&lt;");
  const divs = figures.map((f, i) => figureDiv(f, `skygate-fig-${i}`)).join("\n");
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>${title}</title>${plotlyScriptTag()}
<style>body{font:14px/1.4 system-ui,sans-serif;margin:1em;color:#1f2328}.skygate-figure{margin:1em 0}</style></head>
<body>${options.before ?? ""}
${divs}
</body></html>
`;
}

/** Default location of Debian's Chromium. */
export const DEFAULT_CHROMIUM = "/usr/bin/chromium";

/** Headless Chromium flags for a sandbox-less, offline machine. */
export const CHROMIUM_FLAGS: readonly string[] = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

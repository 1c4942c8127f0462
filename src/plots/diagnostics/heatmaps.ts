/** Heat maps for diagnostics: failure rate per family × band, and any per-patch number on a tract's patch grid. */
import type { CheckResult } from "../../core/results.js";
import { BANDS } from "../../schema/families.js";
import { type Provenance, withCaption } from "../caption.js";
import type { PlotlyFigure } from "../types.js";

/** One cell of a family × band map. */
export interface FamilyBandCell {
  family: string;
  band: string;
  failing: number;
  total: number;
}

/**
 * Family × band cells from check results of one check (e.g. nanWithoutFlag): columns named `<band>_<family>`.
 * @example familyBandCells(report.results, "nanWithoutFlag").find((c) => c.family === "psfFlux")
 */
export function familyBandCells(results: readonly CheckResult[], check: string): FamilyBandCell[] {
  const cells: FamilyBandCell[] = [];
  for (const r of results) {
    if (r.check !== check || r.column === null || r.status === "skip" || r.status === "error") continue;
    const m = /^([ugrizy])_(.+)$/.exec(r.column);
    if (!m) continue;
    cells.push({ band: m[1], family: m[2], failing: r.failing, total: r.total });
  }
  return cells;
}

/**
 * A heat map of failure rates, families down and bands across; combinations without data stay blank.
 * @example familyBandHeatmap([{ family: "psfFlux", band: "g", failing: 27, total: 1500 }]).data[0].type // "heatmap"
 */
export function familyBandHeatmap(
  allCells: readonly FamilyBandCell[],
  options: { title?: string; provenance?: Provenance } = {},
): PlotlyFigure {
  // Families failing in no band would only pad the map: keep those with a failure (all when none fails).
  let cells = allCells;
  const failing = new Set(cells.filter((c) => c.failing > 0).map((c) => c.family));
  const families = [...new Set(cells.map((c) => c.family))]
    .filter((f) => failing.size === 0 || failing.has(f))
    .sort();
  cells = cells.filter((c) => families.includes(c.family));
  const bands = (BANDS as readonly string[]).filter((b) => cells.some((c) => c.band === b));
  const z = families.map(() => bands.map(() => null as number | null));
  const text = families.map(() => bands.map(() => ""));
  for (const c of cells) {
    const i = families.indexOf(c.family);
    const j = bands.indexOf(c.band);
    z[i][j] = c.total > 0 ? c.failing / c.total : null;
    text[i][j] = `${c.failing} / ${c.total}`;
  }
  const figure: PlotlyFigure = {
    data: [
      {
        type: "heatmap",
        x: bands,
        y: families,
        z,
        text,
        texttemplate: "%{text}",
        hovertemplate: "%{y} %{x}: %{text} rows (%{z:.2%})<extra></extra>",
        hoverongaps: false,
        colorscale: [
          [0, "#f6f8fa"],
          [1e-9, "#ffd8b5"],
          [1, "#cf222e"],
        ],
        zmin: 0,
        zmax: Math.max(1e-6, ...z.flat().filter((v): v is number => v !== null)),
        colorbar: { title: { text: "failure rate" }, tickformat: ".1%" },
        xgap: 2,
        ygap: 2,
      },
    ],
    layout: {
      title: options.title ? { text: options.title, x: 0.01, xanchor: "left" } : undefined,
      width: 560,
      height: Math.max(240, 60 + 26 * families.length),
      yaxis: { autorange: "reversed", automargin: true },
      xaxis: { side: "top" },
      margin: { l: 120, r: 20, t: 70, b: 40 },
    },
    config: { displaylogo: false },
  };
  return options.provenance ? withCaption(figure, options.provenance) : figure;
}

/**
 * A patch-grid heat map (default 7 × 7, patch = nx·y + x, y up as on the sky map); patches without a value
 * are hatched and labelled "missing", never drawn as zero.
 * @example patchHeatmap(new Map([[17, 120]])).data.length // 2: values and missing patches
 */
export function patchHeatmap(
  values: ReadonlyMap<number, number>,
  options: { nx?: number; ny?: number; title?: string; valueName?: string; provenance?: Provenance } = {},
): PlotlyFigure {
  const nx = options.nx ?? 7;
  const ny = options.ny ?? 7;
  const z: (number | null)[][] = [];
  const text: string[][] = [];
  const mx: (number | null)[] = [];
  const my: (number | null)[] = [];
  for (let y = 0; y < ny; y++) {
    z.push([]);
    text.push([]);
    for (let x = 0; x < nx; x++) {
      const patch = nx * y + x;
      const v = values.get(patch);
      z[y].push(v === undefined || !Number.isFinite(v) ? null : v);
      text[y].push(v === undefined ? `${patch}<br>missing` : `${patch}<br>${+v.toPrecision(4)}`);
      if (v === undefined) {
        if (mx.length > 0) {
          mx.push(null);
          my.push(null);
        }
        mx.push(x - 0.5, x + 0.5, x + 0.5, x - 0.5, x - 0.5);
        my.push(y - 0.5, y - 0.5, y + 0.5, y + 0.5, y - 0.5);
      }
    }
  }
  const name = options.valueName ?? "value";
  const figure: PlotlyFigure = {
    data: [
      {
        type: "heatmap",
        z,
        text,
        texttemplate: "%{text}",
        textfont: { size: 10 },
        hovertemplate: `patch %{text}<extra>${name}</extra>`,
        hoverongaps: false,
        colorscale: "Viridis",
        colorbar: { title: { text: name } },
        xgap: 1,
        ygap: 1,
      },
      {
        type: "scatter",
        mode: "lines",
        name: "missing patch",
        x: mx,
        y: my,
        fill: "toself",
        fillcolor: "rgba(0,0,0,0)",
        fillpattern: { shape: "/", fgcolor: "#cf222e", size: 8, solidity: 0.25 },
        line: { color: "#cf222e", width: 1 },
        hoverinfo: "skip",
        showlegend: mx.length > 0,
      },
    ],
    layout: {
      title: options.title ? { text: options.title, x: 0.01, xanchor: "left" } : undefined,
      width: 520,
      height: 500,
      xaxis: {
        title: { text: "patch x" },
        range: [-0.5, nx - 0.5],
        dtick: 1,
        zeroline: false,
        showgrid: false,
      },
      yaxis: {
        title: { text: "patch y" },
        range: [-0.5, ny - 0.5],
        dtick: 1,
        scaleanchor: "x",
        zeroline: false,
        showgrid: false,
      },
      legend: { orientation: "h", y: -0.15 },
      margin: { l: 60, r: 20, t: 40, b: 70 },
    },
    config: { displaylogo: false },
  };
  return options.provenance ? withCaption(figure, options.provenance) : figure;
}

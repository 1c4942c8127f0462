/** Profile overview: per column, the fraction of rows that are null, NaN, +Inf or −Inf, for the columns that have any. */
import type { TableProfile } from "../../metrics/types.js";
import { type Provenance, withCaption } from "../caption.js";
import type { PlotlyFigure } from "../types.js";

/**
 * Stacked bars of null / NaN / ±Inf fractions for the worst `limit` columns (all clean: says so in the title).
 * @example
 * const column = { type: "double", rows: 2, nulls: 1, nan: 0, posInf: 0, negInf: 0, min: 1, max: 1, mean: 1, stddev: null, distinct: null };
 * profileOverview("T", { rows: 2, sources: [], columns: { x: column } }).data.length // 4
 */
export function profileOverview(
  table: string,
  profile: TableProfile,
  options: { limit?: number; provenance?: Provenance } = {},
): PlotlyFigure {
  const rows = Math.max(1, profile.rows);
  const entries = Object.entries(profile.columns).map(([name, p]) => {
    // A count the engine could not measure (null) draws no bar; the profile table beside it says "unknown".
    const nan = "nan" in p ? (p.nan ?? 0) : 0;
    const posInf = "posInf" in p ? (p.posInf ?? 0) : 0;
    const negInf = "negInf" in p ? (p.negInf ?? 0) : 0;
    return { name, nulls: p.nulls, nan, posInf, negInf, bad: p.nulls + nan + posInf + negInf };
  });
  const dirty = entries.filter((e) => e.bad > 0).sort((a, b) => b.bad - a.bad || (a.name < b.name ? -1 : 1));
  const shown = dirty.slice(0, options.limit ?? 40);
  const names = shown.map((e) => e.name);
  const series: [string, keyof (typeof entries)[number], string][] = [
    ["null", "nulls", "#6e7781"],
    ["NaN", "nan", "#bf8700"],
    ["+Inf", "posInf", "#cf222e"],
    ["−Inf", "negInf", "#8250df"],
  ];
  const figure: PlotlyFigure = {
    data: series.map(([label, key, color]) => ({
      type: "bar",
      orientation: "h",
      name: label,
      y: names,
      x: shown.map((e) => (e[key] as number) / rows),
      customdata: shown.map((e) => e[key]),
      marker: { color },
      hovertemplate: `%{y}: %{customdata} ${label} (%{x:.2%})<extra></extra>`,
    })),
    layout: {
      title: {
        text:
          dirty.length === 0
            ? `${table}: no null, NaN or infinite values in ${entries.length} columns`
            : `${table}: ${dirty.length} of ${entries.length} columns hold null, NaN or ±Inf${dirty.length > shown.length ? ` (worst ${shown.length} shown)` : ""}`,
        x: 0.01,
        xanchor: "left",
      },
      barmode: "stack",
      width: 820,
      height: Math.max(220, 110 + 18 * shown.length),
      xaxis: { tickformat: ".0%", title: { text: `fraction of ${profile.rows} rows` } },
      yaxis: { autorange: "reversed", automargin: true },
      legend: { orientation: "h", y: 1.02, yanchor: "bottom", x: 1, xanchor: "right" },
      margin: { l: 160, r: 20, t: 60, b: 50 },
    },
    config: { displaylogo: false },
  };
  return options.provenance ? withCaption(figure, options.provenance) : figure;
}

/**
 * Figures of a comparison of two runs: the biggest changes as multiples of their thresholds (so a rate, a mean
 * and a row count sit on one axis), row-count ratios per partition (tract, band), and for the largest
 * distribution shifts the two runs' quantile curves over each other.
 */
import type { RunDocument } from "../compare/load.js";
import type { Change, Comparison } from "../compare/types.js";
import type { NumericProfile, TableProfile } from "../metrics/types.js";
import { withCaption } from "./caption.js";
import type { ReportFigures } from "./report.js";
import type { PlotlyFigure } from "./types.js";

const RED = "#cf222e";
const GREY = "#8c959f";
const BEFORE = "#0969da";
const AFTER = "#bf3989";

/** How a change is named on an axis: table.column what [partition]. */
export function changeLabel(c: Change): string {
  const at = c.column === null ? c.table : `${c.table}.${c.column}`;
  return `${at} ${c.what}${c.partition ? ` [${c.partition}]` : ""}`;
}

/**
 * A change's size as a multiple of what it had to clear (its threshold, or the noise floor when larger);
 * Infinity for structural and unbounded changes.
 * @example
 * thresholdMultiple({ table: "T", column: "x", what: "nanRate", before: 0.01, after: 0.02, size: 0.1, measure: "cohenH", noise: 0.01, exceeds: true }, DEFAULT_THRESHOLDS) // 2
 */
export function thresholdMultiple(c: Change, thresholds: Comparison["thresholds"]): number {
  if (c.measure === "structural" || c.size === null) return Number.POSITIVE_INFINITY;
  const bar = Math.max(thresholds[c.measure], c.noise);
  return bar > 0 ? Math.abs(c.size) / bar : Number.POSITIVE_INFINITY;
}

/**
 * The ranked changes with a size as horizontal bars (× threshold, 1 drawn as a line), largest at the top;
 * structural and unbounded changes are listed in the title count, not drawn (they have no size).
 * @example
 * const c = { table: "T", column: "x", what: "mean", before: 0, after: 1, size: 0.5, measure: "standardizedMeanDifference", noise: 0, exceeds: true };
 * biggestChangesFigure({ tool: "skygate", version: "0", kind: "profile", before: "a", after: "b", status: "fail", thresholds: DEFAULT_THRESHOLDS, changes: [c] }).data[0].x // [5]
 */
export function biggestChangesFigure(comparison: Comparison, max = 25): PlotlyFigure {
  const sized = comparison.changes.filter((c) =>
    Number.isFinite(thresholdMultiple(c, comparison.thresholds)),
  );
  const unbounded = comparison.changes.length - sized.length;
  const top = sized.slice(0, max).reverse();
  const x = top.map((c) => Number(thresholdMultiple(c, comparison.thresholds).toPrecision(4)));
  const figure: PlotlyFigure = {
    data: [
      {
        type: "bar",
        orientation: "h",
        x,
        y: top.map(changeLabel),
        marker: { color: top.map((c) => (c.exceeds ? RED : GREY)) },
        text: top.map((c) => `${show(c.before)} → ${show(c.after)} (${c.measure} ${c.size?.toFixed(3)})`),
        hovertemplate: "%{y}<br>%{text}<br>%{x}× its threshold<extra></extra>",
      },
    ],
    layout: {
      title: {
        text: `Biggest changes (${sized.length} sized${unbounded > 0 ? `, ${unbounded} structural or unbounded listed below` : ""})`,
      },
      xaxis: { title: { text: "size ÷ threshold (red: over)" }, type: "log" },
      yaxis: { automargin: true },
      shapes: [
        { type: "line", x0: 1, x1: 1, yref: "paper", y0: 0, y1: 1, line: { dash: "dash", color: "#57606a" } },
      ],
      height: Math.max(260, 60 + 22 * top.length),
      showlegend: false,
    },
  };
  return withCaption(figure, {
    notes: [`${comparison.before} → ${comparison.after}`],
    version: comparison.version,
  });
}

function show(value: Change["before"]): string {
  if (value === null) return "—";
  if (typeof value === "string") return value;
  return Number.isInteger(value) ? String(value) : value.toPrecision(4);
}

/**
 * Row-count ratio after ÷ before per partition value (tract, band) of each table both runs counted, one
 * figure per table and partition column; partitions whose change exceeds its threshold in red.
 * @example
 * const side = (r) => ({ kind: "profile", path: "p.json", tables: { T: { rows: 1000 + r, sources: [], columns: {}, partitionRows: { band: { g: 1000, r } } } } });
 * const before = side(1000), after = side(500);
 * const comparison = compareRuns(before, after);
 * partitionRowFigures(comparison, before, after)[0].data[0].y // [1, 0.5]
 */
export function partitionRowFigures(
  comparison: Comparison,
  before: RunDocument,
  after: RunDocument,
): PlotlyFigure[] {
  if (before.kind !== "profile" || after.kind !== "profile") return [];
  const out: PlotlyFigure[] = [];
  for (const [table, b] of Object.entries(before.tables)) {
    const a = after.tables[table];
    for (const [column, countsBefore] of Object.entries(b.partitionRows ?? {})) {
      const countsAfter = a?.partitionRows?.[column];
      if (countsAfter === undefined) continue;
      const values = [...new Set([...Object.keys(countsBefore), ...Object.keys(countsAfter)])].sort();
      const over = new Set(
        comparison.changes
          .filter((c) => c.table === table && c.exceeds && c.partition?.startsWith(`${column}=`))
          .map((c) => c.partition?.slice(column.length + 1)),
      );
      const ratio = values.map((v) => {
        const nb = countsBefore[v] ?? 0;
        const na = countsAfter[v] ?? 0;
        return nb > 0 ? Number((na / nb).toPrecision(4)) : null;
      });
      out.push(
        withCaption(
          {
            data: [
              {
                type: "bar",
                x: values.map((v) => `${column} ${v}`),
                y: ratio,
                marker: { color: values.map((v) => (over.has(v) ? RED : GREY)) },
                text: values.map((v) => `${countsBefore[v] ?? 0} → ${countsAfter[v] ?? 0} rows`),
                hovertemplate: "%{x}: %{text} (ratio %{y})<extra></extra>",
              },
            ],
            layout: {
              title: {
                text: `${table}: rows per ${column}, after ÷ before (red: over threshold; blank: new)`,
              },
              yaxis: { title: { text: "row-count ratio" }, rangemode: "tozero" },
              xaxis: { type: "category" },
              shapes: [
                {
                  type: "line",
                  xref: "paper",
                  x0: 0,
                  x1: 1,
                  y0: 1,
                  y1: 1,
                  line: { dash: "dash", color: "#57606a" },
                },
              ],
              height: 320,
              showlegend: false,
            },
          },
          { table, notes: [`${comparison.before} → ${comparison.after}`], version: comparison.version },
        ),
      );
    }
  }
  return out;
}

function numeric(profile: TableProfile | undefined, column: string | null): NumericProfile | null {
  if (!profile || column === null) return null;
  const p = profile.columns[column];
  return p !== undefined && "nan" in p && p.quantiles !== undefined ? p : null;
}

/** Quantile levels and values of a profile, extrema added as levels 0 and 1 (non-finite values dropped). */
function quantileCurve(p: NumericProfile): { levels: number[]; values: number[] } {
  const points: [number, number][] = Object.entries({ ...p.quantiles, "0": p.min, "1": p.max })
    .map(([level, value]) => [Number(level), value === null ? Number.NaN : Number(value)] as [number, number])
    .filter(([, v]) => Number.isFinite(v))
    .sort((x, y) => x[0] - y[0]);
  return { levels: points.map(([l]) => l), values: points.map(([, v]) => v) };
}

/**
 * For the largest distribution shifts (profiles made with quantiles), the two runs' quantile curves: value
 * against cumulative fraction, so a shift of the bulk and a change of a tail read at a glance.
 * @example
 * distributionShiftFigures({ tool: "skygate", version: "0", kind: "profile", before: "a", after: "b", status: "pass", thresholds: DEFAULT_THRESHOLDS, changes: [] }, { kind: "profile", path: "a", tables: {} }, { kind: "profile", path: "b", tables: {} }) // []
 */
export function distributionShiftFigures(
  comparison: Comparison,
  before: RunDocument,
  after: RunDocument,
  max = 6,
): PlotlyFigure[] {
  if (before.kind !== "profile" || after.kind !== "profile") return [];
  const out: PlotlyFigure[] = [];
  for (const c of comparison.changes) {
    if (out.length >= max) break;
    if (c.what !== "distribution") continue;
    const b = numeric(before.tables[c.table], c.column);
    const a = numeric(after.tables[c.table], c.column);
    if (!b || !a) continue;
    const cb = quantileCurve(b);
    const ca = quantileCurve(a);
    out.push(
      withCaption(
        {
          data: [
            {
              type: "scatter",
              mode: "lines+markers",
              name: "before",
              x: cb.values,
              y: cb.levels,
              line: { color: BEFORE },
            },
            {
              type: "scatter",
              mode: "lines+markers",
              name: "after",
              x: ca.values,
              y: ca.levels,
              line: { color: AFTER },
            },
          ],
          layout: {
            title: {
              text: `${c.table}.${c.column}: KS distance ≥ ${c.size?.toFixed(3)}${c.exceeds ? " (over threshold)" : ""}`,
            },
            xaxis: { title: { text: c.column ?? "" } },
            yaxis: { title: { text: "cumulative fraction" }, range: [0, 1] },
            height: 320,
          },
        },
        {
          table: c.table,
          notes: [`${comparison.before} → ${comparison.after}`],
          version: comparison.version,
        },
      ),
    );
  }
  return out;
}

/**
 * Every figure of a comparison in the shape the HTML writers take; without the two documents only the
 * biggest-changes figure can be drawn.
 * @example
 * comparisonFigures({ tool: "skygate", version: "0", kind: "profile", before: "a", after: "b", status: "pass", thresholds: DEFAULT_THRESHOLDS, changes: [] }).sections // []
 */
export function comparisonFigures(
  comparison: Comparison,
  documents?: { before: RunDocument; after: RunDocument },
): ReportFigures {
  const sections: ReportFigures["sections"] = [];
  const notes: string[] = [];
  if (documents) {
    const rows = partitionRowFigures(comparison, documents.before, documents.after);
    if (rows.length > 0) sections.push({ title: "Rows per tract and band", figures: rows });
    const shifts = distributionShiftFigures(comparison, documents.before, documents.after);
    if (shifts.length > 0) sections.push({ title: "Largest distribution shifts", figures: shifts });
    else if (comparison.changes.some((c) => c.what === "distribution"))
      notes.push("distribution shifts found but the profiles carry no quantiles to draw");
  }
  return { overview: biggestChangesFigure(comparison), skyMaps: [], sections, perResult: {}, notes };
}

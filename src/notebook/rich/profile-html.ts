/** A table profile as notebook HTML: one row per column, null / NaN / ±Inf told apart, a small histogram. */
import type { ColumnProfile, NumericProfile, TableProfile } from "../../metrics/types.js";
import { escapeHtml } from "../html.js";
import { countHtml, numHtml, type Paging, pagedTable, percentText } from "./parts.js";
import { quantileHistogram, sparklineSvg } from "./sparkline.js";
import { richStyle } from "./style.js";

/** Options of profileHtml. */
export interface ProfileHtmlOptions extends Paging {
  /** The table's name, for the heading. */
  name?: string;
  /** Columns with nulls, NaN or ±Inf first (default true): in a 991-column table those are the ones to read. */
  problemsFirst?: boolean;
}

function isNumeric(p: ColumnProfile): p is NumericProfile {
  return "nan" in p;
}

function nonFinite(p: ColumnProfile): number {
  if (!isNumeric(p)) return 0;
  return (p.nan ?? 0) + (p.posInf ?? 0) + (p.negInf ?? 0);
}

function distribution(name: string, p: ColumnProfile): string {
  if ("true" in p) {
    const total = p.true + p.false;
    return total === 0
      ? ""
      : `${sparklineSvg([p.false, p.true], `${name}: false ${p.false}, true ${p.true}`, 24)} ${percentText(p.true, total)} true`;
  }
  if (isNumeric(p)) {
    // Between the 1st and 99th percentiles when known: one outlier would otherwise squeeze the shape into a bar.
    const q = p.quantiles ?? {};
    const lo = q["0.01"];
    const hi = q["0.99"];
    const trimmed = typeof lo === "number" && typeof hi === "number" && hi > lo;
    const inner: Record<string, number | null> = {};
    if (trimmed)
      for (const [level, v] of Object.entries(q)) {
        const l = Number(level);
        if (l > 0.01 && l < 0.99) inner[String((l - 0.01) / 0.98)] = v;
      }
    const bins = trimmed
      ? quantileHistogram({ min: lo, max: hi, quantiles: inner })
      : quantileHistogram({
          min: p.min === null ? null : Number(p.min),
          max: p.max === null ? null : Number(p.max),
          ...(p.quantiles ? { quantiles: p.quantiles } : {}),
        });
    if (bins === null) return "";
    const range = trimmed ? `1st to 99th percentile, ${lo} to ${hi}` : `${p.min} to ${p.max}`;
    return sparklineSvg(bins, `${name}: ${range} (shape from quantiles)`);
  }
  const s = p as { minLength?: number | null; maxLength?: number | null };
  return s.minLength === undefined || s.minLength === null ? "" : `length ${s.minLength}–${s.maxLength}`;
}

function row(name: string, p: ColumnProfile): string[] {
  const numeric = isNumeric(p);
  return [
    `<code>${escapeHtml(name)}</code>`,
    escapeHtml(p.type),
    countHtml(p.nulls),
    numeric ? countHtml(p.nan) : "",
    numeric ? countHtml(p.posInf) : "",
    numeric ? countHtml(p.negInf) : "",
    numeric ? numHtml(p.min) : "",
    numeric ? numHtml(p.max) : "",
    numeric ? numHtml(p.mean) : "",
    "distinct" in p ? numHtml(p.distinct) : "",
    distribution(name, p),
  ];
}

/**
 * A profile (from `engine.profile(source)`) as notebook HTML: rows, then per column the type, null, NaN, +Inf
 * and −Inf counts (a null is a missing value, a NaN a failed measurement), min/max/mean over finite values,
 * distinct count and a small histogram (from the quantiles when the profile was asked for them). Columns with
 * problems come first; the first 20 columns are open, the rest folded.
 * @example profileHtml({ rows: 2, sources: [], columns: { x: { type: "float64", rows: 2, nulls: 1, nan: 1, posInf: 0, negInf: 0, min: null, max: null, mean: null, stddev: null, distinct: null } } }).includes("1 with NaN or ±Inf") // true
 */
export function profileHtml(profile: TableProfile, options: ProfileHtmlOptions = {}): string {
  const entries = Object.entries(profile.columns);
  const withNulls = entries.filter(([, p]) => p.nulls > 0).length;
  const withNonFinite = entries.filter(([, p]) => nonFinite(p) > 0).length;
  const allNull = entries.filter(([, p]) => p.rows > 0 && p.nulls === p.rows).length;
  const ordered =
    options.problemsFirst === false
      ? entries
      : [...entries].sort(
          ([, a], [, b]) => Number(b.nulls > 0 || nonFinite(b) > 0) - Number(a.nulls > 0 || nonFinite(a) > 0),
        );
  const title = options.name ? `<b>${escapeHtml(options.name)}</b>: ` : "";
  const head =
    `<p>${title}${profile.rows} rows × ${entries.length} columns · ${withNulls} with nulls, ` +
    `${withNonFinite} with NaN or ±Inf, ${allNull} all null` +
    `${profile.sources.length > 0 ? ` · from ${escapeHtml(profile.sources[0])}${profile.sources.length > 1 ? ` and ${profile.sources.length - 1} more` : ""}` : ""}</p>`;
  const table = pagedTable(
    ["column", "type", "nulls", "NaN", "+Inf", "−Inf", "min", "max", "mean", "distinct", "distribution"],
    ordered.map(([name, p]) => row(name, p)),
    options,
    "profile.columns",
    [0, 1, 10],
  );
  return `${richStyle()}<div class="skygate-rich">${head}${table}</div>`;
}

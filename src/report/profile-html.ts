/** `skygate profile --html`: the profile as one self-contained HTML page, figures (optional) before the tables. */
import type { ColumnProfile, TableProfile } from "../metrics/types.js";
import { escapeXml as esc } from "./escape.js";
import type { HtmlFigures } from "./html.js";

const STYLE = `body{font:14px/1.4 system-ui,sans-serif;margin:2em;color:#1f2328}
table{border-collapse:collapse;margin:1em 0}th,td{border:1px solid #d0d7de;padding:3px 8px;text-align:left}
td.n{text-align:right}th{background:#f6f8fa}td.bad{color:#cf222e;font-weight:600}`;

function num(v: number | bigint | null | undefined): string {
  if (v === null || v === undefined) return "";
  // 64-bit integers exact, digit for digit: String(2^60 as a double) would print rounded digits.
  return typeof v === "bigint" || Number.isInteger(v) ? String(v) : v.toPrecision(6);
}

/** The quantiles shown: the tails and the median (all levels are in the JSON). */
const SHOWN_QUANTILES = ["0.01", "0.5", "0.99"];

function row(name: string, p: ColumnProfile): string {
  const cell = (v: number | bigint | null | undefined, bad = false) =>
    `<td class="n${bad && typeof v === "number" && v > 0 ? " bad" : ""}">${num(v)}</td>`;
  const text = (t: string) => `<td class="n">${esc(t)}</td>`;
  const nan = "nan" in p ? p.nan : null;
  const inf = "posInf" in p && p.posInf !== null && p.negInf !== null ? p.posInf + p.negInf : null;
  const min = "min" in p ? p.min : null;
  const max = "max" in p ? p.max : null;
  const mean = "mean" in p ? p.mean : null;
  const stddev = "stddev" in p ? p.stddev : null;
  const distinct = "distinct" in p ? p.distinct : null;
  // a boolean's true and false counts take the place of the extrema
  const flags = "true" in p ? `${p.true} true / ${p.false} false` : "";
  const quantiles =
    "quantiles" in p && p.quantiles !== undefined
      ? SHOWN_QUANTILES.map((q) => num(p.quantiles?.[q] ?? null)).join(" · ")
      : "";
  return `<tr><td><code>${esc(name)}</code></td><td>${esc(p.type)}</td>${cell(p.nulls, true)}${cell(nan, true)}${cell(inf, true)}${flags ? `<td class="n" colspan="2">${esc(flags)}</td>` : `${cell(min)}${cell(max)}`}${cell(mean)}${cell(stddev)}${cell(distinct)}${text(quantiles)}</tr>`;
}

/**
 * The HTML page of a profile run.
 * @example profileToHtml({}, "0.1.0").includes("skygate 0.1.0") // true
 */
export function profileToHtml(
  profiles: Readonly<Record<string, TableProfile>>,
  version: string,
  figures?: HtmlFigures,
): string {
  const tables = Object.entries(profiles)
    .map(
      ([name, t]) =>
        `<h2>${esc(name)}: ${t.rows} rows, ${Object.keys(t.columns).length} columns</h2><p>${t.sources.map(esc).join("<br>")}</p>` +
        `<table><tr><th>column</th><th>type</th><th>nulls</th><th>NaN</th><th>±Inf</th><th>min</th><th>max</th><th>mean</th><th>stddev</th><th>distinct</th><th>1% · median · 99%</th></tr>` +
        `${Object.entries(t.columns)
          .map(([c, p]) => row(c, p))
          .join("\n")}</table>`,
    )
    .join("\n");
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>skygate profile</title><style>${STYLE}</style>${figures?.head ?? ""}</head>
<body><h1>skygate profile</h1><p>skygate ${esc(version)}</p>${figures?.top ?? ""}
${tables}
</body></html>
`;
}

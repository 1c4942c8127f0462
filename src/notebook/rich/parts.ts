/** Small HTML pieces shared by the rich displays: numbers, status badges, tables, "show more" sections. */
import { escapeHtml } from "../html.js";

/**
 * A number for people: integers as they are, others with 4 significant digits; null as a grey dash.
 * @example numHtml(0.000123456) // "0.0001235"
 */
export function numHtml(value: number | bigint | null | undefined): string {
  if (value === null || value === undefined) return '<span class="skygate-null">–</span>';
  // 64-bit integers beyond 2^53 arrive as bigint: printed digit for digit.
  if (typeof value === "bigint") return String(value);
  if (Number.isNaN(value)) return '<span class="skygate-nan">NaN</span>';
  if (!Number.isFinite(value)) return `<span class="skygate-inf">${value > 0 ? "+" : "-"}Inf</span>`;
  if (Number.isInteger(value)) return String(value);
  return String(Number(value.toPrecision(4)));
}

/**
 * A count, greyed out when zero so that the non-zero ones stand out in a long column.
 * @example countHtml(0) // '<span class="skygate-zero">0</span>'
 */
export function countHtml(value: number | null | undefined): string {
  if (value === null || value === undefined) return '<span class="skygate-null">?</span>';
  return value === 0 ? '<span class="skygate-zero">0</span>' : String(value);
}

/**
 * A status word in its colour (pass green, fail red, error purple, skip grey).
 * @example statusBadge("fail") // '<span class="skygate-fail">FAIL</span>'
 */
export function statusBadge(status: string): string {
  return `<span class="skygate-${escapeHtml(status)}">${escapeHtml(status.toUpperCase())}</span>`;
}

/**
 * An HTML table from a header and rows of ready HTML cells; header names starting with "<" are kept as HTML.
 * Columns listed in `left` are left-aligned (text), the others right-aligned (numbers).
 * @example htmlTable(["a"], [["1"]]) // '<table class="skygate-table"><thead><tr><th>a</th></tr></thead><tbody><tr><td>1</td></tr></tbody></table>'
 */
export function htmlTable(
  header: readonly string[],
  rows: readonly (readonly string[])[],
  left: readonly number[] = [],
): string {
  const cls = (i: number) => (left.includes(i) ? ' class="l"' : "");
  const head = header.map((h, i) => `<th${cls(i)}>${h.startsWith("<") ? h : escapeHtml(h)}</th>`).join("");
  const body = rows.map((r) => `<tr>${r.map((c, i) => `<td${cls(i)}>${c}</td>`).join("")}</tr>`).join("");
  return `<table class="skygate-table"><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>`;
}

/** How many rows a section shows, and how many it keeps behind "show more". */
export interface Paging {
  /** Rows shown open (default 20). */
  shown?: number;
  /** Rows at most behind the "show more" fold (default 200); past that the section says how to get the rest. */
  folded?: number;
}

/**
 * Rows as a table of the first `shown`, the next ones up to `folded` behind a `<details>` fold, and a line
 * saying how many were left out and where to find them: a notebook never receives a 10⁵-row table.
 * @example pagedTable(["x"], [["1"], ["2"], ["3"]], { shown: 1, folded: 1 }, "report.results").includes("1 more not shown") // true
 */
export function pagedTable(
  header: readonly string[],
  rows: readonly (readonly string[])[],
  paging: Paging,
  whereAll: string,
  left: readonly number[] = [],
): string {
  const shown = Math.max(0, paging.shown ?? 20);
  const folded = Math.max(0, paging.folded ?? 200);
  let html = htmlTable(header, rows.slice(0, shown), left);
  const rest = rows.slice(shown, shown + folded);
  if (rest.length > 0)
    html += `<details><summary>show ${rest.length} more</summary>${htmlTable(header, rest, left)}</details>`;
  const omitted = rows.length - shown - rest.length;
  if (omitted > 0)
    html += `<p class="skygate-skip">${omitted} more not shown (all ${rows.length} are in ${escapeHtml(whereAll)})</p>`;
  return html;
}

/**
 * A collapsible section.
 * @example foldHtml("why", "<p>x</p>") // "<details><summary>why</summary><p>x</p></details>"
 */
export function foldHtml(summary: string, body: string): string {
  return `<details><summary>${summary}</summary>${body}</details>`;
}

/**
 * A percentage with enough digits to tell 1 row in 10⁶ from none.
 * @example percentText(3, 1500) // "0.2%"
 */
export function percentText(part: number, whole: number): string {
  if (whole <= 0) return "–";
  const p = (100 * part) / whole;
  if (p === 0) return "0%";
  return `${p >= 1 ? p.toFixed(1) : Number(p.toPrecision(2))}%`;
}

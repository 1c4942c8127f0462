/** An Arrow table or SkyTable as an HTML table for notebooks: first rows, column types, nulls vs NaN. */
import { isAbsolute, relative } from "node:path";
import type { Table as ArrowTable } from "apache-arrow";
import type { SkyTable } from "../io/table.js";
import { cellHtml, escapeHtml } from "./html.js";

/** Options of tableHtml: rows, columns and how much to show. */
export interface TableHtmlOptions {
  /** How many rows from the top to show (default 10). */
  rows?: number;
  /** Columns to show, in this order (default: all, up to `maxColumns`). */
  columns?: readonly string[];
  /** Most columns shown when `columns` is not given (default 40); wide catalogs have hundreds. */
  maxColumns?: number;
}

const STYLE =
  "<style>" +
  ".skygate-table{border-collapse:collapse;font-size:12px}" +
  ".skygate-table th,.skygate-table td{border:1px solid #ddd;padding:2px 6px;text-align:right}" +
  ".skygate-table th small{display:block;font-weight:normal;color:#777}" +
  ".skygate-table caption{text-align:left;color:#555}" +
  ".skygate-null{color:#999;font-style:italic}.skygate-nan{color:#b35900}.skygate-inf{color:#a00}" +
  "</style>";

function isSkyTable(table: SkyTable | ArrowTable): table is SkyTable {
  return "data" in table && "sources" in table;
}

/**
 * HTML for the first rows of a table. The header gives each column's name, Arrow type and unit;
 * the caption gives the table's name, its full size and where it came from.
 * @example tableHtml(tableFromArrays({ x: Float64Array.from([1, Number.NaN]) })).startsWith("<style>") // true
 */
export function tableHtml(table: SkyTable | ArrowTable, options: TableHtmlOptions = {}): string {
  const data = isSkyTable(table) ? table.data : table;
  const rows = Math.min(Math.max(0, options.rows ?? 10), data.numRows);
  const allNames = data.schema.fields.map((field) => field.name);
  const missing = (options.columns ?? []).filter((name) => !allNames.includes(name));
  if (missing.length > 0) throw new Error(`tableHtml: no column ${missing.join(", ")} in the table`);
  const names = options.columns ? [...options.columns] : allNames.slice(0, options.maxColumns ?? 40);
  const fields = names.map((name) => data.schema.fields[allNames.indexOf(name)]);

  const head = fields
    .map((field) => {
      const unit = field.metadata.get("unit");
      const type = `${String(field.type)}${unit ? ` [${unit}]` : ""}`;
      return `<th>${escapeHtml(field.name)}<small>${escapeHtml(type)}</small></th>`;
    })
    .join("");
  const body: string[] = [];
  const vectors = fields.map((field) => data.getChild(field.name));
  for (let row = 0; row < rows; row++) {
    const cells = vectors.map((vector, i) => {
      const value = vector?.isValid(row) ? vector.get(row) : null;
      return `<td>${cellHtml(value, fields[i].type)}</td>`;
    });
    body.push(`<tr>${cells.join("")}</tr>`);
  }

  const hidden = allNames.length - names.length;
  const size = `${data.numRows} rows × ${allNames.length} columns`;
  const shown = `showing ${rows} rows${hidden > 0 ? `, ${names.length} columns (${hidden} more not shown)` : ""}`;
  const title = isSkyTable(table) ? `<b>${escapeHtml(table.name)}</b>: ` : "";
  const from = isSkyTable(table) && table.sources.length > 0 ? `; from ${sourcesText(table)}` : "";
  const caption = `<caption>${title}${size} (${shown})${escapeHtml(from)}</caption>`;
  return `${STYLE}<table class="skygate-table">${caption}<thead><tr>${head}</tr></thead><tbody>${body.join("")}</tbody></table>`;
}

function sourcesText(table: SkyTable): string {
  const first = table.sources[0];
  const more = table.sources.length - 1;
  return `${shortPath(first.path)} (${first.format})${more > 0 ? ` and ${more} more` : ""}`;
}

/** A file path relative to the working directory (the notebook's folder) when that is shorter. */
function shortPath(path: string): string {
  if (!isAbsolute(path)) return path;
  const rel = relative(process.cwd(), path);
  return rel.length < path.length ? rel : path;
}

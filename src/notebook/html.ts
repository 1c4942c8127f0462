/** HTML building blocks for notebook output: escaping and one formatted value per table cell. */
import { type DataType, Type } from "apache-arrow";

/**
 * Text made safe to place inside HTML elements and attribute values.
 * @example escapeHtml("a<b & \"c\"") // "a&lt;b &amp; &quot;c&quot;"
 */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/** Longest text shown in one table cell before it is cut with an ellipsis. */
const MAX_CELL_CHARS = 80;

function clip(text: string): string {
  return text.length > MAX_CELL_CHARS ? `${text.slice(0, MAX_CELL_CHARS - 1)}…` : text;
}

function isTemporal(type: DataType): boolean {
  return type.typeId === Type.Timestamp || type.typeId === Type.Date;
}

function plainText(value: unknown, type: DataType | undefined): string {
  if (typeof value === "number" && type && isTemporal(type)) {
    // Arrow JS hands timestamps and dates over as epoch milliseconds.
    return new Date(value).toISOString();
  }
  if (value instanceof Date) return value.toISOString();
  if (value instanceof Uint8Array) return `<${value.length} bytes>`;
  if (typeof value === "object" && value !== null) {
    const items = (value as { toArray?: () => unknown }).toArray?.();
    const shown = items !== undefined ? Array.from(items as ArrayLike<unknown>) : value;
    return JSON.stringify(shown, (_key, v) => (typeof v === "bigint" ? v.toString() : v));
  }
  return String(value);
}

/**
 * One table cell as HTML. null and NaN look different on purpose: a null is a missing value, a NaN is a
 * value that a measurement produced; ±Infinity keeps its sign.
 * @example cellHtml(Number.NaN) // '<span class="skygate-nan">NaN</span>'
 */
export function cellHtml(value: unknown, type?: DataType): string {
  if (value === null || value === undefined) return '<span class="skygate-null">null</span>';
  if (typeof value === "number") {
    if (Number.isNaN(value)) return '<span class="skygate-nan">NaN</span>';
    if (value === Number.POSITIVE_INFINITY) return '<span class="skygate-inf">+Inf</span>';
    if (value === Number.NEGATIVE_INFINITY) return '<span class="skygate-inf">-Inf</span>';
  }
  return escapeHtml(clip(plainText(value, type)));
}

/** The contract's JSON report, as text; 64-bit integers written exactly. */
import type { Report } from "../core/results.js";

// JSON.stringify escapes the NUL, so no string of the data can end up looking like this marker.
const BIGINT_MARK = "\u0000skygate-bigint:";
const BIGINT_TEXT = /"\\u0000skygate-bigint:(-?\d+)"/g;

/**
 * JSON text (two-space indented) where a bigint is an exact JSON number, digit for digit (ids above 2^53 are the
 * norm in Rubin catalogs; a double would round them), and non-finite numbers are null.
 * @example exactJson({ id: 1248684569339659648n, x: Number.NaN }, 0) // '{"id":1248684569339659648,"x":null}'
 */
export function exactJson(value: unknown, indent = 2): string {
  const text = JSON.stringify(
    value,
    (_key, v: unknown) =>
      typeof v === "bigint" ? `${BIGINT_MARK}${v}` : typeof v === "number" && !Number.isFinite(v) ? null : v,
    indent,
  );
  return text.replace(BIGINT_TEXT, "$1");
}

/**
 * Serialises a report (two-space indented, trailing newline). Non-finite numbers in samples become null.
 * @example
 * JSON.parse(toJson(report)).tool // "skygate"
 */
export function toJson(report: Report): string {
  return `${exactJson(report)}\n`;
}

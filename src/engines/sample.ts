/**
 * Sample rows as reports show them: row index, key as a string, sky position in degrees, and the
 * offending value in JSON-safe form (NaN and ±Inf become the strings "NaN", "Infinity", "-Infinity").
 */
import type { SampleRow } from "../core/results.js";

/** Default number of sample rows per finding (the contract's reports keep 20). */
export const DEFAULT_SAMPLE_SIZE = 20;

/** A key value as the report's `key` string. */
export function keyString(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  return String(value);
}

/** A position value in degrees (radians converted), null when missing. */
export function degrees(value: unknown, unit: "deg" | "rad" = "deg"): number | null {
  if (value === null || value === undefined) return null;
  const x = Number(value);
  return unit === "rad" ? (x * 180) / Math.PI : x;
}

/** A cell value in JSON-safe form for `SampleRow.value`. */
export function sampleValue(value: unknown): string | number | boolean | null {
  if (value === null || value === undefined) return null;
  if (typeof value === "number") {
    if (Number.isNaN(value)) return "NaN";
    if (value === Number.POSITIVE_INFINITY) return "Infinity";
    if (value === Number.NEGATIVE_INFINITY) return "-Infinity";
    return value;
  }
  if (typeof value === "bigint") {
    return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER)
      ? Number(value)
      : value.toString();
  }
  if (typeof value === "boolean" || typeof value === "string") return value;
  return String(value);
}

/** Builds a sample row, leaving out the fields the table cannot provide. */
export function sampleRow(
  row: number,
  key: unknown,
  ra: unknown,
  dec: unknown,
  value: unknown,
  options: { hasKey: boolean; hasPosition: boolean; hasValue: boolean; unit?: "deg" | "rad" },
): SampleRow {
  const out: SampleRow = { row };
  if (options.hasKey) out.key = keyString(key);
  if (options.hasPosition) {
    out.ra = degrees(ra, options.unit);
    out.dec = degrees(dec, options.unit);
  }
  if (options.hasValue) out.value = sampleValue(value);
  return out;
}

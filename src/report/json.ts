/** The contract's JSON report, as text. */
import type { Report } from "../core/results.js";

/**
 * Serialises a report (two-space indented, trailing newline). Non-finite numbers in samples become null.
 * @example
 * JSON.parse(toJson(report)).tool // "skygate"
 */
export function toJson(report: Report): string {
  return `${JSON.stringify(report, (_key, value: unknown) => (typeof value === "number" && !Number.isFinite(value) ? null : typeof value === "bigint" ? value.toString() : value), 2)}\n`;
}

/**
 * One number from per-data-id metric values, for a gate: the values whose data id matches a selection, reduced
 * by min / max / median / mean (as faro's summary stage reduces per-tract values), or the single one.
 */
import type { DataId, Metric } from "../metric.js";
import { median } from "./stats.js";

/** How per-data-id values reduce to one. */
export const SUMMARIES = ["min", "max", "median", "mean"] as const;
/** One reduction. */
export type Summary = (typeof SUMMARIES)[number];

/**
 * The matching finite values reduced by `summary`; without one, the value of the single match. Null when
 * nothing matches or (without a summary) several do.
 * @example summarizeMetrics([{ name: "m", value: 2, unit: "", dataId: { band: "g" } }, { name: "m", value: 5, unit: "", dataId: { band: "r" } }], {}, "max") // 5
 * @example summarizeMetrics([{ name: "m", value: 2, unit: "", dataId: { band: "g" } }, { name: "m", value: 5, unit: "", dataId: { band: "r" } }], { band: "g" }, null) // 2
 */
export function summarizeMetrics(
  metrics: readonly Metric[],
  where: DataId,
  summary: Summary | null,
): number | null {
  const keys = Object.keys(where);
  const chosen = metrics.filter((m) => keys.every((k) => String(m.dataId[k]) === String(where[k])));
  if (summary === null)
    return chosen.length === 1 && chosen[0].value !== null && Number.isFinite(chosen[0].value)
      ? chosen[0].value
      : null;
  const values = chosen.map((m) => m.value).filter((v): v is number => v !== null && Number.isFinite(v));
  if (values.length === 0) return null;
  switch (summary) {
    case "min":
      return Math.min(...values);
    case "max":
      return Math.max(...values);
    case "median":
      return median(values);
    default:
      return values.reduce((a, b) => a + b, 0) / values.length;
  }
}

/**
 * The data id of the value a `min` / `max` reduction picks (the first on a tie), so a report can say where.
 * @example whereExtreme([{ name: "m", value: 2, unit: "", dataId: { patch: 3 } }, { name: "m", value: 1, unit: "", dataId: { patch: 16 } }], {}, "min") // { patch: 16 }
 */
export function whereExtreme(
  metrics: readonly Metric[],
  where: DataId,
  summary: Summary | null,
): DataId | null {
  if (summary !== "min" && summary !== "max") return null;
  const keys = Object.keys(where);
  let best: Metric | null = null;
  for (const m of metrics) {
    if (m.value === null || !Number.isFinite(m.value)) continue;
    if (!keys.every((k) => String(m.dataId[k]) === String(where[k]))) continue;
    if (
      best === null ||
      (summary === "min" ? m.value < (best.value as number) : m.value > (best.value as number))
    )
      best = m;
  }
  return best === null ? null : best.dataId;
}

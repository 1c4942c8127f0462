/** Which rich display a value gets: told from its shape, since results are plain JSON-like objects. */

import type { Comparison } from "../../compare/types.js";
import type { Report } from "../../core/results.js";
import type { FailureAnalysis } from "../../failures/analyze.js";
import type { GateReport } from "../../gate/run.js";
import type { MetricOutcome } from "../../gate/types.js";
import type { HoleReport } from "../../holes/run.js";
import type { TableProfile } from "../../metrics/types.js";
import { comparisonHtml } from "./compare-html.js";
import { failuresHtml } from "./failures-html.js";
import { gateHtml, metricsHtml } from "./gate-html.js";
import { holesReportHtml } from "./holes-html.js";
import type { Paging } from "./parts.js";
import { profileHtml } from "./profile-html.js";
import { reportHtml } from "./report-html.js";
import { richStyle } from "./style.js";

/** Options of richHtml: paging, and a name for a profile's heading. */
export interface RichHtmlOptions extends Paging {
  name?: string;
}

const has = (x: object, ...keys: string[]) => keys.every((k) => k in x);

/**
 * The rich HTML of a skygate result, or undefined when the value is not one: a gate report, a hole report, a
 * check report, a comparison, a failure analysis, a table profile (or an engine's `{ profile }` result), or a
 * list of metric outcomes.
 * @example richHtml(report)?.includes("<h4>Coverage</h4>") // true
 */
export function richHtml(value: unknown, options: RichHtmlOptions = {}): string | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  if (Array.isArray(value)) {
    if (
      value.length > 0 &&
      value.every((m) => typeof m === "object" && m !== null && has(m, "metric", "levels", "operator"))
    )
      return `${richStyle()}<div class="skygate-rich">${metricsHtml(value as MetricOutcome[])}</div>`;
    return undefined;
  }
  if (has(value, "gate", "metrics", "results")) return gateHtml(value as GateReport, options);
  if (has(value, "holes", "explained", "completeness", "results"))
    return holesReportHtml(value as HoleReport, options);
  if (has(value, "kind", "changes", "thresholds")) return comparisonHtml(value as Comparison, options);
  if (has(value, "results", "coverage", "tables", "status")) return reportHtml(value as Report, options);
  if (has(value, "groups", "failures", "retries")) return failuresHtml(value as FailureAnalysis, options);
  if (has(value, "rows", "sources", "columns") && !Array.isArray((value as { columns: unknown }).columns))
    return profileHtml(value as TableProfile, options);
  if (has(value, "profile")) return richHtml((value as { profile: unknown }).profile, options);
  return undefined;
}

/** Compares two runs: profiles with profiles, reports with reports. */
import { InputError } from "../core/errors.js";
import type { RunDocument } from "./load.js";
import { compareProfileTables } from "./profiles.js";
import { compareReports } from "./reports.js";
import { DEFAULT_THRESHOLDS, rankChanges } from "./thresholds.js";
import type { Change, Comparison, Thresholds } from "./types.js";

/**
 * The ranked comparison of two runs of the same kind; `fail` when any change exceeds its threshold.
 * @example
 * const side = (rows) => ({ kind: "profile", path: "p.json", tables: { T: { rows, sources: [], columns: {} } } });
 * compareRuns(side(100), side(80)).status // "fail"
 */
export function compareRuns(
  before: RunDocument,
  after: RunDocument,
  options: { thresholds?: Readonly<Thresholds>; version?: string } = {},
): Comparison {
  const thresholds = { ...DEFAULT_THRESHOLDS, ...options.thresholds };
  let changes: Change[];
  if (before.kind === "profile" && after.kind === "profile")
    changes = compareProfileTables(before.tables, after.tables, thresholds);
  else if (before.kind === "report" && after.kind === "report")
    changes = compareReports(before.report, after.report, thresholds);
  else
    throw new InputError(
      after.path,
      "unsupported",
      `is a ${after.kind} but ${before.path} is a ${before.kind}: compare like with like`,
    );
  const ranked = rankChanges(changes);
  return {
    tool: "skygate",
    version: options.version ?? "0.0.0",
    kind: before.kind,
    before: before.path,
    after: after.path,
    status: ranked.some((c) => c.exceeds) ? "fail" : "pass",
    thresholds,
    changes: ranked,
  };
}

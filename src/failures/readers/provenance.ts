/**
 * `butler provenance-report --data-id-table-dir DIR`: one ECSV of data ids per `task/STATUS/ExceptionType.ecsv`
 * (`UNKNOWN.ecsv` when no exception was recorded). Successful and blocked tables are counted, not listed.
 */
import { readdirSync, statSync } from "node:fs";
import { basename, join } from "node:path";
import { InputError } from "../../core/errors.js";
import { toRows } from "../../io/interop.js";
import { parseEcsv } from "../../io/readers/ecsv.js";
import { dataIdFromObject } from "../dataId.js";
import type { Failure, FailureRead, TaskCounts } from "../types.js";
import { BadEntries, makeRead, readReportText } from "./common.js";

const NOT_FAILURES = new Set(["SUCCESSFUL", "BLOCKED", "ABORTED_SUCCESS"]);

function isDir(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/**
 * Whether a directory has the `task/STATUS/*.ecsv` layout.
 * @example
 * const { mkdirSync, mkdtempSync, rmSync, writeFileSync } = await import("node:fs");
 * const dir = mkdtempSync((await import("node:os")).tmpdir() + "/skygate-");
 * isProvenanceDir(dir) // false (no task/STATUS/*.ecsv yet)
 * mkdirSync(dir + "/isr/FAILED", { recursive: true });
 * writeFileSync(dir + "/isr/FAILED/ValueError.ecsv", "# %ECSV 1.0\n# ---\n# datatype:\n# - {name: detector, datatype: int64}\n# - {name: visit, datatype: int64}\n# schema: astropy-2.0\ndetector visit\n12 1234\n13 1234\n");
 * isProvenanceDir(dir) // true
 * rmSync(dir, { recursive: true });
 */
export function isProvenanceDir(dir: string): boolean {
  if (!isDir(dir)) return false;
  for (const task of readdirSync(dir)) {
    const t = join(dir, task);
    if (!isDir(t)) continue;
    for (const status of readdirSync(t)) {
      const s = join(t, status);
      if (isDir(s) && readdirSync(s).some((f) => f.endsWith(".ecsv"))) return true;
    }
  }
  return false;
}

/**
 * Failures from a provenance-report data-id table directory; a table that does not parse is skipped and
 * reported (partial), the others are still read.
 * @example
 * const { mkdirSync, mkdtempSync, rmSync, writeFileSync } = await import("node:fs");
 * const dir = mkdtempSync((await import("node:os")).tmpdir() + "/skygate-");
 * mkdirSync(dir + "/isr/FAILED", { recursive: true });
 * writeFileSync(dir + "/isr/FAILED/ValueError.ecsv", "# %ECSV 1.0\n# ---\n# datatype:\n# - {name: detector, datatype: int64}\n# - {name: visit, datatype: int64}\n# schema: astropy-2.0\ndetector visit\n12 1234\n13 1234\n");
 * const read = readProvenanceDir(dir);
 * read.failures.length // 2
 * read.failures[0] // { task: "isr", dataId: { detector: 12, visit: 1234 }, exception: "ValueError", … }
 * rmSync(dir, { recursive: true });
 */
export function readProvenanceDir(dir: string): FailureRead {
  if (!isProvenanceDir(dir))
    throw new InputError(dir, "unsupported", "directory is not a provenance report (no task/STATUS/*.ecsv)");
  const failures: Failure[] = [];
  const tasks: Record<string, TaskCounts> = {};
  const bad = new BadEntries();
  for (const task of readdirSync(dir).sort()) {
    const t = join(dir, task);
    if (!isDir(t)) continue;
    const counts: TaskCounts = {};
    tasks[task] = counts;
    for (const status of readdirSync(t).sort()) {
      const s = join(t, status);
      if (!isDir(s)) continue;
      for (const file of readdirSync(s).sort()) {
        if (!file.endsWith(".ecsv")) continue;
        const path = join(s, file);
        let rows: Array<Record<string, unknown>>;
        try {
          rows = toRows(parseEcsv(readReportText(path), path));
        } catch (error) {
          bad.add(path, error instanceof Error ? error.message : String(error));
          continue;
        }
        const upper = status.toUpperCase();
        const key =
          upper === "SUCCESSFUL"
            ? "succeeded"
            : upper === "BLOCKED"
              ? "blocked"
              : upper === "FAILED"
                ? "failed"
                : upper === "UNKNOWN"
                  ? "unknown"
                  : undefined;
        if (key) counts[key] = (counts[key] ?? 0) + rows.length;
        if (NOT_FAILURES.has(upper)) continue;
        const stem = basename(file, ".ecsv");
        const exception = stem === "UNKNOWN" ? null : stem;
        rows.forEach((row, i) => {
          failures.push({
            task,
            dataId: dataIdFromObject(row),
            status: upper,
            exception,
            message: exception ?? "no exception recorded",
            source: `${path}:${i + 1}`,
          });
        });
      }
    }
  }
  return makeRead(dir, "provenanceReport", failures, tasks, bad);
}

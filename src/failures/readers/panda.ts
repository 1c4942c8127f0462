/**
 * PanDA error records in the cm_tools shape: {jobSetId: [{data_id: job name, diagnostic_message, error_type,
 * log_file_url, panda_err_code, pipetask}]}; the task and data id come from the job name.
 */
import { parsePandaJobName } from "../dataId.js";
import { splitMessage } from "../message.js";
import type { Failure, FailureRead } from "../types.js";
import { BadEntries, isRecord, makeRead } from "./common.js";

/**
 * Whether a parsed document holds PanDA error records.
 * @example isPandaErrors({ 152029: [{ data_id: "x", diagnostic_message: "y", panda_err_code: "pilot, 1305" }] }) // true
 */
export function isPandaErrors(doc: unknown): doc is Record<string, unknown[]> {
  if (!isRecord(doc)) return false;
  const values = Object.values(doc);
  return (
    values.length > 0 &&
    values.every(
      (v) =>
        Array.isArray(v) &&
        v.every((r) => isRecord(r) && ("diagnostic_message" in r || "panda_err_code" in r)),
    )
  );
}

/**
 * Failures of PanDA error records; the job-set id becomes the workflow.
 * @example
 * const path = "test/data/failure_reports/cm_tools_panda_errors_hsc.yaml";
 * const doc = parseStructured(readReportText(path), path);
 * readPandaErrors(doc, "errors.yaml").failures[0].dataId // { visit: 1180, detector: 102 }
 */
export function readPandaErrors(doc: Record<string, unknown[]>, path: string): FailureRead {
  const failures: Failure[] = [];
  const bad = new BadEntries();
  for (const [jobSet, records] of Object.entries(doc)) {
    records.forEach((r, i) => {
      if (!isRecord(r) || typeof r.data_id !== "string") {
        bad.add(`${path}: ${jobSet}[${i}]`, "record without a data_id job name");
        return;
      }
      const job = parsePandaJobName(r.data_id);
      const parts = splitMessage(String(r.diagnostic_message ?? ""));
      failures.push({
        task: job.task ?? parts.task ?? "unknown",
        dataId: Object.keys(parts.dataId).length > 0 ? parts.dataId : job.dataId,
        status: "FAILED",
        exception: r.error_type ? String(r.error_type) : parts.exception,
        message: parts.message,
        ...(r.panda_err_code ? { pandaCode: String(r.panda_err_code) } : {}),
        workflow: String(jobSet),
        source: `${path}: ${jobSet}[${i}]`,
      });
    });
  }
  return makeRead(path, "pandaErrors", failures, {}, bad);
}

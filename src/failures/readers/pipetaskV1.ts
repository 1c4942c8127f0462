/**
 * `pipetask report` v1 (QuantumGraphExecutionReport summary, YAML or JSON): per task `failed_quanta`
 * {uuid: {data_id, error: [messages]}}, `n_quanta_blocked`, `n_succeeded`, `n_expected`, `outputs`.
 */
import { dataIdFromObject } from "../dataId.js";
import { splitMessage } from "../message.js";
import type { DatasetCounts, Failure, FailureRead, TaskCounts } from "../types.js";
import { BadEntries, isRecord, makeRead, num } from "./common.js";

/**
 * Whether a parsed document is a v1 summary (every value a task with a `failed_quanta` map).
 * @example isPipetaskV1({ isr: { failed_quanta: {}, n_quanta_blocked: 0 } }) // true
 */
export function isPipetaskV1(doc: unknown): doc is Record<string, Record<string, unknown>> {
  if (!isRecord(doc)) return false;
  const values = Object.values(doc);
  return (
    values.length > 0 &&
    values.every(
      (t) =>
        isRecord(t) &&
        (isRecord(t.failed_quanta) || t.failed_quanta === null) &&
        ("outputs" in t || "n_quanta_blocked" in t),
    )
  );
}

/**
 * Failures of a v1 summary: the last error message of each failed quantum carries the exception.
 * @example
 * const path = "fixtures/pilot/failures/pipetask_report_v1.yaml";
 * const doc = parseStructured(readReportText(path), path);
 * readPipetaskV1(doc, "manifest_report.yaml").failures[0].task // "isr"
 */
export function readPipetaskV1(doc: Record<string, Record<string, unknown>>, path: string): FailureRead {
  const failures: Failure[] = [];
  const tasks: Record<string, TaskCounts> = {};
  const bad = new BadEntries();
  const datasets: Record<string, DatasetCounts> = {};
  for (const [task, info] of Object.entries(doc)) {
    if (isRecord(info.outputs)) {
      for (const [type, o] of Object.entries(info.outputs)) {
        if (!isRecord(o)) continue;
        const produced = num(o.produced) ?? 0;
        const missing = [
          "missing_failed",
          "missing_not_produced",
          "missing_upstream_failed",
          "failed",
          "not_produced",
          "blocked",
        ].reduce((s, k) => s + (num(o[k]) ?? 0), 0);
        datasets[type] = { expected: num(o.expected) ?? produced + missing, produced };
      }
    }
    const failed = isRecord(info.failed_quanta) ? info.failed_quanta : {};
    tasks[task] = {
      expected: num(info.n_expected),
      succeeded: num(info.n_succeeded),
      blocked: num(info.n_quanta_blocked),
      failed: Object.keys(failed).length,
    };
    for (const [uuid, q] of Object.entries(failed)) {
      if (!isRecord(q)) {
        bad.add(`${path}: ${task}/${uuid}`, "failed quantum is not a mapping");
        continue;
      }
      const errors = Array.isArray(q.error)
        ? q.error.map(String)
        : typeof q.error === "string"
          ? [q.error]
          : [];
      // The executor's "Execution of task … failed" line is the one naming the exception; else the last line.
      const line =
        errors.find((e) => /Execution of task .* failed/.test(e.replace(/\s+/g, " "))) ??
        errors[errors.length - 1] ??
        "";
      const parts = splitMessage(line);
      const dataId = isRecord(q.data_id) ? dataIdFromObject(q.data_id) : parts.dataId;
      failures.push({
        task,
        dataId,
        status: "FAILED",
        exception: parts.exception,
        message: parts.message,
        source: `${path}: ${task}/${uuid}`,
      });
    }
  }
  return { ...makeRead(path, "pipetaskReportV1", failures, tasks, bad), datasets };
}

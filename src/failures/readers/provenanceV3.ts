/**
 * `butler provenance-report` JSON (pipe_base's `ProvenanceReport`, 2025-09 →): `{task: {STATUS: {ExceptionType or
 * null: [{quantum_id, data_id, attempts: [{attempt, status, caveats, exception{type_name, message}, resource_usage
 * {memory, start, prep_time, init_time, run_time, run_time_cpu}, previous_process_quanta}]}]}}}`. Every attempt is
 * kept as a status history; run time and memory are the last attempt's (memory is the process's peak RSS, in
 * bytes). Successful quanta count, and those that needed retries are listed as `retried`.
 */
import { dataIdFromObject, parseDataId } from "../dataId.js";
import type { Failure, FailureRead, TaskCounts } from "../types.js";
import { BadEntries, isRecord, makeRead, num } from "./common.js";

/** pipe_base `QuantumAttemptStatus` names by value (pydantic may write either). */
const STATUS_BY_VALUE: Readonly<Record<string, string>> = {
  "-4": "ABORTED",
  "-3": "UNKNOWN",
  "-2": "ABORTED_SUCCESS",
  "-1": "FAILED",
  "0": "BLOCKED",
  "1": "SUCCESSFUL",
};
const STATUS_NAMES = new Set([
  ...Object.values(STATUS_BY_VALUE),
  "WONKY",
  "METADATA_MISSING",
  "LOGS_MISSING",
]);

function statusName(value: unknown): string {
  const s = String(value ?? "UNKNOWN");
  return STATUS_BY_VALUE[s] ?? s.toUpperCase();
}

/**
 * Whether a parsed document is a provenance report: tasks → status names → exception types → quanta lists.
 * @example isProvenanceV3({ isr: { FAILED: { RuntimeError: [{ data_id: { visit: 1, detector: 2 }, attempts: [] }] } } }) // true
 * @example isProvenanceV3({ isr: { outputs: {} } }) // false
 */
export function isProvenanceV3(
  doc: unknown,
): doc is Record<string, Record<string, Record<string, unknown[]>>> {
  if (!isRecord(doc)) return false;
  const tasks = Object.values(doc);
  if (tasks.length === 0) return false;
  let quanta = 0;
  for (const byStatus of tasks) {
    if (!isRecord(byStatus)) return false;
    for (const [status, byException] of Object.entries(byStatus)) {
      if (!STATUS_NAMES.has(statusName(status)) || !isRecord(byException)) return false;
      for (const list of Object.values(byException)) {
        if (!Array.isArray(list) || !list.every((q) => isRecord(q) && ("data_id" in q || "attempts" in q)))
          return false;
        quanta += list.length;
      }
    }
  }
  return quanta > 0;
}

/**
 * Failures (and quanta that succeeded after retries) of a provenance report; malformed quanta are skipped and
 * reported (partial).
 * @example
 * const doc = { deblend: { FAILED: { MemoryError: [{ quantum_id: "q", data_id: { tract: 4648, patch: 29, skymap: "DC2" }, attempts: [{ attempt: 0, status: "FAILED", exception: { type_name: "MemoryError", message: "out of memory" }, resource_usage: { memory: 1.9e11, start: "2022-03-01T02:00:00Z", prep_time: 1, init_time: 2, run_time: 3600, run_time_cpu: 3500 } }] }] } } };
 * readProvenanceV3(doc, "report.json").failures[0].memoryBytes // 190000000000
 */
export function readProvenanceV3(
  doc: Record<string, Record<string, Record<string, unknown[]>>>,
  path: string,
): FailureRead {
  const entries: Failure[] = [];
  const tasks: Record<string, TaskCounts> = {};
  const bad = new BadEntries();
  for (const [task, byStatus] of Object.entries(doc)) {
    const counts: TaskCounts = {};
    let total = 0;
    for (const [statusKey, byException] of Object.entries(byStatus)) {
      const status = statusName(statusKey);
      for (const [exceptionKey, list] of Object.entries(byException)) {
        total += list.length;
        if (status === "FAILED") counts.failed = (counts.failed ?? 0) + list.length;
        else if (status === "BLOCKED") counts.blocked = (counts.blocked ?? 0) + list.length;
        else if (status === "SUCCESSFUL") counts.succeeded = (counts.succeeded ?? 0) + list.length;
        else if (status === "UNKNOWN") counts.unknown = (counts.unknown ?? 0) + list.length;
        // Blocked quanta never ran: counted, not failures.
        if (status === "BLOCKED") continue;
        list.forEach((q, i) => {
          const source = `${path}: ${task}.${statusKey}.${exceptionKey}[${i}]`;
          if (!isRecord(q)) {
            bad.add(source, "quantum entry is not an object");
            return;
          }
          const dataId = isRecord(q.data_id) ? dataIdFromObject(q.data_id) : parseDataId(q.data_id);
          const attempts = Array.isArray(q.attempts) ? q.attempts.filter(isRecord) : [];
          const last = attempts[attempts.length - 1];
          const exception = last && isRecord(last.exception) ? last.exception : undefined;
          const usage = last && isRecord(last.resource_usage) ? last.resource_usage : undefined;
          const type =
            exception?.type_name !== undefined
              ? String(exception.type_name)
              : exceptionKey === "null" || exceptionKey === "None" || exceptionKey === ""
                ? null
                : exceptionKey;
          const runTimeS = num(usage?.run_time);
          const memoryBytes = num(usage?.memory);
          entries.push({
            task,
            dataId,
            status,
            exception: type === null ? null : (type.split(".").pop() ?? type),
            message: exception?.message !== undefined ? String(exception.message) : "",
            ...(usage?.start !== undefined ? { time: String(usage.start) } : {}),
            ...(attempts.length > 0
              ? { attempts: attempts.length, attemptStatuses: attempts.map((a) => statusName(a.status)) }
              : {}),
            ...(runTimeS !== undefined ? { runTimeS } : {}),
            ...(memoryBytes !== undefined ? { memoryBytes } : {}),
            source,
          });
        });
      }
    }
    // The quanta the report lists are all the task ran only when it lists the successful ones too.
    if ("SUCCESSFUL" in byStatus || "1" in byStatus) counts.expected = total;
    tasks[task] = counts;
  }
  return makeRead(path, "provenanceReportV3", entries, tasks, bad);
}

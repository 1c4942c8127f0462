/**
 * `pipetask report --force-v2` (QuantumProvenanceGraph Summary JSON): `tasks` {label: {n_* counts, caveats,
 * exceptions {type: [{data_id, run, exception{type_name, message}}]}, failed_quanta [{data_id, runs, messages}],
 * wonky_quanta, recovered_quanta}}, `datasets`.
 */
import { dataIdFromObject, dataIdKey } from "../dataId.js";
import { splitMessage } from "../message.js";
import type { DatasetCounts, Failure, FailureRead, TaskCounts } from "../types.js";
import { BadEntries, isRecord, makeRead, num } from "./common.js";

/**
 * Whether a parsed document is a v2 summary.
 * @example isPipetaskV2({ tasks: { isr: { n_failed: 0, failed_quanta: [] } } }) // true
 */
export function isPipetaskV2(doc: unknown): doc is { tasks: Record<string, unknown> } {
  return (
    isRecord(doc) &&
    isRecord(doc.tasks) &&
    Object.values(doc.tasks).every((t) => isRecord(t) && (Array.isArray(t.failed_quanta) || "n_failed" in t))
  );
}

interface ExceptionInfo {
  type: string;
  message: string;
}

/**
 * Failures (FAILED and WONKY quanta) of a v2 summary; the `exceptions` section names the exception where it
 * exists, else the last message is split. `attempts` = number of runs listed.
 * @example
 * const doc = parseStructured(readReportText("fixtures/pilot/failures/pipetask_report_v2.json"), "report.json");
 * readPipetaskV2(doc, "report.json").tasks.calibrate.failed // 58
 */
export function readPipetaskV2(doc: { tasks: Record<string, unknown> }, path: string): FailureRead {
  const failures: Failure[] = [];
  const tasks: Record<string, TaskCounts> = {};
  const bad = new BadEntries();
  for (const [task, raw] of Object.entries(doc.tasks)) {
    if (!isRecord(raw)) continue;
    tasks[task] = {
      expected: num(raw.n_expected),
      succeeded: num(raw.n_successful),
      failed: num(raw.n_failed),
      blocked: num(raw.n_blocked),
      wonky: num(raw.n_wonky),
      unknown: num(raw.n_unknown),
    };
    const byId = new Map<string, ExceptionInfo>();
    if (isRecord(raw.exceptions)) {
      for (const [type, list] of Object.entries(raw.exceptions)) {
        if (!Array.isArray(list)) continue;
        for (const e of list) {
          if (!isRecord(e) || !isRecord(e.data_id)) continue;
          const ex = isRecord(e.exception) ? e.exception : {};
          byId.set(dataIdKey(dataIdFromObject(e.data_id)), {
            type:
              String(ex.type_name ?? type)
                .split(".")
                .pop() ?? type,
            message: String(ex.message ?? ""),
          });
        }
      }
    }
    for (const [status, key] of [
      ["FAILED", "failed_quanta"],
      ["WONKY", "wonky_quanta"],
    ] as const) {
      const list = raw[key];
      if (list === undefined) continue;
      if (!Array.isArray(list)) {
        bad.add(`${path}: ${task}.${key}`, "not a list");
        continue;
      }
      list.forEach((q, i) => {
        if (!isRecord(q) || !isRecord(q.data_id)) {
          bad.add(`${path}: ${task}.${key}[${i}]`, "entry without a data_id mapping");
          return;
        }
        const dataId = dataIdFromObject(q.data_id);
        const messages = Array.isArray(q.messages) ? q.messages.map(String) : [];
        const known = byId.get(dataIdKey(dataId));
        const parts = splitMessage(messages[messages.length - 1] ?? "");
        const runs = isRecord(q.runs) ? Object.keys(q.runs) : [];
        failures.push({
          task,
          dataId,
          status,
          exception: known?.type ?? parts.exception,
          message: known?.message || parts.message,
          ...(runs.length > 0
            ? {
                attempts: runs.length,
                attemptStatuses: runs.map((r) =>
                  String((q.runs as Record<string, unknown>)[r]).toUpperCase(),
                ),
                workflow: runs[runs.length - 1],
              }
            : {}),
          source: `${path}: ${task}.${key}[${i}]`,
        });
      });
    }
  }
  const datasets: Record<string, DatasetCounts> = {};
  const ds = (doc as { datasets?: unknown }).datasets;
  if (isRecord(ds)) {
    for (const [type, d] of Object.entries(ds)) {
      if (!isRecord(d)) continue;
      const visible = num(d.n_visible) ?? 0;
      const expected =
        num(d.n_expected) ??
        visible +
          (num(d.n_shadowed) ?? 0) +
          (num(d.n_predicted_only) ?? 0) +
          (num(d.n_unsuccessful) ?? 0) +
          (num(d.n_cursed) ?? 0);
      const missing = Array.isArray(d.unsuccessful_datasets)
        ? d.unsuccessful_datasets.filter(isRecord).map((x) => dataIdFromObject(x))
        : undefined;
      datasets[type] = { expected, produced: visible, ...(missing ? { missingDataIds: missing } : {}) };
    }
  }
  return { ...makeRead(path, "pipetaskReportV2", failures, tasks, bad), datasets };
}

/**
 * One record (a parsed JSON line, a CSV row) as a failure: plain `{task, dataId, exception, message[, time]}`
 * tables and log records (LSST JSON log formatter, Google Cloud Logging entries) share this mapping.
 */
import { dataIdFromObject, parseDataId, parsePandaJobName } from "../dataId.js";
import { splitMessage } from "../message.js";
import type { DataId, Failure } from "../types.js";
import { isRecord, num } from "./common.js";

const DIMENSIONS = [
  "instrument",
  "visit",
  "exposure",
  "detector",
  "tract",
  "patch",
  "band",
  "skymap",
  "physical_filter",
  "filter",
  "ccd",
];

function pick(record: Readonly<Record<string, unknown>>, keys: readonly string[]): unknown {
  for (const k of keys) {
    const v = record[k];
    if (v !== undefined && v !== null && v !== "") return v;
  }
  return undefined;
}

/**
 * Whether a record looks like a plain failure row (a task and a data id or dimensions).
 * @example isFailureRow({ task: "calibrate", dataId: "{visit: 1, detector: 2}", message: "x" }) // true
 */
export function isFailureRow(record: Readonly<Record<string, unknown>>): boolean {
  // PanDA job records: a job name holding task and data id, with the job's status.
  if (typeof record.jobName === "string" && "jobStatus" in record) return true;
  return (
    pick(record, ["task", "pipetask", "label"]) !== undefined &&
    (pick(record, ["dataId", "data_id", "dataid"]) !== undefined || DIMENSIONS.some((d) => d in record))
  );
}

/**
 * A plain failure row as a Failure; null when it has neither task nor message.
 * @example failureFromRow({ task: "calibrate", visit: 1, detector: 2, exception: "RuntimeError", message: "x" }, "f.csv:2")
 */
export function failureFromRow(record: Readonly<Record<string, unknown>>, source: string): Failure | null {
  const raw = String(
    pick(record, [
      "message",
      "error_message",
      "diagnostic_message",
      "error",
      // PanDA job records: the payload's diagnostic first, then the pilot's.
      "exeErrorDiag",
      "pilotErrorDiag",
      "transExitDiag",
      "ddmErrorDiag",
      "supErrorDiag",
      "taskBufferErrorDiag",
    ]) ?? "",
  );
  const parts = splitMessage(raw);
  const jobName = pick(record, ["jobName", "jobname", "job_name"]);
  const job = typeof jobName === "string" ? parsePandaJobName(jobName) : null;
  const task = String(pick(record, ["task", "pipetask", "label"]) ?? job?.task ?? parts.task ?? "");
  if (task === "" && raw === "") return null;
  let dataId: DataId = parseDataId(pick(record, ["dataId", "data_id", "dataid"]));
  if (Object.keys(dataId).length === 0) {
    const dims: Record<string, unknown> = {};
    for (const d of DIMENSIONS)
      if (record[d] !== undefined && record[d] !== null && record[d] !== "") dims[d] = record[d];
    dataId = dataIdFromObject(dims);
  }
  if (Object.keys(dataId).length === 0) dataId = parts.dataId;
  if (Object.keys(dataId).length === 0 && job) dataId = job.dataId;
  const exception = pick(record, ["exception", "exception_type", "error_class", "type"]);
  const time = pick(record, ["time", "timestamp", "asctime", "endTime", "modificationTime"]);
  // PanDA's attemptNr counts attempts from 1 (a job on its first try has attemptNr 1).
  const attempts = num(pick(record, ["attempts", "n_attempts", "attemptNr"]));
  const runTimeS =
    num(pick(record, ["run_time", "runTime", "wall_time", "runtime_s"])) ?? pandaWallTime(record);
  // PanDA's maxRSS / maxPSS are in kB.
  const memoryKb = num(pick(record, ["maxRSS", "maxPSS"]));
  const memoryBytes =
    num(pick(record, ["memory", "max_rss", "memoryBytes"])) ??
    (memoryKb !== undefined ? memoryKb * 1024 : undefined);
  const workflow = pick(record, ["workflow", "run", "step", "jediTaskID", "taskID", "jobsetID"]);
  const pilotCode = num(pick(record, ["pilotErrorCode"]));
  const pandaCode = pick(record, ["panda_err_code"]) ?? (pilotCode ? `pilot, ${pilotCode}` : undefined);
  return {
    task: task || "unknown",
    dataId,
    status: String(pick(record, ["status", "jobStatus"]) ?? "FAILED").toUpperCase(),
    exception: exception !== undefined ? String(exception) : parts.exception,
    message: parts.message,
    ...(time !== undefined ? { time: String(time) } : {}),
    ...(attempts !== undefined ? { attempts } : {}),
    ...(runTimeS !== undefined ? { runTimeS } : {}),
    ...(memoryBytes !== undefined ? { memoryBytes } : {}),
    ...(pandaCode !== undefined ? { pandaCode: String(pandaCode) } : {}),
    ...(workflow !== undefined ? { workflow: String(workflow) } : {}),
    source,
  };
}

/** Wall time of a PanDA job record from its start and end times, in seconds. */
function pandaWallTime(record: Readonly<Record<string, unknown>>): number | undefined {
  const start = pick(record, ["startTime"]);
  const end = pick(record, ["endTime"]);
  if (start === undefined || end === undefined) return undefined;
  // PanDA writes "2023-04-14 03:12:45" (UTC, no zone).
  const utc = (t: unknown) =>
    Date.parse(`${String(t).replace(" ", "T")}${/Z|[+-]\d\d:?\d\d$/.test(String(t)) ? "" : "Z"}`);
  const s = utc(start);
  const e = utc(end);
  return Number.isFinite(s) && Number.isFinite(e) && e >= s ? (e - s) / 1000 : undefined;
}

/** What a log record says, whatever shape it came in. */
export interface LogRecordView {
  time?: string;
  severity: string;
  message: string;
  labels: Record<string, unknown>;
  logger?: string;
}

/**
 * Whether a record looks like a log record (a message and a time or severity).
 * @example isLogRecord({ asctime: "2025-05-07T05:19:57Z", levelname: "ERROR", message: "x" }) // true
 */
export function isLogRecord(record: Readonly<Record<string, unknown>>): boolean {
  const hasMessage = "message" in record || "textPayload" in record || isRecord(record.jsonPayload);
  return (
    hasMessage &&
    ("levelname" in record ||
      "severity" in record ||
      "level" in record ||
      "asctime" in record ||
      "timestamp" in record)
  );
}

/**
 * The fields of a log record: LSST JSON formatter (`asctime`, `levelname`, `message`, `MDC`) or Cloud Logging
 * (`timestamp`, `severity`, `jsonPayload`/`textPayload`, `labels`).
 * @example viewLogRecord({ asctime: "t", levelname: "ERROR", message: "m", MDC: { LABEL: "isr" } }).labels.LABEL // "isr"
 */
export function viewLogRecord(record: Readonly<Record<string, unknown>>): LogRecordView {
  const payload = isRecord(record.jsonPayload) ? record.jsonPayload : {};
  const message = String(record.message ?? payload.message ?? record.textPayload ?? "");
  const labels: Record<string, unknown> = {
    ...(isRecord(payload.MDC) ? payload.MDC : {}),
    ...(isRecord(record.MDC) ? record.MDC : {}),
    ...(isRecord(record.labels) ? record.labels : {}),
  };
  const time = record.asctime ?? record.timestamp ?? record.time ?? payload.asctime;
  const severity = String(
    record.levelname ?? record.severity ?? record.level ?? payload.levelname ?? "DEFAULT",
  ).toUpperCase();
  const logger = record.name ?? payload.name ?? labels.logger;
  return {
    ...(time !== undefined ? { time: String(time) } : {}),
    severity,
    message,
    labels,
    ...(logger !== undefined ? { logger: String(logger) } : {}),
  };
}

const ERROR_LEVELS = new Set(["ERROR", "CRITICAL", "FATAL", "ALERT", "EMERGENCY"]);
const FAILURE_TEXT = /Execution of task .* failed|Traceback \(most recent call last\)|Failed on dataId=/s;

/**
 * A log record as a failure when it is at ERROR or above or carries a failure/traceback (pipelines log some
 * at INFO); null otherwise.
 * @example
 * const rec = { asctime: "2022-06-01T02:00:00Z", levelname: "ERROR", name: "lsst.ctrl.mpexec", message: "Execution of task 'calibrate' on quantum {visit: 1, detector: 2} failed. Exception RuntimeError: No reference objects supplied", MDC: { LABEL: "calibrate" } };
 * failureFromLog(viewLogRecord(rec), "log.jsonl:3") // { task: "calibrate", dataId: { visit: 1, detector: 2 }, exception: "RuntimeError", message: "No reference objects supplied", … }
 * failureFromLog(viewLogRecord({ ...rec, levelname: "INFO", message: "all fine" }), "log.jsonl:4") // null
 */
export function failureFromLog(view: LogRecordView, source: string): Failure | null {
  if (!ERROR_LEVELS.has(view.severity) && !FAILURE_TEXT.test(view.message)) return null;
  const parts = splitMessage(view.message);
  const l = view.labels;
  const labelTask = pick(l, ["LABEL", "label", "task", "task_label", "pipetask"]);
  let dataId = parts.dataId;
  if (Object.keys(dataId).length === 0) {
    const fromLabels = parseDataId(pick(l, ["dataId", "data_id", "DATAID"]));
    dataId =
      Object.keys(fromLabels).length > 0
        ? fromLabels
        : dataIdFromObject(Object.fromEntries(DIMENSIONS.filter((d) => d in l).map((d) => [d, l[d]])));
  }
  const workflow = pick(l, ["RUN", "run", "workflow", "step"]);
  return {
    task: parts.task ?? (labelTask !== undefined ? String(labelTask) : (view.logger ?? "unknown")),
    dataId,
    status: "FAILED",
    exception: parts.exception,
    message: parts.message,
    ...(view.time !== undefined ? { time: view.time } : {}),
    ...(workflow !== undefined ? { workflow: String(workflow) } : {}),
    source,
  };
}

/**
 * Reading any failure report: the format is detected from the content (not the name), and a file that is none
 * of the known formats is an InputError naming it.
 */
import { closeSync, openSync, readSync, statSync } from "node:fs";
import { extname } from "node:path";
import { InputError } from "../core/errors.js";
import { toRows } from "../io/interop.js";
import { parseCsv } from "../io/readers/csv.js";
import { BadEntries, isRecord, makeRead, parseStructured, readReportText } from "./readers/common.js";
import { readJsonLines } from "./readers/lines.js";
import { isPandaErrors, readPandaErrors } from "./readers/panda.js";
import { isPipetaskV1, readPipetaskV1 } from "./readers/pipetaskV1.js";
import { isPipetaskV2, readPipetaskV2 } from "./readers/pipetaskV2.js";
import { readProvenanceDir } from "./readers/provenance.js";
import { isProvenanceV3, readProvenanceV3 } from "./readers/provenanceV3.js";
import { failureFromRow } from "./readers/records.js";
import type { Failure, FailureFormat, FailureRead } from "./types.js";

function head(path: string, bytes = 65536): string {
  const fd = openSync(path, "r");
  try {
    const buf = Buffer.alloc(bytes);
    const n = readSync(fd, buf, 0, bytes, 0);
    return buf.subarray(0, n).toString("utf8");
  } finally {
    closeSync(fd);
  }
}

/** Whether text looks like JSON lines: at least two lines starting with `{`, or a one-line object file named .jsonl. */
function looksLikeJsonLines(text: string, path: string): boolean {
  const lines = text.split("\n").filter((l) => l.trim() !== "");
  if ([".jsonl", ".ndjson"].includes(extname(path).toLowerCase())) return true;
  return (
    lines.length >= 2 &&
    lines[0].trimStart().startsWith("{") &&
    lines[1].trimStart().startsWith("{") &&
    !lines[0].trim().endsWith("{")
  );
}

/** Extensions whose syntax errors are worth their line: the file meant to be a YAML/JSON report. */
const STRUCTURED = new Set([".yaml", ".yml", ".json", ".gz"]);

const FORMATS =
  "pipetask report v1 (YAML/JSON), pipetask report --force-v2 JSON, butler provenance-report JSON or a data-id table directory (task/STATUS/*.ecsv), PanDA error records, JSON-lines logs, or a CSV/JSONL of task, dataId, exception, message";

/**
 * Reads one failure report of any supported format (detected from the content).
 * @example (await readFailureReport("fixtures/pilot/failures/pipetask_report_v2.json")).failures.length // 61
 */
export async function readFailureReport(path: string): Promise<FailureRead> {
  let stat: ReturnType<typeof statSync>;
  try {
    stat = statSync(path);
  } catch {
    throw new InputError(path, "missing", "no such file or directory");
  }
  if (stat.isDirectory()) return readProvenanceDir(path);
  if (stat.size === 0) throw new InputError(path, "empty", "file is empty (0 bytes)");
  const start = head(path);
  if (looksLikeJsonLines(start, path)) return readJsonLines(path);
  const ext = extname(path).toLowerCase();
  if (ext === ".csv" || ext === ".tsv") return readFailureCsv(path);
  const text = readReportText(path);
  let doc: unknown;
  try {
    doc = parseStructured(text, path);
  } catch (error) {
    // A YAML/JSON report with a syntax error keeps the parser's line; any other text (Markdown, reST, a log)
    // is simply not a report, whatever a YAML parser makes of it.
    if (!(error instanceof InputError) || STRUCTURED.has(ext)) throw error;
    throw new InputError(path, "unsupported", `not a failure report (expected ${FORMATS})`, undefined, {
      cause: error,
    });
  }
  return readFailureDocument(doc, path);
}

/**
 * A parsed YAML/JSON document as failures (v2, v1, PanDA or a list of failure rows).
 * @example readFailureDocument({ tasks: {} }, "x.json").format // "pipetaskReportV2"
 */
export function readFailureDocument(doc: unknown, path: string): FailureRead {
  if (isProvenanceV3(doc)) return readProvenanceV3(doc, path);
  if (isPipetaskV2(doc)) return readPipetaskV2(doc, path);
  if (isPipetaskV1(doc)) return readPipetaskV1(doc, path);
  if (isPandaErrors(doc)) return readPandaErrors(doc, path);
  if (Array.isArray(doc) && doc.length > 0 && doc.every(isRecord)) return readRows(doc, path, "failureTable");
  throw new InputError(path, "unsupported", `not a failure report (expected ${FORMATS})`);
}

function readRows(
  rows: readonly Record<string, unknown>[],
  path: string,
  format: FailureFormat,
): FailureRead {
  const bad = new BadEntries();
  const failures: Failure[] = [];
  rows.forEach((row, i) => {
    const f = failureFromRow(row, `${path}:${i + 2}`);
    if (f) failures.push(f);
    else bad.add(`${path}:${i + 2}`, "row without task and message");
  });
  return makeRead(path, format, failures, {}, bad);
}

function readFailureCsv(path: string): FailureRead {
  const table = parseCsv(readReportText(path), path);
  const names = table.schema.fields.map((f) => f.name);
  const hasTask = names.some((n) => ["task", "pipetask", "label", "jobName"].includes(n));
  const hasMessage = names.some((n) =>
    [
      "message",
      "error_message",
      "diagnostic_message",
      "error",
      "exception",
      "error_class",
      "jobStatus",
      "pilotErrorDiag",
      "exeErrorDiag",
    ].includes(n),
  );
  if (!hasTask || !hasMessage)
    throw new InputError(
      path,
      "unsupported",
      `CSV has no task and message/exception columns (columns: ${names.join(", ")}); expected ${FORMATS}`,
    );
  return readRows(toRows(table), path, "failureTable");
}

/**
 * Reads several reports; each file's problems stay with that file.
 * @example
 * const reads = await readFailureReports(["fixtures/pilot/failures/pipetask_report_v2.json", "fixtures/pilot/failures/pipetask_report_v1.yaml"]);
 * reads.map((r) => r.format) // ["pipetaskReportV2", "pipetaskReportV1"]
 */
export async function readFailureReports(paths: readonly string[]): Promise<FailureRead[]> {
  const out: FailureRead[] = [];
  for (const p of paths) out.push(await readFailureReport(p));
  return out;
}

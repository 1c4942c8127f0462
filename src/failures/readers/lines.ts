/**
 * JSON-lines inputs, read in one streaming pass with bounded memory: log streams (records at ERROR or with a
 * failure become failures, the rest are counted) and plain failure tables. A line that is not a JSON object is
 * counted and reported, and the rest is still read (the result is then partial).
 */
import { createReadStream } from "node:fs";
import { StringDecoder } from "node:string_decoder";
import type { Failure, FailureRead } from "../types.js";
import { BadEntries, isRecord, makeRead } from "./common.js";
import { failureFromLog, failureFromRow, isFailureRow, isLogRecord, viewLogRecord } from "./records.js";

/**
 * Calls `onLine(record, lineNumber)` for every JSON-object line; bad lines go to `bad`. Returns the line count.
 * @example
 * const { mkdirSync, mkdtempSync, rmSync, writeFileSync } = await import("node:fs");
 * const dir = mkdtempSync((await import("node:os")).tmpdir() + "/skygate-");
 * const record = { asctime: "2022-06-01T02:00:00Z", levelname: "ERROR", name: "lsst.ctrl.mpexec", message: "Execution of task 'calibrate' on quantum {visit: 1, detector: 2} failed. Exception RuntimeError: No reference objects supplied", MDC: { LABEL: "calibrate" } };
 * writeFileSync(dir + "/log.jsonl", [JSON.stringify(record), "{ broken", JSON.stringify({ ...record, asctime: "2022-06-02T02:00:00Z" })].join("\n"));
 * const bad = new BadEntries();
 * const seen = [];
 * await forEachJsonLine(dir + "/log.jsonl", bad, (rec, n) => seen.push(n)) // 3
 * seen // [1, 3]
 * bad.count // 1
 * rmSync(dir, { recursive: true });
 */
export async function forEachJsonLine(
  path: string,
  bad: BadEntries,
  onLine: (record: Record<string, unknown>, line: number) => void,
): Promise<number> {
  let n = 0;
  const handle = (text: string) => {
    n++;
    if (text.trim() === "") return;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      bad.add(`${path}:${n}`, `not JSON (${error instanceof Error ? error.message : String(error)})`);
      return;
    }
    if (!isRecord(value)) {
      bad.add(`${path}:${n}`, "not a JSON object");
      return;
    }
    onLine(value, n);
  };
  // Split 1 MB chunks on newlines ourselves: several times faster than readline on long files.
  const decoder = new StringDecoder("utf8");
  let rest = "";
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) {
    const text = rest + decoder.write(chunk as Buffer);
    let start = 0;
    for (let nl = text.indexOf("\n"); nl >= 0; nl = text.indexOf("\n", start)) {
      handle(text.charCodeAt(nl - 1) === 13 ? text.slice(start, nl - 1) : text.slice(start, nl));
      start = nl + 1;
    }
    rest = text.slice(start);
  }
  rest += decoder.end();
  if (rest !== "") handle(rest);
  return n;
}

/**
 * Reads a JSON-lines file of log records or failure rows (decided by the first good record).
 * @example
 * const { mkdirSync, mkdtempSync, rmSync, writeFileSync } = await import("node:fs");
 * const dir = mkdtempSync((await import("node:os")).tmpdir() + "/skygate-");
 * const record = { asctime: "2022-06-01T02:00:00Z", levelname: "ERROR", name: "lsst.ctrl.mpexec", message: "Execution of task 'calibrate' on quantum {visit: 1, detector: 2} failed. Exception RuntimeError: No reference objects supplied", MDC: { LABEL: "calibrate" } };
 * writeFileSync(dir + "/log.jsonl", [JSON.stringify(record), "{ broken", JSON.stringify({ ...record, asctime: "2022-06-02T02:00:00Z" })].join("\n"));
 * (await readJsonLines(dir + "/log.jsonl")).format // "logStream" (a failure table gives "failureTable")
 * rmSync(dir, { recursive: true });
 */
export async function readJsonLines(path: string): Promise<FailureRead> {
  const bad = new BadEntries();
  const failures: Failure[] = [];
  let kind: "log" | "table" | undefined;
  let records = 0;
  await forEachJsonLine(path, bad, (record, n) => {
    kind ??= isFailureRow(record) ? "table" : isLogRecord(record) ? "log" : undefined;
    const source = `${path}:${n}`;
    if (kind === undefined) {
      bad.add(source, "neither a log record (message + time/severity) nor a failure row (task + dataId)");
      return;
    }
    records++;
    if (kind === "table") {
      const f = failureFromRow(record, source);
      if (f) failures.push(f);
      else bad.add(source, "row without task and message");
    } else {
      if (!isLogRecord(record)) {
        bad.add(source, "not a log record (no message or no time/severity)");
        return;
      }
      const f = failureFromLog(viewLogRecord(record), source);
      if (f) failures.push(f);
    }
  });
  const read = makeRead(path, kind === "table" ? "failureTable" : "logStream", failures, {}, bad);
  return { ...read, records };
}

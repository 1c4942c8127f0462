/**
 * JSON-lines inputs, read in one streaming pass with bounded memory: log streams (records at ERROR or with a
 * failure become failures, the rest are counted) and plain failure tables. A line that is not a JSON object is
 * counted and reported, and the rest is still read (the result is then partial).
 */
import { createReadStream } from "node:fs";
import { createInterface } from "node:readline";
import type { Failure, FailureRead } from "../types.js";
import { BadEntries, isRecord, makeRead } from "./common.js";
import { failureFromLog, failureFromRow, isFailureRow, isLogRecord, viewLogRecord } from "./records.js";

/**
 * Calls `onLine(record, lineNumber)` for every JSON-object line; bad lines go to `bad`. Returns the line count.
 * @example await forEachJsonLine("log.jsonl", bad, (rec, n) => {})
 */
export async function forEachJsonLine(
  path: string,
  bad: BadEntries,
  onLine: (record: Record<string, unknown>, line: number) => void,
): Promise<number> {
  const lines = createInterface({ input: createReadStream(path, { encoding: "utf8" }), crlfDelay: Infinity });
  let n = 0;
  for await (const text of lines) {
    n++;
    if (text.trim() === "") continue;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      bad.add(`${path}:${n}`, `not JSON (${error instanceof Error ? error.message : String(error)})`);
      continue;
    }
    if (!isRecord(value)) {
      bad.add(`${path}:${n}`, "not a JSON object");
      continue;
    }
    onLine(value, n);
  }
  return n;
}

/**
 * Reads a JSON-lines file of log records or failure rows (decided by the first good record).
 * @example (await readJsonLines("failures.jsonl")).format // "failureTable" or "logStream"
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

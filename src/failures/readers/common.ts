/** Helpers shared by the failure readers: parse YAML/JSON with file-naming errors, collect bad entries. */
import { readFileSync, statSync } from "node:fs";
import { parse as parseYaml } from "yaml";
import { InputError } from "../../core/errors.js";
import { gunzipped } from "../../io/readers/text.js";
import type { BadEntry, FailureFormat, FailureRead } from "../types.js";

/**
 * The text of a file, gunzipped when it is gzip (exports and reports are often kept as `.yaml.gz`); missing,
 * empty or broken gzip files are InputErrors naming it.
 * @example readReportText("fixtures/pilot/failures/pipetask_report_v1.yaml").length > 0 // true
 */
export function readReportText(path: string): string {
  let size: number;
  try {
    size = statSync(path).size;
  } catch {
    throw new InputError(path, "missing", "no such file");
  }
  if (size === 0) throw new InputError(path, "empty", "file is empty (0 bytes)");
  return gunzipped(path, readFileSync(path)).toString("utf8");
}

/**
 * YAML or JSON text as a value; a syntax error (e.g. a truncated file) is an InputError with the line.
 * @example parseStructured('{"a": 1}', "x.json") // { a: 1 }
 */
export function parseStructured(text: string, path: string): unknown {
  const trimmed = text.trimStart();
  if (trimmed.startsWith("{") || trimmed.startsWith("[")) {
    try {
      return JSON.parse(text);
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error);
      const truncated = /end of (JSON|data)|Unterminated|Unexpected end/i.test(detail);
      throw new InputError(path, truncated ? "truncated" : "corrupt", `not valid JSON (${detail})`);
    }
  }
  try {
    return parseYaml(text, { maxAliasCount: -1, uniqueKeys: false });
  } catch (error) {
    const detail = error instanceof Error ? error.message.split("\n")[0] : String(error);
    const line = /line (\d+)/.exec(detail);
    throw new InputError(
      path,
      "corrupt",
      `not valid YAML (${detail})`,
      line ? { line: Number(line[1]) } : undefined,
    );
  }
}

/** Collects skipped entries: keeps the first 20, counts all. */
export class BadEntries {
  readonly kept: BadEntry[] = [];
  count = 0;
  /** Records one skipped entry. */
  add(source: string, reason: string): void {
    this.count++;
    if (this.kept.length < 20) this.kept.push({ source, reason });
  }
}

/** Statuses of work that ended well (provenance reports, PanDA job records, plain tables). */
const SUCCESS = new Set(["SUCCESSFUL", "SUCCEEDED", "SUCCESS", "FINISHED", "DONE", "OK", "1"]);

/**
 * Whether a status names a success.
 * @example isSuccessStatus("finished") // true
 * @example isSuccessStatus("FAILED") // false
 */
export function isSuccessStatus(status: string): boolean {
  return SUCCESS.has(status.toUpperCase());
}

/**
 * A FailureRead from parts (partial when anything was skipped). Entries whose status is a success are not
 * failures: those that needed more than one attempt go to `retried`, the rest are only counted.
 * @example makeRead("r.yaml", "pipetaskReportV1", [], {}, new BadEntries()).partial // false
 */
export function makeRead(
  path: string,
  format: FailureFormat,
  entries: FailureRead["failures"],
  tasks: FailureRead["tasks"],
  bad: BadEntries,
): FailureRead {
  const failures: FailureRead["failures"] = [];
  const retried: FailureRead["failures"] = [];
  let succeeded = 0;
  for (const f of entries) {
    if (!isSuccessStatus(f.status)) failures.push(f);
    else {
      succeeded++;
      if ((f.attempts ?? 1) > 1) retried.push(f);
    }
  }
  return {
    path,
    format,
    failures,
    tasks,
    bad: bad.kept,
    badCount: bad.count,
    partial: bad.count > 0,
    ...(succeeded > 0 ? { succeeded, retried } : {}),
  };
}

/** A plain object (not an array, not null). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** A finite number or undefined. */
export function num(value: unknown): number | undefined {
  const n = typeof value === "string" && value.trim() !== "" ? Number(value) : value;
  return typeof n === "number" && Number.isFinite(n) ? n : undefined;
}

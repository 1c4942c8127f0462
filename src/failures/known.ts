/**
 * The known-errors registry: error catalogues in the cm_tools `error_code_decisions` shape (regex on the message,
 * task, PanDA code, ticket, resolved, rescue, flavor, allowed fraction `intensity`) or a simpler skygate YAML, and
 * matching a failure against them.
 */
import { InputError } from "../core/errors.js";
import { isRecord, num, parseStructured, readReportText } from "./readers/common.js";
import type { Failure } from "./types.js";

/** One known error. */
export interface KnownError {
  /** Name of the entry (cm_tools key or skygate `name`). */
  name: string;
  /** Regex searched in the message (whitespace collapsed), also tried against the executor's full form. */
  pattern: RegExp;
  /** Task label the entry is restricted to, or null for any task. */
  task: string | null;
  /** Exception type the entry is restricted to, or null. */
  exception: string | null;
  /** PanDA error code (`pilot, 1305`), or null. */
  pandaCode: string | null;
  tickets: string[];
  /** What to do: the skygate `action`, or derived from cm_tools `rescue` (`rescue` / `none`). */
  action: string;
  resolved: boolean;
  rescue: boolean;
  /** cm_tools flavor: payload (science pipelines), panda, usdf, critical… */
  flavor: string | null;
  /** Allowed fraction of the task's quanta that may fail this way (cm_tools `intensity`). */
  allowedFraction: number;
}

/** A loaded registry. */
export interface KnownErrors {
  path: string;
  entries: KnownError[];
}

function compile(text: string, path: string, where: string): RegExp {
  const flat = text.replace(/\s+/g, " ").trim();
  try {
    return new RegExp(flat);
  } catch {
    // Not a valid regex (catalogues hold pasted messages): match it literally.
    try {
      return new RegExp(flat.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
    } catch (error) {
      throw new InputError(path, "corrupt", `${where}: bad pattern (${String(error)})`);
    }
  }
}

function strings(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(String);
  return value === undefined || value === null || value === "" ? [] : [String(value)];
}

function fromCmTools(doc: Record<string, unknown>, path: string): KnownError[] {
  const out: KnownError[] = [];
  const codes = doc.pandaErrorCode;
  if (!isRecord(codes)) throw new InputError(path, "corrupt", "pandaErrorCode is not a mapping");
  for (const [code, entries] of Object.entries(codes)) {
    if (!isRecord(entries)) continue;
    for (const [name, e] of Object.entries(entries)) {
      if (!isRecord(e) || typeof e.diagMessage !== "string")
        throw new InputError(path, "corrupt", `pandaErrorCode.${code}.${name}: no diagMessage`);
      const rescue = e.rescue === true;
      out.push({
        name,
        pattern: compile(e.diagMessage, path, `${code}.${name}`),
        task: e.pipetask ? String(e.pipetask) : null,
        exception: null,
        pandaCode: code,
        tickets: strings(e.ticket),
        action: rescue ? "rescue" : "none",
        resolved: e.resolved === true,
        rescue,
        flavor: e.flavor ? String(e.flavor) : null,
        allowedFraction: num(e.intensity) ?? 0,
      });
    }
  }
  return out;
}

function fromSkygate(list: unknown[], path: string): KnownError[] {
  return list.map((e, i) => {
    if (!isRecord(e) || typeof e.message !== "string")
      throw new InputError(path, "corrupt", `known_errors[${i}]: needs a message pattern`);
    const allowed = num(e.allowed_fraction ?? e.allowedFraction ?? e.intensity);
    return {
      name: String(e.name ?? `known_errors[${i}]`),
      pattern: compile(e.message, path, `known_errors[${i}]`),
      task: e.task ? String(e.task) : null,
      exception: e.exception ? String(e.exception) : null,
      pandaCode: e.panda_code ? String(e.panda_code) : null,
      tickets: strings(e.ticket ?? e.tickets),
      action: String(e.action ?? (e.rescue === true ? "rescue" : "none")),
      resolved: e.resolved === true,
      rescue: e.rescue === true,
      flavor: e.flavor ? String(e.flavor) : null,
      allowedFraction: allowed ?? 0,
    };
  });
}

/**
 * Loads a known-errors file: cm_tools `error_code_decisions` (`pandaErrorCode:` → code → name → entry) or a
 * skygate YAML (`known_errors: [{name, task, exception, message, ticket, action, allowed_fraction, resolved, flavor}]`).
 * @example
 * loadKnownErrors("examples/failures/known-errors-dc2.yaml").entries[0].name // "no-reference-objects"
 */
export function loadKnownErrors(path: string): KnownErrors {
  const doc = parseStructured(readReportText(path), path);
  if (isRecord(doc) && "pandaErrorCode" in doc) return { path, entries: fromCmTools(doc, path) };
  if (isRecord(doc) && Array.isArray(doc.known_errors))
    return { path, entries: fromSkygate(doc.known_errors, path) };
  if (Array.isArray(doc)) return { path, entries: fromSkygate(doc, path) };
  throw new InputError(
    path,
    "unsupported",
    "not a known-errors file (expected cm_tools `pandaErrorCode:` or skygate `known_errors:` list)",
  );
}

function dataIdText(f: Failure): string {
  return Object.entries(f.dataId)
    .map(([k, v]) => `${k}: ${typeof v === "string" ? `'${v}'` : v}`)
    .join(", ");
}

/**
 * The texts a pattern is tried on: the message, `Type: message`, the executor's full line, the PanDA payload form.
 * @example
 * const failure = (await readFailureReport("fixtures/pilot/failures/pipetask_report_v2.json")).failures[0];
 * matchTexts(failure)[0] === failure.message // true
 */
export function matchTexts(f: Failure): string[] {
  const m = f.message.replace(/\s+/g, " ").trim();
  const e = f.exception;
  return [
    m,
    ...(e ? [`${e}: ${m}`, `Exception ${e}: ${m}`] : []),
    `Execution of task '${f.task}' on quantum {${dataIdText(f)}} failed. Exception ${e ?? "Exception"}: ${m}`,
    `Failed to execute payload:${m}`,
  ];
}

/**
 * The first registry entry matching a failure (task, exception and PanDA code must agree where both give one).
 * @example
 * const read = await readFailureReport("fixtures/pilot/failures/pipetask_report_v2.json");
 * const registry = loadKnownErrors("examples/failures/known-errors-dc2.yaml");
 * const failure = read.failures.find((f) => f.message.includes("No reference objects"));
 * matchKnownError(failure, registry)?.name // "no-reference-objects"
 */
export function matchKnownError(f: Failure, registry: KnownErrors): KnownError | null {
  const texts = matchTexts(f);
  for (const k of registry.entries) {
    if (k.task !== null && k.task !== f.task) continue;
    if (k.exception !== null && f.exception !== null && k.exception !== f.exception) continue;
    if (k.pandaCode !== null && f.pandaCode !== undefined && k.pandaCode !== f.pandaCode) continue;
    if (texts.some((t) => k.pattern.test(t))) return k;
  }
  return null;
}

/**
 * Messages: the executor's wrapper split into task / data id / exception / message, and message templates
 * (numbers, ids, paths, data ids and quoted object names masked) so failures group by what went wrong.
 */
import { parseDataIdString } from "./dataId.js";
import type { DataId } from "./types.js";

/** The parts of a failure message. */
export interface MessageParts {
  task: string | null;
  dataId: DataId;
  exception: string | null;
  message: string;
}

const EXECUTOR =
  /Execution of task '+([^']+)'+ on quantum (\{[^}]*\}) failed\.\s*Exception\s+([\w.]+):\s*([\s\S]*)$/;
const GEN2 =
  /(\w[\w.]*)(?:\s+FATAL)?:\s+Failed on dataId=(?:DataId\(initialdata=)?(\{[^}]*\})[^:]*:\s*([\w.]+):\s*([\s\S]*)$/;
const EXCEPTION =
  /^(?:Exception\s+)?([A-Za-z_][\w.:]*(?:Error|Exception|Results|Warning|Interrupt|Exit))\s*:\s*([\s\S]*)$/;
const PAYLOAD = /^Failed to execute payload:\s*/;

/**
 * Splits a pipeline failure message (executor, Gen2 driver, PanDA payload or plain `Type: message` form).
 * @example splitMessage("Execution of task 'calibrate' on quantum {instrument: 'LSSTCam-imSim', detector: 12, visit: 1234} failed. Exception RuntimeError: No reference objects supplied")
 * // { task: "calibrate", dataId: { instrument: "LSSTCam-imSim", detector: 12, visit: 1234 }, exception: "RuntimeError", message: "No reference objects supplied" }
 */
export function splitMessage(text: string): MessageParts {
  if (text.includes("Traceback (most recent call last)")) {
    // A traceback: the exception is on the last "Type: message" line.
    const lines = text.split("\n").filter((l) => EXCEPTION.test(l.trim()) && !/^\s/.test(l));
    if (lines.length > 0) text = lines[lines.length - 1];
  }
  const flat = text.replace(/\s+/g, " ").trim();
  let m = EXECUTOR.exec(flat);
  if (m)
    return { task: m[1], dataId: parseDataIdString(m[2]), exception: lastName(m[3]), message: m[4].trim() };
  m = GEN2.exec(flat);
  if (m)
    return { task: m[1], dataId: parseDataIdString(m[2]), exception: lastName(m[3]), message: m[4].trim() };
  const body = flat.replace(PAYLOAD, "");
  m = EXCEPTION.exec(body);
  if (m) return { task: null, dataId: {}, exception: lastName(m[1]), message: m[2].trim() };
  const inner = /Exception\s+([A-Za-z_][\w.]*):\s*([\s\S]*)$/.exec(body);
  if (inner) return { task: null, dataId: {}, exception: lastName(inner[1]), message: inner[2].trim() };
  return { task: null, dataId: {}, exception: null, message: body };
}

function lastName(dotted: string): string {
  const parts = dotted.split(/\.|::/);
  return parts[parts.length - 1];
}

const MASKS: readonly (readonly [RegExp, string])[] = [
  // up to a space, a bracket or a quote, trailing punctuation left out ("(x from file:///a/b.parq): Column …")
  [/\b[a-z][a-z0-9+.-]*:\/\/[^\s()'"]*[^\s()'".,:;]/gi, "<url>"],
  [/\{[^{}]*\}/g, "{<dataId>}"],
  [/\b[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}\b/gi, "<uuid>"],
  [/(?:[\w.@+~-]*\/){2,}[\w.@+~-]*/g, "<path>"],
  [/'[^'\s]*[\d/:][^'\s]*'|"[^"\s]*[\d/:][^"\s]*"/g, "'<name>'"],
  [/\b0x[0-9a-f]+\b/gi, "<hex>"],
  [/(?:(?<!\w)[-+])?(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?/gi, "<n>"],
];

/**
 * The message's template: URLs, data ids, UUIDs, paths, quoted names with digits or paths, hex and numbers masked;
 * whitespace collapsed.
 * @example messageTemplate("PSF at (1021.5, 33) has an invalid FWHM value of nan") // "PSF at (<n>, <n>) has an invalid FWHM value of nan"
 */
export function messageTemplate(message: string): string {
  const hit = templateCache.get(message);
  if (hit !== undefined) return hit;
  const t = computeTemplate(message);
  // Production logs repeat few distinct messages; a bounded cache keeps the pass cheap without growing unbounded.
  if (templateCache.size >= 50_000) templateCache.clear();
  templateCache.set(message, t);
  return t;
}

const templateCache = new Map<string, string>();

/**
 * The butler's wrapper around a formatter's error ("Failure from formatter '…' for dataset UUID (TYPE from URL):
 * ROOT CAUSE"): the root cause is the failure, and other reports give it bare (cm-service's transcribed tables).
 */
const FORMATTER_WRAPPER = /^Failure from formatter \S+ for dataset \S+ \([^()]*\):\s*(?=\S)/;

/** A path or URL folded by YAML ("…/test-med-1/ w_2023_37/…"): a folded scalar's line break became a space. */
// From a token's start only, its segments each up to a slash: linear in the text (an unanchored `\S*\/\S*\/`
// backtracked cubically, 19 s on a 9.7 kB LD_LIBRARY_PATH line).
const FOLDED_PATH = /(?<!\S)((?:[a-z][a-z0-9+.-]*:\/\/)?(?:[^\s/]*\/){2,}) (?=[\w.@+~-]+[/.][\w.@+~/-])/gi;

function computeTemplate(message: string): string {
  let t = message.replace(/\s+/g, " ").trim();
  for (let joined = t.replace(FOLDED_PATH, "$1"); joined !== t; joined = t.replace(FOLDED_PATH, "$1"))
    t = joined;
  t = t.replace(FORMATTER_WRAPPER, "");
  for (const [re, mask] of MASKS) t = t.replace(re, mask);
  return t.length > 300 ? `${t.slice(0, 297)}...` : t;
}

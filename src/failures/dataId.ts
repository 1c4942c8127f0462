/**
 * Data ids from every shape they come in: objects, executor strings (`{instrument: 'X', detector: 12, visit: 1}`),
 * Python dict reprs, Gen2 `DataId(initialdata={…})`, command-line `tract=5063 patch=3,1 filter=y`, Parsl job names
 * (`tract_5063_patch_3-1_filter_y-visit-188998`) and PanDA job names (`…_characterizeImage_1180_102+qgraphNodeId…`).
 */
import type { DataId } from "./types.js";

/** Gen2 / other spellings mapped onto Gen3 dimension names. */
const ALIASES: Readonly<Record<string, string>> = {
  filter: "band",
  ccd: "detector",
  ccdnum: "detector",
  sensor: "detector",
  visitId: "visit",
  ccdVisit: "ccdVisitId",
  obsHistID: "visit",
};

const INTEGER = /^-?\d+$/;

function normaliseValue(value: unknown): string | number | undefined {
  if (typeof value === "number" && Number.isFinite(value)) return value;
  if (typeof value === "bigint") return Number(value);
  if (typeof value === "string") {
    const v = value.trim();
    if (v === "") return undefined;
    return INTEGER.test(v) && v.length < 16 ? Number(v) : v;
  }
  return undefined;
}

/**
 * A data id from an object, mapping Gen2 names (`filter`, `ccd`) onto Gen3 ones (`band`, `detector`).
 * @example dataIdFromObject({ visit: "1180", ccd: 102, filter: "r" }) // { visit: 1180, detector: 102, band: "r" }
 */
export function dataIdFromObject(input: Readonly<Record<string, unknown>>): DataId {
  const out: DataId = {};
  for (const [key, raw] of Object.entries(input)) {
    const value = normaliseValue(raw);
    if (value === undefined) continue;
    const name = ALIASES[key] ?? key;
    if (!(name in out)) out[name] = value;
  }
  return out;
}

const PAIR = /['"]?([A-Za-z_][\w]*)['"]?\s*[:=]\s*('[^']*'|"[^"]*"|\d+,\d+(?=[\s,}]|$)|[^,}\s)]+)/g;

/**
 * Parses a data id written as text: `{key: value, …}` in executor, Python or Gen2 form, or `key=value …`.
 * Returns an empty object when nothing looks like a data id.
 * @example parseDataIdString("{instrument: 'LSSTCam-imSim', detector: 12, visit: 1234}") // { instrument: "LSSTCam-imSim", detector: 12, visit: 1234 }
 */
export function parseDataIdString(text: string): DataId {
  const braces = /\{([^{}]*)\}/.exec(text);
  const body = braces ? braces[1] : text;
  const raw: Record<string, string> = {};
  for (const m of body.matchAll(PAIR)) {
    let v = m[2];
    if ((v.startsWith("'") && v.endsWith("'")) || (v.startsWith('"') && v.endsWith('"'))) v = v.slice(1, -1);
    raw[m[1]] = v;
  }
  delete raw.tag;
  delete raw.initialdata;
  return dataIdFromObject(raw);
}

/** Tasks whose quanta are per tract/patch (PanDA job names then carry tract and patch numbers). */
const COADD_TASKS = new Set([
  "assembleCoadd",
  "templateGen",
  "detection",
  "mergeDetections",
  "deblend",
  "measure",
  "mergeMeasurements",
  "forcedPhotCoadd",
  "writeObjectTable",
  "transformObjectTable",
  "healSparsePropertyMaps",
]);

/**
 * Task and data id from a PanDA job name (`008058:<uuid>_characterizeImage_1180_102+qgraphNodeId:…`): the two
 * numbers are visit and detector for per-detector tasks, tract and patch for coadd tasks; other counts of
 * numbers are kept verbatim under `jobIds`.
 * @example parsePandaJobName("008058:861192d5-2e1d-45db-b656-5e658b10a344_characterizeImage_1180_102+qgraphNodeId:x") // { task: "characterizeImage", dataId: { visit: 1180, detector: 102 } }
 */
export function parsePandaJobName(name: string): { task: string | null; dataId: DataId } {
  const head = name.split("+")[0];
  const afterUuid = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}_(.*)$/i.exec(head);
  const tail = afterUuid ? afterUuid[1] : head.replace(/^\d+:/, "");
  const parts = tail.split("_").filter((p) => p !== "");
  const numbers: number[] = [];
  while (parts.length > 0 && INTEGER.test(parts[parts.length - 1])) numbers.unshift(Number(parts.pop()));
  const task = parts.length > 0 ? parts.join("_") : null;
  const dataId: DataId = {};
  if (numbers.length === 2) {
    const coadd = task !== null && COADD_TASKS.has(task);
    dataId[coadd ? "tract" : "visit"] = numbers[0];
    dataId[coadd ? "patch" : "detector"] = numbers[1];
  } else if (numbers.length > 0) dataId.jobIds = numbers.join("_");
  return { task, dataId };
}

const JOB_KEYS =
  /(tract|patch|filter|band|visit|detector|ccd|raft)[_-]((?:\d+-\d+)|\d+|[A-Za-z]\b|[A-Za-z]+(?=[_-]|$))/g;

/**
 * A data id from a job / file name of `key_value` or `key-value` parts (Parsl, BPS job names); patches `3-1` become `3,1`.
 * @example parseJobNameDataId("tract_5063_patch_3-1_filter_y-visit-188998") // { tract: 5063, patch: "3,1", band: "y", visit: 188998 }
 */
export function parseJobNameDataId(name: string): DataId {
  const raw: Record<string, string> = {};
  for (const m of name.matchAll(JOB_KEYS)) raw[m[1]] = m[1] === "patch" ? m[2].replace("-", ",") : m[2];
  return dataIdFromObject(raw);
}

/**
 * Any data id: an object, a `{…}` / `key=value` string, or a job name.
 * @example parseDataId("visit=1180 ccd=102") // { visit: 1180, detector: 102 }
 */
export function parseDataId(value: unknown): DataId {
  if (value !== null && typeof value === "object" && !Array.isArray(value))
    return dataIdFromObject(value as Record<string, unknown>);
  if (typeof value !== "string") return {};
  const text = value.trim();
  if (text.startsWith("{") || /\w\s*[:=]\s*\S/.test(text)) {
    const parsed = parseDataIdString(text);
    if (Object.keys(parsed).length > 0) return parsed;
  }
  return parseJobNameDataId(text);
}

/**
 * A stable text key of a data id (sorted keys), for joins and de-duplication.
 * @example dataIdKey({ visit: 1, detector: 2 }) // "detector=2,visit=1"
 */
export function dataIdKey(dataId: Readonly<DataId>): string {
  return Object.keys(dataId)
    .sort()
    .map((k) => `${k}=${dataId[k]}`)
    .join(",");
}

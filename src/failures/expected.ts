/**
 * What a step should have produced, from the sky map and a visit list: every tract × patch (× band) or visit ×
 * detector; compared with what is present (a Butler registry's data ids, a CcdVisit table, any table of data ids),
 * the missing ones become failures (`MISSING`) so they are grouped, placed on the sky and classified like any other.
 */
import { readFileSync } from "node:fs";
import { extname } from "node:path";
import { InputError, UsageError } from "../core/errors.js";
import { openTable } from "../io/open.js";
import type { RingsSkyMap } from "../sky/skymap/types.js";
import { BadEntries, makeRead } from "./readers/common.js";
import type { DataId, Failure, FailureRead } from "./types.js";

/**
 * Every patch of the tracts, per band when bands are given.
 * @example expectedPatches(dc2SkyMap, [4431], ["r"]).length // 49
 * @example expectedPatches(dc2SkyMap, [4431])[48] // { skymap: "DC2", tract: 4431, patch: 48 }
 */
export function expectedPatches(
  skymap: RingsSkyMap,
  tracts: readonly number[],
  bands: readonly string[] = [],
): DataId[] {
  const out: DataId[] = [];
  for (const tract of tracts) {
    const [nx, ny] = skymap.tract(tract).numPatches;
    for (let patch = 0; patch < nx * ny; patch++)
      if (bands.length === 0) out.push({ skymap: skymap.name, tract, patch });
      else for (const band of bands) out.push({ band, skymap: skymap.name, tract, patch });
  }
  return out;
}

/**
 * Integers from a list with ranges: `0-3,7` → 0, 1, 2, 3, 7.
 * @example parseIntList("0-3,7", "--expect-detectors") // [0, 1, 2, 3, 7]
 */
export function parseIntList(text: string, option: string): number[] {
  const out: number[] = [];
  for (const part of text.split(",").map((p) => p.trim())) {
    const m = /^(\d+)(?:-(\d+))?$/.exec(part);
    if (!m) throw new UsageError(`${option} expects numbers and ranges like 0-188,190, got "${part}"`);
    const a = Number(m[1]);
    const b = m[2] !== undefined ? Number(m[2]) : a;
    if (b < a || b - a > 1_000_000) throw new UsageError(`${option}: bad range "${part}"`);
    for (let k = a; k <= b; k++) out.push(k);
  }
  return out;
}

/**
 * Visit ids of a visit list: a whitespace-separated text file whose first column is the visit (`obsHistID expMJD`
 * as in the DC2 visit lists; a header line is skipped), or any table with a visit column.
 * @example (await readVisitList("test/data/dc2_visitlist/DC2_Run2_u-band_WFDvisits.txt")).slice(0, 2) // [2249, 2278]
 */
export async function readVisitList(path: string): Promise<number[]> {
  const ext = extname(path).toLowerCase();
  if (ext === ".txt" || ext === ".dat" || ext === ".lis") {
    let text: string;
    try {
      text = readFileSync(path, "utf8");
    } catch {
      throw new InputError(path, "missing", "no such file");
    }
    const out: number[] = [];
    const lines = text.split("\n");
    lines.forEach((line, i) => {
      const first = line.trim().split(/\s+/)[0] ?? "";
      if (first === "" || first.startsWith("#")) return;
      if (/^\d+$/.test(first)) out.push(Number(first));
      else if (out.length > 0 || i > 0)
        throw new InputError(path, "corrupt", `line ${i + 1}: "${first}" is not a visit id`, { line: i + 1 });
    });
    if (out.length === 0) throw new InputError(path, "empty", "no visit ids");
    return out;
  }
  const source = await openTable("visits", path);
  const names = (await source.columns()).map((c) => c.name);
  const column = ["visit", "visitId", "obsHistID", "exposure", "id"].find((n) => names.includes(n));
  if (!column)
    throw new InputError(
      path,
      "unsupported",
      `no visit column (visit, visitId, obsHistID, exposure, id) in ${names.join(", ")}`,
    );
  const data = (await source.read({ columns: [column] })).data.getChild(column);
  const out: number[] = [];
  for (let i = 0; i < (data?.length ?? 0); i++) {
    const v = Number(data?.get(i));
    if (Number.isInteger(v)) out.push(v);
  }
  return out;
}

/**
 * Data ids of a table of present ones (columns named like dimensions: visit, detector, tract, patch, band…).
 * @example (await readPresentDataIds("fixtures/pilot/CcdVisit.parquet", ["visit", "detector"])).length // 1134
 */
export async function readPresentDataIds(path: string, dims: readonly string[]): Promise<DataId[]> {
  const source = await openTable("present", path);
  const names = (await source.columns()).map((c) => c.name);
  // Table columns by dimension: the dimension's own name first, then the names DP0.2 / opsim tables use.
  const aliases: Record<string, string[]> = {
    visit: ["visit", "visitId", "obsHistID", "exposure"],
    detector: ["detector", "ccd"],
  };
  const column = new Map(dims.map((d) => [d, (aliases[d] ?? [d]).find((n) => names.includes(n))]));
  const missing = dims.filter((d) => column.get(d) === undefined);
  if (missing.length > 0)
    throw new InputError(
      path,
      "unsupported",
      `no ${missing.join(", ")} column for the expected data ids (has ${names.join(", ")})`,
    );
  const t = (await source.read({ columns: dims.map((d) => column.get(d) as string) })).data;
  const out: DataId[] = [];
  for (let i = 0; i < t.numRows; i++) {
    const id: DataId = {};
    for (const d of dims) {
      const v = t.getChild(column.get(d) as string)?.get(i);
      if (v !== null && v !== undefined)
        id[d] = typeof v === "bigint" ? Number(v) : typeof v === "number" ? v : String(v);
    }
    out.push(id);
  }
  return out;
}

/** A data id reduced to some dimensions, as a key (numbers and numeric strings agree). */
function keyOn(id: Readonly<DataId>, dims: readonly string[]): string {
  return dims.map((d) => `${d}=${id[d] === undefined ? "" : String(id[d])}`).join(",");
}

/**
 * The expected data ids absent from the present ones, compared on the expected ids' dimensions only (a registry's
 * extra dimensions, such as `instrument` or `physical_filter`, do not count).
 * @example missingFrom([{ tract: 1, patch: 2 }, { tract: 1, patch: 3 }], [{ band: "r", tract: 1, patch: "2" }]) // [{ tract: 1, patch: 3 }]
 */
export function missingFrom(expected: readonly DataId[], present: readonly DataId[]): DataId[] {
  if (expected.length === 0) return [];
  const dims = Object.keys(expected[0]).sort();
  const have = new Set(present.map((p) => keyOn(p, dims)));
  return expected.filter((e) => !have.has(keyOn(e, dims)));
}

/**
 * Missing data ids as failures (status `MISSING`, task = the dataset type), one read for the analysis.
 * @example missingAsRead("calexp", [{ visit: 1, detector: 2 }], 10, "expected").failures[0].message // "expected calexp not produced"
 */
export function missingAsRead(
  datasetType: string,
  missing: readonly DataId[],
  expected: number,
  source: string,
): FailureRead {
  const failures: Failure[] = missing.map((dataId, i) => ({
    task: datasetType,
    dataId,
    status: "MISSING",
    exception: null,
    message: `expected ${datasetType} not produced`,
    source: `${source}[${i}]`,
  }));
  return makeRead(
    source,
    "expectedData",
    failures,
    { [datasetType]: { expected, failed: missing.length } },
    new BadEntries(),
  );
}

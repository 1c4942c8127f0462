/**
 * Geometry tables: CcdVisit detector corners and Visit pointings (any table format src/io reads), keyed the way
 * failures are located (`visit:detector`, visit id).
 */
import { InputError } from "../core/errors.js";
import { openTable } from "../io/open.js";
import { type DetectorRegions, vdKey } from "./butler/exportYaml.js";
import type { Pointing } from "./camera/types.js";

const CORNERS = ["llcra", "llcdec", "ulcra", "ulcdec", "urcra", "urcdec", "lrcra", "lrcdec"] as const;

function pickColumn(
  names: readonly string[],
  candidates: readonly string[],
  path: string,
  what: string,
): string {
  const lower = new Map(names.map((n) => [n.toLowerCase(), n]));
  for (const c of candidates) {
    const hit = lower.get(c.toLowerCase());
    if (hit !== undefined) return hit;
  }
  throw new InputError(
    path,
    "unsupported",
    `no ${what} column (looked for ${candidates.join(", ")}; has ${names.join(", ")})`,
  );
}

function numbers(column: { get(i: number): unknown; length: number } | null): Float64Array {
  if (column === null) return new Float64Array(0);
  const out = new Float64Array(column.length);
  for (let i = 0; i < column.length; i++) {
    const v = column.get(i);
    out[i] = v === null || v === undefined ? Number.NaN : Number(v);
  }
  return out;
}

/**
 * Detector corners of a CcdVisit table (`visitId`/`visit`, `detector`, `llcra` … `lrcdec`); rows with a
 * non-finite corner are listed in `problems`, never used.
 * @example (await readCcdVisitRegions("fixtures/pilot/CcdVisit.parquet")).regions.size // 1134
 */
export async function readCcdVisitRegions(path: string): Promise<DetectorRegions> {
  const source = await openTable("CcdVisit", path);
  const names = (await source.columns()).map((c) => c.name);
  const visitCol = pickColumn(names, ["visitId", "visit", "exposure"], path, "visit");
  const detCol = pickColumn(names, ["detector", "ccd", "detectorId"], path, "detector");
  const cornerCols = CORNERS.map((c) => pickColumn(names, [c], path, c));
  const t = (await source.read({ columns: [visitCol, detCol, ...cornerCols] })).data;
  const visit = numbers(t.getChild(visitCol));
  const det = numbers(t.getChild(detCol));
  const cs = cornerCols.map((c) => numbers(t.getChild(c)));
  const regions = new Map<string, [number, number][]>();
  const problems: { key: string; reason: string }[] = [];
  for (let i = 0; i < visit.length; i++) {
    const key = vdKey(visit[i], det[i]);
    const corners: [number, number][] = [0, 2, 4, 6].map((k) => [cs[k][i], cs[k + 1][i]]);
    if (!corners.every(([a, d]) => Number.isFinite(a) && Number.isFinite(d)))
      problems.push({ key, reason: `row ${i}: a corner is not finite` });
    else regions.set(key, corners);
  }
  return { source: path, regions, problems };
}

/** Pointings keyed by visit id, with where they came from. */
export interface Pointings {
  source: string;
  pointings: Map<number, Pointing>;
}

/**
 * Visit pointings from a Visit table or visit list (`visit`/`visitId`/`obsHistID`, `ra`/`boresightRa`,
 * `decl`/`dec`, `skyRotation`/`rotSkyPos`/`sky_angle`); degrees.
 * @example (await readVisitPointings("fixtures/pilot/Visit.parquet")).pointings.get(419121)?.rotation
 */
export async function readVisitPointings(path: string): Promise<Pointings> {
  const source = await openTable("Visit", path);
  const names = (await source.columns()).map((c) => c.name);
  const v = pickColumn(names, ["visit", "visitId", "id", "obsHistID", "exposure"], path, "visit");
  const ra = pickColumn(
    names,
    ["ra", "boresightRa", "tracking_ra", "fieldRA", "pointingRa"],
    path,
    "boresight RA",
  );
  const dec = pickColumn(
    names,
    ["decl", "dec", "boresightDec", "tracking_dec", "fieldDec", "pointingDec"],
    path,
    "boresight Dec",
  );
  const rot = pickColumn(
    names,
    ["skyRotation", "rotSkyPos", "sky_angle", "rotation", "boresightRotAngle"],
    path,
    "sky rotation",
  );
  const t = (await source.read({ columns: [v, ra, dec, rot] })).data;
  const ids = numbers(t.getChild(v));
  const r = numbers(t.getChild(ra));
  const d = numbers(t.getChild(dec));
  const a = numbers(t.getChild(rot));
  const pointings = new Map<number, Pointing>();
  for (let i = 0; i < ids.length; i++) {
    if ([r[i], d[i], a[i]].every(Number.isFinite))
      pointings.set(ids[i], { ra: r[i], dec: d[i], rotation: a[i] });
  }
  return { source: path, pointings };
}

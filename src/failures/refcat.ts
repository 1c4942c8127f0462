/**
 * Loading reference footprints from files: reference catalogs (LSST HTM-sharded FITS directories, Parquet, any
 * positions table src/io reads; `coord_ra`/`coord_dec` in radians as afw writes them, `ra`/`dec` in degrees unless
 * the file's unit says otherwise) and MOCs (IVOA JSON or ASCII).
 */
import { readFileSync, statSync } from "node:fs";
import { extname } from "node:path";
import { InputError } from "../core/errors.js";
import { openTable } from "../io/open.js";
import { mocFromAscii, mocFromJson } from "../sky/moc/index.js";
import {
  type CatalogFootprint,
  footprintFromMoc,
  footprintFromPositions,
  type ReferenceFootprint,
} from "./footprint.js";

/** Positions of a reference catalog in degrees. */
export interface RefcatPositions {
  source: string;
  ra: Float64Array;
  dec: Float64Array;
}

const RA = ["coord_ra", "ra", "RA", "raj2000", "ra_deg"];
const DEC = ["coord_dec", "dec", "decl", "DEC", "dej2000", "dec_deg"];

/**
 * Reads the positions of a reference catalog (file, directory of shards or glob), converting radians to degrees.
 * @example (await readRefcatPositions("fixtures/pilot/refcat.parquet")).ra.length // 2244
 */
export async function readRefcatPositions(path: string): Promise<RefcatPositions> {
  const source = await openTable("refcat", path);
  const cols = await source.columns();
  const find = (names: readonly string[]) => {
    for (const n of names) {
      const c = cols.find((x) => x.name.toLowerCase() === n.toLowerCase());
      if (c) return c;
    }
    return undefined;
  };
  const raCol = find(RA);
  const decCol = find(DEC);
  if (!raCol || !decCol)
    throw new InputError(
      path,
      "unsupported",
      `no position columns (looked for ${RA.join("/")} and ${DEC.join("/")})`,
    );
  const t = (await source.read({ columns: [raCol.name, decCol.name] })).data;
  const rv = t.getChild(raCol.name);
  const dv = t.getChild(decCol.name);
  const n = t.numRows;
  const ra = new Float64Array(n);
  const dec = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const a = rv?.get(i);
    const d = dv?.get(i);
    ra[i] = a === null || a === undefined ? Number.NaN : Number(a);
    dec[i] = d === null || d === undefined ? Number.NaN : Number(d);
  }
  const unit = (raCol.unit ?? "").toLowerCase();
  // afw catalogs store radians (`coord_ra`, TUNIT 'rad'); an explicit degree unit wins.
  const radians =
    unit.startsWith("rad") || (raCol.name.toLowerCase().startsWith("coord_") && !unit.startsWith("deg"));
  if (radians) {
    const k = 180 / Math.PI;
    for (let i = 0; i < n; i++) {
      ra[i] *= k;
      dec[i] *= k;
    }
  }
  return { source: path, ra, dec };
}

function isMocFile(path: string): boolean {
  const lower = path.toLowerCase();
  return /\.moc(\.json|\.txt)?$/.test(lower) || lower.endsWith(".moc.json");
}

/**
 * Footprints from `--refcat` paths: every catalog is merged into one catalog footprint; each MOC is its own.
 * @example await loadReferenceFootprints(["fixtures/pilot/refcat.parquet"])
 */
export async function loadReferenceFootprints(paths: readonly string[]): Promise<ReferenceFootprint[]> {
  const out: ReferenceFootprint[] = [];
  const catalogs: RefcatPositions[] = [];
  for (const p of paths) {
    if (isMocFile(p)) {
      let text: string;
      try {
        if (statSync(p).size === 0) throw new InputError(p, "empty", "file is empty (0 bytes)");
        text = readFileSync(p, "utf8");
      } catch (error) {
        if (error instanceof InputError) throw error;
        throw new InputError(p, "missing", "no such file");
      }
      try {
        out.push(
          footprintFromMoc(
            extname(p) === ".json" || text.trimStart().startsWith("{")
              ? mocFromJson(text)
              : mocFromAscii(text),
            p,
          ),
        );
      } catch (error) {
        throw new InputError(
          p,
          "corrupt",
          `not a MOC (${error instanceof Error ? error.message : String(error)})`,
        );
      }
      continue;
    }
    catalogs.push(await readRefcatPositions(p));
  }
  if (catalogs.length > 0) {
    const n = catalogs.reduce((s, c) => s + c.ra.length, 0);
    const ra = new Float64Array(n);
    const dec = new Float64Array(n);
    let o = 0;
    for (const c of catalogs) {
      ra.set(c.ra, o);
      dec.set(c.dec, o);
      o += c.ra.length;
    }
    const fp: CatalogFootprint = footprintFromPositions(ra, dec, catalogs.map((c) => c.source).join(", "));
    fp.sources = catalogs.map((c) => c.source);
    out.unshift(fp);
  }
  return out;
}

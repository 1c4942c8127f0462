/**
 * Footprints and masks from command-line specs and files. Every file problem is an InputError naming the
 * file (exit 2), never an empty footprint or mask.
 *
 * Footprints: `tracts:4431,4432,4500-4502` (all patches), `tracts:4431/17,18` (listed patches of one tract),
 * `manifest:FILE` (the tracts of a DP0.2 Qserv ingest manifest, `objectTable_tract_<T>_` in its URLs),
 * `moc:FILE` (IVOA MOC 2.0 ASCII or JSON), `healpix:FILE[:NSIDE[:ring|nest]]` (one pixel per line after an
 * optional header, default nside 1024 RING as DESC's DC2RegionPixels files), `ccdvisit:PATH` (a table with
 * llcra … lrcdec detector corners), `extent` (the data's own extent).
 * Masks: `FILE.reg` or `ds9:FILE` (DS9 regions), `moc:FILE`, `circle:RA,DEC,RADIUS` (degrees, user exclusion),
 * `stars:PATH[:MAGCOLUMN]` (a star catalogue, radius 10^(−0.01 − 0.146 mag) deg as HSC's i-band masks).
 */
import { readFileSync } from "node:fs";
import { InputError, UsageError } from "../core/errors.js";
import { openTable } from "../io/open.js";
import { gunzipped } from "../io/readers/text.js";
import type { Moc } from "../sky/moc/moc.js";
import { mocFromAscii, mocFromJson } from "../sky/moc/serialize.js";
import { dc2SkyMap } from "../sky/skymap/maps.js";
import type { RingsSkyMap } from "../sky/skymap/types.js";
import type { Footprint } from "./footprint.js";
import {
  footprintFromCcdCorners,
  footprintFromHealpixPixels,
  footprintFromMoc,
  footprintFromTracts,
} from "./footprint.js";
import {
  brightStarMasks,
  MaskFormatError,
  type MaskSet,
  maskFromMoc,
  maskFromShapes,
  parseDs9Regions,
} from "./masks.js";

/** A text file, gunzipped when it is gzip (by its magic bytes, whatever its name). */
function readText(path: string): string {
  try {
    const bytes = readFileSync(path);
    const text = gunzipped(path, bytes).toString("utf8");
    if (text.trim() === "") throw new InputError(path, "empty", "the file is empty");
    return text;
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError(path, "missing", `cannot read: ${(error as Error).message}`);
  }
}

/** Reads an IVOA MOC 2.0 file (JSON when it starts with `{`, ASCII otherwise). */
export function readMocFile(path: string): Moc {
  const text = readText(path);
  try {
    return text.trim().startsWith("{") ? mocFromJson(text) : mocFromAscii(text);
  } catch (error) {
    throw new InputError(path, "corrupt", `not a MOC: ${(error as Error).message}`);
  }
}

function parseIds(text: string, what: string): number[] {
  const out: number[] = [];
  for (const part of text.split(",")) {
    const m = /^\s*(\d+)(?:\s*-\s*(\d+))?\s*$/.exec(part);
    if (!m) throw new UsageError(`${what}: cannot read "${part}" (numbers or ranges a-b)`);
    const a = Number(m[1]);
    const b = Number(m[2] ?? m[1]);
    for (let v = a; v <= b; v++) out.push(v);
  }
  return out;
}

/**
 * The tracts a DP0.2 ingest manifest lists (plain or gzipped).
 * @example
 * tractsOfManifest("test/data/qserv_dp02_object/filecache_dp02_dc2_catalogs.IDF.json.gz").length // 157 — gzipped as shipped
 */
export function tractsOfManifest(path: string): number[] {
  const text = readText(path);
  const found = new Set<number>();
  for (const m of text.matchAll(/objectTable_tract_(\d+)_/g)) found.add(Number(m[1]));
  if (found.size === 0)
    throw new InputError(
      path,
      "corrupt",
      "no objectTable_tract_<T>_ entry found (not a DP0.2 ingest manifest)",
    );
  return [...found].sort((a, b) => a - b);
}

/**
 * A footprint from a spec (see the module comment); null for `extent` (the detector's default).
 * @example await footprintFromSpec("tracts:4431")
 */
export async function footprintFromSpec(
  spec: string,
  map: RingsSkyMap = dc2SkyMap,
): Promise<Footprint | null> {
  const colon = spec.indexOf(":");
  const kind = colon < 0 ? spec : spec.slice(0, colon);
  const rest = colon < 0 ? "" : spec.slice(colon + 1);
  switch (kind) {
    case "extent":
      return null;
    case "tracts": {
      const tracts = new Map<number, number[] | null>();
      for (const group of rest.split(";")) {
        const [ids, patches] = group.split("/");
        for (const t of parseIds(ids, "--footprint tracts"))
          tracts.set(t, patches ? parseIds(patches, "--footprint patches") : null);
      }
      try {
        return footprintFromTracts(map, tracts);
      } catch (error) {
        throw new UsageError(`--footprint ${spec}: ${(error as Error).message}`);
      }
    }
    case "manifest":
      return footprintFromTracts(map, new Map(tractsOfManifest(rest).map((t) => [t, null])));
    case "moc":
      return footprintFromMoc(readMocFile(rest), `MOC ${rest}`);
    case "healpix": {
      const [file, nsideText, scheme] = rest.split(":");
      const nside = nsideText ? Number(nsideText) : 1024;
      const lines = readText(file)
        .split(/\r?\n/)
        .map((l) => l.trim())
        .filter((l) => l !== "");
      const pixels: number[] = [];
      lines.forEach((line, i) => {
        if (i === 0 && !/^\d+$/.test(line)) return; // header
        if (!/^\d+$/.test(line))
          throw new InputError(file, "corrupt", `line ${i + 1}: "${line}" is not a HEALPix pixel index`, {
            line: i + 1,
          });
        pixels.push(Number(line));
      });
      try {
        return footprintFromHealpixPixels(nside, pixels, {
          nest: scheme === "nest",
          description: `${pixels.length} HEALPix pixels of ${file} (nside ${nside})`,
        });
      } catch (error) {
        throw new InputError(file, "corrupt", (error as Error).message);
      }
    }
    case "ccdvisit": {
      const table = await (await openTable("CcdVisit", rest)).read({
        columns: ["llcra", "llcdec", "ulcra", "ulcdec", "urcra", "urcdec", "lrcra", "lrcdec"],
      });
      const col = (n: string): Float64Array => {
        const v = table.data.getChild(n);
        if (v === null)
          throw new InputError(rest, "corrupt", `no column ${n} (CcdVisit corners llcra … lrcdec)`);
        return Float64Array.from(v.toArray() as ArrayLike<number>, Number);
      };
      try {
        return footprintFromCcdCorners(
          {
            llcra: col("llcra"),
            llcdec: col("llcdec"),
            ulcra: col("ulcra"),
            ulcdec: col("ulcdec"),
            urcra: col("urcra"),
            urcdec: col("urcdec"),
            lrcra: col("lrcra"),
            lrcdec: col("lrcdec"),
          },
          `${table.data.numRows} CcdVisit detector footprints of ${rest}`,
        );
      } catch (error) {
        if (error instanceof InputError) throw error;
        throw new InputError(rest, "corrupt", (error as Error).message);
      }
    }
    default:
      throw new UsageError(
        `--footprint must be tracts:…, manifest:FILE, moc:FILE, healpix:FILE[:NSIDE[:ring|nest]], ccdvisit:PATH or extent; got "${spec}"`,
      );
  }
}

/**
 * A mask set from a spec (see the module comment).
 * @example await maskFromSpec("circle:55.6,-32.2,0.05")
 */
export async function maskFromSpec(spec: string): Promise<MaskSet> {
  const colon = spec.indexOf(":");
  const kind = colon < 0 ? "" : spec.slice(0, colon);
  const rest = colon < 0 ? spec : spec.slice(colon + 1);
  if (kind === "circle") {
    const v = rest.split(",").map(Number);
    if (v.length !== 3 || !v.every(Number.isFinite) || !(v[2] > 0) || Math.abs(v[1]) > 90)
      throw new UsageError(`--mask circle:RA,DEC,RADIUS expects three numbers in degrees, got "${rest}"`);
    return maskFromShapes(`circle ${rest}`, [{ kind: "circle", ra: v[0], dec: v[1], radius: v[2] }]);
  }
  if (kind === "moc") return maskFromMoc(`MOC ${rest}`, readMocFile(rest));
  if (kind === "stars") {
    const [path, magColumn] = rest.split(":");
    const source = await openTable("stars", path);
    const names = (await source.columns()).map((c) => c.name);
    const pick = (options: string[]) => options.find((n) => names.includes(n));
    const ra = pick(["ra", "coord_ra", "RA"]);
    const dec = pick(["dec", "coord_dec", "DEC", "decl"]);
    const mag = magColumn ?? pick(["phot_g_mean_mag", "mag", "G", "gmag"]);
    if (!ra || !dec || !mag || !names.includes(mag))
      throw new InputError(
        path,
        "corrupt",
        `needs ra/dec and a magnitude column (${magColumn ?? "phot_g_mean_mag, mag or G"})`,
      );
    const table = await source.read({ columns: [ra, dec, mag] });
    const get = (n: string) =>
      Float64Array.from(table.data.getChild(n)?.toArray() as ArrayLike<number>, Number);
    const shapes = brightStarMasks(get(ra), get(dec), get(mag));
    if (shapes.length === 0) throw new InputError(path, "empty", "no star bright enough to mask");
    return maskFromShapes(`bright stars ${path}`, shapes);
  }
  const path = kind === "ds9" ? rest : spec;
  if (kind !== "ds9" && kind !== "" && !/^[A-Za-z]$/.test(kind)) {
    throw new UsageError(
      `--mask must be FILE.reg, ds9:FILE, moc:FILE, circle:RA,DEC,R or stars:PATH[:MAG]; got "${spec}"`,
    );
  }
  try {
    return maskFromShapes(`DS9 regions ${path}`, parseDs9Regions(readText(path), path));
  } catch (error) {
    if (error instanceof MaskFormatError)
      throw new InputError(path, "corrupt", error.message.replace(`${path}:`, "").trim());
    throw error;
  }
}

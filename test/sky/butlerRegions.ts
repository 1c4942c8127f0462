// Reads tract/patch regions from real Butler export YAML files (sphgeom ConvexPolygon, hex-encoded):
// byte 0 = 0x70 ('p'), then little-endian float64 (x, y, z) unit vectors (see test/data/butler_exports/PROVENANCE.md).
import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";

export interface ButlerRegion {
  element: "tract" | "patch";
  skymap: string;
  tract: number;
  patch: number | null;
  /** Patch (x, y) index as recorded in the registry (cell_x, cell_y); null for tracts. */
  patchXY: [number, number] | null;
  /** Vertices as unit vectors, in stored order. */
  vertices: [number, number, number][];
}

/** A file's UTF-8 text, gunzipped when its name ends in `.gz`. */
function readText(path: string): string {
  const bytes = readFileSync(path);
  return (path.endsWith(".gz") ? gunzipSync(bytes) : bytes).toString("utf8");
}

/** Decode a sphgeom ConvexPolygon hex string into unit vectors. */
export function decodeConvexPolygon(hex: string): [number, number, number][] {
  const bytes = Buffer.from(hex, "hex");
  if (bytes[0] !== 0x70 || (bytes.length - 1) % 24 !== 0)
    throw new Error(`not a ConvexPolygon encoding: ${hex.slice(0, 16)}…`);
  const out: [number, number, number][] = [];
  for (let o = 1; o < bytes.length; o += 24) {
    out.push([bytes.readDoubleLE(o), bytes.readDoubleLE(o + 8), bytes.readDoubleLE(o + 16)]);
  }
  return out;
}

/** All tract and patch regions of a Butler export YAML file (line-based scan of its dimension blocks). */
export function readButlerSkyRegions(path: string): ButlerRegion[] {
  const lines = readText(path).split("\n");
  const out: ButlerRegion[] = [];
  let element = "";
  let rec: Record<string, string> = {};
  const flush = () => {
    if ((element === "tract" || element === "patch") && rec.encoded) {
      out.push({
        element,
        skymap: rec.skymap,
        tract: Number(element === "tract" ? rec.id : rec.tract),
        patch: element === "patch" ? Number(rec.id) : null,
        patchXY: element === "patch" ? [Number(rec.cell_x), Number(rec.cell_y)] : null,
        vertices: decodeConvexPolygon(rec.encoded),
      });
    }
    rec = {};
  };
  for (const line of lines) {
    const el = /^ {2}element: (\w+)/.exec(line);
    if (el) {
      flush();
      element = el[1];
      continue;
    }
    if (/^- type:/.test(line) || /^ {2}- /.test(line)) flush();
    const kv = /^ {2}[- ] {1,3}(\w+): (.*)$/.exec(line) ?? /^ {6}(encoded): ([0-9a-f]+)$/.exec(line);
    if (kv) rec[kv[1]] = kv[2].trim();
  }
  flush();
  return out;
}

/** The `skymap` dimension record(s) of an export: name, tract_max, patch_nx_max, patch_ny_max. */
export function readButlerSkyMapRecords(
  path: string,
): { name: string; tractMax: number; patchNxMax: number; patchNyMax: number }[] {
  const text = readText(path);
  const re =
    /- name: (\S+)\n(?: {4}.*\n)*? {4}tract_max: (\d+)\n {4}patch_nx_max: (\d+)\n {4}patch_ny_max: (\d+)/g;
  return [...text.matchAll(re)].map((m) => ({
    name: m[1],
    tractMax: Number(m[2]),
    patchNxMax: Number(m[3]),
    patchNyMax: Number(m[4]),
  }));
}

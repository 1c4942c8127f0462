/**
 * Known, legitimate holes: bright-star masks (DS9 region files as HSC ships them, or a star catalogue with a
 * radius-by-magnitude rule), coverage maps (MOC) and user exclusion regions. A mask set answers which NEST
 * cells at an order touch it (inclusive: a cell that is only partly masked counts as masked, so mask edges
 * can only make the unmasked sky look denser, never emptier).
 */
import { queryDiscNestRanges, queryPolygonNestRanges } from "../sky/healpix/index.js";
import { type Moc, mocCells } from "../sky/moc/moc.js";
import { convexPolygon } from "../sky/polygon.js";
import { cellsFromRuns, uniqueSorted } from "./cells.js";

/** One mask shape in degrees: a circle or a convex polygon (boxes become polygons). */
export type MaskShape =
  | { kind: "circle"; ra: number; dec: number; radius: number; label?: string }
  | { kind: "polygon"; corners: [number, number][]; label?: string };

/** Masks with a name, giving the cells they touch at any order. */
export interface MaskSet {
  name: string;
  /** Number of shapes (or cells of a MOC). */
  size: number;
  cells(order: number): Float64Array;
}

/** A region file or MOC that cannot be read: names the file and the line. */
export class MaskFormatError extends Error {
  override readonly name = "MaskFormatError";
}

const UNITS: Record<string, number> = { d: 1, "": 1, "'": 1 / 60, '"': 1 / 3600, r: 180 / Math.PI };

function angle(text: string, where: string): number {
  const m = /^([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)(d|'|"|r)?$/.exec(text.trim());
  if (!m)
    throw new MaskFormatError(
      `${where}: cannot read "${text.trim()}" as an angle in degrees (sexagesimal is not supported)`,
    );
  return Number(m[1]) * UNITS[m[2] ?? ""];
}

/** Corners of a DS9 sky box (full width along RA, full height along Dec, angle counter-clockwise from RA). */
function boxCorners(ra: number, dec: number, w: number, h: number, angleDeg: number): [number, number][] {
  const t = (angleDeg * Math.PI) / 180;
  const cosDec = Math.cos((dec * Math.PI) / 180);
  const out: [number, number][] = [];
  for (const [sx, sy] of [
    [-1, -1],
    [1, -1],
    [1, 1],
    [-1, 1],
  ]) {
    const x = (sx * w) / 2;
    const y = (sy * h) / 2;
    const east = x * Math.cos(t) - y * Math.sin(t);
    const north = x * Math.sin(t) + y * Math.cos(t);
    out.push([(((ra + east / cosDec) % 360) + 360) % 360, dec + north]);
  }
  return out;
}

/**
 * Reads a DS9 region file in sky coordinates (fk5/icrs/j2000, degrees): `circle`, `box` and convex `polygon`
 * shapes; comments are kept as labels. Pixel coordinate systems, excluded (`-`) shapes, sexagesimal values and
 * unknown shapes are refused with the file and line, never skipped.
 * @example
 * parseDs9Regions("fk5\ncircle(320.55,-1.30,0.0187d) # mag:11.8", "stars.reg")[0]
 * // ≈ { kind: "circle", ra: 320.55, dec: -1.3, radius: 0.0187, label: "mag:11.8" }
 */
export function parseDs9Regions(text: string, file: string): MaskShape[] {
  const out: MaskShape[] = [];
  let system: string | null = null;
  const lines = text.split(/\r?\n/);
  lines.forEach((raw, index) => {
    const where = `${file}:${index + 1}`;
    const hash = raw.indexOf("#");
    const comment = hash >= 0 ? raw.slice(hash + 1).trim() : "";
    for (let part of (hash >= 0 ? raw.slice(0, hash) : raw).split(";")) {
      part = part.trim();
      if (part === "") continue;
      const lower = part.toLowerCase();
      if (/^(global|# )/.test(lower) || lower.startsWith("global")) continue;
      if (["wcs", "wcsa"].includes(lower)) continue;
      if (
        [
          "fk5",
          "icrs",
          "j2000",
          "fk4",
          "galactic",
          "ecliptic",
          "image",
          "physical",
          "linear",
          "amplifier",
          "detector",
        ].includes(lower)
      ) {
        if (!["fk5", "icrs", "j2000"].includes(lower))
          throw new MaskFormatError(
            `${where}: coordinate system "${part}" is not supported (use fk5 or icrs degrees)`,
          );
        system = lower;
        continue;
      }
      const m = /^([+-]?)([a-z]+)\s*\((.*)\)\s*$/i.exec(part);
      if (!m) throw new MaskFormatError(`${where}: cannot read "${part}"`);
      if (m[1] === "-") throw new MaskFormatError(`${where}: excluded shapes ("-${m[2]}") are not supported`);
      if (system === null)
        throw new MaskFormatError(`${where}: a shape comes before any coordinate system line (fk5 or icrs)`);
      const args = m[3].split(",").map((s) => s.trim());
      const shape = m[2].toLowerCase();
      const label = comment === "" ? undefined : comment;
      const num = (s: string) => {
        const x = Number(s);
        if (s === "" || !Number.isFinite(x)) throw new MaskFormatError(`${where}: "${s}" is not a number`);
        return x;
      };
      const checkPosition = (ra: number, dec: number) => {
        if (ra < -360 || ra > 720 || dec < -90 || dec > 90)
          throw new MaskFormatError(`${where}: (${ra}, ${dec}) is not a sky position`);
      };
      if (shape === "circle") {
        if (args.length !== 3) throw new MaskFormatError(`${where}: circle needs ra, dec, radius`);
        const [ra, dec] = [num(args[0]), num(args[1])];
        checkPosition(ra, dec);
        const radius = angle(args[2], where);
        if (!(radius > 0)) throw new MaskFormatError(`${where}: circle radius must be > 0`);
        out.push({ kind: "circle", ra: ((ra % 360) + 360) % 360, dec, radius, ...(label ? { label } : {}) });
      } else if (shape === "box") {
        if (args.length !== 4 && args.length !== 5)
          throw new MaskFormatError(`${where}: box needs ra, dec, width, height[, angle]`);
        const [ra, dec] = [num(args[0]), num(args[1])];
        checkPosition(ra, dec);
        const corners = boxCorners(
          ra,
          dec,
          angle(args[2], where),
          angle(args[3], where),
          args.length === 5 ? num(args[4]) : 0,
        );
        out.push({ kind: "polygon", corners, ...(label ? { label } : {}) });
      } else if (shape === "polygon") {
        if (args.length < 6 || args.length % 2 !== 0)
          throw new MaskFormatError(`${where}: polygon needs at least three ra, dec pairs`);
        const corners: [number, number][] = [];
        for (let i = 0; i < args.length; i += 2) {
          checkPosition(num(args[i]), num(args[i + 1]));
          corners.push([num(args[i]), num(args[i + 1])]);
        }
        try {
          convexPolygon(corners);
        } catch (error) {
          throw new MaskFormatError(
            `${where}: ${(error as Error).message} (only convex polygons are supported)`,
          );
        }
        out.push({ kind: "polygon", corners, ...(label ? { label } : {}) });
      } else {
        throw new MaskFormatError(`${where}: shape "${shape}" is not supported (circle, box, polygon)`);
      }
    }
  });
  if (out.length === 0) throw new MaskFormatError(`${file}: no region in the file`);
  return out;
}

/**
 * A mask set from shapes.
 * @example maskFromShapes("user", [{ kind: "circle", ra: 55.6, dec: -32.2, radius: 0.01 }]).cells(14).length > 0
 */
export function maskFromShapes(name: string, shapes: readonly MaskShape[]): MaskSet {
  const cache = new Map<number, Float64Array>();
  return {
    name,
    size: shapes.length,
    cells(order) {
      const hit = cache.get(order);
      if (hit) return hit;
      const parts: Float64Array[] = [];
      for (const s of shapes) {
        const runs =
          s.kind === "circle"
            ? queryDiscNestRanges(order, s.ra, s.dec, s.radius, { inclusive: true })
            : queryPolygonNestRanges(order, s.corners, { inclusive: true });
        parts.push(cellsFromRuns(runs));
      }
      const all = new Float64Array(parts.reduce((n, p) => n + p.length, 0));
      let k = 0;
      for (const p of parts) {
        all.set(p, k);
        k += p.length;
      }
      const out = uniqueSorted(all);
      cache.set(order, out);
      return out;
    },
  };
}

/**
 * A mask set from a coverage map.
 * @example maskFromMoc("stars.moc", mocFromAscii("10/1234")).size // 1
 */
export function maskFromMoc(name: string, moc: Moc): MaskSet {
  return { name, size: mocCells(moc, moc.maxOrder, 5e7).length, cells: (order) => mocCells(moc, order, 5e7) };
}

/** Radius-by-magnitude rule log10(radius/deg) = a + b·mag (HSC S18A: b = −0.146, a = +0.01 g/r, −0.01 i). */
export interface BrightStarRule {
  a: number;
  b: number;
  /** Stars fainter than this are not masked. */
  magLimit: number;
}

/** The HSC S18A i-band rule (Goulding, testdata_ci_hsc brightObjectMasks README), down to G = 18. */
export const HSC_I_BAND_RULE: BrightStarRule = { a: -0.01, b: -0.146, magLimit: 18 };

/**
 * Circles around catalogue stars with radius 10^(a + b·mag) degrees.
 * @example brightStarMasks(Float64Array.of(320.5), Float64Array.of(-1.3), Float64Array.of(11.8))[0].radius // ≈ 0.0186
 */
export function brightStarMasks(
  ra: ArrayLike<number>,
  dec: ArrayLike<number>,
  mag: ArrayLike<number>,
  rule: BrightStarRule = HSC_I_BAND_RULE,
): MaskShape[] {
  const out: MaskShape[] = [];
  for (let i = 0; i < ra.length; i++) {
    if (!(mag[i] <= rule.magLimit) || !Number.isFinite(ra[i]) || !(Math.abs(dec[i]) <= 90)) continue;
    out.push({
      kind: "circle",
      ra: ra[i],
      dec: dec[i],
      radius: 10 ** (rule.a + rule.b * mag[i]),
      label: `mag:${mag[i]}`,
    });
  }
  return out;
}

// Reader for the healpy golden files written by scripts/golden/healpy_golden.py, and the same
// xorshift32 stream that script uses to draw its (unstored) random inputs.
import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";

export const GOLDEN_DIR = new URL("../../golden/healpix/", import.meta.url);
export const GOLDEN_ORDERS = [0, 1, 3, 6, 10, 12, 15, 20, 24, 29];

export interface Golden {
  meta: Record<string, unknown>;
  f8(name: string): Float64Array;
  i8(name: string): BigInt64Array;
}

export function readGolden(file: string): Golden {
  const buf = gunzipSync(readFileSync(new URL(file, GOLDEN_DIR)));
  const hlen = buf.readUInt32LE(0);
  const header = JSON.parse(buf.subarray(4, 4 + hlen).toString("utf8")) as {
    meta: Record<string, unknown>;
    arrays: { name: string; dtype: "f8" | "i8"; length: number; offset: number }[];
  };
  const base = 4 + hlen;
  const data = new ArrayBuffer(buf.length - base);
  new Uint8Array(data).set(buf.subarray(base));
  const find = (name: string, dtype: string) => {
    const a = header.arrays.find((x) => x.name === name);
    if (!a || a.dtype !== dtype) throw new Error(`golden ${file}: no ${dtype} array ${name}`);
    return a;
  };
  return {
    meta: header.meta,
    f8: (name) => {
      const a = find(name, "f8");
      return new Float64Array(data, a.offset, a.length);
    },
    i8: (name) => {
      const a = find(name, "i8");
      return new BigInt64Array(data, a.offset, a.length);
    },
  };
}

/** One healpy query_disc / query_polygon case of queries.bin.gz (its ranges are the i8 array `name`). */
export interface QueryCase {
  kind: "disc" | "polygon";
  name: string;
  order: number;
  ra?: number;
  dec?: number;
  radius?: number;
  vertices?: [number, number][];
  nest: boolean;
  inclusive: boolean;
  count: number;
}

/** The cases stored in a query golden file's metadata. */
export function queryCases(golden: Golden): QueryCase[] {
  return golden.meta.cases as QueryCase[];
}

/** Marsaglia xorshift32, bit-identical to XorShift32 in healpy_golden.py. */
export class XorShift32 {
  private x: number;
  constructor(seed: number) {
    this.x = seed >>> 0 || 1;
  }
  u32(): number {
    let x = this.x;
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    this.x = x;
    return x;
  }
  unit(): number {
    const a = this.u32();
    const b = this.u32();
    return (a * 2097152 + (b >>> 11)) / 9007199254740992.0;
  }
  below(n: bigint): bigint {
    const a = BigInt(this.u32());
    const b = BigInt(this.u32());
    return ((a << 32n) | b) % n;
  }
}

/** The random (ra, dec) points of healpy_golden.py's random_points(order, n). */
export function randomPoints(order: number, n: number): { ra: Float64Array; dec: Float64Array } {
  const rng = new XorShift32(1000 + order);
  const ra = new Float64Array(n);
  const dec = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const kind = rng.u32() % 10;
    const r = rng.unit() * 360.0;
    const u = rng.unit();
    let d: number;
    if (kind < 8) d = u * 180.0 - 90.0;
    else if (kind === 8) d = i & 1 ? 90.0 - u * 1e-3 : u * 1e-3 - 90.0;
    else {
      d = 41.810314895778596 + (u - 0.5) * 1e-6;
      if (i & 1) d = -d;
    }
    ra[i] = r;
    dec[i] = d;
  }
  return { ra, dec };
}

/** Angular distance in degrees between two (ra, dec) positions (haversine, fine for tiny angles). */
export function angDistDeg(ra1: number, dec1: number, ra2: number, dec2: number): number {
  const r = Math.PI / 180;
  const s1 = Math.sin(((dec2 - dec1) * r) / 2);
  const s2 = Math.sin(((ra2 - ra1) * r) / 2);
  const h = s1 * s1 + Math.cos(dec1 * r) * Math.cos(dec2 * r) * s2 * s2;
  return (2 * Math.asin(Math.min(1, Math.sqrt(h)))) / r;
}

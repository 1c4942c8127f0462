/**
 * Benchmark: HEALPix against healpy, side by side in the same run (outside CI).
 *
 *   node --import tsx bench/healpix.ts [--n 2000000] [--rounds 3] [--orders 8,12,14,20] [--only disc|polygon|ang2pix]
 *
 * For every order: ang2pix{Nest,Ring}Batch over N uniform random points, queryDisc{Nest,Ring} and
 * queryPolygon{Nest,Ring}, exact and inclusive (healpy's fact 4), of a 1° disc at (10, 20) and a 2° convex
 * quadrilateral around it (at order 20, 60× smaller: 1' and 2', about as many pixels as 1° at order 14).
 * The healpy side (bench/healpix_peer.py, Debian python3-healpy) gets the same cases. Rounds alternate
 * ours / healpy; each side's time is the median over rounds of the per-round median, and the ratio is
 * ours / healpy (below 1: we are faster). Targets (issue 17): queries <= 1.5x healpy's time at orders 12
 * and 14, ang2pix batches at or above healpy's throughput (time ratio <= 1). Column "floor": the time
 * to allocate and fill a number[] of as many pixels (the API returns number[]; above ~16k elements V8
 * allocates it in the large-object space, fresh pages every call, where numpy reuses freed memory).
 * Column "ranges": the same query through query{Disc,Polygon}{Nest,Ring}Ranges (sorted [start, end) ranges, no
 * pixel list); column "typed": those ranges expanded by rangesToPixels into a Float64Array, the output
 * healpy's int64 array compares with. Ratios are printed for all three (number[], ranges, typed).
 */
import { execFileSync } from "node:child_process";
import { dirname, resolve } from "node:path";
import {
  ang2pixNestBatch,
  ang2pixRingBatch,
  queryDiscNest,
  queryDiscNestRanges,
  queryDiscRing,
  queryDiscRingRanges,
  queryPolygonNest,
  queryPolygonNestRanges,
  queryPolygonRing,
  queryPolygonRingRanges,
  rangesToPixels,
} from "../src/sky/healpix/index.js";
import { RangeList } from "../src/sky/healpix/rangeList.js";

const args = process.argv.slice(2);
const opt = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};
const N = Number(opt("n", "2000000"));
const ROUNDS = Number(opt("rounds", "3"));
const ORDERS = opt("orders", "8,12,14,20").split(",").map(Number);
const ONLY = opt("only", "");
const ROOT = resolve(dirname(new URL(import.meta.url).pathname), "..");

type Kind = "ang2pix" | "disc" | "polygon";
interface Case {
  key: string;
  kind: Kind;
  order: number;
  nest: boolean;
  inclusive: boolean;
  ra?: number;
  dec?: number;
  radius?: number;
  vertices?: [number, number][];
  reps: number;
}

const QUAD: [number, number][] = [
  [-1.0, -1.0],
  [1.2, -0.8],
  [1.0, 1.1],
  [-1.1, 0.8],
];

const ra = new Float64Array(N);
const dec = new Float64Array(N);
for (let i = 0; i < N; i++) {
  ra[i] = Math.random() * 360;
  dec[i] = (Math.asin(Math.random() * 2 - 1) * 180) / Math.PI;
}
const out = new Float64Array(N);

function ours(c: Case): () => number {
  const opts = { inclusive: c.inclusive };
  if (c.kind === "ang2pix") {
    const f = c.nest ? ang2pixNestBatch : ang2pixRingBatch;
    return () => f(c.order, ra, dec, out).length;
  }
  if (c.kind === "disc") {
    const f = c.nest ? queryDiscNest : queryDiscRing;
    return () => f(c.order, c.ra as number, c.dec as number, c.radius as number, opts).length;
  }
  const f = c.nest ? queryPolygonNest : queryPolygonRing;
  return () => f(c.order, c.vertices as [number, number][], opts).length;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function timeMedian(fn: () => unknown, reps: number): number {
  const t: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    fn();
    t.push(performance.now() - t0);
  }
  return median(t);
}

// Cases, with repetitions calibrated on our side (~150 ms per case and round, 3 to 300 reps).
const cases: Case[] = [];
for (const order of ORDERS) {
  const scale = order >= 20 ? 1 / 60 : 1;
  for (const kind of ["ang2pix", "disc", "polygon"] as Kind[]) {
    if (ONLY && ONLY !== kind) continue;
    for (const nest of [true, false]) {
      for (const inclusive of kind === "ang2pix" ? [false] : [false, true]) {
        const scheme = nest ? "Nest" : "Ring";
        const name =
          kind === "ang2pix"
            ? `ang2pix${scheme}Batch`
            : `query${kind === "disc" ? "Disc" : "Polygon"}${scheme}${inclusive ? " incl" : ""}`;
        const c: Case = { key: `${name} o${order}`, kind, order, nest, inclusive, reps: 1 };
        if (kind === "disc") Object.assign(c, { ra: 10, dec: 20, radius: scale });
        if (kind === "polygon") c.vertices = QUAD.map(([x, y]) => [10 + x * scale, 20 + y * scale]);
        const fn = ours(c);
        fn();
        fn();
        const t0 = performance.now();
        fn();
        const once = performance.now() - t0;
        c.reps = Math.max(3, Math.min(300, Math.ceil(150 / Math.max(once, 1e-3))));
        cases.push(c);
      }
    }
  }
}

/** The query as ranges (no pixel list), or null for ang2pix cases. */
function oursRanges(c: Case): (() => Float64Array) | null {
  if (c.kind === "ang2pix") return null;
  const opts = { inclusive: c.inclusive };
  if (c.kind === "disc") {
    const f = c.nest ? queryDiscNestRanges : queryDiscRingRanges;
    return () => f(c.order, c.ra as number, c.dec as number, c.radius as number, opts);
  }
  const f = c.nest ? queryPolygonNestRanges : queryPolygonRingRanges;
  return () => f(c.order, c.vertices as [number, number][], opts);
}

function floorOf(count: number): () => number {
  return () => {
    const r = new RangeList();
    r.append(0, count);
    return r.toPixels().length;
  };
}

const oursTimes = new Map<string, number[]>();
const floorTimes = new Map<string, number[]>();
const rangeTimes = new Map<string, number[]>();
const typedTimes = new Map<string, number[]>();
const peerTimes = new Map<string, number[]>();
const counts = new Map<string, { ours: number; peer?: number }>();
let peerVersion = "";
let peerError = "";
for (let round = 0; round < ROUNDS; round++) {
  for (const c of cases) {
    const fn = ours(c);
    const count = fn();
    counts.set(c.key, { ours: count });
    const t = oursTimes.get(c.key) ?? [];
    t.push(timeMedian(fn, c.reps));
    oursTimes.set(c.key, t);
    const rangesFn = oursRanges(c);
    if (rangesFn) {
      const r = rangeTimes.get(c.key) ?? [];
      r.push(timeMedian(() => rangesFn().length, c.reps));
      rangeTimes.set(c.key, r);
      const t = typedTimes.get(c.key) ?? [];
      t.push(timeMedian(() => rangesToPixels(rangesFn()).length, c.reps));
      typedTimes.set(c.key, t);
    }
    if (c.kind !== "ang2pix") {
      const f = floorTimes.get(c.key) ?? [];
      f.push(timeMedian(floorOf(count), c.reps));
      floorTimes.set(c.key, f);
    }
  }
  if (peerError) continue;
  try {
    const text = execFileSync("/usr/bin/python3", [resolve(ROOT, "bench/healpix_peer.py")], {
      encoding: "utf8",
      input: JSON.stringify({ n: N, cases }),
      maxBuffer: 1 << 22,
    });
    const peer = JSON.parse(text) as {
      healpy: string;
      cases: Record<string, { count: number; median_ms: number }>;
    };
    peerVersion = peer.healpy;
    for (const c of cases) {
      const p = peer.cases[c.key];
      const t = peerTimes.get(c.key) ?? [];
      t.push(p.median_ms);
      peerTimes.set(c.key, t);
      (counts.get(c.key) as { peer?: number }).peer = p.count;
    }
  } catch (e) {
    peerError = (e as Error).message.split("\n")[0];
  }
}

console.log(
  `HEALPix, skygate vs healpy ${peerVersion || "(not available)"}: ${ROUNDS} interleaved rounds, median of per-round medians; ang2pix over ${N.toLocaleString("en")} points`,
);
if (peerError) console.log(`healpy peer not available (${peerError}); printing ours only`);
const pad = (s: string, w: number) => s.padEnd(w);
const num = (x: number) => (x >= 100 ? x.toFixed(0) : x >= 1 ? x.toFixed(2) : x.toFixed(3));
console.log(
  `${pad("case", 28)}${pad("pixels", 10)}${pad("skygate ms", 12)}${pad("floor ms", 10)}${pad("ranges ms", 11)}${pad("typed ms", 10)}${pad("healpy ms", 11)}${pad("ratio", 7)}${pad("ranges", 8)}${pad("typed", 7)}target (number[] / ranges)`,
);
const ok = (ratio: number, target: number) => (ratio <= target ? "ok" : "MISSED");
for (const c of cases) {
  const o = median(oursTimes.get(c.key) as number[]);
  const pt = peerTimes.get(c.key);
  const p = pt ? median(pt) : Number.NaN;
  const ratio = o / p;
  const cnt = counts.get(c.key) as { ours: number; peer?: number };
  const fl = floorTimes.get(c.key);
  const rg = rangeTimes.get(c.key);
  const ty = typedTimes.get(c.key);
  const rgRatio = rg ? median(rg) / p : Number.NaN;
  const tyRatio = ty ? median(ty) / p : Number.NaN;
  const target = c.kind === "ang2pix" ? 1 : c.order === 12 || c.order === 14 ? 1.5 : Number.POSITIVE_INFINITY;
  const mark =
    !Number.isFinite(ratio) || !Number.isFinite(target)
      ? ""
      : `<= ${target} ${ok(ratio, target)}${Number.isFinite(rgRatio) ? ` / ${ok(rgRatio, target)}` : ""}`;
  const countText =
    c.kind === "ang2pix"
      ? ""
      : `${cnt.ours}${cnt.peer !== undefined && cnt.peer !== cnt.ours ? `!=${cnt.peer}` : ""}`;
  const r2 = (x: number) => (Number.isFinite(x) ? x.toFixed(2) : "-");
  console.log(
    `${pad(c.key, 28)}${pad(countText, 10)}${pad(num(o), 12)}${pad(fl ? num(median(fl)) : "", 10)}${pad(rg ? num(median(rg)) : "", 11)}${pad(ty ? num(median(ty)) : "", 10)}${pad(pt ? num(p) : "-", 11)}${pad(r2(ratio), 7)}${pad(rg ? r2(rgRatio) : "", 8)}${pad(ty ? r2(tyRatio) : "", 7)}${mark}`,
  );
}

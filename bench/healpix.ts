/**
 * Benchmark: HEALPix against healpy in the same run (outside CI).
 *
 *   node --import tsx bench/healpix.ts [--n 10000000]
 *
 * (1) ang2pixNestBatch over N uniform random points at order 12 vs healpy's vectorized
 *     ang2pix(4096, ra, dec, nest=True, lonlat=True) (target: ours >= 0.5x healpy's throughput);
 * (2) queryDiscNest of 1 deg at (10, 20) at orders 12 and 14, exact and inclusive, vs healpy's
 *     query_disc (targets: < 2 ms at order 12, < 30 ms at order 14).
 * The healpy side runs in bench/healpix_peer.py (Debian python3-healpy, /usr/bin/python3).
 */
import { execFileSync } from "node:child_process";
import { dirname, resolve } from "node:path";
import { ang2pixNestBatch, queryDiscNest } from "../src/sky/healpix/index.js";

const args = process.argv.slice(2);
const nIdx = args.indexOf("--n");
const N = nIdx >= 0 ? Number(args[nIdx + 1]) : 10_000_000;
const ROOT = resolve(dirname(new URL(import.meta.url).pathname), "..");

function timeBest(fn: () => void, repeat: number): { best: number; median: number } {
  const t: number[] = [];
  for (let i = 0; i < repeat; i++) {
    const t0 = performance.now();
    fn();
    t.push(performance.now() - t0);
  }
  t.sort((a, b) => a - b);
  return { best: t[0], median: t[Math.floor(t.length / 2)] };
}

// Uniform points on the sphere (simple LCG-free generator: Math.random is fine for timing).
const ra = new Float64Array(N);
const dec = new Float64Array(N);
for (let i = 0; i < N; i++) {
  ra[i] = Math.random() * 360;
  dec[i] = (Math.asin(Math.random() * 2 - 1) * 180) / Math.PI;
}
const out = new Float64Array(N);
ang2pixNestBatch(12, ra.subarray(0, 100_000), dec.subarray(0, 100_000)); // warm-up
const ours = timeBest(() => ang2pixNestBatch(12, ra, dec, out), 3);

const discs: Record<string, { count: number; best: number; median: number }> = {};
for (const [order, reps] of [
  [12, 200],
  [14, 30],
] as const) {
  for (const inclusive of [false, true]) {
    const run = () => queryDiscNest(order, 10, 20, 1, { inclusive });
    for (let i = 0; i < 5; i++) run(); // warm-up
    const t = timeBest(run, reps);
    discs[`o${order}${inclusive ? "_inclusive" : ""}`] = { count: run().length, ...t };
  }
}

let peer: Record<string, unknown> | undefined;
try {
  const text = execFileSync("/usr/bin/python3", [resolve(ROOT, "bench/healpix_peer.py"), String(N)], {
    encoding: "utf8",
    maxBuffer: 1 << 20,
  });
  peer = JSON.parse(text) as Record<string, unknown>;
} catch (e) {
  console.log(`healpy peer not available (${(e as Error).message.split("\n")[0]}); printing ours only`);
}

const fmt = (x: number) => x.toFixed(2);
const oursRate = N / (ours.best / 1e3);
console.log(`ang2pixNest order 12, ${N.toLocaleString("en")} points`);
console.log(
  `  skygate ang2pixNestBatch: ${fmt(ours.best)} ms best (${(oursRate / 1e6).toFixed(1)} M points/s)`,
);
if (peer) {
  const hs = peer.ang2pix_nest_o12_s as number;
  const hRate = N / hs;
  console.log(
    `  healpy ${peer.healpy} ang2pix:   ${fmt(hs * 1e3)} ms best (${(hRate / 1e6).toFixed(1)} M points/s)`,
  );
  console.log(`  throughput ratio skygate/healpy: ${(oursRate / hRate).toFixed(2)} (target >= 0.5)`);
}
for (const [order, target] of [
  [12, 2],
  [14, 30],
] as const) {
  for (const inclusive of [false, true]) {
    const key = `o${order}${inclusive ? "_inclusive" : ""}`;
    const d = discs[key];
    let line = `queryDiscNest 1 deg order ${order}${inclusive ? " inclusive" : ""}: ${d.count} pixels, ${fmt(d.best)} ms best, ${fmt(d.median)} ms median`;
    if (!inclusive) line += ` (target < ${target} ms)`;
    const p = peer?.[`query_disc${inclusive ? "_inclusive" : ""}_o${order}`] as
      | { best_ms: number; median_ms: number }
      | undefined;
    if (p) line += `; healpy ${fmt(p.best_ms)} ms best, ${fmt(p.median_ms)} ms median`;
    console.log(line);
  }
}

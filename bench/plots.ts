/**
 * Benchmark: sky-map figures (outside CI; the machine is shared, so treat figures as rough).
 *
 *   node --import tsx bench/plots.ts [--rows 1000000] [--parquet PATH]
 *
 * (1) 10⁶-point map figure: project (Mollweide) + encode, both as the automatic density raster and forced
 *     scattergl; HTML size of a self-contained page for each (target < 1 s to build).
 * (2) 1000 × 500 HEALPix raster of a dense order-10 map (NEST) vs healpy's MollweideProj.projmap
 *     (bench/plots_peer.py, Debian python3-healpy) (target < 1 s).
 * (3) the same raster from a Parquet file aggregated per pixel in DuckDB SQL (healpixCountsSql) then
 *     rasterized; the file is made with DuckDB (--rows rows, random positions in a DC2-sized patch of sky)
 *     unless --parquet is given (target < 5 s for 10⁷ rows).
 */
import { execFileSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { DuckDBEngine } from "../src/engines/duckdb/duckdb-engine.js";
import { openTable } from "../src/io/open.js";
import { healpixCountsSql } from "../src/plots/healpix-sql.js";
import { figureJson, figuresPage } from "../src/plots/html.js";
import { skyMap } from "../src/plots/map.js";

const args = process.argv.slice(2);
const opt = (name: string, fallback: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : fallback;
};
const ROWS = Number(opt("--rows", "1000000"));
const ROOT = resolve(dirname(new URL(import.meta.url).pathname), "..");

function time<T>(fn: () => T): [T, number] {
  const t0 = performance.now();
  const out = fn();
  return [out, performance.now() - t0];
}

const mb = (n: number) => `${(n / 1e6).toFixed(1)} MB`;

// (1) 10⁶ points
const N = 1_000_000;
const ra = new Float64Array(N);
const dec = new Float64Array(N);
for (let i = 0; i < N; i++) {
  ra[i] = Math.random() * 360;
  dec[i] = (Math.asin(Math.random() * 2 - 1) * 180) / Math.PI;
}
skyMap()
  .points({ ra: ra.subarray(0, 10000), dec: dec.subarray(0, 10000) })
  .figure(); // warm-up
const [density, tDensity] = time(() => skyMap().points({ ra, dec }).figure());
const [scatter, tScatter] = time(() => skyMap().points({ ra, dec }, { densityThreshold: Infinity }).figure());
const [densityJson, tJson1] = time(() => figureJson(density));
const [scatterJson, tJson2] = time(() => figureJson(scatter));
const plotlyBytes = figuresPage([]).length;
console.log("(1) 10^6-point Mollweide map (project + encode)");
console.log(
  `    density raster (auto): build ${tDensity.toFixed(0)} ms, JSON ${tJson1.toFixed(0)} ms, figure ${mb(densityJson.length)}, page ${mb(densityJson.length + plotlyBytes)}`,
);
console.log(
  `    scattergl (forced):    build ${tScatter.toFixed(0)} ms, JSON ${tJson2.toFixed(0)} ms, figure ${mb(scatterJson.length)}, page ${mb(scatterJson.length + plotlyBytes)}`,
);
console.log(`    (plotly.js inlined once: ${mb(plotlyBytes)} of every page)`);

// (2) dense order-10 raster vs healpy
const npix = 12 * 4 ** 10;
const values = new Float64Array(npix);
for (let i = 0; i < npix; i++) values[i] = i;
skyMap().healpix({ order: 10, values }, { width: 200 }); // warm-up
const reps: number[] = [];
for (let r = 0; r < 3; r++)
  reps.push(time(() => skyMap().healpix({ order: 10, values }, { width: 1000 }))[1]);
const ours = Math.min(...reps);
let peer: { healpy: string; shape: number[]; best_s: number } | null = null;
try {
  peer = JSON.parse(
    execFileSync("/usr/bin/python3", [join(ROOT, "bench/plots_peer.py"), "1000"], { encoding: "utf8" }),
  );
} catch (error) {
  console.log(`    healpy peer not run: ${(error as Error).message.split("\n")[0]}`);
}
console.log("(2) 1000x500 HEALPix raster, dense order-10 map (NEST)");
console.log(`    skygate healpixTraces: ${ours.toFixed(0)} ms (best of 3)`);
if (peer)
  console.log(
    `    healpy ${peer.healpy} MollweideProj.projmap ${peer.shape.join("x")}: ${(peer.best_s * 1000).toFixed(0)} ms; ratio skygate/healpy ${(ours / (peer.best_s * 1000)).toFixed(2)}`,
  );

// (3) Parquet -> DuckDB GROUP BY pixel -> raster
const engine = new DuckDBEngine();
let path = opt("--parquet", "");
if (!path) {
  mkdirSync(join(ROOT, "build/bench"), { recursive: true });
  path = join(ROOT, `build/bench/positions-${ROWS}.parquet`);
  const conn = await engine.connection();
  const [, tMake] = await (async () => {
    const t0 = performance.now();
    await conn.run(
      `COPY (SELECT 50 + random() * 24 AS coord_ra, -45 + random() * 18 AS coord_dec, i AS objectId FROM range(${ROWS}) t(i))
       TO '${path}' (FORMAT parquet)`,
    );
    return [null, performance.now() - t0];
  })();
  console.log(`(3) made ${path} (${ROWS} rows) in ${tMake.toFixed(0)} ms`);
}
const source = await openTable("positions", path);
const t0 = performance.now();
const counts = await healpixCountsSql(engine, source, { order: 10, ra: "coord_ra", dec: "coord_dec" });
const tSql = performance.now() - t0;
const [, tRaster] = time(() =>
  skyMap({ type: "mollweide", center: [62, 0] }).healpix(
    { order: 10, nest: false, pixels: counts.pixels, values: counts.counts },
    { width: 1000 },
  ),
);
console.log(
  `(3) ${ROWS} rows: DuckDB GROUP BY pixel ${tSql.toFixed(0)} ms (${counts.pixels.length} pixels), raster ${tRaster.toFixed(0)} ms, total ${(tSql + tRaster).toFixed(0)} ms`,
);
await engine.close();

/**
 * Benchmark of the coverage-hole detector (outside CI; the machine is shared, so CPU time is printed beside
 * wall time).
 *
 *   node --import tsx bench/holes.ts                 # 10⁶ objects, one tract: in memory and from Parquet
 *   node --import tsx bench/holes.ts --tracts 10     # 10⁷ objects (10 tracts) from one Parquet file via DuckDB
 *   node --import tsx bench/holes.ts --limits        # smallest detectable hole against object density
 *
 * Peer: the density map a user would write in plain DuckDB SQL (HEALPix NEST index as a SQL expression,
 * `GROUP BY pix`, healsparse-like semantics), timed on the same file; the bench checks that both maps agree.
 * Data (dense-tract fixtures, fixtures/generator/dense.ts) is written once under bench/data/.
 */
import { existsSync, mkdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { denseTract } from "../fixtures/generator/dense.js";
import { ParquetStreamWriter } from "../fixtures/generator/parquet.js";
import { DuckDBEngine } from "../src/engines/duckdb/duckdb-engine.js";
import { detectHoles } from "../src/holes/detect.js";
import { footprintFromTracts } from "../src/holes/footprint.js";
import { readPositions } from "../src/holes/positions.js";
import { healpixCountSql } from "../src/holes/sql.js";
import { openTable } from "../src/io/open.js";
import { angularSeparation, dc2SkyMap } from "../src/sky/index.js";
import { measure } from "./lib/trace.js";

const args = process.argv.slice(2);
const option = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};
const ROOT = resolve(dirname(new URL(import.meta.url).pathname), "..");
const DATA = join(ROOT, "bench", "data");

/** Wall and CPU (user + system) time of a step. */
async function timed<T>(
  label: string,
  run: () => Promise<T> | T,
): Promise<{ value: T; wall: number; cpu: number }> {
  const { value, wall, cpu } = await measure(run);
  console.log(
    `${label.padEnd(58)} wall ${wall.toFixed(0).padStart(6)} ms   cpu ${cpu.toFixed(0).padStart(6)} ms`,
  );
  return { value, wall, cpu };
}

/** One Parquet file with `perTract` objects in each of `tracts` adjacent DC2 tracts (4431, 4432, …). */
async function writeTracts(tracts: number, perTract: number): Promise<{ path: string; ids: number[] }> {
  const ids = Array.from({ length: tracts }, (_, i) => 4431 + i);
  const path = join(DATA, `holes-${tracts}x${perTract}.parquet`);
  if (existsSync(path)) return { path, ids };
  mkdirSync(DATA, { recursive: true });
  const writer = await ParquetStreamWriter.open(path, { rowGroupRows: 1_000_000 });
  for (const id of ids) {
    const t = denseTract({ tract: id, objects: perTract, seed: id, defects: id === 4431, stars: 0 });
    for (let s = 0; s < t.ra.length; s += 1_000_000) {
      const e = Math.min(s + 1_000_000, t.ra.length);
      await writer.write(
        [
          { name: "coord_ra", data: { kind: "f64", values: t.ra.slice(s, e) } },
          { name: "coord_dec", data: { kind: "f64", values: t.dec.slice(s, e) } },
          { name: "detect_isPrimary", data: { kind: "bool", values: new Uint8Array(e - s).fill(1) } },
        ],
        e - s,
      );
    }
    console.log(`  wrote tract ${id} (${t.ra.length} objects)`);
  }
  await writer.close();
  return { path, ids };
}

async function speed(): Promise<void> {
  const tracts = Number(option("tracts", "1"));
  const perTract = Number(option("objects", "1e6"));
  console.log(
    `# skygate holes benchmark: ${tracts} tract(s) × ${perTract} objects (machine shared: see cpu)`,
  );
  const footprint = () =>
    footprintFromTracts(dc2SkyMap, new Map(Array.from({ length: tracts }, (_, i) => [4431 + i, null])));
  if (tracts === 1) {
    const t = denseTract({ objects: perTract, seed: 1, stars: 0 });
    const fpMem = footprint();
    await timed("footprint cells (orders 11, 15), in memory", () => [fpMem.cells(11), fpMem.cells(15)]);
    await timed("detectHoles, positions in memory (typed arrays)", () =>
      detectHoles(t.ra, t.dec, { footprint: fpMem }),
    );
  }
  const { path } = await writeTracts(tracts, perTract);
  const engine = new DuckDBEngine();
  const source = await openTable("Object", path);
  const fp = footprint();
  const positions = await timed("read positions via DuckDB (stream → Float64Array)", () =>
    readPositions(source, { engine, where: { op: "isTrue", column: "detect_isPrimary" } }),
  );
  const fpCells = await timed("footprint cells at orders 11 and 15", () => {
    fp.cells(11);
    fp.cells(15);
    return 0;
  });
  const det = await timed("detectHoles (density map, tests, regions)", () =>
    detectHoles(positions.value.ra, positions.value.dec, { footprint: fp }),
  );
  console.log(
    `  ${positions.value.ra.length} objects, order ${det.value.order}, ${det.value.tests} tests, ${det.value.holes.length} holes`,
  );
  const ours = positions.wall + fpCells.wall + det.wall;
  console.log(
    `skygate total (read + footprint + detect): ${ours.toFixed(0)} ms wall, ${(positions.cpu + fpCells.cpu + det.cpu).toFixed(0)} ms cpu`,
  );
  const order = det.value.order;
  const connection = await engine.connection();
  const sql = healpixCountSql(
    order,
    `read_parquet('${path}') WHERE detect_isPrimary`,
    "coord_ra",
    "coord_dec",
  );
  const peer = await timed(`peer: plain DuckDB SQL density map (order ${order}, GROUP BY)`, async () =>
    (await connection.runAndReadAll(sql)).getRowObjectsJS(),
  );
  console.log(
    `ratio skygate (read + detect) / SQL density map: ${(ours / peer.wall).toFixed(2)} (the SQL map has no footprint, test or regions)`,
  );
  // The two maps must agree cell by cell inside the footprint.
  const ourMap = new Map<number, number>();
  // Whole footprint cells only: partial cells at the footprint edge hold only the objects inside it.
  det.value.map.cells.forEach((c, i) => {
    if (det.value.map.fraction[i] >= 0.999) ourMap.set(c, det.value.map.counts[i]);
  });
  let same = 0;
  let differ = 0;
  for (const row of peer.value) {
    const k = ourMap.get(Number(row.pix));
    if (k === undefined) continue;
    if (k === Number(row.n)) same++;
    else differ++;
  }
  console.log(`density maps agree on ${same} of ${same + differ} whole footprint cells`);
  await engine.close();
}

async function limits(): Promise<void> {
  console.log(
    "# smallest detectable empty disc vs object density (tract 4431, clustered, α = 0.01 map-wide)",
  );
  console.log(
    "| objects per tract | density (deg⁻²) | order | radius 10″ | 15″ | 20″ | 30″ | 45″ | 60″ | 90″ |",
  );
  console.log("|---:|---:|---:|---|---|---|---|---|---|---|");
  const radii = [10, 15, 20, 30, 45, 60, 90];
  const centres: [number, number][] = [];
  const info = dc2SkyMap.tract(4431);
  for (const [x, y] of [
    [6000, 6000],
    [14100, 13900],
    [21000, 9000],
    [9000, 21000],
    [18000, 22000],
  ])
    centres.push(info.wcs.pixelToSky(x, y));
  for (const n of [1e5, 3e5, 1e6, 3e6]) {
    const t = denseTract({ objects: n, seed: 11, defects: false, stars: 0 });
    const found: string[] = [];
    let order = 0;
    for (const r of radii) {
      let hits = 0;
      for (const [cra, cdec] of centres) {
        const keep: number[] = [];
        for (let i = 0; i < t.ra.length; i++)
          if (angularSeparation(t.ra[i], t.dec[i], cra, cdec) > r / 3600) keep.push(i);
        const ra = Float64Array.from(keep, (i) => t.ra[i]);
        const dec = Float64Array.from(keep, (i) => t.dec[i]);
        const d = detectHoles(ra, dec, {
          footprint: footprintFromTracts(dc2SkyMap, new Map([[4431, null]])),
        });
        order = d.order;
        if (d.holes.some((h) => angularSeparation(h.ra, h.dec, cra, cdec) < (r + 30) / 3600)) hits++;
      }
      found.push(`${hits}/${centres.length}`);
    }
    console.log(`| ${n} | ${(t.truth.densityPerDeg2).toFixed(0)} | ${order} | ${found.join(" | ")} |`);
  }
}

if (args.includes("--limits")) await limits();
else await speed();

/**
 * Benchmark of the coadd gate (gates/coadd.yaml) on a 1M × 991 Object with ForcedSource and a hole (outside CI;
 * the machine is shared, so CPU time and the load average are printed beside wall time, and peak RSS at the end).
 *
 *   npm run fixtures -- --rows 1000000 --seed 1 --defects hole --out fixtures/large/object-1m-991
 *   node --import tsx bench/coadd-gate.ts [--data fixtures/large/object-1m-991] [--skip-gate | --gate-only] [--scan] [--json OUT]
 *
 * ForcedSource: when DATA has none, one row per object and band is written next to Object (6M rows), its values
 * (other than ids, positions, band and PSF fluxes taken from the object) cycled from the pilot's ForcedSource, so
 * every column has its DP0.2 type. Peer for the science metrics: the same per-patch counts and per-column NaN /
 * flag rates in one DuckDB SQL query over the same file; the bench checks they agree and prints the ratio.
 */
import { existsSync, writeFileSync } from "node:fs";
import { loadavg } from "node:os";
import { dirname, join, resolve } from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { type ColumnValues, type NamedColumn, ParquetStreamWriter } from "../fixtures/generator/parquet.js";
import { ArrowEngine } from "../src/engines/arrow/arrow-engine.js";
import { AutoEngine } from "../src/engines/auto.js";
import { DuckDBEngine } from "../src/engines/duckdb/duckdb-engine.js";
import { loadGate } from "../src/gate/parse.js";
import { runGate } from "../src/gate/run.js";
import { openTable } from "../src/io/open.js";
import type { Metric } from "../src/metrics/metric.js";
import { floatColumn, idColumn } from "../src/metrics/science/columns.js";
import { computeScience } from "../src/metrics/science/registry.js";
import { measure, trace, tracedEngine, traceParquetReader } from "./lib/trace.js";

const args = process.argv.slice(2);
const option = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};
const ROOT = resolve(dirname(new URL(import.meta.url).pathname), "..");
const DATA = resolve(option("data", join(ROOT, "fixtures/large/object-1m-991")));
const BANDS = ["u", "g", "r", "i", "z", "y"];

async function timed<T>(
  label: string,
  run: () => Promise<T>,
): Promise<{ value: T; wall: number; cpu: number }> {
  const { value, wall, cpu } = await measure(run);
  console.log(
    `${label.padEnd(52)} wall ${(wall / 1000).toFixed(1).padStart(7)} s   cpu ${(cpu / 1000).toFixed(1).padStart(7)} s   load ${loadavg()[0].toFixed(1)}`,
  );
  return { value, wall, cpu };
}

/** Writes DATA/ForcedSource.parquet: per object and band one row, typed as the pilot's ForcedSource. */
async function writeForcedSource(): Promise<number> {
  // The template: the pilot's ForcedSource, for its column types and values.
  const t = (
    await (await openTable("ForcedSource", join(ROOT, "fixtures/pilot-clean/ForcedSource.parquet"))).read()
  ).data;
  const m = t.numRows;
  // Template values as plain arrays, read once (Arrow's per-element get is slow).
  const templateValues = new Map(
    t.schema.fields.map((f) => [f.name, [...(t.getChild(f.name) ?? [])] as unknown[]]),
  );
  const object = await openTable("Object", join(DATA, "Object.parquet"));
  const fluxCols = BANDS.flatMap((b) => [`${b}_psfFlux`, `${b}_psfFluxErr`]);
  const writer = await ParquetStreamWriter.open(join(DATA, "ForcedSource.parquet"), {
    rowGroupRows: 600_000,
    floatColumns: ["psfFlux", "psfFluxErr"],
  });
  let rows = 0;
  let next = 0n;
  for await (const batch of object.scan({
    columns: ["objectId", "coord_ra", "coord_dec", "tract", "patch", ...fluxCols],
  })) {
    const b = batch.data;
    const n = b.numRows * BANDS.length;
    const id = idColumn(b, "objectId");
    const ra = floatColumn(b, "coord_ra");
    const dec = floatColumn(b, "coord_dec");
    const tract = floatColumn(b, "tract");
    const patch = floatColumn(b, "patch");
    const flux = BANDS.map((x) => floatColumn(b, `${x}_psfFlux`));
    const err = BANDS.map((x) => floatColumn(b, `${x}_psfFluxErr`));
    const cols: NamedColumn[] = [];
    for (const field of t.schema.fields) {
      const name = field.name;
      const values = templateValues.get(name) as unknown[];
      const at = (k: number) => values[(rows + k) % m];
      const row = (k: number) => Math.floor(k / BANDS.length);
      const band = (k: number) => k % BANDS.length;
      let data: ColumnValues;
      if (name === "forcedSourceId")
        data = { kind: "i64", values: BigInt64Array.from({ length: n }, () => next++) };
      else if (name === "objectId")
        data = { kind: "i64", values: BigInt64Array.from({ length: n }, (_, k) => id[row(k)]) };
      else if (name === "coord_ra")
        data = { kind: "f64", values: Float64Array.from({ length: n }, (_, k) => ra[row(k)]) };
      else if (name === "coord_dec")
        data = { kind: "f64", values: Float64Array.from({ length: n }, (_, k) => dec[row(k)]) };
      else if (name === "tract" || name === "patch") {
        const v = name === "tract" ? tract : patch;
        data = { kind: "i64", values: BigInt64Array.from({ length: n }, (_, k) => BigInt(v[row(k)])) };
      } else if (name === "band")
        data = { kind: "str", values: Array.from({ length: n }, (_, k) => BANDS[band(k)]) };
      else if (name === "psfFlux")
        data = { kind: "f64", values: Float64Array.from({ length: n }, (_, k) => flux[band(k)][row(k)]) };
      else if (name === "psfFluxErr")
        data = { kind: "f64", values: Float64Array.from({ length: n }, (_, k) => err[band(k)][row(k)]) };
      else if (name === "psfFlux_flag")
        data = {
          kind: "bool",
          values: Uint8Array.from({ length: n }, (_, k) => (Number.isNaN(flux[band(k)][row(k)]) ? 1 : 0)),
        };
      else {
        const type = String(field.type);
        if (type === "Bool")
          data = { kind: "bool", values: Uint8Array.from({ length: n }, (_, k) => (at(k) ? 1 : 0)) };
        else if (type === "Int64")
          data = {
            kind: "i64",
            values: BigInt64Array.from({ length: n }, (_, k) => BigInt(at(k) as bigint)),
          };
        else if (type === "Int32")
          data = { kind: "i32", values: Int32Array.from({ length: n }, (_, k) => Number(at(k))) };
        else if (type === "Float32")
          data = { kind: "f32", values: Float32Array.from({ length: n }, (_, k) => Number(at(k))) };
        else if (type === "Float64")
          data = { kind: "f64", values: Float64Array.from({ length: n }, (_, k) => Number(at(k))) };
        else data = { kind: "str", values: Array.from({ length: n }, (_, k) => String(at(k))) };
      }
      cols.push({ name, data });
    }
    await writer.write(cols, n);
    rows += n;
  }
  await writer.close();
  return rows;
}

async function duckdbPeer(path: string, rateColumns: readonly { value: string; flag: string | null }[]) {
  const db = await (await DuckDBInstance.create(":memory:")).connect();
  const perPatch = (
    await db.runAndReadAll(
      `select tract, patch, count(*)::double from '${path}' where detect_isPrimary and not sky_object group by all order by all`,
    )
  ).getRows();
  const exprs = rateColumns.flatMap((c) => [
    `avg(case when "${c.value}" is null or isnan("${c.value}") then 1 else 0 end)::double`,
    ...(c.flag === null ? [] : [`avg(case when "${c.flag}" then 1 else 0 end)::double`]),
  ]);
  const rates = (await db.runAndReadAll(`select ${exprs.join(", ")} from '${path}'`)).getRows()[0];
  db.closeSync();
  return { perPatch, rates };
}

const objectPath = join(DATA, "Object.parquet");
if (!existsSync(objectPath)) {
  console.error(
    `no ${objectPath}: make it with npm run fixtures -- --rows 1000000 --seed 1 --defects hole --out ${DATA}`,
  );
  process.exit(2);
}
console.log(
  `data ${DATA}; load average ${loadavg()
    .map((x) => x.toFixed(1))
    .join(" ")} on ${(await import("node:os")).cpus().length} cores`,
);
if (!existsSync(join(DATA, "ForcedSource.parquet")))
  await timed("write ForcedSource (one row per object and band)", writeForcedSource);

/** Science metrics of the coadd gate: ours against the DuckDB SQL a user would write for the same numbers. */
async function sciencePeer(): Promise<void> {
  const tables = new Map([["Object", await openTable("Object", objectPath)]]);
  const wanted = [
    ["Object", "objectDensity"],
    ["Object", "nanRate"],
    ["Object", "flagRate"],
  ] as const;
  // As the gate computes them: rates from the DuckDB engine's column profile, density from one scan.
  const duck = new DuckDBEngine();
  const ours = await timed("science metrics (density, NaN/flag rates), ours", () =>
    computeScience(wanted, {
      tables,
      profile: (table, columns) =>
        duck.profile(tables.get(table) as Awaited<ReturnType<typeof openTable>>, {
          columns,
          statistics: "counts",
        }),
    }),
  );
  await duck.close();
  if (args.includes("--scan"))
    await timed("same, every column streamed through the Arrow reader", () =>
      computeScience(wanted, { tables }),
    );
  const { ratePlan } = await import("../src/metrics/science/rates.js");
  const { felisTypeOfPhysical } = await import("../src/schema/datatypes.js");
  const plan = ratePlan(
    (await (tables.get("Object") as Awaited<ReturnType<typeof openTable>>).columns()).map((c) => ({
      name: c.name,
      datatype: felisTypeOfPhysical(c.type) ?? "binary",
    })),
  );
  const peer = await timed("same numbers in one DuckDB SQL query (peer)", () =>
    duckdbPeer(objectPath, plan.entries),
  );
  const density = ours.value.get("Object.objectDensity") as Metric[];
  const nan = ours.value.get("Object.nanRate") as Metric[];
  const flag = ours.value.get("Object.flagRate") as Metric[];
  let k = 0;
  let worst = 0;
  for (const e of plan.entries) {
    const ourNan =
      nan.find((m) => m.dataId.family === e.family && m.dataId.band === (e.band ?? undefined))?.value ??
      Number.NaN;
    worst = Math.max(worst, Math.abs(ourNan - Number(peer.value.rates[k++])));
    if (e.flag !== null) {
      const ourFlag =
        flag.find((m) => m.dataId.family === e.family && m.dataId.band === (e.band ?? undefined))?.value ??
        Number.NaN;
      worst = Math.max(worst, Math.abs(ourFlag - Number(peer.value.rates[k++])));
    }
  }
  const counted = density.filter((m) => (m.value ?? 0) > 0).length;
  console.log(
    `agreement: ${plan.entries.length} families × rates, largest difference ${worst.toExponential(1)}; patches with objects: ours ${counted}, DuckDB ${peer.value.perPatch.length}`,
  );
  console.log(
    `ratio ours / DuckDB: wall ${(ours.wall / peer.wall).toFixed(2)}×, cpu ${(ours.cpu / peer.cpu).toFixed(2)}×`,
  );
}

if (!args.includes("--gate-only")) await sciencePeer();

if (!args.includes("--skip-gate")) {
  // Every engine call and every Parquet read through src/io is timed and printed as it ends.
  traceParquetReader();
  const engine = new AutoEngine({
    duckdb: tracedEngine(new DuckDBEngine(), "duckdb"),
    arrow: tracedEngine(new ArrowEngine(), "arrow"),
  });
  const gate = await timed("skygate gate gates/coadd.yaml (suite + metrics)", () =>
    runGate(loadGate(join(ROOT, "gates/coadd.yaml"), { data: DATA }), {
      engines: { engineFor: () => engine },
      version: "bench",
    }),
  );
  await engine.close();
  // --json OUT: the gate report, to compare two versions' results (same check, same number).
  const out = option("json", "");
  if (out !== "")
    writeFileSync(
      out,
      `${JSON.stringify(gate.value, (_, v) => (typeof v === "bigint" ? String(v) : v), 1)}\n`,
    );
  const traced = trace.reduce((s, e) => ({ wall: s.wall + e.wall, cpu: s.cpu + e.cpu }), { wall: 0, cpu: 0 });
  console.log(
    `traced calls: ${trace.length}, wall ${(traced.wall / 1000).toFixed(1)} s, cpu ${(traced.cpu / 1000).toFixed(1)} s (nested reads counted twice)`,
  );
  if (engine.fallbacks.length > 0) console.log(`fallbacks to Arrow: ${JSON.stringify(engine.fallbacks)}`);
  console.log(
    `gate ${gate.value.status}: ${gate.value.results.length} results, blocking ${gate.value.gate.blocking.length} (${gate.value.gate.blocking.slice(0, 6).join(", ")}); metrics: ${gate.value.metrics.map((m) => `${m.metric}=${m.value === null ? "—" : m.value.toPrecision(4)}`).join(", ")}`,
  );
}
console.log(`peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);

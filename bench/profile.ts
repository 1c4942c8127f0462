/**
 * Benchmark: profile every column of a wide Object-like Parquet file (outside CI).
 *
 *   node --import tsx bench/profile.ts [PATH.parquet] [--rows N] [--cols N] [--danfo-rows N] [--no-arrow]
 *        [--quantiles] [--only expert|floor|duckdb|arrow|danfo|check] [--isolated [--rounds N]] [--schema FELIS.yaml]
 *
 * Without PATH it uses fixtures/large/Object.parquet if present, else writes (once) a DuckDB-generated file
 * bench/data/object-like-<N>.parquet with the DP0.2 Object type mix (489 double with ~0.5 % NaN, 462 boolean,
 * 26 float, 8 int, 4 long, 2 char = 991 columns; default N = 100 000).
 * Runs, in one process: (i) the expert one-query DuckDB SQL profile (benchmark-peers.md, third row),
 * (ii) skygate's DuckDBEngine.profile, (iii) skygate's ArrowEngine.profile through src/io's Parquet reader,
 * then quantile sketches separately, then danfojs-node describe() on a slice; prints times, values/s, ratios
 * and peak RSS. `--isolated` also prints two floors: DuckDB decoding every column with one `count(x)` each, and
 * src/io's Parquet scan alone (the Arrow path's decoding). `--only X` runs one contender in this process, for its own peak RSS. `--cols N` keeps N of the
 * 991 generated columns (every k-th, so the type mix stays), e.g. `--rows 10000000 --cols 100`.
 * With `--isolated --schema FELIS.yaml` each round also runs `skygate check --schema FELIS.yaml` on the file as the
 * table Object (in-process, the CLI's engine choice, module loading excluded as for the others): the every-column
 * check, which should cost little more than the profile (issue 17).
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, resolve } from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { main as cli } from "../src/cli/main.js";
import { ArrowEngine } from "../src/engines/arrow/arrow-engine.js";
import { DuckDBEngine } from "../src/engines/duckdb/duckdb-engine.js";
import { openTable } from "../src/io/open.js";

const args = process.argv.slice(2);
const flag = (name: string) => args.includes(`--${name}`);
const option = (name: string, fallback: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const VALUED = new Set(["--rows", "--cols", "--danfo-rows", "--only", "--rounds", "--schema"]);
const positional = args.filter((a, i) => !a.startsWith("--") && !(i > 0 && VALUED.has(args[i - 1])));

const ROOT = resolve(dirname(new URL(import.meta.url).pathname), "..");

/** Object-like column list: [name, SQL type, expression over row r]. */
function objectLikeColumns(): [string, string][] {
  const cols: [string, string][] = [];
  const h = (k: number) => `hash(r, ${k})`;
  cols.push(["objectId", "CAST(r AS BIGINT) * 4096 + 1700000000000000000"]);
  cols.push(["parentObjectId", `CAST(${h(1)} % 1000000 AS BIGINT)`]);
  cols.push(["tract", "CAST(4431 AS BIGINT)"]);
  cols.push(["patch", `CAST(${h(2)} % 49 AS BIGINT)`]);
  for (let k = 0; k < 489; k++) {
    cols.push([
      `d${k}`,
      `CASE WHEN ${h(100 + k)} % 200 = 0 THEN 'NaN'::DOUBLE ELSE CAST(${h(1100 + k)} % 2000000 AS DOUBLE) / 100 - 5000 END`,
    ]);
  }
  for (let k = 0; k < 462; k++) cols.push([`b${k}`, `${h(2000 + k)} % 13 = 0`]);
  for (let k = 0; k < 26; k++)
    cols.push([`f${k}`, `CAST(CAST(${h(3000 + k)} % 100000 AS DOUBLE) / 1000 AS FLOAT)`]);
  for (let k = 0; k < 8; k++) cols.push([`i${k}`, `CAST(${h(4000 + k)} % 100000 AS INTEGER)`]);
  cols.push(["band", "['u','g','r','i','z','y'][CAST(r % 6 AS INTEGER) + 1]"]);
  cols.push(["name", "'obj' || CAST(r % 5000 AS VARCHAR)"]);
  return cols;
}

async function ensureFile(): Promise<string> {
  if (positional[0]) return resolve(positional[0]);
  const large = resolve(ROOT, "fixtures/large/Object.parquet");
  if (existsSync(large)) return large;
  const rows = option("rows", 100_000);
  const cols = option("cols", 991);
  const path = resolve(ROOT, `bench/data/object-like-${rows}${cols < 991 ? `x${cols}` : ""}.parquet`);
  if (existsSync(path)) return path;
  mkdirSync(dirname(path), { recursive: true });
  console.log(`writing ${path} (${rows} rows × ${cols} columns) with DuckDB…`);
  const t0 = performance.now();
  const db = await DuckDBInstance.create(":memory:", { threads: "2", memory_limit: "4GB" });
  const c = await db.connect();
  const all = objectLikeColumns();
  const step = all.length / cols;
  const select = all
    .filter((_, i) => Math.floor(i / step) !== Math.floor((i - 1) / step) || i === 0)
    .slice(0, cols)
    .map(([name, expr]) => `${expr} AS "${name}"`)
    .join(", ");
  await c.run(
    `COPY (SELECT ${select} FROM (SELECT range AS r FROM range(${rows}))) TO '${path}' (FORMAT parquet, COMPRESSION zstd)`,
  );
  c.closeSync();
  db.closeSync();
  console.log(`  written in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  return path;
}

/** The expert one-query DuckDB profile of benchmark-peers.md (third row), written by hand. */
function expertSql(path: string, columns: { name: string; type: string }[], quantiles: boolean): string {
  const parts = ["count(*)"];
  for (const { name, type } of columns) {
    const x = `"${name}"`;
    if (type === "DOUBLE" || type === "FLOAT") {
      const f = `CASE WHEN isfinite(${x}) THEN ${x} END`;
      parts.push(
        `count(${x})`,
        `sum(isnan(${x})::INT)`,
        `sum(isinf(${x})::INT)`,
        `min(${f})`,
        `max(${f})`,
        `avg(${f})`,
        `stddev_samp(${f})`,
      );
      if (quantiles) parts.push(`approx_quantile(${f}, [0.01, 0.5, 0.99])`);
    } else if (type === "BOOLEAN") {
      parts.push(`count(${x})`, `sum(${x}::INT)`);
    } else if (type === "VARCHAR") {
      parts.push(`count(${x})`, `approx_count_distinct(${x})`, `min(length(${x}))`, `max(length(${x}))`);
    } else {
      parts.push(
        `count(${x})`,
        `min(${x})`,
        `max(${x})`,
        `avg(${x})`,
        `stddev_samp(${x})`,
        `approx_count_distinct(${x})`,
      );
      if (quantiles) parts.push(`approx_quantile(${x}, [0.01, 0.5, 0.99])`);
    }
  }
  return `SELECT ${parts.join(", ")} FROM read_parquet('${path}')`;
}

function rssMB(): number {
  return Math.round(process.resourceUsage().maxRSS / 1024);
}

async function time<T>(label: string, f: () => Promise<T>): Promise<{ seconds: number; value: T }> {
  const t0 = performance.now();
  const value = await f();
  const seconds = (performance.now() - t0) / 1000;
  console.log(`${label.padEnd(44)} ${seconds.toFixed(2).padStart(8)} s   peak RSS so far ${rssMB()} MB`);
  return { seconds, value };
}

const ONLY = args.includes("--only") ? args[args.indexOf("--only") + 1] : "all";
const SCHEMA = args.includes("--schema") ? args[args.indexOf("--schema") + 1] : null;

/** A fresh DuckDB (2 threads, 2 GB) and the file's columns as DuckDB types them. */
async function duckdbOn(path: string) {
  const db = await DuckDBInstance.create(":memory:", { threads: "2", memory_limit: "2GB" });
  const c = await db.connect();
  const described = (
    await c.runAndReadAll(`DESCRIBE SELECT * FROM read_parquet('${path}')`)
  ).getRowObjectsJS();
  const columns = described.map((r) => ({ name: String(r.column_name), type: String(r.column_type) }));
  return { db, c, columns };
}

/** One contender alone in this process, so peak RSS is its own. */
async function runOnly(path: string): Promise<void> {
  const source = await openTable("Object", path);
  const rows = await source.rowCount();
  const cols = (await source.columns()).length;
  console.log(`${path}: ${rows} rows × ${cols} columns; only ${ONLY}`);
  if (ONLY === "expert") {
    const { c, columns } = await duckdbOn(path);
    await time("DuckDB expert one-query SQL profile", () => c.runAndReadAll(expertSql(path, columns, false)));
  } else if (ONLY === "floor") {
    const { c, columns } = await duckdbOn(path);
    // DuckDB's floor: decoding every column and one trivial aggregate over it. Not count(x), which DuckDB
    // answers from the footers' null counts without decoding (0.02 s for 100k × 991).
    const counts = columns
      .map((col, i) => `count(CASE WHEN "${col.name.replace(/"/g, '""')}" IS NOT NULL THEN 1 END) AS c${i}`)
      .join(", ");
    await time("DuckDB scan floor (count of every column)", () =>
      c.runAndReadAll(`SELECT ${counts} FROM read_parquet('${path}')`),
    );
  } else if (ONLY === "check") {
    if (SCHEMA === null) throw new Error("--only check needs --schema FELIS.yaml");
    const quiet = { version: "bench", stdout: () => {}, stderr: () => {}, stderrIsTTY: false };
    const json = resolve(tmpdir(), `skygate-bench-check-${process.pid}.json`);
    let code = -1;
    await time("skygate check (every column, CLI in-process)", async () => {
      code = await cli(
        ["check", "--schema", SCHEMA, "--table", `Object=${path}`, "--quiet", "--json", json],
        quiet,
      );
    });
    console.log(`  exit ${code}`);
  } else if (ONLY === "duckdb") {
    const duck = new DuckDBEngine({ threads: 2, memoryLimit: "2GB" });
    await time("skygate DuckDBEngine.profile", () => duck.profile(source));
    await duck.close();
  } else if (ONLY === "danfo") {
    const danfoRows = Math.min(rows, option("danfo-rows", 2000));
    const db = await DuckDBInstance.create(":memory:", { threads: "2" });
    const c = await db.connect();
    const described = (
      await c.runAndReadAll(`DESCRIBE SELECT * FROM read_parquet('${path}')`)
    ).getRowObjectsJS();
    const numeric = described
      .filter((r) => ["DOUBLE", "FLOAT", "INTEGER", "BIGINT"].includes(String(r.column_type)))
      .map((r) => String(r.column_name));
    const slice = (
      await c.runAndReadAll(
        `SELECT ${numeric.map((n) => `CAST("${n}" AS DOUBLE) AS "${n}"`).join(", ")} FROM read_parquet('${path}') LIMIT ${danfoRows}`,
      )
    ).getColumnsObjectJS();
    const dfd = await import("danfojs-node");
    const frame = new dfd.DataFrame(slice as Record<string, number[]>);
    const { seconds } = await time(`danfojs-node describe() on ${danfoRows} × ${numeric.length}`, async () =>
      frame.describe(),
    );
    console.log(`  ${((danfoRows * numeric.length) / seconds).toExponential(2)} values/s`);
  } else if (ONLY === "arrow") {
    // warm-up: decode two batches, so that neither timed pass pays for compiling parquet-wasm's code
    let k = 0;
    for await (const batch of source.scan()) {
      void batch;
      if (++k >= 2) break;
    }
    await time("skygate ArrowEngine.profile (src/io reader)", () => new ArrowEngine().profile(source));
    await time("src/io scan only (Parquet decoding)", async () => {
      for await (const batch of source.scan()) void batch;
    });
  }
  console.log(`peak RSS ${rssMB()} MB`);
}

/** Seconds printed by a `--only` child for the line starting with `label`. */
function secondsOf(output: string, label: string): number {
  const line = output.split("\n").find((l) => l.startsWith(label));
  const match = line?.slice(label.length).match(/^.*?\s([0-9.]+) s\b/);
  if (!match) throw new Error(`no timing for "${label}" in:\n${output}`);
  return Number(match[1]);
}

/** Peak RSS (MB) printed by a `--only` child. */
function peakOf(output: string): number {
  return Number(output.match(/peak RSS (\d+) MB\s*$/m)?.[1] ?? Number.NaN);
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/**
 * `--isolated`: every contender runs in a fresh child process (`--only X`) on the same file, so none
 * inherits another's heap, DuckDB buffer pool or threads. `--rounds N` (default 1) repeats expert, DuckDBEngine
 * and ArrowEngine (with the decode-only floor) interleaved, and reports medians; danfo runs once (skip it with
 * `--danfo-rows 0`).
 */
async function runIsolated(path: string): Promise<void> {
  const source = await openTable("Object", path);
  const values = (await source.rowCount()) * (await source.columns()).length;
  const run = (only: string, extra: string[] = []): string => {
    const child = spawnSync(
      process.execPath,
      ["--import", "tsx", "bench/profile.ts", path, "--only", only, ...extra],
      { encoding: "utf8", maxBuffer: 1 << 26 },
    );
    if (child.status !== 0) throw new Error(`--only ${only} failed:\n${child.stderr}`);
    process.stdout.write(child.stdout);
    return child.stdout;
  };
  const rounds = option("rounds", 1);
  const t = {
    expert: [] as number[],
    scan: [] as number[],
    duckdb: [] as number[],
    arrow: [] as number[],
    decode: [] as number[],
    check: [] as number[],
  };
  const rss = {
    expert: [] as number[],
    duckdb: [] as number[],
    arrow: [] as number[],
    check: [] as number[],
  };
  for (let r = 0; r < rounds; r++) {
    const e = run("expert");
    t.expert.push(secondsOf(e, "DuckDB expert one-query SQL profile"));
    t.scan.push(secondsOf(run("floor"), "DuckDB scan floor (count of every column)"));
    rss.expert.push(peakOf(e));
    const d = run("duckdb");
    t.duckdb.push(secondsOf(d, "skygate DuckDBEngine.profile"));
    rss.duckdb.push(peakOf(d));
    if (SCHEMA !== null) {
      const c = run("check", ["--schema", SCHEMA]);
      t.check.push(secondsOf(c, "skygate check (every column, CLI in-process)"));
      rss.check.push(peakOf(c));
    }
    if (!flag("no-arrow")) {
      const a = run("arrow");
      t.decode.push(secondsOf(a, "src/io scan only (Parquet decoding)"));
      t.arrow.push(secondsOf(a, "skygate ArrowEngine.profile (src/io reader)"));
      rss.arrow.push(peakOf(a));
    }
  }
  const danfoRows = option("danfo-rows", 2000);
  const danfoRate =
    danfoRows > 0
      ? Number(run("danfo", ["--danfo-rows", String(danfoRows)]).match(/([0-9.e+]+) values\/s/)?.[1])
      : Number.NaN;
  const expert = median(t.expert);
  const engine = median(t.duckdb);
  const rate = (s: number) => `${(values / s).toExponential(2)} values/s`;
  const mem = (xs: number[]) => `peak RSS ${Math.max(...xs)} MB`;
  console.log(`\nsummary (each contender in its own process; medians of ${rounds} interleaved rounds)`);
  console.log(`  expert SQL     ${expert.toFixed(2)} s  ${rate(expert)}  ${mem(rss.expert)}`);
  console.log(
    `  DuckDBEngine   ${engine.toFixed(2)} s  ${rate(engine)}  ratio to expert ${(engine / expert).toFixed(2)}× (target ≤ 1.0×)  ${mem(rss.duckdb)}`,
  );
  if (t.check.length > 0) {
    const check = median(t.check);
    console.log(
      `  check          ${check.toFixed(2)} s  ratio to expert ${(check / expert).toFixed(2)}× (target ≤ 1.0×), ${(check / engine).toFixed(2)}× the profile  ${mem(rss.check)}`,
    );
  }
  const scan = median(t.scan);
  console.log(
    `  DuckDB floor   ${scan.toFixed(2)} s  (decoding every column + a non-null count; ${(scan / expert).toFixed(2)}× expert, DuckDBEngine = ${(engine / scan).toFixed(2)}× the floor)`,
  );
  if (t.arrow.length > 0) {
    const arrow = median(t.arrow);
    const decode = median(t.decode);
    console.log(
      `  ArrowEngine    ${arrow.toFixed(2)} s  ${rate(arrow)}  ratio to expert ${(arrow / expert).toFixed(2)}×  ${mem(rss.arrow)}`,
    );
    console.log(
      `  decode floor   ${decode.toFixed(2)} s  (src/io Parquet scan alone; ArrowEngine = ${(arrow / decode).toFixed(2)}× the floor, ${(decode / expert).toFixed(2)}× expert)`,
    );
  }
  if (danfoRows > 0) {
    console.log(`  danfo describe() ${danfoRate.toExponential(2)} values/s`);
    console.log(
      `  DuckDBEngine / danfo   ${(values / engine / danfoRate).toFixed(0)}× in values/s (target ≥ 30×)`,
    );
  }
}

async function main(): Promise<void> {
  const path = await ensureFile();
  if (ONLY !== "all") {
    await runOnly(path);
    return;
  }
  if (flag("isolated")) {
    await runIsolated(path);
    return;
  }
  const { db, c, columns } = await duckdbOn(path);
  const rows = Number(
    (await c.runAndReadAll(`SELECT count(*) FROM read_parquet('${path}')`)).getRows()[0][0],
  );
  const values = rows * columns.length;
  console.log(
    `file ${path}: ${rows} rows × ${columns.length} columns, ${(statSync(path).size / 1e6).toFixed(0)} MB`,
  );
  console.log(`(${values.toExponential(2)} values; 2 shared cores; DuckDB threads 2)`);

  const expert = await time("DuckDB expert one-query SQL profile", () =>
    c.runAndReadAll(expertSql(path, columns, false)),
  );
  const source = await openTable("Object", path);
  const duck = new DuckDBEngine({ threads: 2, memoryLimit: "2GB" });
  const engine = await time("skygate DuckDBEngine.profile", () => duck.profile(source));
  let arrowSeconds: number | null = null;
  if (!flag("no-arrow")) {
    const arrow = await time("skygate ArrowEngine.profile (src/io reader)", () =>
      new ArrowEngine().profile(source),
    );
    arrowSeconds = arrow.seconds;
  }
  console.log("\nquantile sketches, timed separately:");
  const expertQ = await time("DuckDB expert SQL + approx_quantile", () =>
    c.runAndReadAll(expertSql(path, columns, true)),
  );
  const engineQ = await time("skygate DuckDBEngine.profile + quantiles", () =>
    duck.profile(source, { quantiles: [0.01, 0.5, 0.99] }),
  );
  let arrowQ: number | null = null;
  if (flag("quantiles") && !flag("no-arrow")) {
    arrowQ = (
      await time("skygate ArrowEngine.profile + KLL quantiles", () =>
        new ArrowEngine().profile(source, { quantiles: [0.01, 0.5, 0.99] }),
      )
    ).seconds;
  }
  await duck.close();

  // danfojs-node describe() on a slice of the numeric columns (it only describes numbers).
  // danfo cannot describe an empty frame: `--danfo-rows 0` still gives it one row here (the isolated mode skips it).
  const danfoRows = Math.max(1, Math.min(rows, option("danfo-rows", 2000)));
  const numeric = columns
    .filter((col) => ["DOUBLE", "FLOAT", "INTEGER", "BIGINT"].includes(col.type))
    .map((col) => col.name);
  const slice = (
    await c.runAndReadAll(
      `SELECT ${numeric.map((n) => `CAST("${n}" AS DOUBLE) AS "${n}"`).join(", ")} FROM read_parquet('${path}') LIMIT ${danfoRows}`,
    )
  ).getColumnsObjectJS();
  c.closeSync();
  db.closeSync();
  const dfd = await import("danfojs-node");
  const frame = new dfd.DataFrame(slice as Record<string, number[]>);
  const danfo = await time(`danfojs-node describe() on ${danfoRows} × ${numeric.length}`, async () =>
    frame.describe(),
  );
  void danfo.value;
  const danfoValues = danfoRows * numeric.length;

  const rate = (v: number, s: number) => `${(v / s).toExponential(2)} values/s`;
  console.log("\nsummary");
  console.log(`  expert SQL             ${expert.seconds.toFixed(2)} s  ${rate(values, expert.seconds)}`);
  console.log(
    `  DuckDBEngine           ${engine.seconds.toFixed(2)} s  ${rate(values, engine.seconds)}  ratio to expert ${(engine.seconds / expert.seconds).toFixed(2)}× (target ≤ 1.0×)`,
  );
  if (arrowSeconds !== null) {
    console.log(
      `  ArrowEngine            ${arrowSeconds.toFixed(2)} s  ${rate(values, arrowSeconds)}  ratio to expert ${(arrowSeconds / expert.seconds).toFixed(2)}×`,
    );
  }
  console.log(`  danfo describe()       ${danfo.seconds.toFixed(2)} s  ${rate(danfoValues, danfo.seconds)}`);
  console.log(
    `  DuckDBEngine / danfo   ${(values / engine.seconds / (danfoValues / danfo.seconds)).toFixed(0)}× in values/s (target ≥ 30×)`,
  );
  if (arrowSeconds !== null) {
    console.log(
      `  ArrowEngine / danfo    ${(values / arrowSeconds / (danfoValues / danfo.seconds)).toFixed(0)}× in values/s`,
    );
  }
  console.log(
    `  quantiles: expert ${expertQ.seconds.toFixed(2)} s, DuckDBEngine ${engineQ.seconds.toFixed(2)} s${arrowQ !== null ? `, ArrowEngine ${arrowQ.toFixed(2)} s` : ""}`,
  );
  console.log(`  peak RSS ${rssMB()} MB (whole process, DuckDB included)`);
}

await main();

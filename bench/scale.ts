/**
 * Benchmark: cost versus size (outside CI; the machine may be loaded: read ratios, not absolute times).
 *
 *   node --import tsx bench/scale.ts [--sizes 1e5,1e6,1e7] [--keys 1e7] [--tracts 100] [--tap] [--tap-rows 1e6]
 *     [--parts sizes,keys,hive,tap,qserv]
 *
 * 1. Profile and `skygate check` of a 24-column table (doubles with NaN/±Inf/NULL, ints, booleans, text,
 *    tract/patch) at each size on the DuckDB engine, each run in its own process: wall time and peak RSS, and
 *    time per row, to show linear time and bounded memory.
 * 2. Exact `unique` and `foreignKey` (DuckDBEngine) at --keys keys (10^8 is `npm run bench:keys -- --rows 1e8`).
 * 3. A Hive-partitioned release of --tracts files (`tract=T/part-0.parquet`): a per-tract profile opens only
 *    that tract's file (files counted through the table source), against the whole release.
 * 4. With --tap (needs `bash scripts/dachs/setup.sh`): a --tap-rows table loaded into DaCHS and profiled through
 *    the TAP engine: queries, bytes moved and time, against downloading the table (CSV and VOTable sizes).
 * 5. With `--parts qserv`: the queries a gate sends to Qserv (each a full scan there), counted through the fake
 *    Qserv service of the unit tests on the pilot tables, for the README's on-paper cost of a whole-release gate.
 * Data are written once to bench/data/ (git-ignored).
 */
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";

const ROOT = resolve(dirname(new URL(import.meta.url).pathname), "..");
const DATA = join(ROOT, "bench/data");
const args = process.argv.slice(2);
const option = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? (args[i + 1] as string) : fallback;
};

/** A synthetic Object-like table of n rows (deterministic). */
function tableSql(n: number, tracts = 10): string {
  const cols = [
    "i::BIGINT AS objectId",
    `(i % ${tracts})::BIGINT AS tract`,
    "((i // 7) % 49)::BIGINT AS patch",
    "50 + (hash(i) % 100000) / 10000.0 AS coord_ra",
    "-40 + (hash(i + 1) % 100000) / 10000.0 AS coord_dec",
  ];
  for (let k = 0; k < 12; k++) {
    // One value in 997 NULL, one in 1009 NaN, one in 100003 +Inf.
    cols.push(
      `CASE WHEN i % 997 = ${k} THEN NULL WHEN i % 1009 = ${k} THEN 'NaN'::DOUBLE WHEN i % 100003 = ${k} THEN 'Infinity'::DOUBLE ELSE (hash(i * ${k + 3}) % 1000000) / 100.0 END AS f${k}`,
    );
  }
  for (let k = 0; k < 3; k++) cols.push(`(hash(i + ${k}) % 1000)::INTEGER AS n${k}`);
  for (let k = 0; k < 3; k++) cols.push(`(hash(i * ${k + 11}) % 3 = 0) AS b${k}`);
  cols.push("['g','r','i','z','y','u'][1 + i % 6] AS band");
  return `SELECT ${cols.join(", ")} FROM range(${n}) t(i)`;
}

async function write(path: string, sql: string, extra = ""): Promise<void> {
  if (existsSync(path)) return;
  mkdirSync(dirname(path), { recursive: true });
  const conn = await (await DuckDBInstance.create(":memory:", { threads: "2" })).connect();
  await conn.run(`COPY (${sql}) TO '${path}' (FORMAT parquet${extra})`);
  conn.closeSync();
}

/** Runs one measured task in a fresh process; returns its printed JSON (wall ms, peak RSS MB, details). */
function child(task: string, ...rest: string[]): Record<string, number | string> {
  const out = execFileSync(
    process.execPath,
    ["--import", "tsx", join(ROOT, "bench/scale.ts"), "--child", task, ...rest],
    {
      cwd: ROOT,
      encoding: "utf8",
      maxBuffer: 1 << 26,
    },
  );
  return JSON.parse(out.trim().split("\n").pop() as string);
}

async function runChild(task: string, rest: string[]): Promise<void> {
  const { main } = await import("../src/cli/main.js");
  const { DuckDBEngine } = await import("../src/engines/duckdb/duckdb-engine.js");
  const { openTable } = await import("../src/io/open.js");
  const t0 = performance.now();
  const detail: Record<string, number | string> = {};
  const quiet = { version: "0", stdout: () => {}, stderr: () => {}, stderrIsTTY: false };
  if (task === "profile") {
    const engine = new DuckDBEngine();
    // Hive key columns (tract=…) are left to the path: DuckDBEngine reads the files without hive_partitioning.
    const source = await openTable("T", rest[0] as string);
    const result = await engine.profile(source);
    detail.columns = Object.keys(result.profile.columns).length;
    detail.rows = result.profile.rows;
    detail.files = source.files.length;
    await engine.close();
  } else if (task === "check") {
    detail.exit = await main(["check", "--table", `T=${rest[0]}`, "--engine", "duckdb", "--quiet"], quiet);
  } else if (task === "keys") {
    const engine = new DuckDBEngine();
    const source = await openTable("K", rest[0] as string);
    const parents = await openTable("P", rest[1] as string);
    const u = await engine.duplicateKeys(source, ["id"]);
    detail.uniqueMs = Math.round(performance.now() - t0);
    const f = await engine.orphanKeys(source, "parentId", parents, "id");
    detail.foreignKeyMs = Math.round(performance.now() - t0 - detail.uniqueMs);
    detail.duplicates = u.failing;
    detail.orphans = f.failing;
    await engine.close();
  }
  const wallMs = Math.round(performance.now() - t0);
  console.log(
    JSON.stringify({ wallMs, peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024), ...detail }),
  );
}

async function sizes(): Promise<void> {
  const list = option("sizes", "1e5,1e6,1e7").split(",").map(Number);
  console.log("## profile and check vs size (DuckDB engine, 24 columns, one process per run)\n");
  console.log(
    "| rows | profile s | profile µs/row | profile peak RSS MB | check s | check µs/row | check peak RSS MB |",
  );
  console.log("|---|---|---|---|---|---|---|");
  for (const n of list) {
    const file = join(DATA, `scale-${n}.parquet`);
    await write(file, tableSql(n));
    const p = child("profile", file);
    const c = child("check", file);
    const per = (ms: number) => ((Number(ms) * 1000) / n).toFixed(2);
    console.log(
      `| ${n.toExponential(0)} | ${(Number(p.wallMs) / 1000).toFixed(2)} | ${per(Number(p.wallMs))} | ${p.peakRssMB} | ${(Number(c.wallMs) / 1000).toFixed(2)} | ${per(Number(c.wallMs))} | ${c.peakRssMB} |`,
    );
  }
}

async function keys(): Promise<void> {
  const n = Number(option("keys", "1e7"));
  const file = join(DATA, `scale-keys-${n}.parquet`);
  const parents = join(DATA, `scale-parents-${n / 10}.parquet`);
  // Every 10^6-th row repeats the previous id; every 999 983-th parentId is absent from the parents.
  await write(
    file,
    `SELECT CASE WHEN i % 1000000 = 999999 THEN i - 1 ELSE i END AS id, CASE WHEN i % 999983 = 1 THEN -1 - i ELSE i % ${n / 10} END AS parentId FROM range(${n}) t(i)`,
  );
  await write(parents, `SELECT i AS id FROM range(${n / 10}) t(i)`);
  const k = child("keys", file, parents);
  console.log(
    `\n## unique / foreignKey at ${n.toExponential(0)} keys (DuckDBEngine, parents ${(n / 10).toExponential(0)})\n`,
  );
  console.log(
    `unique ${(Number(k.uniqueMs) / 1000).toFixed(2)} s (${k.duplicates} failing rows), foreignKey ${(Number(k.foreignKeyMs) / 1000).toFixed(2)} s (${k.orphans} orphans), peak RSS ${k.peakRssMB} MB`,
  );
}

async function hive(): Promise<void> {
  const tracts = Number(option("tracts", "100"));
  const dir = join(DATA, `release-${tracts}`);
  if (!existsSync(dir)) {
    mkdirSync(DATA, { recursive: true });
    const conn = await (await DuckDBInstance.create(":memory:", { threads: "2" })).connect();
    await conn.run(
      `COPY (${tableSql(tracts * 20000, tracts)}) TO '${dir}' (FORMAT parquet, PARTITION_BY (tract))`,
    );
    conn.closeSync();
  }
  const whole = child("profile", dir, "hive");
  const one = child("profile", join(dir, "tract=42"), "hive");
  console.log(`\n## Hive-partitioned release: ${tracts} tracts × 20 000 rows\n`);
  console.log("| gate | files opened | rows | s | peak RSS MB |\n|---|---|---|---|---|");
  console.log(
    `| whole release | ${whole.files} | ${whole.rows} | ${(Number(whole.wallMs) / 1000).toFixed(2)} | ${whole.peakRssMB} |`,
  );
  console.log(
    `| tract 42 only | ${one.files} | ${one.rows} | ${(Number(one.wallMs) / 1000).toFixed(2)} | ${one.peakRssMB} |`,
  );
}

async function tap(): Promise<void> {
  const n = Number(option("tap-rows", "1e6"));
  const { TapEngine, TapTableSource } = await import("../src/engines/tap/index.js");
  const { parseTapSpec } = await import("../src/engines/tap/source.js");
  const url = process.env.SKYGATE_TAP_URL ?? "http://127.0.0.1:8391/tap";
  const table = `scale${n}`;
  const csv = join(DATA, `${table}.csv`);
  // Loaded by PostgreSQL COPY into a table that a third DaCHS resource declares (scripts/dachs/load-scale.sh).
  const conn = await (await DuckDBInstance.create(":memory:", { threads: "2" })).connect();
  if (!existsSync(csv)) await conn.run(`COPY (${tableSql(n)}) TO '${csv}' (FORMAT csv, HEADER true)`);
  const described = (await conn.runAndReadAll(`DESCRIBE ${tableSql(1)}`)).getRowObjectsJson();
  conn.closeSync();
  const columns = described.map((r) => `${String(r.column_name)}:${String(r.column_type)}`).join(",");
  const load = spawnSync("bash", [join(ROOT, "scripts/dachs/load-table.sh"), table, csv, columns], {
    encoding: "utf8",
  });
  if (load.status !== 0) throw new Error(`loading into DaCHS failed: ${load.stderr}`);
  const source = new TapTableSource(table, parseTapSpec(`tap:${url}#skygate_scale.${table}`), {
    auth: { token: null },
  });
  const engine = new TapEngine();
  const t0 = performance.now();
  const result = await engine.profile(source);
  const ms = performance.now() - t0;
  const stats = source.client.http.stats;
  console.log(`\n## TAP (DaCHS on loopback) full-table profile of ${n.toExponential(0)} rows × 24 columns\n`);
  console.log(
    `profile ${(ms / 1000).toFixed(1)} s, ${source.client.queries} queries, ${stats.requests} HTTP requests, ${(stats.bytes / 1024).toFixed(0)} KiB received, rows ${result.profile.rows}, partial ${result.partial ?? false}`,
  );
  const t1 = performance.now();
  const download = await fetch(`${url}/sync`, {
    method: "POST",
    body: new URLSearchParams({
      LANG: "ADQL",
      QUERY: `SELECT * FROM skygate_scale.${table}`,
      MAXREC: String(n + 1),
      RESPONSEFORMAT: "votable/b2",
    }),
  });
  const bytes = (await download.arrayBuffer()).byteLength;
  console.log(
    `download of the whole table as VOTable BINARY2: ${(bytes / 1048576).toFixed(1)} MiB in ${((performance.now() - t1) / 1000).toFixed(1)} s (${(bytes / Math.max(1, stats.bytes)).toFixed(0)}× the profile's bytes)`,
  );
}

/**
 * What a gate sends to Qserv: the TAP engine in the Qserv dialect profiles and checks every pilot table (DP0.2's
 * schemas, e.g. Object's 991 columns) through the in-process fake TAP service of the unit tests (Qserv's
 * restrictions enforced), counting queries (each one a full scan of its table on Qserv), select items and bytes.
 */
async function qservPlan(): Promise<void> {
  const { startFakeTap } = await import("../test/engines/tap/fake-service.js");
  const { main } = await import("../src/cli/main.js");
  const { TapEngine, TapTableSource } = await import("../src/engines/tap/index.js");
  const { parseTapSpec } = await import("../src/engines/tap/source.js");
  const pilot = join(ROOT, "fixtures/pilot");
  const tables = ["Object", "Source", "ForcedSource", "CcdVisit", "Visit"];
  const fake = await startFakeTap({
    tables: tables.map((t) => ({ name: `dp02.${t}`, files: [join(pilot, `${t}.parquet`)] })),
    qserv: true,
    votable: "binary2",
  });
  const quiet = { version: "0", stdout: () => {}, stderr: () => {}, stderrIsTTY: false };
  const items = (queries: string[]) =>
    queries.reduce((n, q) => n + (q.split(" FROM ")[0]?.match(/ AS \w+(?=,|$)/g)?.length ?? 0), 0);
  console.log("\n## Queries a gate sends to Qserv (Qserv dialect, fake service over the pilot fixtures)\n");
  console.log(
    "| table | columns | profile queries | select items | check queries | select items | KiB received |",
  );
  console.log("|---|---|---|---|---|---|---|");
  process.env.SKYGATE_TAP_DIALECT = "qserv";
  for (const t of tables) {
    const source = new TapTableSource(t, parseTapSpec(`tap:${fake.url}#dp02.${t}`), {
      flavor: "qserv",
      auth: { token: null },
    });
    const before = fake.queries.length;
    const engine = new TapEngine();
    const result = await engine.profile(source);
    const profileQueries = fake.queries.slice(before);
    const bytes = source.client.http.stats.bytes;
    const mark = fake.queries.length;
    const code = await main(["check", "--table", `${t}=tap:${fake.url}#dp02.${t}`, "--quiet"], quiet);
    const checkQueries = fake.queries.slice(mark);
    console.log(
      `| ${t} | ${Object.keys(result.profile.columns).length} | ${profileQueries.length} | ${items(profileQueries)} | ${checkQueries.length} (exit ${code}) | ${items(checkQueries)} | ${(bytes / 1024).toFixed(0)} (profile) |`,
    );
  }
  await fake.close();
}

if (args[0] === "--child") {
  await runChild(args[1] as string, args.slice(2));
} else {
  console.log(
    `bench/scale.ts on ${new Date().toISOString()} (load average ${(await import("node:os")).loadavg()[0]?.toFixed(1)})\n`,
  );
  const parts = option("parts", `sizes,keys,hive${args.includes("--tap") ? ",tap" : ""}`).split(",");
  if (parts.includes("sizes")) await sizes();
  if (parts.includes("keys")) await keys();
  if (parts.includes("hive")) await hive();
  if (parts.includes("tap")) await tap();
  if (parts.includes("qserv")) await qservPlan();
}

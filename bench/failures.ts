/**
 * Benchmark: production failures (outside CI).
 *
 *   node --import tsx bench/failures.ts [--refcat 10000000] [--failures 100000] [--records 200000]
 *
 * (1) Locate and classify: a reference catalog of --refcat uniform positions over 25° × 20° around DC2 is indexed,
 *     then --failures {visit, detector} failures (random LSSTCam-imSim pointings in the same area, random detectors)
 *     are placed on the sky with the camera geometry and classified against it (exact reference-object counts per
 *     detector). Target: 10⁵ failures against 10⁷ objects in < 10 s (index + locate + classify).
 * (2) Streaming log summary: a JSON-lines file of --records log records (1 % errors from 20 templates, Cloud-Logging
 *     style with time, severity, labels, message) summarised per day × task × template by `skygate failures
 *     --daily-only`, by `jq` (same grouping on severity/day/label, no templating) and by DuckDB's read_json
 *     (GROUP BY), each in its own process under /usr/bin/time (wall, CPU, peak RSS). `--records 10000000` is the
 *     issue's day of logs (≈ 3 GB); `--keep FILE` keeps (or reuses) the generated file; `--failures 0` skips (1).
 */
import { spawnSync } from "node:child_process";
import { createWriteStream, existsSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { analyzeFailures } from "../src/failures/analyze.js";
import { lsstCamImSim } from "../src/failures/camera/lsstCamImSim.js";
import type { Pointing } from "../src/failures/camera/types.js";
import { footprintFromPositions } from "../src/failures/footprint.js";
import type { Failure, FailureRead } from "../src/failures/types.js";

const args = process.argv.slice(2);
const opt = (name: string, def: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : def;
};
const NREF = opt("refcat", 10_000_000);
const NFAIL = opt("failures", 100_000);
const NREC = opt("records", 200_000);
const KEEP = (() => {
  const i = args.indexOf("--keep");
  return i >= 0 ? args[i + 1] : undefined;
})();

// Child mode: DuckDB's JSON reader on the file, in its own process so its peak RSS is its own.
{
  const i = args.indexOf("--duckdb-child");
  if (i >= 0) {
    const db = await DuckDBInstance.create(":memory:");
    const con = await db.connect();
    await con.run(
      `SELECT CAST(timestamp AS DATE) AS day, labels.task_label AS task, count(*) FROM read_json('${args[i + 1]}', format = 'newline_delimited') WHERE severity = 'ERROR' GROUP BY ALL`,
    );
    process.exit(0);
  }
}

// Deterministic generator (mulberry32) so runs are comparable.
let seed = 12345;
const rand = () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const DEG = Math.PI / 180;
const RA0 = 50;
const RA1 = 75;
const DEC0 = -45;
const DEC1 = -25;
const uniformDec = () =>
  Math.asin(Math.sin(DEC0 * DEG) + rand() * (Math.sin(DEC1 * DEG) - Math.sin(DEC0 * DEG))) / DEG;

console.log(
  `# bench/failures.ts on ${process.version}, load average ${(await import("node:os"))
    .loadavg()
    .map((x) => x.toFixed(1))
    .join(" ")}`,
);

// (1) locate + classify (skipped with --failures 0)
if (NFAIL > 0) {
  const ra = new Float64Array(NREF);
  const dec = new Float64Array(NREF);
  // Footprint: the southern 30 % of the area has no reference objects, so both classes occur.
  for (let i = 0; i < NREF; i++) {
    ra[i] = RA0 + rand() * (RA1 - RA0);
    let d = uniformDec();
    while (d < -39) d = uniformDec();
    dec[i] = d;
  }
  const cam = lsstCamImSim();
  const nVisits = Math.max(1, Math.ceil(NFAIL / 189));
  const pointings = new Map<number, Pointing>();
  for (let v = 0; v < nVisits; v++)
    pointings.set(v, {
      ra: RA0 + 2 + rand() * (RA1 - RA0 - 4),
      dec: DEC0 + 2 + rand() * (DEC1 - DEC0 - 4),
      rotation: rand() * 360,
    });
  const failures: Failure[] = [];
  for (let i = 0; i < NFAIL; i++) {
    failures.push({
      task: "calibrate",
      dataId: { visit: Math.floor(i / 189), detector: i % 189 },
      status: "FAILED",
      exception: "RuntimeError",
      message: "No reference objects supplied",
      source: "bench",
    });
  }
  const read: FailureRead = {
    path: "bench",
    format: "failureTable",
    failures,
    tasks: {},
    bad: [],
    badCount: 0,
    partial: false,
  };
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const fp = footprintFromPositions(ra, dec, "bench");
  const t1 = performance.now();
  const c1 = process.cpuUsage(c0);
  const a = analyzeFailures({
    reads: [read],
    footprints: [fp],
    geometry: { camera: cam, pointings: [{ source: "bench", pointings }] },
  });
  const t2 = performance.now();
  const c2 = process.cpuUsage(c0);
  const cpu = (c: NodeJS.CpuUsage) => ((c.user + c.system) / 1e6).toFixed(2);
  const outside = a.failures.filter((f) => f.verdict.classification === "outsideReferenceFootprint").length;
  const refs = a.failures.reduce((s, f) => s + (f.verdict.referenceObjects ?? 0), 0);
  console.log(
    `locate+classify: ${NFAIL} failures vs ${NREF} refcat objects: index ${((t1 - t0) / 1000).toFixed(2)} s, locate+classify ${((t2 - t1) / 1000).toFixed(2)} s, total ${((t2 - t0) / 1000).toFixed(2)} s (target < 10 s; ratio to target ${((t2 - t0) / 10000).toFixed(2)})`,
  );
  console.log(
    `  CPU time (user+sys, the better guide on a loaded machine): index ${cpu(c1)} s, total ${cpu(c2)} s`,
  );
  console.log(
    `  ${outside} outside the footprint, ${NFAIL - outside} inside; ${refs} reference objects counted in detectors (${(refs / NFAIL).toFixed(0)} per detector)`,
  );
}

// (2) streaming log summary vs jq and DuckDB, each in its own process under /usr/bin/time (peak RSS).
if (NREC > 0) {
  const dir = KEEP ? null : mkdtempSync(join(tmpdir(), "skygate-bench-"));
  const path = KEEP ?? join(dir as string, "logs.jsonl");
  if (!(KEEP && existsSync(KEEP))) await writeLogs(path);
  const bytes = statSync(path).size;
  const scale = 10_000_000 / NREC;
  console.log(
    `log summary: ${NREC} records, ${(bytes / 1e6).toFixed(1)} MB (${(bytes / NREC).toFixed(0)} B/record; 10⁷ records ≈ ${((bytes * scale) / 1e9).toFixed(1)} GB)`,
  );
  // Node + tsx start-up and module loading, paid once per run whatever the file size.
  const startup = timed("startup", [process.execPath, "--import", "tsx", "src/cli.ts", "failures", "--help"]);
  const ours = timed("skygate", [
    process.execPath,
    "--import",
    "tsx",
    "src/cli.ts",
    "failures",
    "--report",
    path,
    "--daily-only",
    "--daily-json",
    `${path}.daily.json`,
  ]);
  const series = JSON.parse(readFileSync(`${path}.daily.json`, "utf8")) as {
    series: unknown[];
    days: string[];
    totals: number[];
  };
  console.log(
    `    ${series.series.length} series over ${series.days.length} days, ${series.totals.reduce((x, y) => x + y, 0)} failures (templated)`,
  );
  const jq = timed("jq", [
    "sh",
    "-c",
    `jq -c 'select(.severity=="ERROR") | [.timestamp[0:10], .labels.task_label]' ${path} | sort | uniq -c | wc -l`,
  ]);
  const duck = timed("duckdb", [
    process.execPath,
    "--import",
    "tsx",
    "bench/failures.ts",
    "--duckdb-child",
    path,
  ]);
  for (const [name, r] of [
    ["jq", jq],
    ["duckdb", duck],
  ] as const)
    if (r && ours)
      console.log(
        `    ratio ${name} / skygate: wall ${(r.wall / ours.wall).toFixed(2)}, CPU ${(r.cpu / ours.cpu).toFixed(2)}, peak RSS ${(r.rssMb / ours.rssMb).toFixed(2)}`,
      );
  console.log(
    "    (jq and DuckDB group on day × task label only: no message templates; DuckDB is multi-threaded, skygate and jq single-threaded)",
  );
  if (ours && startup)
    console.log(
      `    skygate without start-up (${startup.cpu.toFixed(1)} s CPU, ${startup.rssMb.toFixed(0)} MB RSS): ${(NREC / (ours.cpu - startup.cpu) / 1000).toFixed(0)} k records/s CPU; the pass itself adds ${(ours.rssMb - startup.rssMb).toFixed(0)} MB peak RSS`,
    );
  if (ours)
    console.log(
      `    10⁷ records extrapolated from this run: skygate ${(ours.wall * scale).toFixed(0)} s wall, ${(ours.cpu * scale).toFixed(0)} s CPU`,
    );
  if (dir) rmSync(dir, { recursive: true, force: true });
}

/** Runs a command under /usr/bin/time: wall and CPU seconds, peak RSS; prints one line. */
function timed(name: string, command: string[]): { wall: number; cpu: number; rssMb: number } | null {
  const t = performance.now();
  const r = spawnSync("/usr/bin/time", ["-f", "TIME %e %U %S %M", ...command], {
    encoding: "utf8",
    maxBuffer: 1 << 26,
  });
  const wall = (performance.now() - t) / 1000;
  const m = /TIME ([\d.]+) ([\d.]+) ([\d.]+) (\d+)/.exec(r.stderr ?? "");
  if (r.status !== 0 && r.status !== 1) {
    console.log(`  ${name} failed (${r.status}): ${(r.stderr ?? "").split("\n")[0]}`);
    return null;
  }
  if (!m) {
    console.log(`  ${name}: no timing from /usr/bin/time`);
    return null;
  }
  const cpu = Number(m[2]) + Number(m[3]);
  const rssMb = Number(m[4]) / 1024;
  console.log(
    `  ${name.padEnd(8)} wall ${wall.toFixed(1)} s = ${(NREC / wall / 1000).toFixed(0)} k records/s; CPU ${cpu.toFixed(1)} s = ${(NREC / cpu / 1000).toFixed(0)} k records/s; peak RSS ${rssMb.toFixed(0)} MB`,
  );
  return { wall, cpu, rssMb };
}

/** Writes --records log records (1 % errors from 20 templates, Cloud Logging style) over 3 days. */
async function writeLogs(path: string): Promise<void> {
  const out = createWriteStream(path);
  const templates = Array.from(
    { length: 20 },
    (_, k) => `Failure kind ${String.fromCharCode(65 + k)}: value %d out of range at (%d, %d)`,
  );
  const tasks = ["isr", "characterizeImage", "calibrate", "writeSourceTable"];
  const day0 = Date.parse("2022-06-01T00:00:00Z");
  let buffer = "";
  for (let i = 0; i < NREC; i++) {
    const error = rand() < 0.01;
    const t = new Date(day0 + (i / NREC) * 3 * 86_400_000).toISOString();
    const task = tasks[i % tasks.length];
    const msg = error
      ? `Execution of task '${task}' on quantum {instrument: 'LSSTCam-imSim', detector: ${i % 189}, visit: ${1000 + (i >> 8)}} failed. Exception RuntimeError: ${templates[i % 20].replace(/%d/g, () => String(Math.floor(rand() * 1000)))}`
      : `Processed quantum ${i} of task ${task} in ${(rand() * 10).toFixed(3)} s; memory ${(rand() * 4).toFixed(2)} GB`;
    const rec = {
      timestamp: t,
      severity: error ? "ERROR" : "INFO",
      labels: { task_label: task, run: "LSSTCam-imSim/runs/step1", k8s_pod: `pod-${i % 97}` },
      jsonPayload: { message: msg, name: "lsst.ctrl.mpexec.singleQuantumExecutor" },
    };
    buffer += `${JSON.stringify(rec)}\n`;
    if (buffer.length > 1 << 20) {
      if (!out.write(buffer)) await new Promise<void>((r) => out.once("drain", () => r()));
      buffer = "";
    }
  }
  out.write(buffer);
  await new Promise<void>((r) => out.end(() => r()));
}

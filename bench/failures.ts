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
 *     style with time, severity, labels, message) summarised per day × task × template by skygate's streaming pass,
 *     by `jq` (same grouping on severity/day/label, no templating) and by DuckDB's read_json (GROUP BY). The file is
 *     modest on purpose; the figures are extrapolated linearly to 10⁷ records (≈ 3 GB).
 */
import { execFileSync } from "node:child_process";
import { createWriteStream, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { analyzeFailures } from "../src/failures/analyze.js";
import { lsstCamImSim } from "../src/failures/camera/lsstCamImSim.js";
import type { Pointing } from "../src/failures/camera/types.js";
import { summarizeLogStream } from "../src/failures/daily.js";
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

// (1) locate + classify
{
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

// (2) streaming log summary vs jq and DuckDB
{
  const dir = mkdtempSync(join(tmpdir(), "skygate-bench-"));
  const path = join(dir, "logs.jsonl");
  const out = createWriteStream(path);
  const templates = Array.from(
    { length: 20 },
    (_, k) => `Failure kind ${String.fromCharCode(65 + k)}: value %d out of range at (%d, %d)`,
  );
  const tasks = ["isr", "characterizeImage", "calibrate", "writeSourceTable"];
  const day0 = Date.parse("2022-06-01T00:00:00Z");
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
    if (!out.write(`${JSON.stringify(rec)}\n`)) await new Promise<void>((r) => out.once("drain", () => r()));
  }
  await new Promise<void>((r) => out.end(() => r()));
  const bytes = statSync(path).size;
  const scale = 10_000_000 / NREC;
  const report = (name: string, s: number) =>
    console.log(
      `  ${name.padEnd(9)} ${s.toFixed(2)} s = ${(NREC / s / 1000).toFixed(0)} k records/s, ${(bytes / s / 1e6).toFixed(0)} MB/s; 10⁷ records extrapolated ${(s * scale).toFixed(0)} s`,
    );
  console.log(
    `log summary: ${NREC} records, ${(bytes / 1e6).toFixed(1)} MB (${(bytes / NREC).toFixed(0)} B/record; 10⁷ records ≈ ${((bytes * scale) / 1e9).toFixed(1)} GB)`,
  );
  let t = performance.now();
  const cs = process.cpuUsage();
  const s = await summarizeLogStream(path);
  const ours = (performance.now() - t) / 1000;
  const oursCpu = process.cpuUsage(cs);
  report("skygate", ours);
  console.log(
    `    skygate CPU time ${((oursCpu.user + oursCpu.system) / 1e6).toFixed(2)} s; RSS after the pass ${(process.memoryUsage().rss / 1e6).toFixed(0)} MB (whole bench process; the pass keeps counts only)`,
  );
  console.log(
    `    ${s.series.length} series over ${s.days.length} days, ${s.totals.reduce((a, b) => a + b, 0)} failures`,
  );
  t = performance.now();
  try {
    execFileSync(
      "sh",
      [
        "-c",
        `jq -c 'select(.severity=="ERROR") | [.timestamp[0:10], .labels.task_label]' ${path} | sort | uniq -c | wc -l`,
      ],
      { stdio: "pipe" },
    );
    const jq = (performance.now() - t) / 1000;
    report("jq", jq);
    console.log(`    ratio jq / skygate = ${(jq / ours).toFixed(2)}`);
  } catch (error) {
    console.log(`  jq not run: ${error instanceof Error ? error.message.split("\n")[0] : String(error)}`);
  }
  const db = await DuckDBInstance.create(":memory:");
  const con = await db.connect();
  t = performance.now();
  await con.run(
    `SELECT CAST(timestamp AS DATE) AS day, labels.task_label AS task, count(*) FROM read_json('${path}', format = 'newline_delimited') WHERE severity = 'ERROR' GROUP BY ALL`,
  );
  const duck = (performance.now() - t) / 1000;
  report("duckdb", duck);
  console.log(
    `    ratio duckdb / skygate = ${(duck / ours).toFixed(2)} (DuckDB runs multi-threaded on ${(await import("node:os")).cpus().length} cores, groups without message templates)`,
  );
  rmSync(dir, { recursive: true, force: true });
}

/**
 * Gate history: each run's results and metrics appended to Parquet (through DuckDB), so a metric or a finding
 * can be followed across runs (`skygate gate --history PATH`, `skygate compare --history PATH --metric NAME`).
 * A path ending in `.parquet` is one file, rewritten with the new run appended; any other path is a folder
 * that gets one `run-….parquet` file per run (safe for concurrent CI jobs). One row per result and per metric.
 */
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { InputError } from "../core/errors.js";
import type { GateReport } from "./run.js";

/** One row of a gate history. */
export interface HistoryRow {
  /** When the run ended (ISO 8601, UTC). */
  runAt: string;
  gate: string;
  gateFile: string;
  gateStatus: string;
  /** The gate's parameter values, as JSON. */
  params: string;
  version: string;
  kind: "result" | "metric";
  id: string;
  table: string;
  column: string | null;
  check: string;
  status: string;
  failing: number;
  total: number;
  /** A metric's value in its unit (null for results, or when it could not be measured). */
  value: number | null;
  unit: string;
}

const COLUMNS: Record<keyof HistoryRow, string> = {
  runAt: "VARCHAR",
  gate: "VARCHAR",
  gateFile: "VARCHAR",
  gateStatus: "VARCHAR",
  params: "VARCHAR",
  version: "VARCHAR",
  kind: "VARCHAR",
  id: "VARCHAR",
  table: "VARCHAR",
  column: "VARCHAR",
  check: "VARCHAR",
  status: "VARCHAR",
  failing: "DOUBLE",
  total: "DOUBLE",
  value: "DOUBLE",
  unit: "VARCHAR",
};

/**
 * The history rows of one gate run: one per result, one per metric (the metric's value and whether its
 * required level passed).
 * @example historyRows({ version: "0", status: "pass", results: [], metrics: [], gate: { name: "g", file: "g.yaml", status: "pass" } } as never, "2026-12-07T00:00:00Z").length // 0
 */
export function historyRows(
  report: GateReport,
  runAt: string,
  params: Readonly<Record<string, string>> = {},
): HistoryRow[] {
  const base = {
    runAt,
    gate: report.gate.name,
    gateFile: report.gate.file,
    gateStatus: report.gate.status,
    params: JSON.stringify(params),
    version: report.version,
  };
  const results = report.results.map(
    (r): HistoryRow => ({
      ...base,
      kind: "result",
      id: r.id,
      table: r.table,
      column: r.column,
      check: r.check,
      status: r.status,
      failing: r.failing,
      total: r.total,
      value: null,
      unit: "",
    }),
  );
  const metrics = report.metrics.map((m): HistoryRow => {
    const required = m.levels[m.require];
    return {
      ...base,
      kind: "metric",
      id: m.metric,
      table: m.metric.split(".")[0],
      column: null,
      check: `metric.${m.require}`,
      status: m.value === null ? "error" : required?.pass ? "pass" : "fail",
      failing: m.value !== null && required?.pass === false ? 1 : 0,
      total: 1,
      value: m.value,
      unit: m.unit,
    };
  });
  return [...results, ...metrics];
}

const sqlString = (s: string) => `'${s.replace(/'/g, "''")}'`;

async function withDuckDb<T>(
  work: (run: (sql: string) => Promise<Record<string, unknown>[]>) => Promise<T>,
): Promise<T> {
  const { DuckDBInstance } = await import("@duckdb/node-api");
  const instance = await DuckDBInstance.create(":memory:");
  const connection = await instance.connect();
  try {
    return await work(
      async (sql) => (await connection.runAndReadAll(sql)).getRowObjectsJS() as Record<string, unknown>[],
    );
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

function isFolder(path: string): boolean {
  return existsSync(path) ? statSync(path).isDirectory() : !path.toLowerCase().endsWith(".parquet");
}

function readSql(path: string): string {
  const glob = isFolder(path) ? join(path, "*.parquet") : path;
  return `SELECT * FROM read_parquet(${sqlString(glob)}, union_by_name = true)`;
}

/**
 * Appends rows to a history (a `.parquet` file, rewritten, or a folder that gets one file per run); returns
 * the file written.
 * @example
 * const { mkdtempSync } = await import("node:fs");
 * const rows = historyRows({ version: "0", results: [], metrics: [{ metric: "T.rows", value: 7, unit: "count", operator: ">=", levels: { minimum: { value: 5, pass: true } }, require: "minimum" }], gate: { name: "g", file: "g.yaml", status: "pass" } } as never, "2026-12-07T00:00:00Z");
 * const file = await appendHistory(`${mkdtempSync(`${(await import("node:os")).tmpdir()}/skygate-`)}/history.parquet`, rows);
 * (await readHistory(file)).map((r) => r.value) // [7]
 */
export async function appendHistory(path: string, rows: readonly HistoryRow[]): Promise<string> {
  const target = resolve(path);
  const folder = isFolder(target);
  const stamp = rows[0]?.runAt ?? new Date().toISOString();
  const json = join(tmpdir(), `skygate-history-${process.pid}-${Date.now()}.jsonl`);
  writeFileSync(json, rows.map((r) => JSON.stringify(r)).join("\n"));
  const columns = Object.entries(COLUMNS)
    .map(([name, type]) => `${sqlString(name)}: ${sqlString(type)}`)
    .join(", ");
  const fresh = `SELECT ${Object.keys(COLUMNS)
    .map((c) => `"${c}"`)
    .join(", ")} FROM read_json(${sqlString(json)}, format = 'newline_delimited', columns = {${columns}})`;
  let out: string;
  try {
    if (folder) {
      mkdirSync(target, { recursive: true });
      const name = `run-${stamp.replace(/[^0-9A-Za-z]/g, "")}-${process.pid}.parquet`;
      out = join(target, name);
      await withDuckDb((run) => run(`COPY (${fresh}) TO ${sqlString(out)} (FORMAT parquet)`));
    } else {
      out = target;
      const tmp = `${target}.tmp-${process.pid}`;
      const old = existsSync(target) ? `${readSql(target)} UNION ALL BY NAME ` : "";
      await withDuckDb((run) => run(`COPY (${old}${fresh}) TO ${sqlString(tmp)} (FORMAT parquet)`));
      renameSync(tmp, target);
    }
  } catch (error) {
    throw new InputError(
      path,
      "permission",
      `cannot append to the gate history: ${(error as Error).message.split("\n")[0]}`,
    );
  } finally {
    rmSync(json, { force: true });
  }
  return out;
}

/**
 * Reads a history (file or folder) in run order; a missing or unreadable one is an InputError naming it.
 * @example await readHistory("no/such/history.parquet") // throws no gate history here
 */
export async function readHistory(path: string): Promise<HistoryRow[]> {
  const target = resolve(path);
  if (!existsSync(target)) throw new InputError(path, "missing", "no gate history here");
  if (statSync(target).isDirectory() && !readdirSync(target).some((f) => f.endsWith(".parquet")))
    throw new InputError(path, "empty", "the history folder has no .parquet file");
  try {
    return await withDuckDb(async (run) => {
      const rows = await run(`${readSql(target)} ORDER BY "runAt", "kind", "id"`);
      return rows.map((r) => ({
        ...(r as unknown as HistoryRow),
        failing: Number(r.failing),
        total: Number(r.total),
        value: r.value === null || r.value === undefined ? null : Number(r.value),
      }));
    });
  } catch (error) {
    throw new InputError(path, "corrupt", `not a gate history: ${(error as Error).message.split("\n")[0]}`);
  }
}

/** One point of a followed metric or finding. */
export interface HistoryPoint {
  runAt: string;
  gate: string;
  gateStatus: string;
  params: string;
  status: string;
  /** The metric's value, or the finding's failing count (summed over results sharing the id). */
  value: number | null;
  total: number;
  unit: string;
}

/**
 * A metric (by metric name) or a finding (by result id, its failing count) across runs, oldest first.
 * @example metricSeries([], "Object.g_psfFlux.nanRate") // []
 */
export function metricSeries(rows: readonly HistoryRow[], name: string, gate?: string): HistoryPoint[] {
  const chosen = rows.filter((r) => r.id === name && (gate === undefined || r.gate === gate));
  const metric = chosen.some((r) => r.kind === "metric");
  const byRun = new Map<string, HistoryRow[]>();
  for (const r of chosen) {
    if ((r.kind === "metric") !== metric) continue;
    const key = `${r.runAt}\u0000${r.gate}`;
    byRun.set(key, [...(byRun.get(key) ?? []), r]);
  }
  return [...byRun.values()]
    .map((rs): HistoryPoint => {
      const r = rs[0];
      const worst = rs.some((x) => x.status === "fail")
        ? "fail"
        : rs.some((x) => x.status === "error")
          ? "error"
          : r.status;
      return {
        runAt: r.runAt,
        gate: r.gate,
        gateStatus: r.gateStatus,
        params: r.params,
        status: worst,
        value: metric ? r.value : rs.reduce((n, x) => n + x.failing, 0),
        total: rs.reduce((n, x) => n + x.total, 0),
        unit: metric ? r.unit : "failing",
      };
    })
    .sort((a, b) => (a.runAt < b.runAt ? -1 : a.runAt > b.runAt ? 1 : 0));
}

/**
 * The names a history can follow (metrics first, then result ids), for messages.
 * @example historyNames([]) // []
 */
export function historyNames(rows: readonly HistoryRow[]): string[] {
  const metrics = new Set(rows.filter((r) => r.kind === "metric").map((r) => r.id));
  const results = new Set(rows.filter((r) => r.kind === "result").map((r) => r.id));
  return [...[...metrics].sort(), ...[...results].filter((id) => !metrics.has(id)).sort()];
}

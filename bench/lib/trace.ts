// Where a gate's time goes: wraps an engine's calls and the Parquet reader's read/scan so each call's wall and CPU
// time is logged with what it was asked (table, columns, conditions). For benchmarks only.

import type { Engine } from "../../src/engines/types.js";
import { parquetReader } from "../../src/io/readers/parquet.js";

/** One timed call. */
export interface TraceEntry {
  what: string;
  wall: number;
  cpu: number;
}

/** The calls timed so far, in order of completion. */
export const trace: TraceEntry[] = [];

const cpuNow = () => {
  const c = process.cpuUsage();
  return (c.user + c.system) / 1000;
};

function log(entry: TraceEntry, print: boolean): void {
  trace.push(entry);
  if (print)
    console.log(
      `  · ${entry.what.slice(0, 90).padEnd(90)} wall ${(entry.wall / 1000).toFixed(2).padStart(7)} s  cpu ${(entry.cpu / 1000).toFixed(2).padStart(7)} s`,
    );
}

/** Runs a step and returns its value with its wall and CPU (user + system, all threads) time in ms. */
export async function measure<T>(
  run: () => Promise<T> | T,
): Promise<{ value: T; wall: number; cpu: number }> {
  const c0 = cpuNow();
  const t0 = performance.now();
  const value = await run();
  return { value, wall: performance.now() - t0, cpu: cpuNow() - c0 };
}

async function timedCall<T>(what: string, print: boolean, run: () => Promise<T>): Promise<T> {
  const c0 = cpuNow();
  const t0 = performance.now();
  try {
    return await run();
  } finally {
    // Logged even when the call throws, so the trace shows where a failing run spent its time.
    log({ what, wall: performance.now() - t0, cpu: cpuNow() - c0 }, print);
  }
}

function describe(operation: string, args: unknown[]): string {
  const source = args[0] as { name?: string } | undefined;
  const request = args[1] as Record<string, unknown> | readonly string[] | undefined;
  let detail = "";
  if (Array.isArray(request)) detail = `keys ${request.join(",")}`;
  else if (typeof request === "string") detail = `${request} -> ${(args[2] as { name?: string })?.name}`;
  else if (request && typeof request === "object") {
    const r = request as { columns?: unknown[]; conditions?: unknown[]; partitionBy?: { kind: string } };
    if (r.columns) detail += `${r.columns.length} columns `;
    if (r.conditions) detail += `${r.conditions.length} conditions `;
    if (r.partitionBy) detail += `by ${JSON.stringify(r.partitionBy)}`;
  }
  return `${operation} ${source?.name ?? "?"} ${detail}`.trim();
}

/** The engine with every call timed (and printed when `print`). */
export function tracedEngine<E extends Engine>(engine: E, label: string, print = true): E {
  return new Proxy(engine, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if (
        typeof value !== "function" ||
        !["profile", "countWhere", "duplicateKeys", "orphanKeys"].includes(String(property))
      )
        return typeof value === "function" ? value.bind(target) : value;
      return (...args: unknown[]) =>
        timedCall(`${label}.${describe(String(property), args)}`, print, () =>
          (value as (...a: unknown[]) => Promise<unknown>).apply(target, args),
        );
    },
  });
}

/** Times every Parquet read and scan made through src/io (engines that read files themselves are not seen). */
export function traceParquetReader(print = true): void {
  const describeFile = parquetReader.describe.bind(parquetReader);
  parquetReader.describe = (path) =>
    timedCall(`parquet describe ${path.split("/").pop()}`, print, () => describeFile(path));
  const read = parquetReader.read.bind(parquetReader);
  const scan = parquetReader.scan.bind(parquetReader);
  parquetReader.read = (path, columns) =>
    timedCall(
      `parquet read ${path.split("/").pop()} ${columns ? columns.length : "all"} columns`,
      print,
      () => read(path, columns),
    );
  parquetReader.scan = async function* (path, columns, batchRows) {
    const c0 = cpuNow();
    const t0 = performance.now();
    let rows = 0;
    for await (const batch of scan(path, columns, batchRows)) {
      rows += batch.numRows;
      yield batch;
    }
    // Includes the consumer's time between batches: the scan as its caller sees it.
    log(
      {
        what: `parquet scan ${path.split("/").pop()} ${columns ? columns.length : "all"} columns, ${rows} rows (incl. consumer)`,
        wall: performance.now() - t0,
        cpu: cpuNow() - c0,
      },
      print,
    );
  };
}

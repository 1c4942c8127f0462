/**
 * The daily summary a production team reads each morning: failures per day × task × template, the trend of the
 * latest day against the previous ones, and when each template was first seen; as Markdown and as a JSON series.
 * Log streams are summarised in one streaming pass (only the counts are kept, never the records).
 */
import { escapeMarkdownCell } from "../report/escape.js";
import { messageTemplate } from "./message.js";
import { BadEntries } from "./readers/common.js";
import { forEachJsonLine } from "./readers/lines.js";
import { failureFromLog, isLogRecord, viewLogRecord } from "./readers/records.js";
import type { Failure } from "./types.js";

/** Trend of a series on the latest day. */
export type Trend = "new" | "rising" | "steady" | "falling" | "gone";

/** One task × template across the days. */
export interface DailySeries {
  task: string;
  exception: string | null;
  template: string;
  /** Count per day, aligned with `days`. */
  counts: number[];
  total: number;
  firstSeen: string;
  trend: Trend;
}

/** The summary. */
export interface DailySummary {
  /** Days (UTC, YYYY-MM-DD) in order, from the first to the last with a failure. */
  days: string[];
  series: DailySeries[];
  /** Failures per day. */
  totals: number[];
  /** Failures without a time (not in the series). */
  undated: number;
  /** Log records read, lines skipped (log-stream summaries). */
  records?: number;
  badLines?: number;
  badSample?: { source: string; reason: string }[];
}

/** Mergeable counts: feed failures one by one, then call `summary()`. */
export class DailyAccumulator {
  private readonly cells = new Map<
    string,
    {
      task: string;
      exception: string | null;
      template: string;
      byDay: Map<string, number>;
      firstSeen: string;
    }
  >();
  private undated = 0;
  private readonly templates = new Map<string, string>();

  /** Counts one failure (its message is templated; templates are cached per message). */
  add(f: Pick<Failure, "task" | "exception" | "message" | "time">): void {
    if (f.time === undefined || f.time.length < 10) {
      this.undated++;
      return;
    }
    let template = this.templates.get(f.message);
    if (template === undefined) {
      template = messageTemplate(f.message);
      if (this.templates.size < 100_000) this.templates.set(f.message, template);
    }
    const day = dayOf(f.time);
    const key = `${f.task}\u0000${f.exception}\u0000${template}`;
    let c = this.cells.get(key);
    if (!c) {
      c = { task: f.task, exception: f.exception, template, byDay: new Map(), firstSeen: f.time };
      this.cells.set(key, c);
    }
    c.byDay.set(day, (c.byDay.get(day) ?? 0) + 1);
    if (f.time < c.firstSeen) c.firstSeen = f.time;
  }

  /** The summary of everything added so far. */
  summary(): DailySummary {
    const daySet = new Set<string>();
    for (const c of this.cells.values()) for (const d of c.byDay.keys()) daySet.add(d);
    const days = fillDays([...daySet].sort());
    const index = new Map(days.map((d, i) => [d, i]));
    const totals = new Array<number>(days.length).fill(0);
    const series: DailySeries[] = [];
    for (const c of this.cells.values()) {
      const counts = new Array<number>(days.length).fill(0);
      for (const [d, n] of c.byDay) {
        counts[index.get(d) as number] += n;
        totals[index.get(d) as number] += n;
      }
      series.push({
        task: c.task,
        exception: c.exception,
        template: c.template,
        counts,
        total: counts.reduce((a, b) => a + b, 0),
        firstSeen: c.firstSeen,
        trend: trendOf(counts),
      });
    }
    const order: Record<Trend, number> = { new: 0, rising: 1, steady: 2, falling: 3, gone: 4 };
    series.sort(
      (a, b) =>
        order[a.trend] - order[b.trend] ||
        b.counts[b.counts.length - 1] - a.counts[a.counts.length - 1] ||
        b.total - a.total,
    );
    return { days, series, totals, undated: this.undated };
  }
}

/** The UTC day of an ISO time (times with an offset are converted). */
function dayOf(time: string): string {
  if (/[+-]\d\d:?\d\d$|Z$/.test(time)) {
    const t = Date.parse(time);
    if (Number.isFinite(t)) return new Date(t).toISOString().slice(0, 10);
  }
  return time.slice(0, 10);
}

/** Every day from the first to the last (days without failures are zeros, not gaps). */
function fillDays(sorted: string[]): string[] {
  if (sorted.length === 0) return [];
  const out: string[] = [];
  const end = Date.parse(`${sorted[sorted.length - 1]}T00:00:00Z`);
  for (let t = Date.parse(`${sorted[0]}T00:00:00Z`); t <= end && out.length < 3660; t += 86_400_000)
    out.push(new Date(t).toISOString().slice(0, 10));
  return Number.isFinite(end) ? out : sorted;
}

/**
 * Latest day against the mean of the previous days: new (first seen today), rising (> 1.5 × mean + 1),
 * falling (< half the mean), gone (none today), else steady.
 * @example trendOf([0, 0, 4]) // "new"
 */
export function trendOf(counts: readonly number[]): Trend {
  const last = counts[counts.length - 1] ?? 0;
  const prev = counts.slice(0, -1);
  const before = prev.reduce((a, b) => a + b, 0);
  if (before === 0) return last > 0 ? "new" : "gone";
  if (last === 0) return "gone";
  const mean = before / prev.length;
  if (last > 1.5 * mean + 1) return "rising";
  if (last < 0.5 * mean) return "falling";
  return "steady";
}

/**
 * Daily summary of failures already read.
 * @example
 * const f = { task: "isr", dataId: {}, status: "FAILED", exception: "RuntimeError", message: "file 17 truncated", source: "t" };
 * const s = dailySummary([{ ...f, time: "2022-06-03T01:00:00Z" }, { ...f, time: "2022-06-04T05:00:00Z" }]);
 * s.days // ["2022-06-03", "2022-06-04"]
 * s.series[0].template // "file <n> truncated"
 * s.series[0].trend // "steady"
 */
export function dailySummary(failures: readonly Failure[]): DailySummary {
  const acc = new DailyAccumulator();
  for (const f of failures) acc.add(f);
  return acc.summary();
}

/**
 * Daily summary of JSON-lines log streams (one or several files) in one pass with bounded memory (counts only);
 * bad lines are counted.
 * @example
 * const { mkdirSync, mkdtempSync, rmSync, writeFileSync } = await import("node:fs");
 * const dir = mkdtempSync((await import("node:os")).tmpdir() + "/skygate-");
 * const record = { asctime: "2022-06-01T02:00:00Z", levelname: "ERROR", name: "lsst.ctrl.mpexec", message: "Execution of task 'calibrate' on quantum {visit: 1, detector: 2} failed. Exception RuntimeError: No reference objects supplied", MDC: { LABEL: "calibrate" } };
 * writeFileSync(dir + "/log.jsonl", [JSON.stringify(record), "{ broken", JSON.stringify({ ...record, asctime: "2022-06-02T02:00:00Z" })].join("\n"));
 * const s = await summarizeLogStream(dir + "/log.jsonl");
 * s.records // 2
 * s.badLines // 1
 * s.totals // [1, 1]
 * rmSync(dir, { recursive: true });
 */
export async function summarizeLogStream(paths: string | readonly string[]): Promise<DailySummary> {
  const acc = new DailyAccumulator();
  const bad = new BadEntries();
  let records = 0;
  for (const path of typeof paths === "string" ? [paths] : paths)
    await forEachJsonLine(path, bad, (record, n) => {
      if (!isLogRecord(record)) {
        bad.add(`${path}:${n}`, "not a log record (no message or no time/severity)");
        return;
      }
      records++;
      const f = failureFromLog(viewLogRecord(record), `${path}:${n}`);
      if (f) acc.add(f);
    });
  return { ...acc.summary(), records, badLines: bad.count, badSample: bad.kept };
}

/**
 * The morning page: the latest day's failures by template (new and rising first) with the previous days.
 * @example
 * const f = { task: "isr", dataId: {}, status: "FAILED", exception: "RuntimeError", message: "file 17 truncated", source: "t" };
 * const summary = dailySummary([{ ...f, time: "2022-06-04T05:00:00Z" }]);
 * dailyMarkdown(summary).startsWith("# Daily failure summary") // true
 */
export function dailyMarkdown(s: DailySummary, options: { previousDays?: number } = {}): string {
  const k = Math.min(options.previousDays ?? 6, Math.max(0, s.days.length - 1));
  const shown = s.days.slice(s.days.length - 1 - k);
  const last = s.days[s.days.length - 1] ?? "(no dated failures)";
  const lines = [
    "# Daily failure summary",
    "",
    `Latest day: **${last}**, ${s.totals[s.totals.length - 1] ?? 0} failures; ${s.series.filter((x) => x.trend === "new").length} new templates.`,
  ];
  if (s.undated > 0) lines.push("", `${s.undated} failures have no time and are not in the table.`);
  if (s.badLines)
    lines.push(
      "",
      `**Partial**: ${s.badLines} input lines skipped (first: ${s.badSample?.[0]?.source}: ${s.badSample?.[0]?.reason}).`,
    );
  lines.push(
    "",
    `| trend | task | exception | template | ${shown.join(" | ")} | first seen |`,
    `|---|---|---|---|${shown.map(() => "---:").join("|")}|---|`,
  );
  const off = s.days.length - shown.length;
  for (const x of s.series)
    lines.push(
      `| ${x.trend} | ${escapeMarkdownCell(x.task)} | ${escapeMarkdownCell(x.exception ?? "")} | ${escapeMarkdownCell(x.template)} | ${x.counts.slice(off).join(" | ")} | ${x.firstSeen} |`,
    );
  return `${lines.join("\n")}\n`;
}

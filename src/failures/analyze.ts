/**
 * The whole failure analysis from read reports: group and judge, locate each failure, classify it against the
 * reference footprint, and summarise retries and per-workflow failures.
 */

import { type ClassifyOptions, classifyLocation, type FootprintVerdict } from "./classify.js";
import { dataIdKey } from "./dataId.js";
import type { ReferenceFootprint } from "./footprint.js";
import { type FailureGroup, groupFailures } from "./group.js";
import type { KnownErrors } from "./known.js";
import { type GeometrySources, type Location, locateDataId } from "./locate.js";
import { messageTemplate } from "./message.js";
import { isSuccessStatus } from "./readers/common.js";
import type { Failure, FailureRead, TaskCounts } from "./types.js";
import { type WorkflowRow, workflowRates } from "./workflows.js";

/** A failure with its place on the sky and its verdict. */
export interface LocatedFailure extends Failure {
  template: string;
  /** Index of its group in `groups`. */
  group: number;
  location: Location;
  verdict: FootprintVerdict;
}

/** A group with its failures' classifications counted. */
export interface JudgedGroup extends FailureGroup {
  outsideFootprint: number;
  insideFootprint: number;
  unlocated: number;
  /** Flavor of the group: the known entry's (payload, panda, usdf, critical…), else null. */
  flavor: string | null;
}

/** Quanta that needed retries, most attempts first: failed in the end, or succeeded only after retries. */
export interface RetryRow {
  task: string;
  dataId: Failure["dataId"];
  attempts: number;
  runTimeS?: number;
  memoryBytes?: number;
  /** Final status: FAILED… or SUCCESSFUL (ended only after retries). */
  status: string;
  /** Status of every attempt, when the source lists them. */
  history?: string[];
  /** The last message, for failures. */
  message?: string;
  source: string;
}

/** Input of {@link analyzeFailures}. */
export interface FailureAnalysisInput {
  reads: readonly FailureRead[];
  known?: KnownErrors;
  geometry?: GeometrySources;
  footprints?: readonly ReferenceFootprint[];
  expected?: Readonly<Record<string, number>>;
  classify?: ClassifyOptions;
  /** Jobs per workflow (rate denominators); reads of one workflow with task counts give their own. */
  workflowJobs?: Readonly<Record<string, number>>;
  /** Infrastructure failure rate at which a workflow is called an infrastructure problem (default 0.1). */
  infrastructureAlarm?: number;
}

/** The analysis. */
export interface FailureAnalysis {
  failures: LocatedFailure[];
  groups: JudgedGroup[];
  retries: RetryRow[];
  workflows: WorkflowRow[];
  tasks: Record<string, TaskCounts>;
  /** Some input was skipped (bad lines/entries): counts are lower bounds. */
  partial: boolean;
}

function mergeTasks(reads: readonly FailureRead[]): Record<string, TaskCounts> {
  const out: Record<string, TaskCounts> = {};
  for (const r of reads) {
    for (const [task, c] of Object.entries(r.tasks)) {
      const t = out[task] ?? {};
      out[task] = t;
      for (const [k, v] of Object.entries(c) as [keyof TaskCounts, number | undefined][]) {
        if (v === undefined) continue;
        // v1 and v2 reports of one run repeat the same counts: keep the largest rather than adding them up.
        t[k] = Math.max(t[k] ?? 0, v);
      }
    }
  }
  return out;
}

/**
 * Jobs of the workflows the reports describe whole: a report whose failures all name one workflow and that counts
 * its tasks' expected quanta gives that workflow their sum.
 * @example workflowJobsOf([{ path: "r", format: "pipetaskReportV2", failures: [{ task: "isr", dataId: {}, status: "FAILED", exception: null, message: "", workflow: "run1", source: "r" }], tasks: { isr: { expected: 10 }, calibrate: { expected: 10 } }, bad: [], badCount: 0, partial: false }]) // { run1: 20 }
 */
export function workflowJobsOf(reads: readonly FailureRead[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of reads) {
    const names = new Set(r.failures.map((f) => f.workflow));
    const [only] = [...names];
    if (names.size !== 1 || only === undefined) continue;
    const counts = Object.values(r.tasks).map((t) => t.expected);
    if (counts.length === 0 || counts.some((c) => c === undefined)) continue;
    const jobs = counts.reduce((a: number, c) => a + (c as number), 0);
    out[only] = Math.max(out[only] ?? 0, jobs);
  }
  return out;
}

/**
 * Runs the analysis.
 * @example analyzeFailures({ reads: [await readFailureReport("fixtures/pilot/failures/pipetask_report_v2.json")] }).groups.length // 6
 */
export function analyzeFailures(input: FailureAnalysisInput): FailureAnalysis {
  const all = input.reads.flatMap((r) => r.failures);
  const tasks = mergeTasks(input.reads);
  const groups = groupFailures(all, { known: input.known, tasks, expected: input.expected });
  const groupOf = new Int32Array(all.length);
  groups.forEach((g, k) => {
    for (const i of g.members) groupOf[i] = k;
  });
  const cache = new Map<string, { location: Location; verdict: FootprintVerdict }>();
  const footprints = input.footprints ?? [];
  const failures: LocatedFailure[] = all.map((f, i) => {
    const key = dataIdKey(f.dataId);
    let hit = cache.get(key);
    if (!hit) {
      const location = locateDataId(f.dataId, input.geometry ?? {});
      hit = { location, verdict: classifyLocation(location, footprints, input.classify) };
      cache.set(key, hit);
    }
    return {
      ...f,
      template: messageTemplate(f.message),
      group: groupOf[i],
      location: hit.location,
      verdict: hit.verdict,
    };
  });
  const judged: JudgedGroup[] = groups.map((g) => {
    let outside = 0;
    let inside = 0;
    let unlocated = 0;
    for (const i of g.members) {
      const c = failures[i].verdict.classification;
      if (c === "outsideReferenceFootprint") outside++;
      else if (c === "investigate") inside++;
      else unlocated++;
    }
    return {
      ...g,
      outsideFootprint: outside,
      insideFootprint: inside,
      unlocated,
      flavor: g.known[0]?.flavor ?? null,
    };
  });
  const retried = input.reads.flatMap((r) => r.retried ?? []);
  const retries: RetryRow[] = [...failures, ...retried]
    .filter((f) => (f.attempts ?? 1) > 1)
    .map((f) => ({
      task: f.task,
      dataId: f.dataId,
      attempts: f.attempts as number,
      status: f.status,
      ...(f.runTimeS !== undefined ? { runTimeS: f.runTimeS } : {}),
      ...(f.memoryBytes !== undefined ? { memoryBytes: f.memoryBytes } : {}),
      ...(f.attemptStatuses ? { history: f.attemptStatuses } : {}),
      ...(f.message !== "" && !isSuccessStatus(f.status) ? { message: f.message } : {}),
      source: f.source,
    }))
    .sort((a, b) => b.attempts - a.attempts || (b.memoryBytes ?? 0) - (a.memoryBytes ?? 0));
  const workflows = workflowRates(
    failures.map((f) => {
      const g = judged[f.group];
      return {
        ...(f.workflow !== undefined ? { workflow: f.workflow } : {}),
        task: f.task,
        message: f.message,
        flavor: g.label === "new" ? undefined : g.flavor,
      };
    }),
    {
      jobs: { ...workflowJobsOf(input.reads), ...(input.workflowJobs ?? {}) },
      ...(input.infrastructureAlarm !== undefined ? { infrastructureAlarm: input.infrastructureAlarm } : {}),
    },
  );
  return {
    failures,
    groups: judged,
    retries,
    workflows,
    tasks,
    partial: input.reads.some((r) => r.partial),
  };
}

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
import type { Failure, FailureRead, TaskCounts } from "./types.js";

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

/** Quanta that needed retries, most attempts first. */
export interface RetryRow {
  task: string;
  dataId: Failure["dataId"];
  attempts: number;
  runTimeS?: number;
  memoryBytes?: number;
  status: string;
}

/** Failures per workflow (run / job set / step) with the flavors that explain them. */
export interface WorkflowRow {
  workflow: string;
  failures: number;
  /** Failures per flavor (`new` for failures in new groups). */
  flavors: Record<string, number>;
  tasks: Record<string, number>;
}

/** Input of {@link analyzeFailures}. */
export interface FailureAnalysisInput {
  reads: readonly FailureRead[];
  known?: KnownErrors;
  geometry?: GeometrySources;
  footprints?: readonly ReferenceFootprint[];
  expected?: Readonly<Record<string, number>>;
  classify?: ClassifyOptions;
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
  const retries: RetryRow[] = failures
    .filter((f) => (f.attempts ?? 1) > 1)
    .map((f) => ({
      task: f.task,
      dataId: f.dataId,
      attempts: f.attempts as number,
      status: f.status,
      ...(f.runTimeS !== undefined ? { runTimeS: f.runTimeS } : {}),
      ...(f.memoryBytes !== undefined ? { memoryBytes: f.memoryBytes } : {}),
    }))
    .sort((a, b) => b.attempts - a.attempts);
  const wf = new Map<string, WorkflowRow>();
  for (const f of failures) {
    if (f.workflow === undefined) continue;
    const row = wf.get(f.workflow) ?? { workflow: f.workflow, failures: 0, flavors: {}, tasks: {} };
    row.failures++;
    const g = judged[f.group];
    const flavor = g.label === "new" ? "new" : (g.flavor ?? "unspecified");
    row.flavors[flavor] = (row.flavors[flavor] ?? 0) + 1;
    row.tasks[f.task] = (row.tasks[f.task] ?? 0) + 1;
    wf.set(f.workflow, row);
  }
  return {
    failures,
    groups: judged,
    retries,
    workflows: [...wf.values()].sort((a, b) => b.failures - a.failures),
    tasks,
    partial: input.reads.some((r) => r.partial),
  };
}

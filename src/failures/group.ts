/**
 * Grouping failures by task, status, exception and message template (Rubin's provenance-report grouping plus
 * message grouping), with each group judged against the known-errors registry: `known` (ticket, action, rate
 * against the allowed fraction) or `new`; known errors marked resolved that come back are flagged.
 */
import { type KnownError, type KnownErrors, matchKnownError } from "./known.js";
import { messageTemplate } from "./message.js";
import type { Failure, TaskCounts } from "./types.js";

/** What the registry says about a group. */
export interface KnownInfo {
  name: string;
  tickets: string[];
  action: string;
  resolved: boolean;
  rescue: boolean;
  flavor: string | null;
  allowedFraction: number;
  /** Failures of the group matching this entry (a group can match several entries). */
  matched: number;
}

/** A group of failures sharing task, status, exception and template. */
export interface FailureGroup {
  task: string;
  status: string;
  exception: string | null;
  template: string;
  count: number;
  /** Indices of the group's failures in the failure list. */
  members: number[];
  label: "known" | "new";
  /** Registry entries matched, most matches first (empty when new). */
  known: KnownInfo[];
  /** A known error marked resolved seen again. */
  resolvedRecurring: boolean;
  /** Quanta the task was expected to run (the rate's denominator), null when no report gave it. */
  expected: number | null;
  /** count / expected, null when expected is unknown. */
  rate: number | null;
  /** rate > the allowed fraction of the (first) known entry; null when the rate is unknown and the allowance > 0. */
  overThreshold: boolean | null;
  firstSeen?: string;
  lastSeen?: string;
}

/** Options of {@link groupFailures}. */
export interface GroupOptions {
  known?: KnownErrors;
  /** Per-task counts from the reports (expected quanta). */
  tasks?: Readonly<Record<string, TaskCounts>>;
  /** Expected quanta per task given by the user; wins over the reports. */
  expected?: Readonly<Record<string, number>>;
}

function expectedFor(task: string, options: GroupOptions): number | null {
  const given = options.expected?.[task];
  if (given !== undefined) return given;
  const t = options.tasks?.[task];
  if (!t) return null;
  if (t.expected !== undefined) return t.expected;
  const parts = [t.succeeded, t.failed, t.blocked, t.wonky, t.unknown].filter(
    (v): v is number => v !== undefined,
  );
  return t.succeeded !== undefined && parts.length > 1 ? parts.reduce((a, b) => a + b, 0) : null;
}

function rank(g: FailureGroup): number {
  if (g.label === "new") return 0;
  if (g.resolvedRecurring) return 1;
  if (g.overThreshold === true) return 2;
  if (g.overThreshold === null) return 3;
  return 4;
}

/**
 * Groups failures and judges each group; new groups first, then resolved-but-recurring, over-threshold, known.
 * @example
 * const read = await readFailureReport("fixtures/pilot/failures/pipetask_report_v2.json");
 * const known = loadKnownErrors("examples/failures/known-errors-dc2.yaml");
 * groupFailures(read.failures, { known, tasks: read.tasks })[0].label // "new"
 */
export function groupFailures(failures: readonly Failure[], options: GroupOptions = {}): FailureGroup[] {
  const groups = new Map<string, FailureGroup>();
  const matches = new Map<string, Map<KnownError, number>>();
  failures.forEach((f, i) => {
    const template = messageTemplate(f.message);
    const key = JSON.stringify([f.task, f.status, f.exception, template]);
    let g = groups.get(key);
    if (!g) {
      g = {
        task: f.task,
        status: f.status,
        exception: f.exception,
        template,
        count: 0,
        members: [],
        label: "new",
        known: [],
        resolvedRecurring: false,
        expected: null,
        rate: null,
        overThreshold: false,
      };
      groups.set(key, g);
      matches.set(key, new Map());
    }
    g.count++;
    g.members.push(i);
    if (f.time !== undefined) {
      if (g.firstSeen === undefined || f.time < g.firstSeen) g.firstSeen = f.time;
      if (g.lastSeen === undefined || f.time > g.lastSeen) g.lastSeen = f.time;
    }
    if (options.known) {
      const k = matchKnownError(f, options.known);
      if (k) {
        const m = matches.get(key) as Map<KnownError, number>;
        m.set(k, (m.get(k) ?? 0) + 1);
      }
    }
  });
  for (const [key, g] of groups) {
    const m = [...(matches.get(key) ?? new Map<KnownError, number>()).entries()].sort((a, b) => b[1] - a[1]);
    g.known = m.map(([k, n]) => ({
      name: k.name,
      tickets: k.tickets,
      action: k.action,
      resolved: k.resolved,
      rescue: k.rescue,
      flavor: k.flavor,
      allowedFraction: k.allowedFraction,
      matched: n,
    }));
    const matched = m.reduce((s, [, n]) => s + n, 0);
    // A group is known only when every failure in it matches an entry; otherwise part of it is new.
    g.label = matched === g.count && g.count > 0 ? "known" : "new";
    g.resolvedRecurring = g.known.some((k) => k.resolved);
    g.expected = expectedFor(g.task, options);
    g.rate = g.expected !== null && g.expected > 0 ? g.count / g.expected : null;
    if (g.label === "known") {
      const allowed = g.known[0].allowedFraction;
      g.overThreshold = g.rate !== null ? g.rate > allowed : allowed === 0 ? true : null;
    } else g.overThreshold = null;
  }
  return [...groups.values()].sort(
    (a, b) => rank(a) - rank(b) || b.count - a.count || a.task.localeCompare(b.task),
  );
}

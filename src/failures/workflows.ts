/**
 * Failure rates per workflow (run / PanDA job set / step), split by where the failures come from, following the
 * cm_tools `flavor` labels: `payload` is the science pipelines, `panda` / `usdf` / `production` the infrastructure;
 * so a workflow losing 20–50 % of its jobs to an authentication or storage problem stands apart from one whose
 * few failures are science-pipeline exceptions. Failures in new groups get a class guessed from their message
 * (marked `?`), never a silent "pipelines".
 */

/** Where a failure comes from. */
export type FailureOrigin = "pipelines" | "infrastructure" | "configuration" | "critical" | "unknown";

/** One workflow's failures and rates. */
export interface WorkflowRow {
  workflow: string;
  failures: number;
  /** Failures per flavor (`new` for failures in new groups). */
  flavors: Record<string, number>;
  tasks: Record<string, number>;
  /** Failures per origin; guessed origins of new groups end in `?` (`infrastructure?`). */
  origins: Record<string, number>;
  /** Jobs (quanta) the workflow ran or was expected to run; null when no report or option gives it. */
  jobs: number | null;
  /** failures / jobs, null when jobs is unknown. */
  rate: number | null;
  /** Infrastructure failures (known or guessed) / jobs. */
  infrastructureRate: number | null;
  /** One line: what dominates and whether it looks like an infrastructure problem. */
  verdict: string;
}

/**
 * The origin of a cm_tools / cm-service flavor.
 * @example originOfFlavor("payload") // "pipelines"
 * @example originOfFlavor("panda") // "infrastructure"
 */
export function originOfFlavor(flavor: string | null): FailureOrigin {
  const f = (flavor ?? "").toLowerCase();
  if (/^(payload|pipelines?|science|pipe)$/.test(f)) return "pipelines";
  if (/^(panda|usdf|infrastructure|infra|production|bps|condor|htcondor|slurm|site|storage|network)$/.test(f))
    return "infrastructure";
  if (/^config(uration)?$/.test(f)) return "configuration";
  if (f === "critical") return "critical";
  return "unknown";
}

// Messages of infrastructure trouble (authentication, storage, network, the batch system), not of the science code.
const INFRASTRUCTURE_MESSAGE =
  /authenticat|unauthori[sz]ed|\b401\b|\b403\b|token|credential|permission denied|access denied|expired|timed? ?out|timeout|connection (refused|reset|aborted)|could not connect|network|unreachable|remote i\/o|i\/o error|no space left|space left on|local disk|disk quota|monotonic (rchar|read_bytes|wchar)|sigkill|sigterm|received signal|s3|gcs|xrootd|webdav|psycopg|database is locked|too many connections|killed|signal \d|oom|out of memory|memoryerror|cannot allocate|can't start new thread|pthread_create|resource temporarily unavailable|heartbeat|pilot|worker (was )?(failed|lost)|pending|preempt|evicted|held|walltime/i;

/**
 * A guessed origin of a message no registry explains: infrastructure words (authentication, timeouts, storage,
 * memory, the batch system) or else unknown.
 * @example guessOrigin("HTTP 401: token expired while reading s3://bucket/raw.fits") // "infrastructure?"
 * @example guessOrigin("No reference objects supplied") // "unknown"
 */
export function guessOrigin(message: string): "infrastructure?" | "unknown" {
  return INFRASTRUCTURE_MESSAGE.test(message) ? "infrastructure?" : "unknown";
}

/** One failure as the workflow table sees it. */
export interface WorkflowFailure {
  workflow?: string;
  task: string;
  message: string;
  /** Flavor of its group's known entry; null for a known entry without flavor; undefined for a new group. */
  flavor: string | null | undefined;
}

/** Options of {@link workflowRates}. */
export interface WorkflowRateOptions {
  /** Jobs per workflow (rate denominators). */
  jobs?: Readonly<Record<string, number>>;
  /** Infrastructure rate at or above which a workflow is called an infrastructure problem (default 0.1). */
  infrastructureAlarm?: number;
}

function pct(x: number): string {
  return `${Number((100 * x).toPrecision(2))} %`;
}

/**
 * Failures and rates per workflow, most failures first.
 * @example
 * const auth = { workflow: "step1/a", task: "isr", message: "401 Unauthorized: token expired", flavor: undefined };
 * const psf = { workflow: "step1/b", task: "calibrate", message: "PSF FWHM nan", flavor: "payload" };
 * const rows = workflowRates([auth, auth, auth, psf], { jobs: { "step1/a": 10, "step1/b": 10 } });
 * rows[0].verdict // "infrastructure problem: 30 % of 10 jobs failed, 30 % on infrastructure (3 guessed from the message)"
 * rows[1].verdict // "10 % of 10 jobs failed, mostly pipelines (1)"
 */
export function workflowRates(
  failures: readonly WorkflowFailure[],
  options: WorkflowRateOptions = {},
): WorkflowRow[] {
  const rows = new Map<string, WorkflowRow>();
  for (const f of failures) {
    if (f.workflow === undefined) continue;
    let row = rows.get(f.workflow);
    if (!row) {
      row = {
        workflow: f.workflow,
        failures: 0,
        flavors: {},
        tasks: {},
        origins: {},
        jobs: options.jobs?.[f.workflow] ?? null,
        rate: null,
        infrastructureRate: null,
        verdict: "",
      };
      rows.set(f.workflow, row);
    }
    row.failures++;
    const flavor = f.flavor === undefined ? "new" : (f.flavor ?? "unspecified");
    row.flavors[flavor] = (row.flavors[flavor] ?? 0) + 1;
    row.tasks[f.task] = (row.tasks[f.task] ?? 0) + 1;
    const origin = f.flavor === undefined ? guessOrigin(f.message) : originOfFlavor(f.flavor);
    row.origins[origin] = (row.origins[origin] ?? 0) + 1;
  }
  const alarm = options.infrastructureAlarm ?? 0.1;
  for (const row of rows.values()) {
    const infra = (row.origins.infrastructure ?? 0) + (row.origins["infrastructure?"] ?? 0);
    const guessed = row.origins["infrastructure?"] ?? 0;
    const [top, topCount] = Object.entries(row.origins).sort((a, b) => b[1] - a[1])[0] ?? ["unknown", 0];
    if (row.jobs !== null && row.jobs > 0) {
      row.rate = row.failures / row.jobs;
      row.infrastructureRate = infra / row.jobs;
      const head = `${pct(row.rate)} of ${row.jobs} jobs failed`;
      row.verdict =
        row.infrastructureRate >= alarm
          ? `infrastructure problem: ${head}, ${pct(row.infrastructureRate)} on infrastructure${guessed > 0 ? ` (${guessed} guessed from the message)` : ""}`
          : `${head}, mostly ${top.replace("?", " (guessed)")} (${topCount})`;
    } else
      row.verdict = `${row.failures} failure${row.failures === 1 ? "" : "s"} (jobs unknown: give --workflow-jobs WORKFLOW=N), mostly ${top.replace("?", " (guessed)")} (${topCount})`;
  }
  return [...rows.values()].sort((a, b) => b.failures - a.failures || a.workflow.localeCompare(b.workflow));
}

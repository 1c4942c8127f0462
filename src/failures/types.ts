/**
 * The one record every failure reader produces, whatever the source format: task, data id, status, exception,
 * message, and what the source says about time, attempts and resources.
 */

/** Dimension values of a data id (`visit`, `detector`, `tract`, `patch`, `band`, …). */
export type DataId = Record<string, string | number>;

/** Input formats the readers understand. */
export type FailureFormat =
  | "pipetaskReportV1"
  | "pipetaskReportV2"
  | "provenanceReport"
  | "provenanceReportV3"
  | "expectedData"
  | "pandaErrors"
  | "logStream"
  | "failureTable";

/** One failed (or wonky, unknown…) quantum. */
export interface Failure {
  task: string;
  dataId: DataId;
  /** `FAILED`, `WONKY`, `UNKNOWN`, `ABORTED`… as the source names it (upper case). */
  status: string;
  /** Exception type name (`ValueError`), null when the source gives none. */
  exception: string | null;
  /** The diagnostic message (the executor's wrapper stripped). */
  message: string;
  /** ISO time of the failure, when the source has one. */
  time?: string;
  /** Number of attempts (runs) the source lists for this quantum. */
  attempts?: number;
  /** Wall time in seconds of the last attempt, when given. */
  runTimeS?: number;
  /** Peak memory in bytes of the last attempt, when given. */
  memoryBytes?: number;
  /** Status of every attempt, first to last, when the source lists them (provenance reports). */
  attemptStatuses?: string[];
  /** PanDA error code (`pilot, 1305`), when given. */
  pandaCode?: string;
  /** Workflow / step / run the failure belongs to, when given (failure rates are per workflow). */
  workflow?: string;
  /** Where it was read: `path` or `path:line`. */
  source: string;
}

/** Counts a report gives per task (the denominators of failure rates). */
export interface TaskCounts {
  expected?: number;
  succeeded?: number;
  failed?: number;
  blocked?: number;
  wonky?: number;
  unknown?: number;
}

/** A line or entry that could not be read, with why; the rest of the file is still read. */
export interface BadEntry {
  source: string;
  reason: string;
}

/** What one input file gave. */
export interface FailureRead {
  path: string;
  format: FailureFormat;
  failures: Failure[];
  /** Per-task counts when the report has them (pipetask report tables). */
  tasks: Record<string, TaskCounts>;
  /** Lines/entries skipped, first 20 kept; `badCount` is the total. */
  bad: BadEntry[];
  badCount: number;
  /** True when some entries were skipped: the failures are a lower bound. */
  partial: boolean;
  /** Dataset types the report expected and how many were produced (pipetask report dataset tables). */
  datasets?: Record<string, DatasetCounts>;
  /** Quanta or jobs that succeeded only after retries (more than one attempt): not failures, but worth a look. */
  retried?: Failure[];
  /** Successful entries the source listed (not failures; first attempts that worked are only counted). */
  succeeded?: number;
  /** Records read (log streams: every record, failures or not). */
  records?: number;
}

/** Expected and produced datasets of one type, with the data ids of the missing ones where the report lists them. */
export interface DatasetCounts {
  expected: number;
  produced: number;
  missingDataIds?: DataId[];
}

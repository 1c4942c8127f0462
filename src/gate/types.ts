/** A gate file as skygate understands it, after validation (see gates/README.md for the YAML format). */

/** Rubin verify-spec comparison operators. */
export type Operator = "<" | "<=" | ">" | ">=" | "==" | "!=";

/** The levels of a Rubin verify spec, from the least to the most demanding. */
export const LEVELS = ["minimum", "design", "stretch"] as const;
/** One verify-spec level. */
export type Level = (typeof LEVELS)[number];

/** A metric threshold in the shape of a Rubin verify spec: the metric, its unit, and a value per level. */
export interface MetricSpec {
  /** `TABLE.rows`, `TABLE.COLUMN.STAT` (nullRate, nanRate, infRate, trueRate, mean, stddev, min, max, distinct) or `TABLE.COLUMN.CHECK.failingRate`. */
  metric: string;
  operator: Operator;
  unit: string;
  levels: Partial<Record<Level, number>>;
  /** The level that must pass for the gate to pass; failing a higher level is reported, never blocks. */
  require: Level;
  /** Line in the gate file, for messages. */
  line?: number;
}

/** An acknowledged known issue: matching findings stay in every report, marked waived, until the expiry date. */
export interface Waiver {
  /** A result id (`Object.g_psfFlux.nanWithoutFlag`) or a pattern with `*` (`Object.*_psfFlux.nanWithoutFlag`). */
  match: string;
  /**
   * Failure groups only: a pattern (`*` wildcard) the group's message template must match as well, so one kind
   * of failure of a task is waived and the task's other groups still block.
   */
  group?: string;
  reason: string;
  ticket: string;
  /** ISO date (YYYY-MM-DD); the waiver no longer applies from the day after. */
  expires: string;
  line?: number;
}

/** Coverage holes inside a gate (src/holes): which tables, the expected footprint, known masks, row filters. */
export interface HolesSpec {
  /** Gate tables whose positions are mapped. */
  tables: string[];
  /** A footprint spec as `skygate holes --footprint` (file parts resolved from the gate file); absent: the data's extent. */
  footprint?: string;
  /** Mask specs as `skygate holes --mask` (file parts resolved from the gate file). */
  masks: string[];
  /** Row filters as `--where` (all must hold). */
  where: string[];
  order?: number;
  alpha?: number;
  ra?: string;
  dec?: string;
  unit?: "deg" | "rad";
  line?: number;
}

/** Failure localization inside a gate (src/failures): reports, known errors, geometry and reference catalogs. */
export interface FailuresSpec {
  /** Failure reports (any format `skygate failures --report` reads), resolved from the gate file. */
  reports: string[];
  knownErrors?: string;
  /** Expected quanta per task when the reports lack them. */
  expected: Record<string, number>;
  /** CcdVisit detector corners: a path (a gate table's name stands for its path). */
  ccdvisit?: string;
  /** Visit pointings: paths or gate table names. */
  visits: string[];
  /** Reference catalogs or MOCs. */
  refcat: string[];
  /** LSSTCam-imSim (default) or an obs_lsst policy directory. */
  camera: string;
  distortion: boolean;
  minReferenceObjects: number;
  line?: number;
}

/** A notebook run by the gate (`skygate notebook run`): a cell that fails fails the gate. */
export interface NotebookSpec {
  path: string;
  /** Values injected after the notebook's `parameters` cell (`${name}` substituted). */
  params: Record<string, string | number | boolean>;
  /** Seconds per cell (default 120). */
  timeout?: number;
  line?: number;
}

/** Ingest readiness (Qserv/MySQL): which tables, the director table, its children and the expected row counts. */
export interface IngestSpec {
  /** Gate tables to check (default: all). */
  tables: string[];
  /** The director (partitioned by position) table, e.g. Object. */
  director?: string;
  /** The director's key (default: its schema primary key). */
  key?: string;
  ra?: string;
  dec?: string;
  /** Child table → its column holding the director's key. */
  children: Record<string, string>;
  /** Expected rows per table. */
  rows: Record<string, number>;
  line?: number;
}

/** A validated gate. Paths are resolved relative to the gate file. */
export interface GateSpec {
  name: string;
  description?: string;
  /** The gate file itself. */
  path: string;
  schema?: string;
  /** Parameter values used (`${name}` in paths): the file's defaults, overridden by the caller's. */
  params: Record<string, string>;
  tables: Record<string, string[]>;
  /** The gate file's line of each table, for errors about it (absent where unknown). */
  tableLines?: Record<string, number>;
  engine: "auto" | "arrow" | "duckdb";
  /** Run the automatic every-column suite (default true). */
  suite: boolean;
  expectRows: Record<string, number>;
  /** `TABLE.COLUMN=MIN..MAX[unit]`, as `skygate check --range`. */
  ranges: string[];
  metrics: MetricSpec[];
  /** Result-id patterns whose failures only warn. */
  warn: string[];
  waivers: Waiver[];
  holes?: HolesSpec;
  failures?: FailuresSpec;
  notebooks: NotebookSpec[];
  ingest?: IngestSpec;
}

/** How a metric measured against its levels. */
export interface MetricOutcome {
  metric: string;
  value: number | null;
  unit: string;
  operator: Operator;
  levels: Partial<Record<Level, { value: number; pass: boolean }>>;
  require: Level;
}

/**
 * The DuckDB engine: pushes profiles, conditions and key checks down to embedded DuckDB over Parquet
 * files, globs and Hive partitions. A profile is one SQL query; conditions are `count(CASE WHEN …)`
 * aggregates in one query; samples come from a second query that numbers rows like the readers do
 * (cumulative row offset of each file in sorted path order + the row's position in its file).
 * DuckDB runs out-of-core under `memoryLimit` with its own threads.
 */
import { mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type DuckDBConnection, DuckDBInstance } from "@duckdb/node-api";
import { InputError } from "../../core/errors.js";
import { PartitionCounts } from "../../core/partitions.js";
import type { SampleRow } from "../../core/results.js";
import type { PhysicalType, TableSource } from "../../io/table.js";
import { EXACT_DISTINCT_LIMIT } from "../../metrics/hll.js";
import type { ColumnProfile, TableProfile } from "../../metrics/types.js";
import { ArrowEngine } from "../arrow/arrow-engine.js";
import { partitionColumns, partitionName } from "../arrow/partition.js";
import { type Condition, conditionColumns, holdsForNull } from "../condition.js";
import { DEFAULT_SAMPLE_SIZE, sampleRow } from "../sample.js";
import { compileConditions } from "../sql/condition-sql.js";
import { duckdbDialect, type SqlDialect } from "../sql/dialect.js";
import { type Aggregate, decodeProfile, infinityFollowUp, profilePlan } from "../sql/profile-sql.js";
import type {
  ConditionCount,
  CountRequest,
  DuplicateKeyOptions,
  Engine,
  KeyCheckResult,
  PartitionSpec,
  ProfileRequest,
  ProfileResult,
  ScanRequestOptions,
} from "../types.js";
import { type ChunkStats, type KnownStats, provenStats } from "./parquet-stats.js";
import { splitWork } from "./split.js";
import {
  describeTypeClash,
  parseTypeClash,
  type SchemaRow,
  typeClashError,
  typeGroups,
} from "./type-clash.js";

/** Options of the DuckDB engine: memory limit, threads, spill folder. */
export interface DuckDBEngineOptions {
  /** DuckDB `memory_limit` (default "2GB"): larger work spills to `tempDirectory`. */
  memoryLimit?: string;
  /** Worker threads (default: DuckDB's choice, all cores). */
  threads?: number;
  tempDirectory?: string;
  /**
   * Distinct counts: DuckDB's `approx_count_distinct` (default; fast, but its HyperLogLog is coarse: we
   * measured errors up to 25 % at 10³ distinct values and ~4–9 % at 10⁴–10⁶) or exact `count(DISTINCT …)`.
   */
  distinct?: "approx" | "exact";
}

const lit = (s: string): string => duckdbDialect.literal(s);

/** DuckDB messages that mean the data are bad, not that DuckDB cannot do the work (never a reason to fall back). */
// Thrift's own words for a garbled page header ("don't know what type", TProtocolException) are bad data too.
const BAD_DATA =
  /statistics in your data source are corrupt|decompress|Failed to read file|corrupt (file|page|data)|invalid (parquet|page|magic|footer)|thrift|TProtocolException|don't know what type|No magic bytes|Permission denied|Cannot open file|No such file/i;

/**
 * The InputError a DuckDB error stands for when it means bad input, naming the file DuckDB names (or the table's
 * files); undefined for every other error (a missing column, an unsupported type, out of memory).
 * @example
 * duckdbInputError(new Error('Invalid Input Error: Failed to read file "/d/a.parquet": ZSTD Decompression failure'), ["/d/a.parquet"])?.path // "/d/a.parquet"
 */
export function duckdbInputError(error: unknown, files: readonly string[]): InputError | undefined {
  const message = error instanceof Error ? error.message : String(error);
  if (!BAD_DATA.test(message)) return undefined;
  const named =
    /file "([^"]+)"/.exec(message)?.[1] ?? /["']([^"']+\.(?:parquet|parq|pq))["']/i.exec(message)?.[1];
  const path = named ?? (files.length === 1 ? (files[0] as string) : files.join(", "));
  const first = (message.split("\n")[0] ?? "").replace(/^.*?Failed to read file "[^"]+":\s*/, "").trim();
  // Thrift's words alone ("Invalid Error: don't know what type:") do not say what is wrong with the file.
  const detail = /TProtocolException|don't know what type/i.test(first)
    ? `corrupt page metadata (${first.replace(/:\s*$/, "")})`
    : first;
  const kind = /Permission denied/i.test(message)
    ? "permission"
    : /No such file|Cannot open file/i.test(message)
      ? "missing"
      : "corrupt";
  return new InputError(path, kind, `DuckDB cannot read the data: ${detail}`, undefined, { cause: error });
}

/** Physical type of a DuckDB column type name. */
export function duckdbPhysicalType(type: string): PhysicalType {
  const t = type.toUpperCase();
  if (t.endsWith("[]") || t.startsWith("STRUCT") || t.startsWith("MAP")) return "list";
  const table: Record<string, PhysicalType> = {
    BOOLEAN: "bool",
    TINYINT: "int8",
    SMALLINT: "int16",
    INTEGER: "int32",
    BIGINT: "int64",
    UTINYINT: "uint8",
    USMALLINT: "uint16",
    UINTEGER: "uint32",
    UBIGINT: "uint64",
    FLOAT: "float32",
    DOUBLE: "float64",
    VARCHAR: "string",
    BLOB: "binary",
    DATE: "date",
  };
  if (table[t]) return table[t];
  if (t.startsWith("TIMESTAMP")) return "timestamp";
  return "other";
}

/** A physical type's kind, to tell a type clash between files from a mere difference in width or signedness. */
function typeKind(type: PhysicalType): "time" | "number" | "string" | "bool" | "null" | "other" {
  if (type === "timestamp" || type === "date") return "time";
  if (/^(u?int|float)\d+$/.test(type)) return "number";
  if (type === "string" || type === "bool" || type === "null") return type;
  return "other";
}

/** The SQL text of a column partition's key, as the Arrow engine labels it (`4431/3` for tract/patch). */
type ColumnPartition = Extract<PartitionSpec, { kind: "column" }>;

function partitionKeySql(spec: ColumnPartition, q: (name: string) => string): string {
  const text = (c: string) => `coalesce(CAST(${q(c)} AS VARCHAR), 'null')`;
  return spec.within === undefined
    ? text(spec.column)
    : `${text(spec.column)} || '/' || ${text(spec.within)}`;
}

function toNumber(value: unknown): number {
  return typeof value === "bigint" ? Number(value) : Number(value ?? 0);
}

/** Column profiles a DuckDB engine already computed on one source; `full` when mean, stddev and distinct are in. */
interface ProfileCache {
  rows: number | undefined;
  columns: Map<string, { profile: ColumnProfile; full: boolean }>;
}

/** Columns or conditions per parallel query at least: narrower requests are not worth a second scan. */
const MIN_ITEMS_PER_PART = 32;
/** Below this many row groups per DuckDB thread, a wide request runs as parallel queries over its items. */
const ROW_GROUPS_PER_THREAD = 16;
/** Failing conditions whose first rows one query looks up (one `min(…, n)` aggregate each). */
const SAMPLE_QUERY_CONDITIONS = 256;
/** Most groups × conditions a breakdown answer may hold (each group comes back as one row with a count per condition). */
const MAX_BREAKDOWN_CELLS = 1_000_000;

/** `, count(CASE WHEN predicate THEN 1 END) AS k{i}` for each compiled condition, to append to a SELECT list. */
function countAggregates(conditions: readonly { predicate: string | null }[]): string {
  return conditions.map((c, i) => `, ${duckdbDialect.countIf(c.predicate as string)} AS k${i}`).join("");
}

/** Conditions cut into `parts` queries, those reading the same columns together (each query decodes its own). */
function byColumns<T extends { where: Condition }>(conditions: readonly T[], parts: number): T[][] {
  const cut = splitWork(
    [],
    conditions.map((c) => ({ c, columns: conditionColumns(c.where) })),
    parts,
  );
  return cut.conditions.map((part) => part.map((x) => x.c));
}

/** The value kept for a source in `memo`, made by `make` the first time it is asked for. */
function perSource<V>(memo: WeakMap<TableSource, V>, source: TableSource, make: () => V): V {
  let value = memo.get(source);
  if (value === undefined) {
    value = make();
    memo.set(source, value);
  }
  return value;
}

/** Engine that pushes Parquet and CSV scans down to embedded DuckDB (src/engines/README.md). */
export class DuckDBEngine implements Engine {
  readonly name = "duckdb";
  private connecting: Promise<DuckDBConnection> | null = null;
  private instance: DuckDBInstance | null = null;
  private readonly options: DuckDBEngineOptions;

  constructor(options: DuckDBEngineOptions = {}) {
    this.options = options;
  }

  /** The engine's connection (created on first use). */
  connection(): Promise<DuckDBConnection> {
    this.connecting ??= (async () => {
      const temp = this.options.tempDirectory ?? join(tmpdir(), "skygate-duckdb");
      mkdirSync(temp, { recursive: true });
      const config: Record<string, string> = {
        memory_limit: this.options.memoryLimit ?? "2GB",
        temp_directory: temp,
        preserve_insertion_order: "false",
      };
      if (this.options.threads !== undefined) config.threads = String(this.options.threads);
      this.instance = await DuckDBInstance.create(":memory:", config);
      const connection = await this.instance.connect();
      // A gate reads the same files in many queries: parse each footer once (DuckDB checks the file's
      // modification time before reusing it). Only settable once the parquet extension is loaded.
      try {
        // GLOBAL: the extra connections of parallel queries share it
        await connection.run("LOAD parquet; SET GLOBAL parquet_metadata_cache = true");
      } catch {
        // without the cache every query reads the footer again: slower, same answers
      }
      return connection;
    })();
    return this.connecting;
  }

  private readonly extraConnections: DuckDBConnection[] = [];
  private threadCount: Promise<number> | null = null;

  /** Connection k of the engine: 0 is the main one, the others are opened on first use (parallel profiles). */
  private async connectionAt(k: number): Promise<DuckDBConnection> {
    const main = await this.connection();
    if (k === 0 || this.instance === null) return main;
    while (this.extraConnections.length < k) this.extraConnections.push(await this.instance.connect());
    return this.extraConnections[k - 1] as DuckDBConnection;
  }

  /** The number of threads DuckDB runs queries on (the option, else DuckDB's default: the machine's cores). */
  private threads(): Promise<number> {
    this.threadCount ??= this.rows("SELECT current_setting('threads') AS t").then(
      (r) => toNumber(r[0]?.t) || 1,
    );
    return this.threadCount;
  }

  async close(): Promise<void> {
    if (this.connecting === null) return;
    const connection = await this.connecting;
    for (const extra of this.extraConnections.splice(0)) extra.closeSync();
    this.threadCount = null;
    connection.closeSync();
    this.instance?.closeSync();
    this.connecting = null;
    this.instance = null;
  }

  supports(source: TableSource): boolean {
    return this.refusal(source) === null;
  }

  /**
   * Why this engine cannot read a source, or null when it can: one test serves `supports` and the message of
   * `--engine duckdb`, so the reason given is the one that applied.
   * @example
   * new DuckDBEngine().refusal(await limitRows(await openTable("T", "fixtures/pilot/Object.parquet"), 100))
   * // "T is cut to its first 100 rows by --max-rows, which needs the Arrow engine (DuckDB reads whole files)"
   */
  refusal(source: TableSource): string | null {
    if (source.format !== "parquet") return `${source.name} is ${source.format} (DuckDB reads Parquet only)`;
    if (source.files.length === 0) return `${source.name} has no files for DuckDB to read`;
    // A row-limited source is its first rows only; read_parquet would read every file whole.
    if (source.rowLimit !== undefined)
      return `${source.name} is cut to its first ${source.rowLimit} rows by --max-rows, which needs the Arrow engine (DuckDB reads whole files)`;
    return null;
  }

  private relation(source: TableSource, rowNumbers = false): string {
    if (!this.supports(source))
      throw new Error(`DuckDB engine cannot read ${source.name} (${source.format})`);
    const files = `[${source.files.map(lit).join(", ")}]`;
    const extra = rowNumbers ? ", filename = true, file_row_number = true" : "";
    // Hive folder names (`dec=10/`) never replace or add columns: the file's own columns are the table, as on
    // the Arrow engine; disagreeing folder values are a check's finding (checks/table/partitionValue.ts).
    return `read_parquet(${files}, union_by_name = true, hive_partitioning = false${extra})`;
  }

  private async rows(
    sql: string,
    sources: readonly TableSource[] = [],
    connectionIndex = 0,
  ): Promise<Record<string, unknown>[]> {
    const connection = await this.connectionAt(connectionIndex);
    try {
      const reader = await connection.runAndReadAll(sql);
      return reader.getRowObjectsJS() as Record<string, unknown>[];
    } catch (error) {
      const files = sources.flatMap((s) => s.files);
      const input = duckdbInputError(error, files);
      if (input !== undefined) throw input;
      const clash = parseTypeClash(error);
      if (clash === undefined) throw error;
      throw await describeTypeClash(clash, sources, (all, column) => this.schemaRows(all, column), error);
    }
  }

  /** Every file's type for one column, from the footers (`parquet_schema`), to name the files a type clash splits. */
  private async schemaRows(files: readonly string[], column: string): Promise<SchemaRow[]> {
    const connection = await this.connectionAt(0);
    const reader = await connection.runAndReadAll(
      `SELECT file_name, type, converted_type, logical_type FROM parquet_schema([${files.map(lit).join(", ")}]) WHERE name = ${lit(column)}`,
    );
    return reader.getRowObjectsJS() as unknown as SchemaRow[];
  }

  private readonly named = new WeakMap<
    TableSource,
    Promise<Map<string, { sql: string; type: PhysicalType }>>
  >();

  /**
   * Each column of the source as DuckDB names it: DuckDB's identifiers ignore case, so a file with `ra` and `RA`
   * reads as `ra` and `RA_1`; columns are matched by position to the names the file declares.
   */
  private columnsOf(source: TableSource): Promise<Map<string, { sql: string; type: PhysicalType }>> {
    return perSource(this.named, source, async () => {
      const rows = await this.rows(`DESCRIBE SELECT * FROM ${this.relation(source)}`, [source]);
      const declared = await source.columns();
      const sameCount = declared.length === rows.length;
      const columns = new Map(
        rows.map((r, i) => {
          const own = sameCount ? declared[i] : undefined;
          const type = duckdbPhysicalType(String(r.column_type));
          return [
            own?.name ?? String(r.column_name),
            // DuckDB reads a Parquet NullType column as INTEGER (or as another file's type, by union_by_name);
            // it holds no value, so it keeps the readers' type "null", as on the Arrow engine.
            { sql: String(r.column_name), type: own?.type === "null" ? "null" : type },
          ];
        }),
      );
      await this.refuseTypeClash(source, declared, columns);
      return columns;
    });
  }

  /**
   * Files typing a column differently (pandas writes an empty file's columns with guessed types) are one table
   * to the readers, which take the type of the files with rows, but DuckDB takes one file's type for all and fails
   * only when it reads a value, or never where statistics answer. Where DuckDB's type is another kind than the
   * readers' and the files' footers disagree, the table is refused as DuckDB's cast error is (`auto` then reads
   * it with Arrow), so that no check judges the column by the wrong type.
   */
  private async refuseTypeClash(
    source: TableSource,
    declared: readonly { name: string; type: PhysicalType }[],
    columns: ReadonlyMap<string, { sql: string; type: PhysicalType }>,
  ): Promise<void> {
    if (source.files.length < 2) return;
    for (const own of declared) {
      const duck = columns.get(own.name)?.type;
      if (duck === undefined || typeKind(duck) === typeKind(own.type)) continue;
      if (typeKind(duck) === "other" || typeKind(own.type) === "other") continue;
      const groups = typeGroups(source.files, await this.schemaRows(source.files, own.name));
      if (groups.length >= 2) throw typeClashError(source.name, own.name, groups);
    }
  }

  /** The dialect for SQL over one source: identifiers mapped to DuckDB's names of the columns. */
  private async dialectFor(source: TableSource): Promise<SqlDialect> {
    const columns = await this.columnsOf(source);
    return { ...duckdbDialect, quote: (id) => duckdbDialect.quote(columns.get(id)?.sql ?? id) };
  }

  /** Column names (as the file declares them) and physical types as DuckDB reads the source. */
  async columnTypes(source: TableSource): Promise<Map<string, PhysicalType>> {
    const columns = await this.columnsOf(source);
    return new Map([...columns].map(([name, c]) => [name, c.type]));
  }

  /** A relation whose `__row` column is the 0-based row index in the table as read (files in sorted path order). */
  private async numbered(source: TableSource): Promise<string> {
    const meta = await this.fileMetadata(source);
    let offset = 0;
    const offsets: string[] = [];
    for (const file of source.files) {
      offsets.push(`(${lit(file)}, ${offset})`);
      offset += meta.get(file)?.rows ?? 0;
    }
    return `(SELECT t.*, o.__offset + t.file_row_number AS __row
      FROM ${this.relation(source, true)} t JOIN (VALUES ${offsets.join(", ")}) o(__file, __offset) ON t.filename = o.__file)`;
  }

  async profile(source: TableSource, request: ProfileRequest = {}): Promise<ProfileResult> {
    if (request.conditions === undefined || request.conditions.length === 0)
      return this.profileOnce(source, request);
    try {
      return await this.profileOnce(source, request);
    } catch (error) {
      // A condition that breaks the fused query must not cost the profile (under --engine auto it would send
      // the whole profile to the Arrow engine): answered without the counts, which the caller then scans for.
      if (error instanceof InputError) throw error;
      const { conditions: _, ...plain } = request;
      return this.profileOnce(source, plain);
    }
  }

  private async profileOnce(source: TableSource, request: ProfileRequest): Promise<ProfileResult> {
    const spec = request.partitionBy;
    // Per-pixel breakdowns need HEALPix indices: the Arrow engine computes those while streaming.
    if (spec?.kind === "healpix") return new ArrowEngine().profile(source, request);
    const types = await this.columnTypes(source);
    const named = await this.dialectFor(source);
    const q = named.quote;
    const names = request.columns ? [...request.columns] : (await source.columns()).map((c) => c.name);
    const missing = names.filter((n) => !types.has(n));
    if (missing.length > 0) throw new Error(`table ${source.name} has no column ${missing.join(", ")}`);
    if (spec && !types.has(spec.column)) throw new Error(`table ${source.name} has no column ${spec.column}`);
    const columns = names.map((name) => ({ name, type: types.get(name) as PhysicalType }));
    const quantiles = request.quantiles ?? [];
    const select = (plan: { aggregates: readonly Aggregate[] }) =>
      plan.aggregates.map((a) => `${a.sql} AS ${a.alias}`).join(", ");
    request.onProgress?.({ done: 0, total: source.files.length, unit: "files", label: source.name });
    const dialect =
      this.options.distinct === "exact"
        ? { ...named, approxDistinct: (x: string) => `count(DISTINCT ${x})` }
        : named;
    const relation = this.relation(source);
    // Counts only (a check's prefilter): no mean, stddev or distinct, which cost half of a wide profile's time.
    const countsOnly = request.statistics === "counts";
    // A gate asks for the same columns' profiles several times (prefilter, constant checks, metrics): columns
    // already profiled on this source are taken from the first answer (without quantiles, which are not kept;
    // a counts-only answer serves counts-only requests only).
    const cache = quantiles.length === 0 ? this.profiled(source) : null;
    const cached = (name: string) => {
      const hit = cache?.columns.get(name);
      return hit !== undefined && (hit.full || countsOnly) ? hit.profile : undefined;
    };
    const todo = cache ? columns.filter((c) => cached(c.name) === undefined) : columns;
    // Conditions counted in the same scan (a check's rules that the profile seldom proves): their columns are
    // decoded once for both.
    const compiled = compileConditions(source.name, request.conditions ?? [], types, named);
    const counted = compiled.filter((c) => c.predicate !== null);
    let profile: TableProfile;
    if (todo.length > 0 || cache?.rows === undefined || counted.length > 0) {
      const known = await this.parquetStats(source, types);
      // DuckDB parallelises a scan by row groups only: a file of one row group (or a few) keeps one core busy
      // while the others wait. A wide profile of such a source is cut into one query per thread, run at once on
      // their own connections (the 100k × 991 one-row-group file: 2.4 s → 1.3 s on two threads). With many
      // row groups the scan is parallel already and two scans only compete (1M × 991: 8.3 s → 9.5 s).
      const planOptions = {
        quantiles,
        relation,
        known,
        infinities: "followUp" as const,
        ...(countsOnly ? { moments: false, distinct: false } : {}),
      };
      // Cut so that each condition goes with the columns it reads (split.ts).
      const cut = splitWork(
        todo,
        counted.map((c) => ({ compiled: c, columns: conditionColumns(c.where) })),
        await this.parallelParts(source, todo.length + counted.length),
      );
      const parts = cut.columns;
      const countParts = cut.conditions.map((part) => part.map((c) => c.compiled));
      const answers = await this.inParts(parts.length, async (k) => {
        const plan = profilePlan(parts[k] as typeof todo, dialect, planOptions);
        const part = countParts[k] as typeof counted;
        const [row] = await this.rows(
          `SELECT ${select(plan)}${countAggregates(part)} FROM ${relation}`,
          [source],
          k,
        );
        part.forEach((c, i) => {
          c.out.count = toNumber(row[`k${i}`]);
          c.out.total = toNumber(row.n_rows);
        });
        // +Inf apart from −Inf only for the float columns holding any (rare): a second, narrow query
        const followUp = infinityFollowUp(plan, row);
        if (followUp.length > 0)
          Object.assign(
            row,
            (await this.rows(`SELECT ${select({ aggregates: followUp })} FROM ${relation}`, [source], k))[0],
          );
        return { rows: toNumber(row.n_rows), columns: decodeProfile(plan, row) };
      });
      const byName: Record<string, ColumnProfile> = {};
      for (const answer of answers) Object.assign(byName, answer.columns);
      const columnsInOrder: Record<string, ColumnProfile> = {};
      for (const { name } of todo) columnsInOrder[name] = byName[name] as ColumnProfile;
      profile = { rows: answers[0]?.rows ?? 0, sources: [...source.files], columns: columnsInOrder };
      if (this.options.distinct !== "exact" && !countsOnly)
        await this.exactSmallDistinct(profile, relation, source);
      if (cache) {
        cache.rows = profile.rows;
        for (const [name, p] of Object.entries(profile.columns))
          cache.columns.set(name, { profile: { ...p }, full: !countsOnly });
      }
    } else profile = { rows: cache.rows, sources: [...source.files], columns: {} };
    if (cache) {
      const ordered: Record<string, ColumnProfile> = {};
      for (const { name } of columns) ordered[name] = { ...(cached(name) as ColumnProfile) };
      profile.columns = ordered;
    }
    const result: ProfileResult = { profile };
    if (request.conditions !== undefined) result.counts = compiled.map((c) => c.out);
    if (source.partial) result.partial = true;
    if (spec) {
      const partPlan = profilePlan(columns, named, {
        distinct: false,
        relation,
        ...(countsOnly ? { moments: false } : {}),
      });
      const key = partitionKeySql(spec, q);
      const parts = await this.rows(
        `SELECT ${key} AS __part, ${select(partPlan)} FROM ${this.relation(source, true)} GROUP BY ALL`,
        [source],
      );
      const out: Record<string, TableProfile> = {};
      const sorted = parts
        .map((p) => ({ key: String(p.__part), p }))
        .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
      for (const { key: k, p } of sorted) {
        // sources: the files that hold rows of this partition are not tracked in SQL; list all inputs.
        out[k] = {
          rows: toNumber(p.n_rows),
          sources: [...source.files],
          columns: decodeProfile(partPlan, p),
        };
      }
      result.partitions = out;
    }
    request.onProgress?.({
      done: source.files.length,
      total: source.files.length,
      unit: "files",
      label: source.name,
    });
    return result;
  }

  /**
   * Small distinct counts made exact, as the Arrow engine's sketch gives them (metrics/hll.ts): columns whose
   * approx_count_distinct is at most twice EXACT_DISTINCT_LIMIT (its error reaches 25 % at 10³) are counted with
   * count(DISTINCT …) in one more query, cheap at such cardinalities. Both engines then report the same number.
   */
  private async exactSmallDistinct(
    profile: TableProfile,
    relation: string,
    source: TableSource,
  ): Promise<void> {
    const small = Object.entries(profile.columns).filter(
      ([, p]) => "distinct" in p && p.distinct !== null && p.distinct <= 2 * EXACT_DISTINCT_LIMIT,
    );
    if (small.length === 0) return;
    const q = (await this.dialectFor(source)).quote;
    const select = small.map(([name], i) => `count(DISTINCT ${q(name)}) AS d${i}`).join(", ");
    const [row] = await this.rows(`SELECT ${select} FROM ${relation}`, [source]);
    small.forEach(([, p], i) => {
      (p as { distinct: number | null }).distinct = toNumber(row[`d${i}`]);
    });
  }

  private readonly profiles = new WeakMap<TableSource, ProfileCache>();

  /** The column profiles computed so far on a source (files are not expected to change while an engine is open). */
  private profiled(source: TableSource): ProfileCache {
    return perSource(this.profiles, source, () => ({ rows: undefined, columns: new Map() }));
  }

  /**
   * How many queries at once a wide request over the source should be cut into: one per DuckDB thread when the
   * files have few row groups (DuckDB parallelises a scan by row groups only) and there are enough items
   * (columns, conditions) for each; else 1.
   */
  private async parallelParts(source: TableSource, items: number): Promise<number> {
    const threads = await this.threads();
    if ((await this.rowGroups(source)) >= ROW_GROUPS_PER_THREAD * threads) return 1;
    // Each query holds a libuv worker while it runs (the binding's async work): leave one for file I/O.
    const pool = Number(process.env.UV_THREADPOOL_SIZE) || 4;
    return Math.max(1, Math.min(threads, pool - 1, Math.floor(items / MIN_ITEMS_PER_PART)));
  }

  /**
   * Runs parts 0…n−1 of a split request at once, part k on connection k. When one fails, the other parts'
   * queries are interrupted (connections 1… serve parts only) and every part is awaited before the first error
   * is thrown: closing a connection while its query still runs crashes or hangs the process.
   */
  private async inParts<T>(parts: number, run: (k: number) => Promise<T>): Promise<T[]> {
    const failure: { error?: unknown; failed: boolean } = { failed: false };
    const settled = await Promise.allSettled(
      Array.from({ length: parts }, async (_, k) => {
        try {
          return await run(k);
        } catch (error) {
          if (!failure.failed) {
            failure.failed = true;
            failure.error = error;
            for (let j = 1; j < parts; j++) if (j !== k) this.extraConnections[j - 1]?.interrupt();
          }
          throw error;
        }
      }),
    );
    if (failure.failed) throw failure.error;
    return settled.map((s) => (s as PromiseFulfilledResult<T>).value);
  }

  private readonly fileMetadatas = new WeakMap<
    TableSource,
    Promise<Map<string, { rows: number; rowGroups: number }>>
  >();

  /** Rows and row groups of each of the source's files, from their footers (read once per source). */
  private fileMetadata(source: TableSource): Promise<Map<string, { rows: number; rowGroups: number }>> {
    return perSource(this.fileMetadatas, source, async () => {
      const files = `[${source.files.map(lit).join(", ")}]`;
      const rows = await this.rows(
        `SELECT file_name, num_rows, num_row_groups FROM parquet_file_metadata(${files})`,
        [source],
      );
      return new Map(
        rows.map((r) => [
          String(r.file_name),
          { rows: toNumber(r.num_rows), rowGroups: toNumber(r.num_row_groups) },
        ]),
      );
    });
  }

  /** Row groups in the source's files (Infinity when the footers cannot be read: then nothing is split). */
  private async rowGroups(source: TableSource): Promise<number> {
    try {
      return [...(await this.fileMetadata(source)).values()].reduce((sum, f) => sum + f.rowGroups, 0);
    } catch {
      return Number.POSITIVE_INFINITY;
    }
  }

  private readonly stats = new WeakMap<TableSource, Promise<Map<string, KnownStats>>>();

  /**
   * Null counts and numeric bounds that the files' Parquet statistics prove (see parquet-stats.ts), so
   * the profile query skips those aggregates; an empty map when the metadata cannot be read. Read once per
   * source: the metadata of 991 columns × 100 row groups is 99 100 rows to turn into JS values.
   */
  private parquetStats(
    source: TableSource,
    types: ReadonlyMap<string, PhysicalType>,
  ): Promise<Map<string, KnownStats>> {
    return perSource(this.stats, source, () => this.readParquetStats(source, types));
  }

  private async readParquetStats(
    source: TableSource,
    types: ReadonlyMap<string, PhysicalType>,
  ): Promise<Map<string, KnownStats>> {
    const files = `[${source.files.map(lit).join(", ")}]`;
    try {
      const total = [...(await this.fileMetadata(source)).values()].reduce((sum, f) => sum + f.rows, 0);
      const rows = await this.rows(
        `SELECT path_in_schema AS col, row_group_num_rows AS n, stats_null_count AS nulls,
          stats_min_value AS lo, stats_max_value AS hi FROM parquet_metadata(${files})`,
      );
      const text = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));
      const chunks: ChunkStats[] = rows.map((r) => ({
        column: String(r.col),
        rows: toNumber(r.n),
        nullCount: r.nulls === null || r.nulls === undefined ? null : toNumber(r.nulls),
        min: text(r.lo),
        max: text(r.hi),
      }));
      return provenStats(chunks, types, total);
    } catch {
      return new Map();
    }
  }

  /**
   * Whether breakdowns of `conditions` by these groupings fit in one answer: every group returns a count per
   * condition, so a Source table's visit/detector (10^5 groups and more) times hundreds of conditions does not.
   * Estimated from one scan of the key columns (HyperLogLog); declined, a check asks one breakdown at a time.
   */
  private async fewGroups(
    source: TableSource,
    groupings: readonly PartitionSpec[],
    conditions: number,
    q: (name: string) => string,
  ): Promise<boolean> {
    if (groupings.length === 0) return false;
    const keys = groupings.map(
      (g, j) => `approx_count_distinct(${partitionKeySql(g as ColumnPartition, q)}) AS g${j}`,
    );
    const [row] = await this.rows(`SELECT ${keys.join(", ")} FROM ${this.relation(source)}`, [source]);
    const groups = groupings.reduce((sum, _, j) => sum + toNumber(row?.[`g${j}`]), 0);
    return groups * conditions <= MAX_BREAKDOWN_CELLS;
  }

  async countWhere(source: TableSource, request: CountRequest): Promise<ConditionCount[]> {
    const types = await this.columnTypes(source);
    const named = await this.dialectFor(source);
    const q = named.quote;
    const sampleSize = request.sampleSize ?? DEFAULT_SAMPLE_SIZE;
    const keyColumn = request.keyColumn && types.has(request.keyColumn) ? request.keyColumn : null;
    const raColumn = request.raColumn && types.has(request.raColumn) ? request.raColumn : null;
    const decColumn = request.decColumn && types.has(request.decColumn) ? request.decColumn : null;
    const hasPosition = raColumn !== null && decColumn !== null;
    const spec = request.partitionBy;
    if (request.breakdowns?.some((g) => g.kind !== "column"))
      throw new Error("a breakdown must be by column");
    for (const c of [spec, ...(request.breakdowns ?? [])].flatMap((g) => partitionColumns(g))) {
      if (!types.has(c)) throw new Error(`table ${source.name} has no column ${c}`);
    }
    const compiled = compileConditions(source.name, request.conditions, types, named);
    const live = compiled.filter((c) => c.predicate !== null);
    // Column groupings: the partition, then the breakdowns, each key once; several run as GROUPING SETS (one
    // scan: on a 100k x 991 table, 490 conditions cost the same by tract, tract/patch, band or all three).
    const breakdowns = (await this.fewGroups(source, request.breakdowns ?? [], live.length, q))
      ? request.breakdowns
      : undefined;
    const groupings = [...(spec?.kind === "column" ? [spec] : []), ...(breakdowns ?? [])];
    const keys = [...new Set(groupings.map((g) => partitionKeySql(g as ColumnPartition, q)))];
    const keyOf = (g: PartitionSpec) => keys.indexOf(partitionKeySql(g as ColumnPartition, q));
    const relation = this.relation(source);
    const from =
      keys.length === 0
        ? relation
        : `(SELECT ${keys.map((k, j) => `${k} AS __p${j}`).join(", ")}, * FROM ${relation})`;
    const groupBy =
      keys.length === 0
        ? ""
        : keys.length === 1
          ? " GROUP BY __p0"
          : ` GROUP BY GROUPING SETS (${keys.map((_, j) => `(__p${j})`).join(", ")})`;
    const setColumns = keys
      .map((_, j) => `__p${j}, ${keys.length > 1 ? `GROUPING(__p${j})` : "0"} AS __g${j}, `)
      .join("");
    // Like the profile, many conditions over a source of few row groups run as one query per thread.
    const countParts = byColumns(live, await this.parallelParts(source, live.length));
    await this.inParts(countParts.length, async (k) => {
      const part = countParts[k] as typeof live;
      const rows = await this.rows(
        `SELECT ${setColumns}count(*) AS n_rows${countAggregates(part)} FROM ${from}${groupBy}`,
        [source],
        k,
      );
      // The rows of grouping j, or every row when there is no grouping (each grouping set covers the table once).
      const rowsOf = (j: number) =>
        keys.length === 0 ? rows : rows.filter((r) => toNumber(r[`__g${j}`]) === 0);
      const byKey = keys.map((_, j) => rowsOf(j));
      const first = keys.length === 0 ? rows : (byKey[0] as typeof rows);
      const total = first.reduce((sum, r) => sum + toNumber(r.n_rows), 0);
      const countsBy = (g: ColumnPartition, i: number) => {
        const j = keyOf(g);
        const parts = new Map<string, number>();
        for (const r of byKey[j] as typeof rows) {
          const hits = toNumber(r[`k${i}`]);
          if (hits > 0) parts.set(String(r[`__p${j}`]), (parts.get(String(r[`__p${j}`])) ?? 0) + hits);
        }
        return PartitionCounts.fromValues(partitionName(g), parts);
      };
      part.forEach((c, i) => {
        c.out.total = total;
        c.out.count = first.reduce((sum, r) => sum + toNumber(r[`k${i}`]), 0);
        if (spec?.kind === "column") c.out.partitions = countsBy(spec, i);
        if (breakdowns !== undefined)
          c.out.breakdowns = breakdowns.map((g) => countsBy(g as ColumnPartition, i));
      });
    });
    if (spec?.kind === "healpix") {
      // Pixel indices are computed in JS from the positions of the matching rows only.
      const arrow = new ArrowEngine();
      const failing = live.filter((c) => c.out.count > 0);
      const none = PartitionCounts.fromPixelMap(spec.order, new Map(), 0);
      for (const c of live) c.out.partitions = none;
      if (failing.length > 0) {
        const pixelCounts = await arrow.countWhere(source, {
          conditions: failing.map((c) => ({ id: c.out.id, where: c.where as Condition })),
          sampleSize: 0,
          partitionBy: spec,
        });
        failing.forEach((c, i) => {
          c.out.partitions = pixelCounts[i].partitions ?? none;
        });
      }
    }
    const withHits = live.filter((c) => c.out.count > 0 && sampleSize > 0);
    if (withHits.length > 0) {
      const numbered = await this.numbered(source);
      const sampledColumn = (where: Condition): string | null => {
        const cols = conditionColumns(where);
        return cols.length === 1 ? cols[0] : null;
      };
      const keySql = keyColumn ? q(keyColumn) : "NULL";
      const raSql = hasPosition ? q(raColumn as string) : "NULL";
      const decSql = hasPosition ? q(decColumn as string) : "NULL";
      // Two passes for all failing conditions together (one top-N query per condition cost ~9 ms each: 4.3 s
      // for the 489 NaN columns of a 100k-row table): (1) each condition's first row numbers,
      // `min(CASE WHEN predicate THEN __row END, n)`, with the sampled column's values at those rows,
      // `arg_min(column, same, n)`; (2) those rows' key and position. arg_min skips NULL values, so it carries
      // the values only of conditions that never match a null (holdsForNull); `isNull` values are null; the rest
      // are fetched in (2). Fetching every sampled column in (2) cost 0.85 s on that table (it decodes every
      // column again), the arg_min 0.3 s; carrying values as structs cost 3x more.
      const carries = (c: (typeof withHits)[number]) =>
        sampledColumn(c.where) !== null && c.where.op !== "isNull" && !holdsForNull(c.where);
      const firstRows = new Map<(typeof withHits)[number], number[]>();
      const valuesAt = new Map<(typeof withHits)[number], readonly unknown[]>();
      // Cut per thread like the counts when there are many (few row groups): 1.3 → 0.75 s on that table.
      const sampleParts = byColumns(withHits, await this.parallelParts(source, withHits.length));
      await this.inParts(sampleParts.length, async (k) => {
        const part = sampleParts[k] as typeof withHits;
        for (let start = 0; start < part.length; start += SAMPLE_QUERY_CONDITIONS) {
          const batch = part.slice(start, start + SAMPLE_QUERY_CONDITIONS);
          const items = batch.flatMap((c, i) => {
            const first = `CASE WHEN ${c.predicate} THEN __row END`;
            const value = carries(c)
              ? `arg_min(${q(sampledColumn(c.where) as string)}, ${first}, ${sampleSize})`
              : null;
            return [
              `min(${first}, ${sampleSize}) AS s${i}`,
              ...(value === null ? [] : [`${value} AS v${i}`]),
            ];
          });
          const [row] = await this.rows(`SELECT ${items.join(", ")} FROM ${numbered}`, [source], k);
          batch.forEach((c, i) => {
            const rows = ((row?.[`s${i}`] ?? []) as unknown[]).map(toNumber);
            firstRows.set(c, rows);
            if (carries(c)) valuesAt.set(c, (row?.[`v${i}`] ?? []) as unknown[]);
            else if (c.where.op === "isNull") valuesAt.set(c, new Array<null>(rows.length).fill(null));
          });
        }
      });
      const wanted = [...new Set([...firstRows.values()].flat())].sort((a, b) => a - b);
      const valueColumns = [
        ...new Set(withHits.flatMap((c) => (valuesAt.has(c) ? [] : (sampledColumn(c.where) ?? [])))),
      ];
      const fetched = new Map<number, Record<string, unknown>>();
      if (wanted.length > 0 && (keyColumn !== null || hasPosition || valueColumns.length > 0)) {
        const select = [
          "__row",
          `${keySql} AS __key`,
          `${raSql} AS __ra`,
          `${decSql} AS __dec`,
          ...valueColumns.map((v, j) => `${q(v)} AS v${j}`),
        ];
        const rows = await this.rows(
          `SELECT ${select.join(", ")} FROM ${numbered} WHERE __row IN (${wanted.join(", ")})`,
          [source],
        );
        for (const r of rows) fetched.set(toNumber(r.__row), r);
      }
      for (const c of withHits) {
        const value = sampledColumn(c.where);
        const carried = valuesAt.get(c);
        const valueAlias = value === null ? null : `v${valueColumns.indexOf(value)}`;
        c.out.sample = (firstRows.get(c) ?? []).map((n, k) => {
          const r = fetched.get(n) ?? {};
          const v = carried !== undefined ? carried[k] : valueAlias === null ? null : r[valueAlias];
          return sampleRow(n, r.__key, r.__ra, r.__dec, v, {
            hasKey: keyColumn !== null,
            hasPosition,
            hasValue: value !== null,
            unit: request.positionUnit,
          });
        });
      }
    }
    return compiled.map((c) => c.out);
  }

  async duplicateKeys(
    source: TableSource,
    keyColumns: readonly string[],
    options: DuplicateKeyOptions = {},
  ): Promise<KeyCheckResult> {
    const types = await this.columnTypes(source);
    const q = (await this.dialectFor(source)).quote;
    const missing = keyColumns.filter((k) => !types.has(k));
    if (missing.length > 0) throw new Error(`table ${source.name} has no column ${missing.join(", ")}`);
    const keys = keyColumns.map(q).join(", ");
    const notNull = keyColumns.map((k) => `${q(k)} IS NOT NULL`).join(" AND ");
    const relation = this.relation(source);
    const dups = `SELECT ${keys}, count(*) AS __n FROM ${relation} WHERE ${notNull} GROUP BY ALL HAVING count(*) > 1`;
    const [row] = await this.rows(
      `SELECT (SELECT count(*) FROM ${relation}) AS total, (SELECT coalesce(sum(__n), 0) FROM (${dups})) AS failing`,
      [source],
    );
    const failing = toNumber(row.failing);
    const total = toNumber(row.total);
    const sampleSize = options.sampleSize ?? DEFAULT_SAMPLE_SIZE;
    let sample: SampleRow[] = [];
    if (failing > 0 && sampleSize > 0) {
      const ra = options.raColumn && types.has(options.raColumn) ? options.raColumn : null;
      const dec = options.decColumn && types.has(options.decColumn) ? options.decColumn : null;
      const hasPosition = ra !== null && dec !== null;
      const on = keyColumns.map((k) => `s.${q(k)} = d.${q(k)}`).join(" AND ");
      const keyExpr =
        keyColumns.length === 1
          ? `s.${q(keyColumns[0])}`
          : `concat_ws('|', ${keyColumns.map((k) => `CAST(s.${q(k)} AS VARCHAR)`).join(", ")})`;
      const rows = await this.rows(
        `SELECT s.__row, ${keyExpr} AS __key, ${hasPosition ? `s.${q(ra as string)} AS __ra, s.${q(dec as string)} AS __dec` : "NULL AS __ra, NULL AS __dec"}
         FROM ${await this.numbered(source)} s SEMI JOIN (${dups}) d ON ${on} ORDER BY s.__row LIMIT ${sampleSize}`,
        [source],
      );
      sample = rows.map((r) =>
        sampleRow(toNumber(r.__row), r.__key, r.__ra, r.__dec, null, {
          hasKey: true,
          hasPosition,
          hasValue: false,
          unit: options.positionUnit,
        }),
      );
    }
    return { failing, total, sample };
  }

  async orphanKeys(
    source: TableSource,
    column: string,
    target: TableSource,
    targetColumn: string,
    options: ScanRequestOptions & { sampleSize?: number; keyColumn?: string | null } = {},
  ): Promise<KeyCheckResult> {
    const types = await this.columnTypes(source);
    const q = (await this.dialectFor(source)).quote;
    const qt = (await this.dialectFor(target)).quote;
    if (!types.has(column)) throw new Error(`table ${source.name} has no column ${column}`);
    const targetTypes = await this.columnTypes(target);
    if (!targetTypes.has(targetColumn)) throw new Error(`table ${target.name} has no column ${targetColumn}`);
    const relation = this.relation(source);
    const targetKeys = `(SELECT DISTINCT ${qt(targetColumn)} AS __k FROM ${this.relation(target)})`;
    const [row] = await this.rows(
      `SELECT (SELECT count(*) FROM ${relation}) AS total,
        (SELECT count(*) FROM ${relation} s ANTI JOIN ${targetKeys} t ON s.${q(column)} = t.__k WHERE s.${q(column)} IS NOT NULL) AS failing`,
      [source, target],
    );
    const failing = toNumber(row.failing);
    const sampleSize = options.sampleSize ?? DEFAULT_SAMPLE_SIZE;
    let sample: SampleRow[] = [];
    if (failing > 0 && sampleSize > 0) {
      const keyColumn = options.keyColumn && types.has(options.keyColumn) ? options.keyColumn : null;
      const rows = await this.rows(
        `SELECT s.__row, ${keyColumn ? `s.${q(keyColumn)}` : "NULL"} AS __key, s.${q(column)} AS __value
         FROM ${await this.numbered(source)} s ANTI JOIN ${targetKeys} t ON s.${q(column)} = t.__k
         WHERE s.${q(column)} IS NOT NULL ORDER BY s.__row LIMIT ${sampleSize}`,
        [source, target],
      );
      sample = rows.map((r) =>
        sampleRow(toNumber(r.__row), r.__key, null, null, r.__value, {
          hasKey: keyColumn !== null,
          hasPosition: false,
          hasValue: true,
        }),
      );
    }
    return { failing, total: toNumber(row.total), sample };
  }
}

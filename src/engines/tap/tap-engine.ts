/**
 * The TAP engine: profiles, condition counts and key checks pushed down to a TAP service as ADQL aggregates,
 * so no table is downloaded. Profiles reuse profile-sql.ts (counts, NaN/±Inf where the backend stores them,
 * extrema over finite values, string lengths), then a second query sums (x − c) and (x − c)² around a centre c
 * taken from the first (mid-range; an exact integer for 64-bit ids), because Qserv distributes only COUNT, SUM,
 * MIN, MAX and AVG: mean = c + Σd/n, variance = (Σd² − (Σd)²/n)/(n − 1). Conditions reuse condition-sql.ts.
 * Large tables are split into key ranges (`k BETWEEN a AND b`, which Qserv accepts for director keys) run
 * concurrently under a cap and merged client-side (counts and sums add, extrema take min/max); the split row
 * counts must add up to the table's, or the result is an error, never a silent partial. A result cut at MAXREC
 * throws. What a dialect cannot express comes back null (profile) or as a condition error — never 0.
 */
import type { PartitionCounts } from "../../core/partitions.js";
import { PartitionCounts as Counts } from "../../core/partitions.js";
import type { SampleRow } from "../../core/results.js";
import { kindOf } from "../../io/kind.js";
import type { PhysicalType, TableSource } from "../../io/table.js";
import type { ColumnProfile, TableProfile } from "../../metrics/types.js";
import { boundariesNest } from "../../sky/healpix/boundaries.js";
import { partitionColumns, partitionName } from "../arrow/partition.js";
import { conditionColumns } from "../condition.js";
import { DEFAULT_SAMPLE_SIZE, sampleRow } from "../sample.js";
import { adqlDouble, adqlIdentifier, adqlTapDialect } from "../sql/adql-tap.js";
import { compileConditions } from "../sql/condition-sql.js";
import type { SqlDialect } from "../sql/dialect.js";
import { decodeProfile, type ProfilePlan, profilePlan } from "../sql/profile-sql.js";
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
import { tableRows } from "./client.js";
import { TapError } from "./http.js";
import { TapTableSource } from "./source.js";

/** Options of the TAP engine: splitting, concurrency, aggregates per query. */
export interface TapEngineOptions {
  /** Split a table into key ranges when it has more rows than this (default: never). */
  splitRows?: number;
  /** Integer column to split on (default: the first 64-bit integer column, else the first integer column). */
  splitColumn?: string;
  /**
   * Split into sky tiles instead of key ranges: one query per HEALPix cell of `order` (12·4^order tiles), each
   * constrained first in WHERE by `CONTAINS(POINT('ICRS', ra, dec), POLYGON('ICRS', corners)) = 1` (Qserv prunes
   * chunks by it), plus one for rows without a position. Positions in degrees.
   */
  skyTiles?: { ra: string; dec: string; order: number };
  /** Queries in flight at once (default 4). */
  concurrency?: number;
  /**
   * Aggregates per query at most (default 400 on Qserv; on PostgreSQL services as many as keep two equal queries
   * of at most 2,000 running): wide tables are profiled in several queries.
   */
  maxAggregates?: number;
  /** Row limit for grouped results (partitions, duplicate keys; default 1 000 000): more is an error. */
  maxGroups?: number;
}

/** A key check that Qserv cannot do exactly: `failing` is a proven lower bound (`bound`, `note` always set). */
export interface BoundedKeyCheckResult extends KeyCheckResult {
  bound: "lower";
  note: string;
}

/** Bins and range of a pushed-down histogram. */
export interface HistogramRequest extends ScanRequestOptions {
  bins?: number;
  min?: number;
  max?: number;
}

/** Counts of finite values per bin (`edges` has bins + 1 entries) and beyond the range. */
export interface TapHistogram {
  edges: Float64Array;
  counts: Float64Array;
  below: number;
  above: number;
}

/** The position columns (degrees) and grid of an equal-area sky density. */
export interface SkyDensityRequest extends ScanRequestOptions {
  ra: string;
  dec: string;
  /** Cells in RA (default 360). */
  raBins?: number;
  /** Cells in sin(Dec) (default 180). */
  zBins?: number;
}

type Row = Record<string, unknown>;

/**
 * Runs `fn` over items with at most `limit` in flight; results in input order.
 * @example await mapLimit([1, 2, 3], 2, async (x) => x * 2) // [2, 4, 6]
 */
export async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const workers = Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i] as T, i);
    }
  });
  await Promise.all(workers);
  return out;
}

/** How aggregates of the same alias merge across splits and groups. */
function mergeKind(alias: string): "min" | "max" | "sum" | "key" {
  const a = alias.toLowerCase();
  if (a === "part_key") return "key";
  if (a.endsWith("_min") || a.endsWith("_minlength")) return "min";
  if (a.endsWith("_max") || a.endsWith("_maxlength")) return "max";
  return "sum";
}

const INTEGER_TEXT = /^-?\d+$/;
/** Aliases of the PostgreSQL profile's raw MIN/MAX of float columns (NaN and ±Inf included). */
const RAW_EXTREMUM = /_rw_(min|max)$/;

/**
 * A double from a result cell: numbers, and the texts CSV results use for NaN and infinities (`nan`, `inf`,
 * `-Infinity`…); null when absent.
 * @example [asDouble("-inf"), asDouble("NaN"), asDouble(2n), asDouble(null)] // [-Infinity, NaN, 2, null]
 */
export function asDouble(value: unknown): number | null {
  if (value === null || value === undefined) return null;
  if (typeof value === "string") {
    const t = value.trim().toLowerCase();
    if (t === "inf" || t === "+inf" || t === "infinity" || t === "+infinity") return Number.POSITIVE_INFINITY;
    if (t === "-inf" || t === "-infinity") return Number.NEGATIVE_INFINITY;
    if (t === "nan") return Number.NaN;
  }
  return Number(value);
}

/**
 * Exact for 64-bit integers (bigint, or integer text from a CSV result), as doubles otherwise; NaN sorts above
 * every number, as in PostgreSQL (so the raw MIN/MAX of split results merge as the database would).
 */
function less(a: unknown, b: unknown): boolean {
  const integral = (v: unknown) => typeof v === "bigint" || (typeof v === "string" && INTEGER_TEXT.test(v));
  const whole = (v: unknown) => integral(v) || (typeof v === "number" && Number.isInteger(v));
  if ((integral(a) || integral(b)) && whole(a) && whole(b)) return BigInt(a as bigint) < BigInt(b as bigint);
  const x = asDouble(a) as number;
  const y = asDouble(b) as number;
  if (Number.isNaN(x)) return false;
  if (Number.isNaN(y)) return true;
  return x < y;
}

/**
 * Merges aggregate rows of several splits (or groups) into one: counts and sums add, extrema keep min/max.
 * @example mergeRows([{ n_rows: 2n, c0_min: 1 }, { n_rows: 3n, c0_min: -1 }]) // { n_rows: 5, c0_min: -1 }
 */
export function mergeRows(rows: readonly Row[]): Row {
  const out: Row = {};
  for (const row of rows) {
    for (const [alias, value] of Object.entries(row)) {
      const kind = mergeKind(alias);
      if (kind === "key") continue;
      if ((value === null || value === undefined) && RAW_EXTREMUM.test(alias)) {
        // A raw MIN/MAX is null over a VOTable when it is NaN (VOTable's null of a float): keep it as NaN, which
        // sorts above every number, so that a split holding NaN is never hidden by another split's finite value.
        out[alias] =
          alias in out && out[alias] !== null
            ? less(out[alias], Number.NaN)
              ? Number.NaN
              : out[alias]
            : Number.NaN;
        continue;
      }
      if (value === null || value === undefined) {
        if (!(alias in out)) out[alias] = null;
        continue;
      }
      const prev = out[alias];
      if (prev === null || prev === undefined) out[alias] = kind === "sum" ? Number(value) : value;
      else if (kind === "sum") out[alias] = (prev as number) + Number(value);
      else if (kind === "min") out[alias] = less(value, prev) ? value : prev;
      else out[alias] = less(prev, value) ? value : prev;
    }
  }
  return out;
}

function asTap(source: TableSource): TapTableSource {
  if (!(source instanceof TapTableSource))
    throw new Error(`the TAP engine cannot read ${source.name} (${source.format})`);
  return source;
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out.length > 0 ? out : [[]];
}

/**
 * Mean and sample standard deviation of n values from their sums around a centre (`big`, exact, for 64-bit
 * integers; else `c`): s1 = Σ(x − centre), s2 = Σ(x − centre)². A column whose min equals its max is exact
 * whatever the centre; a partition far from the centre that lost its digits to cancellation has an unknown
 * (null) standard deviation rather than a wrong one.
 * @example
 * shiftedMoments(3, 3, 5, 10, 12, { c: 10 }) // { mean: 11, stddev: 1 }
 */
export function shiftedMoments(
  n: number,
  s1: number,
  s2: number,
  min: unknown,
  max: unknown,
  centre: { c: number; big?: bigint | string | number },
): { mean: number; stddev: number | null } {
  if (min !== null && min !== undefined && String(min) === String(max))
    return { mean: Number(min), stddev: n > 1 ? 0 : null };
  const shift = s1 / n;
  const m2 = s2 - s1 * shift;
  return {
    mean: centre.big !== undefined ? Number(centre.big) + shift : centre.c + shift,
    stddev: n > 1 && m2 > 1e-9 * s2 ? Math.sqrt(m2 / (n - 1)) : n > 1 && s2 === 0 ? 0 : null,
  };
}

/** What a TAP aggregate groups by: one ADQL expression, or several (a pair such as tract/patch). */
type TapGroup = string | readonly string[];

/** Engine that compiles checks to ADQL aggregates run by a TAP service (src/engines/README.md, TAP section). */
export class TapEngine implements Engine {
  readonly name = "tap";
  /** ADQL queries sent so far (every one, splits included), for benchmarks and tests. */
  readonly log: string[] = [];
  /**
   * Whole-table column profiles already computed, per service and table: a later profile of some of the same
   * columns (`skygate check` profiles the table, then its `constant` columns again) is answered from them instead of
   * re-scanning (on DaCHS, re-parsing) the table. One engine serves one run, so this is one snapshot of the service.
   */
  private readonly profiled = new Map<string, { rows: number; columns: Map<string, ColumnProfile> }>();

  constructor(private readonly options: TapEngineOptions = {}) {}

  supports(source: TableSource): boolean {
    return source instanceof TapTableSource;
  }

  private dialect(source: TapTableSource): SqlDialect {
    return adqlTapDialect(source.flavor);
  }

  private async types(source: TapTableSource): Promise<Map<string, PhysicalType>> {
    return new Map((await source.columns()).map((c) => [c.name, c.type]));
  }

  /**
   * The GROUP BY expression of a breakdown: the column, or (PostgreSQL services: DaCHS's `ivo_healpix_index`, NEST)
   * the HEALPix pixel of finite positions with |Dec| ≤ 90° (others group as null, as on the Arrow engine).
   */
  private groupOf(
    tap: TapTableSource,
    types: ReadonlyMap<string, PhysicalType>,
    spec: PartitionSpec | undefined,
  ): TapGroup | undefined {
    if (spec === undefined) return undefined;
    if (spec.kind === "column") {
      const columns = partitionColumns(spec);
      for (const c of columns) if (!types.has(c)) throw new Error(`table ${tap.name} has no column ${c}`);
      // pairs (tract/patch) group by both columns; the key is "tract/patch" as on the other engines
      return columns.length === 1 ? adqlIdentifier(spec.column) : columns.map(adqlIdentifier);
    }
    for (const c of [spec.ra, spec.dec])
      if (!types.has(c)) throw new Error(`table ${tap.name} has no column ${c}`);
    if (tap.flavor === "qserv")
      throw new TapError(
        "HEALPix breakdowns cannot be pushed down to Qserv (ADQL 2.0 has no HEALPix function there): use skyDensity's equal-area cells",
      );
    const dialect = this.dialect(tap);
    const deg = (c: string) =>
      spec.unit === "rad" ? `DEGREES(${dialect.quote(c)})` : dialect.toDouble(dialect.quote(c));
    const ra = deg(spec.ra);
    const dec = deg(spec.dec);
    return `CASE WHEN ${dialect.isFinite(ra)} AND ${dialect.isFinite(dec)} AND ${dec} >= -90 AND ${dec} <= 90 THEN ivo_healpix_index(${spec.order}, ${ra}, ${dec}) END`;
  }

  /** The table's row count: from a profile of this run, else one COUNT(*) (remembered too). */
  private async rowCount(tap: TapTableSource, signal?: AbortSignal): Promise<number> {
    const key = `${tap.spec.serviceUrl}#${tap.relation}`;
    const known = this.profiled.get(key);
    if (known) return known.rows;
    const [count] = await this.run(tap, `SELECT COUNT(*) AS n FROM ${tap.relation}`, signal);
    const rows = Number(count?.n ?? 0);
    this.profiled.set(key, { rows, columns: new Map() });
    return rows;
  }

  /** One query; a result cut at MAXREC is an error (a partial aggregate must never pass). */
  private async run(
    source: TapTableSource,
    adql: string,
    signal?: AbortSignal,
    maxrec?: number,
  ): Promise<Row[]> {
    this.log.push(adql);
    const result = await source.client.query(adql, {
      signal,
      maxrec: maxrec ?? this.options.maxGroups ?? 1_000_000,
    });
    if (result.overflow !== undefined) {
      throw new TapError(
        `the TAP result of ${source.name} is partial (${result.overflow}); refusing to judge part of the table`,
      );
    }
    return tableRows(result.table);
  }

  /** WHERE fragments splitting the table into key ranges (one `null` when it is not split). */
  private async splits(
    source: TapTableSource,
    signal?: AbortSignal,
    on?: string,
  ): Promise<(string | null)[]> {
    const tiles = this.options.skyTiles;
    if (tiles && on === undefined) return skyTileSplits(tiles.ra, tiles.dec, tiles.order);
    const limit = this.options.splitRows;
    if (limit === undefined || !Number.isFinite(limit)) return [null];
    const types = await this.types(source);
    const ints = [...types].filter(([, t]) => kindOf(t) === "int" || kindOf(t) === "bigint");
    const column =
      on ?? this.options.splitColumn ?? (ints.find(([, t]) => kindOf(t) === "bigint") ?? ints[0])?.[0];
    if (column === undefined || !types.has(column))
      throw new TapError(`table ${source.name} has no integer column to split on`);
    const k = adqlIdentifier(column);
    const [row] = await this.run(
      source,
      `SELECT COUNT(*) AS n, MIN(${k}) AS lo, MAX(${k}) AS hi FROM ${source.relation}`,
      signal,
    );
    const n = Number(row?.n ?? 0);
    if (n <= limit || row?.lo === null || row?.lo === undefined) return [null];
    const lo = BigInt(row.lo as bigint);
    const hi = BigInt(row.hi as bigint);
    const parts = BigInt(Math.ceil(n / limit));
    const width = (hi - lo + 1n + parts - 1n) / parts;
    const out: (string | null)[] = [];
    for (let a = lo; a <= hi; a += width) {
      const b = a + width - 1n > hi ? hi : a + width - 1n;
      out.push(`${k} BETWEEN ${a} AND ${b}`);
    }
    out.push(`${k} IS NULL`);
    return out;
  }

  /**
   * Runs SELECT lists over every split (and every chunk of a wide SELECT), merging rows per group key.
   * Returns merged rows keyed by group (`""` when not grouped); checks that the splits cover the table.
   */
  private async aggregate(
    source: TapTableSource,
    selects: readonly string[],
    options: { group?: TapGroup; where?: string | null; signal?: AbortSignal; splits?: (string | null)[] },
  ): Promise<Map<string, Row>> {
    const splits = options.splits ?? (await this.splits(source, options.signal));
    // PostgreSQL services (DaCHS) pay a job start (~1.6 CPU-s) per query and run two at a time: a few large,
    // equal queries (at least two) beat many small ones. Qserv keeps 400 per query.
    const n = selects.length;
    const per =
      this.options.maxAggregates ??
      (source.flavor === "postgres" ? Math.max(200, Math.ceil(n / Math.max(2, Math.ceil(n / 2000)))) : 400);
    const groups =
      options.group === undefined ? [] : typeof options.group === "string" ? [options.group] : options.group;
    const alias = (i: number) => (i === 0 ? "part_key" : `part_key${i}`);
    const groupSelect = groups.map((g, i) => `${g} AS ${alias(i)}, `).join("");
    // Qserv groups by selected columns or aliases only: an expression is grouped by its alias.
    const groupBy = groups.map((g, i) => (/^"?[A-Za-z_][\w]*"?$/.test(g) ? g : alias(i))).join(", ");
    const jobs: { where: string | null; list: string[] }[] = [];
    for (const where of splits)
      for (const list of chunks(selects, per)) jobs.push({ where, list: ["COUNT(*) AS n_rows", ...list] });
    const results = await mapLimit(jobs, this.options.concurrency ?? 4, async (job) => {
      // The split goes first and bare: Qserv wants its one spatial constraint first in WHERE.
      const conditions = [job.where, options.where ? `(${options.where})` : null].filter(
        (w): w is string => !!w,
      );
      const adql = `SELECT ${groupSelect}${job.list.join(", ")} FROM ${source.relation}${conditions.length ? ` WHERE ${conditions.join(" AND ")}` : ""}${groups.length > 0 ? ` GROUP BY ${groupBy}` : ""}`;
      return this.run(source, adql, options.signal);
    });
    const byKey = new Map<string, Row[]>();
    // Rows of one split and several SELECT chunks share n_rows: count it once per split.
    jobs.forEach((job, j) => {
      const first = jobs.findIndex((x) => x.where === job.where);
      for (const row of results[j] as Row[]) {
        const key = groups
          .map((_, i) => {
            const v = row[alias(i)];
            return v === null || v === undefined ? "null" : String(v);
          })
          .join("/");
        const copy = { ...row };
        if (first !== j) delete copy.n_rows;
        const list = byKey.get(key) ?? [];
        list.push(copy);
        byKey.set(key, list);
      }
    });
    const merged = new Map<string, Row>();
    for (const [key, rows] of byKey) merged.set(key, mergeRows(rows));
    // Tiles and ranges must partition the table: a row on a tile edge counted twice, or one in no tile, is caught here.
    if (splits.length > 1 && !options.where) {
      const total = [...merged.values()].reduce((s, r) => s + Number(r.n_rows ?? 0), 0);
      const [row] = await this.run(source, `SELECT COUNT(*) AS n FROM ${source.relation}`, options.signal);
      if (Number(row?.n) !== total) {
        throw new TapError(
          `the key-range splits of ${source.name} hold ${total} rows, the table ${Number(row?.n)}: result would be partial`,
        );
      }
    }
    return merged;
  }

  async profile(source: TableSource, request: ProfileRequest = {}): Promise<ProfileResult> {
    const tap = asTap(source);
    const types = await this.types(tap);
    const dialect = this.dialect(tap);
    const names = request.columns ? [...request.columns] : [...types.keys()];
    const missing = names.filter((n) => !types.has(n));
    if (missing.length > 0) throw new Error(`table ${source.name} has no column ${missing.join(", ")}`);
    const spec = request.partitionBy;
    const group = this.groupOf(tap, types, spec);
    if (request.quantiles && request.quantiles.length > 0)
      throw new TapError("quantiles are not computed over TAP (no distributed percentile in ADQL)");
    const key = `${tap.spec.serviceUrl}#${tap.relation}`;
    const known = this.profiled.get(key);
    if (spec === undefined && known && names.every((n) => known.columns.has(n))) {
      const columns: Record<string, ColumnProfile> = {};
      for (const n of names) columns[n] = { ...(known.columns.get(n) as ColumnProfile) };
      return { profile: { rows: known.rows, sources: [tap.path], columns } };
    }
    const columns = names.map((name) => ({ name, type: types.get(name) as PhysicalType }));
    const plan = profilePlan(columns, dialect, { distinct: false });
    const result =
      tap.flavor === "postgres"
        ? await this.profileScreened(tap, plan, group, request)
        : await this.profileCentred(tap, plan, group, request);
    if (spec === undefined) {
      const entry = known ?? { rows: result.profile.rows, columns: new Map<string, ColumnProfile>() };
      if (entry.rows === result.profile.rows) {
        for (const [n, c] of Object.entries(result.profile.columns)) entry.columns.set(n, { ...c });
        this.profiled.set(key, entry);
      }
    }
    return result;
  }

  /** The portable profile (Qserv): extrema and counts, then sums around each column's mid-range. */
  private async profileCentred(
    tap: TapTableSource,
    plan: ProfilePlan,
    group: TapGroup | undefined,
    request: ProfileRequest,
  ): Promise<ProfileResult> {
    const source = tap;
    const dialect = this.dialect(tap);
    const spec = request.partitionBy;
    // mean and stddev come from the centred sums of the second query (no AVG over 64-bit ints in DaCHS, no STDDEV in Qserv).
    const first = plan.aggregates.filter((a) => a.alias !== "n_rows" && !/_(mean|stddev)$/.test(a.alias));
    request.onProgress?.({ done: 0, total: 2, unit: "files", label: source.name });
    const splits = await this.splits(tap, request.signal);
    const phase1 = await this.aggregate(
      tap,
      first.map((a) => `${a.sql} AS ${a.alias}`),
      { group, signal: request.signal, splits },
    );
    const whole = mergeRows([...phase1.values()]);
    const centred: string[] = [];
    const centres = new Map<number, { c: number; big?: bigint }>();
    plan.columns.forEach((column, i) => {
      const kind = kindOf(column.type);
      if (kind !== "float" && kind !== "int" && kind !== "bigint") return;
      const lo = whole[`c${i}_min`.toLowerCase()];
      const hi = whole[`c${i}_max`.toLowerCase()];
      if (lo === null || lo === undefined || hi === null || hi === undefined) return;
      const x = dialect.quote(column.name);
      let d: string;
      if (kind === "bigint") {
        const big = (BigInt(lo as bigint) + BigInt(hi as bigint)) / 2n;
        centres.set(i, { c: Number(big), big });
        d = `CASE WHEN ${x} IS NOT NULL THEN ${dialect.toDouble(`(${x} - ${big})`)} END`;
      } else {
        const c =
          kind === "int" ? Math.round(Number(lo) / 2 + Number(hi) / 2) : Number(lo) / 2 + Number(hi) / 2;
        // Extrema that are not finite (a backend that cannot filter ±Inf): moments stay unknown (null).
        if (!Number.isFinite(c)) return;
        centres.set(i, { c });
        const finite =
          kind === "float" ? `(${x} IS NOT NULL AND ${dialect.isFinite(x)})` : `(${x} IS NOT NULL)`;
        d = `CASE WHEN ${finite} THEN ${dialect.toDouble(x)} - ${dialect.doubleLiteral(c)} END`;
      }
      centred.push(`COUNT(${d}) AS c${i}_n`, `SUM(${d}) AS c${i}_s1`, `SUM((${d}) * (${d})) AS c${i}_s2`);
    });
    const phase2 =
      centred.length > 0
        ? await this.aggregate(tap, centred, { group, signal: request.signal, splits })
        : new Map<string, Row>();
    request.onProgress?.({ done: 2, total: 2, unit: "files", label: source.name });
    const decode = (row1: Row, row2: Row | undefined): TableProfile => {
      const row: Row = { n_rows: row1.n_rows };
      for (const a of first) row[a.alias] = row1[a.alias.toLowerCase()];
      centres.forEach(({ c, big }, i) => {
        const n = Number(row2?.[`c${i}_n`] ?? 0);
        const s1 = Number(row2?.[`c${i}_s1`] ?? 0);
        const s2 = Number(row2?.[`c${i}_s2`] ?? 0);
        if (n === 0) return;
        const m = shiftedMoments(n, s1, s2, row1[`c${i}_min`], row1[`c${i}_max`], { c, big });
        row[`c${i}_mean`] = m.mean;
        row[`c${i}_stddev`] = m.stddev;
      });
      return {
        rows: Number(row1.n_rows ?? 0),
        sources: [tap.path],
        columns: decodeProfile(withMoments(plan), row),
      };
    };
    const profile = decode(whole, phase2.size > 0 ? mergeRows([...phase2.values()]) : undefined);
    const result: ProfileResult = { profile };
    if (spec) {
      const parts: Record<string, TableProfile> = {};
      for (const key of [...phase1.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))) {
        parts[key] = decode(phase1.get(key) as Row, phase2.get(key));
      }
      result.partitions = parts;
    }
    return result;
  }

  /**
   * The PostgreSQL (DaCHS) profile, in as few and as simple aggregates as the numbers allow, because a TAP
   * service parses every select item (DaCHS: ~10 ms per plain aggregate, 30–100 ms per CASE on a 2-core machine)
   * while the database scans in milliseconds. Phase 1: COUNT, raw MIN and MAX of every column (true counts of
   * booleans). PostgreSQL sorts NaN above +Infinity, so a float column whose raw MIN and MAX are finite holds
   * neither NaN nor ±Inf, and its raw extrema are the finite ones. Phase 2: the NaN/±Inf counts and finite extrema
   * of the other float columns (only those their raw extrema leave open), and the centred sums of the clean
   * columns. Phase 3: the centred sums of the float columns with NaN or ±Inf, around their finite mid-range.
   */
  private async profileScreened(
    tap: TapTableSource,
    plan: ProfilePlan,
    group: TapGroup | undefined,
    request: ProfileRequest,
  ): Promise<ProfileResult> {
    const dialect = this.dialect(tap);
    const signal = request.signal;
    const splits = await this.splits(tap, signal);
    request.onProgress?.({ done: 0, total: 3, unit: "files", label: tap.name });
    const kinds = plan.columns.map((c) => kindOf(c.type));
    const quoted = plan.columns.map((c) => dialect.quote(c.name));
    const finiteTest = (x: string) => `ABS(${x}) < 'Infinity'`;
    const phase1: string[] = [];
    plan.columns.forEach((column, i) => {
      const x = quoted[i] as string;
      const kind = kinds[i];
      if (column.aliases.valid) phase1.push(`COUNT(${x}) AS c${i}_valid`);
      if (kind === "float") phase1.push(`MIN(${x}) AS c${i}_rw_min`, `MAX(${x}) AS c${i}_rw_max`);
      else if (kind === "int" || kind === "bigint")
        phase1.push(`MIN(${x}) AS c${i}_min`, `MAX(${x}) AS c${i}_max`);
      else if (column.aliases.true) phase1.push(`${dialect.countTrue(x)} AS c${i}_true`);
    });
    const rows1 = await this.aggregate(tap, phase1, { group, signal, splits });
    const whole1 = mergeRows([...rows1.values()]);
    // What the raw extrema leave open per float column, and the centre of every numeric column known so far.
    const open = new Map<
      number,
      { nan: boolean; posInf: boolean; negInf: boolean; min: boolean; max: boolean }
    >();
    const centres = new Map<number, { c: number; big?: bigint }>();
    const phase2: string[] = [];
    const centred = (i: number, c: { c: number; big?: bigint }, special: boolean): string[] => {
      const x = quoted[i] as string;
      const kind = kinds[i];
      const shifted = (e: string, by: number) =>
        by >= 0 ? `${e} - ${adqlDouble(by)}` : `${e} + ${adqlDouble(-by)}`;
      let d: string;
      if (kind === "bigint" && c.big !== undefined)
        d = dialect.toDouble(c.big >= 0n ? `${x} - ${c.big}` : `${x} + ${-c.big}`);
      else if (kind === "float" && plan.columns[i]?.type === "float64") d = shifted(x, c.c);
      else d = shifted(dialect.toDouble(x), c.c);
      if (!special) return [`SUM(${d}) AS c${i}_s1`, `SUM(POWER(${d}, 2)) AS c${i}_s2`];
      const when = finiteTest(x);
      return [
        `SUM(CASE WHEN ${when} THEN ${d} END) AS c${i}_s1`,
        `SUM(CASE WHEN ${when} THEN POWER(${d}, 2) END) AS c${i}_s2`,
      ];
    };
    plan.columns.forEach((_, i) => {
      const kind = kinds[i];
      if (kind === "int" || kind === "bigint") {
        const lo = whole1[`c${i}_min`];
        const hi = whole1[`c${i}_max`];
        if (lo === null || lo === undefined || hi === null || hi === undefined) return;
        const centre =
          kind === "bigint"
            ? (() => {
                const big = (BigInt(lo as bigint) + BigInt(hi as bigint)) / 2n;
                return { c: Number(big), big };
              })()
            : { c: Math.round(Number(lo) / 2 + Number(hi) / 2) };
        centres.set(i, centre);
        phase2.push(...centred(i, centre, false));
        return;
      }
      // A float column without values: nothing to count (its raw extrema read as NaN, VOTable's null).
      if (kind !== "float" || Number(whole1[`c${i}_valid`] ?? 0) === 0) return;
      const lo = asDouble(whole1[`c${i}_rw_min`]);
      const hi = asDouble(whole1[`c${i}_rw_max`]);
      if (lo === null || hi === null) return; // all null
      if (Number.isFinite(lo) && Number.isFinite(hi)) {
        const centre = { c: lo / 2 + hi / 2 };
        centres.set(i, centre);
        phase2.push(...centred(i, centre, false));
        return;
      }
      // NaN sorts last: a NaN maximum means NaN present (+Inf unknown); a +Inf maximum means no NaN. A minimum that
      // is not finite and not -Inf means no finite value at all (nothing more to find).
      const x = quoted[i] as string;
      const q = {
        nan: Number.isNaN(hi),
        posInf: Number.isNaN(hi) || hi === Number.POSITIVE_INFINITY,
        negInf: lo === Number.NEGATIVE_INFINITY,
        min: lo === Number.NEGATIVE_INFINITY,
        max: !Number.isFinite(hi) && (Number.isFinite(lo) || lo === Number.NEGATIVE_INFINITY),
      };
      open.set(i, q);
      if (q.nan) phase2.push(`${dialect.countIf(`${x} = 'NaN'`)} AS c${i}_nan`);
      if (q.posInf) phase2.push(`${dialect.countIf(`${x} = 'Infinity'`)} AS c${i}_posinf`);
      if (q.negInf) phase2.push(`${dialect.countIf(`${x} = '-Infinity'`)} AS c${i}_neginf`);
      if (q.min) phase2.push(`MIN(CASE WHEN ${x} > '-Infinity' THEN ${x} END) AS c${i}_f_min`);
      if (q.max) phase2.push(`MAX(CASE WHEN ${x} < 'Infinity' THEN ${x} END) AS c${i}_f_max`);
    });
    request.onProgress?.({ done: 1, total: 3, unit: "files", label: tap.name });
    const rows2 =
      phase2.length > 0
        ? await this.aggregate(tap, phase2, { group, signal, splits })
        : new Map<string, Row>();
    const whole2 = mergeRows([...rows2.values()]);
    const phase3: string[] = [];
    const special = new Set<number>();
    for (const [i, q] of open) {
      const lo = q.min ? asDouble(whole2[`c${i}_f_min`]) : asDouble(whole1[`c${i}_rw_min`]);
      const hi = q.max ? asDouble(whole2[`c${i}_f_max`]) : asDouble(whole1[`c${i}_rw_max`]);
      // MIN over values above -Inf can still be +Inf or NaN when no value is finite: no moments then.
      if (lo === null || hi === null || !Number.isFinite(lo) || !Number.isFinite(hi)) continue;
      const centre = { c: lo / 2 + hi / 2 };
      centres.set(i, centre);
      special.add(i);
      phase3.push(...centred(i, centre, true));
    }
    request.onProgress?.({ done: 2, total: 3, unit: "files", label: tap.name });
    const rows3 =
      phase3.length > 0
        ? await this.aggregate(tap, phase3, { group, signal, splits })
        : new Map<string, Row>();
    request.onProgress?.({ done: 3, total: 3, unit: "files", label: tap.name });
    const decode = (row1: Row, row2: Row | undefined, row3: Row | undefined): TableProfile => {
      const row: Row = { n_rows: row1.n_rows };
      const count = (r: Row | undefined, alias: string) => Number(r?.[alias] ?? 0);
      plan.columns.forEach((column, i) => {
        const a = column.aliases;
        const kind = kinds[i];
        if (a.valid) row[a.valid] = row1[`c${i}_valid`];
        if (a.true) row[a.true] = row1[`c${i}_true`];
        if (kind === "int" || kind === "bigint") {
          if (a.min) row[a.min] = row1[`c${i}_min`];
          if (a.max) row[a.max] = row1[`c${i}_max`];
        }
        const q = open.get(i);
        if (kind === "float") {
          if (a.nan) row[a.nan] = q?.nan ? count(row2, `c${i}_nan`) : 0;
          if (a.posInf) row[a.posInf] = q?.posInf ? count(row2, `c${i}_posinf`) : 0;
          if (a.negInf) row[a.negInf] = q?.negInf ? count(row2, `c${i}_neginf`) : 0;
          if (a.min) row[a.min] = q?.min ? row2?.[`c${i}_f_min`] : row1[`c${i}_rw_min`];
          if (a.max) row[a.max] = q?.max ? row2?.[`c${i}_f_max`] : row1[`c${i}_rw_max`];
        }
        const centre = centres.get(i);
        if (centre === undefined) return;
        const sums = special.has(i) ? row3 : row2;
        const n =
          count(row1, `c${i}_valid`) -
          (kind === "float"
            ? Number(row[a.nan as string] ?? 0) +
              Number(row[a.posInf as string] ?? 0) +
              Number(row[a.negInf as string] ?? 0)
            : 0);
        if (n <= 0) return;
        const s1 = count(sums, `c${i}_s1`);
        const s2 = count(sums, `c${i}_s2`);
        const m = shiftedMoments(n, s1, s2, row[a.min as string], row[a.max as string], centre);
        row[`c${i}_mean`] = m.mean;
        row[`c${i}_stddev`] = m.stddev;
      });
      return {
        rows: Number(row1.n_rows ?? 0),
        sources: [tap.path],
        columns: decodeProfile(withMoments(plan), row),
      };
    };
    const result: ProfileResult = {
      profile: decode(
        whole1,
        rows2.size > 0 ? whole2 : undefined,
        rows3.size > 0 ? mergeRows([...rows3.values()]) : undefined,
      ),
    };
    if (request.partitionBy) {
      const parts: Record<string, TableProfile> = {};
      for (const key of [...rows1.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))) {
        parts[key] = decode(rows1.get(key) as Row, rows2.get(key), rows3.get(key));
      }
      result.partitions = parts;
    }
    return result;
  }

  /**
   * Histogram of a numeric column's finite values by `GROUP BY FLOOR((x − lo)·bins/(hi − lo))` (Qserv-legal: the
   * bin is a selected alias), over [lo, hi] (default: the finite extrema); values beyond fold into `below`/`above`,
   * the top edge into the last bin. Split and merged like every other query.
   */
  async histogram(
    source: TableSource,
    column: string,
    options: HistogramRequest = {},
  ): Promise<TapHistogram> {
    const tap = asTap(source);
    const types = await this.types(tap);
    const type = types.get(column);
    if (type === undefined) throw new Error(`table ${source.name} has no column ${column}`);
    const kind = kindOf(type);
    if (kind !== "float" && kind !== "int" && kind !== "bigint")
      throw new TapError(`histogram needs a numeric column, ${column} is ${type}`);
    const dialect = this.dialect(tap);
    const x = dialect.quote(column);
    const finite = kind === "float" ? `${x} IS NOT NULL AND ${dialect.isFinite(x)}` : `${x} IS NOT NULL`;
    const bins = options.bins ?? 50;
    let lo = options.min;
    let hi = options.max;
    const splits = await this.splits(tap, options.signal);
    if (lo === undefined || hi === undefined) {
      const range = mergeRows([
        ...(
          await this.aggregate(tap, [`MIN(${x}) AS h_min`, `MAX(${x}) AS h_max`], {
            where: finite,
            signal: options.signal,
            splits,
          })
        ).values(),
      ]);
      lo ??= range.h_min === null || range.h_min === undefined ? 0 : Number(range.h_min);
      hi ??= range.h_max === null || range.h_max === undefined ? 1 : Number(range.h_max);
    }
    if (!(lo < hi)) hi = lo + 1;
    const scale = bins / (hi - lo);
    const value = dialect.toDouble(x);
    const bin = `FLOOR((${value} - ${dialect.doubleLiteral(lo)}) * ${dialect.doubleLiteral(scale)})`;
    const rows = await this.aggregate(tap, [], { group: bin, where: finite, signal: options.signal, splits });
    const counts = new Float64Array(bins);
    let below = 0;
    let above = 0;
    for (const [key, row] of rows) {
      const b = Number(key);
      const n = Number(row.n_rows ?? 0);
      if (b < 0) below += n;
      else if (b >= bins) {
        // x = hi exactly lands on bin `bins`: it belongs to the last bin, anything larger is above.
        if (b === bins && options.max === undefined) counts[bins - 1] = (counts[bins - 1] as number) + n;
        else above += n;
      } else counts[b] = (counts[b] as number) + n;
    }
    const edges = Float64Array.from({ length: bins + 1 }, (_, i) => (lo as number) + i / scale);
    return { edges, counts, below, above };
  }

  /**
   * Row counts per equal-area sky cell, with ADQL math only (no HEALPix, no bit operators on Qserv): cell
   * (i, j) = (FLOOR(ra / (360/raBins)), FLOOR((SIN(RADIANS(dec)) + 1) / (2/zBins))), Lambert's cylindrical
   * equal-area grid; positions in degrees. Keys are `"i,j"`; rows without a position are left out.
   */
  async skyDensity(source: TableSource, options: SkyDensityRequest): Promise<Map<string, number>> {
    const tap = asTap(source);
    const types = await this.types(tap);
    for (const c of [options.ra, options.dec])
      if (!types.has(c)) throw new Error(`table ${source.name} has no column ${c}`);
    const dialect = this.dialect(tap);
    const ra = dialect.toDouble(dialect.quote(options.ra));
    const dec = dialect.toDouble(dialect.quote(options.dec));
    const raBins = options.raBins ?? 360;
    const zBins = options.zBins ?? 180;
    const cell = `FLOOR(${ra} * ${dialect.doubleLiteral(raBins / 360)}) * ${zBins + 1} + FLOOR((SIN(RADIANS(${dec})) + 1) * ${dialect.doubleLiteral(zBins / 2)})`;
    const where = `${dialect.quote(options.ra)} IS NOT NULL AND ${dialect.quote(options.dec)} IS NOT NULL`;
    const rows = await this.aggregate(tap, [], { group: cell, where, signal: options.signal });
    const out = new Map<string, number>();
    for (const [key, row] of rows) {
      const k = Number(key);
      const i = Math.floor(k / (zBins + 1));
      out.set(`${i},${k - i * (zBins + 1)}`, Number(row.n_rows ?? 0));
    }
    return out;
  }

  async countWhere(source: TableSource, request: CountRequest): Promise<ConditionCount[]> {
    if (request.breakdowns !== undefined && request.breakdowns.length > 0)
      return this.countWithBreakdowns(source, request, request.breakdowns);
    const tap = asTap(source);
    const types = await this.types(tap);
    const dialect = this.dialect(tap);
    const spec = request.partitionBy;
    const group = this.groupOf(tap, types, spec);
    const compiled = compileConditions(source.name, request.conditions, types, dialect);
    const live = compiled.filter((c) => c.predicate !== null);
    const rows = await this.aggregate(
      tap,
      live.map((c, i) => `${dialect.countIf(c.predicate as string)} AS k${i}`),
      { group, signal: request.signal },
    );
    const whole = mergeRows([...rows.values()]);
    const total = Number(whole.n_rows ?? 0);
    live.forEach((c, i) => {
      c.out.total = total;
      c.out.count = Number(whole[`k${i}`] ?? 0);
      if (spec?.kind === "column") {
        const parts = new Map<string, number>();
        for (const [key, row] of rows) {
          const hits = Number(row[`k${i}`] ?? 0);
          if (hits > 0) parts.set(key, hits);
        }
        c.out.partitions = Counts.fromValues(partitionName(spec), parts) as PartitionCounts;
      } else if (spec?.kind === "healpix") {
        const pixels = new Map<number, number>();
        let nulls = 0;
        for (const [key, row] of rows) {
          const hits = Number(row[`k${i}`] ?? 0);
          if (key === "null") nulls += hits;
          else if (hits > 0) pixels.set(Number(key), hits);
        }
        c.out.partitions = Counts.fromPixelMap(spec.order, pixels, nulls) as PartitionCounts;
      }
    });
    const sampleSize = request.sampleSize ?? DEFAULT_SAMPLE_SIZE;
    const has = (c: string | null | undefined): c is string => !!c && types.has(c);
    const key = has(request.keyColumn) ? request.keyColumn : null;
    const position =
      has(request.raColumn) && has(request.decColumn) ? [request.raColumn, request.decColumn] : null;
    const withHits = live.filter((c) => c.out.count > 0 && sampleSize > 0);
    await mapLimit(withHits, this.options.concurrency ?? 4, async (c) => {
      const cols = conditionColumns(c.where);
      const value = cols.length === 1 ? (cols[0] as string) : null;
      const select = [
        key ? `${adqlIdentifier(key)} AS s_key` : null,
        position
          ? `${adqlIdentifier(position[0] as string)} AS s_ra, ${adqlIdentifier(position[1] as string)} AS s_dec`
          : null,
        value ? `${adqlIdentifier(value)} AS s_value` : null,
      ].filter((s): s is string => s !== null);
      if (select.length === 0) select.push("1 AS s_one");
      const sample = await this.run(
        tap,
        `SELECT TOP ${sampleSize} ${select.join(", ")} FROM ${tap.relation} WHERE ${c.predicate}`,
        request.signal,
        sampleSize,
      );
      // A TAP table has no row order: `row` is -1; key and position identify the row.
      c.out.sample = sample.map(
        (r): SampleRow =>
          sampleRow(-1, r.s_key, r.s_ra, r.s_dec, r.s_value, {
            hasKey: key !== null,
            hasPosition: position !== null,
            hasValue: value !== null,
            unit: request.positionUnit,
          }),
      );
    });
    return compiled.map((c) => c.out);
  }

  /**
   * ADQL has no GROUPING SETS: one grouped query per breakdown. Without a partition the first breakdown's query
   * also gives the counts (a grouped count sums to the ungrouped one), so no query is spent on them alone. The
   * breakdowns are all-or-none: one that fails leaves them unset, and a check asks again one at a time.
   */
  private async countWithBreakdowns(
    source: TableSource,
    request: CountRequest,
    breakdowns: readonly PartitionSpec[],
  ): Promise<ConditionCount[]> {
    const { breakdowns: _, ...plain } = request;
    // Without a partition, the first breakdown's grouped counts give the counts too (they sum to them).
    const borrowed = plain.partitionBy === undefined;
    const head = await this.countWhere(source, borrowed ? { ...plain, partitionBy: breakdowns[0] } : plain);
    const counted = borrowed ? [head] : [];
    try {
      for (const partitionBy of breakdowns.slice(counted.length))
        counted.push(
          await this.countWhere(source, {
            conditions: request.conditions,
            sampleSize: 0,
            partitionBy,
            ...(request.signal ? { signal: request.signal } : {}),
          }),
        );
    } catch (error) {
      if (request.signal?.aborted) throw error;
      counted.length = 0;
    }
    return head.map((c, i) => {
      const { partitions: _own, ...unpartitioned } = c;
      const out: ConditionCount = borrowed ? unpartitioned : c;
      const groups = counted.map((p) => p[i]?.partitions);
      if (
        counted.length === breakdowns.length &&
        c.error === undefined &&
        groups.every((g): g is PartitionCounts => g !== undefined)
      )
        out.breakdowns = groups;
      return out;
    });
  }

  async duplicateKeys(
    source: TableSource,
    keyColumns: readonly string[],
    options: DuplicateKeyOptions = {},
  ): Promise<KeyCheckResult> {
    const tap = asTap(source);
    const types = await this.types(tap);
    const missing = keyColumns.filter((k) => !types.has(k));
    if (missing.length > 0) throw new Error(`table ${source.name} has no column ${missing.join(", ")}`);
    const keys = keyColumns.map(adqlIdentifier);
    const notNull = keys.map((k) => `${k} IS NOT NULL`).join(" AND ");
    const total = await this.rowCount(tap, options.signal);
    if (tap.flavor === "qserv") return this.boundedUnique(tap, keyColumns, total, options.signal);
    // Exact: every duplicated key with its count (GROUP BY … HAVING, no sub-query); more groups than the limit is an error.
    const groups = await this.run(
      tap,
      `SELECT ${keys.map((k, i) => `${k} AS k${i}`).join(", ")}, COUNT(*) AS n FROM ${tap.relation} WHERE ${notNull} GROUP BY ${keys.join(", ")} HAVING COUNT(*) > 1`,
      options.signal,
    );
    const failing = groups.reduce((s, g) => s + Number(g.n), 0);
    const sampleSize = options.sampleSize ?? DEFAULT_SAMPLE_SIZE;
    let sample: SampleRow[] = [];
    if (failing > 0 && sampleSize > 0 && keyColumns.length === 1) {
      const dialect = this.dialect(tap);
      const keyKind = kindOf(types.get(keyColumns[0] as string) as PhysicalType);
      const values = groups
        .slice(0, sampleSize)
        .map((g) =>
          keyKind === "int" || keyKind === "bigint"
            ? BigInt(g.k0 as bigint).toString()
            : dialect.literal(typeof g.k0 === "number" ? g.k0 : String(g.k0)),
        );
      const ra = options.raColumn && types.has(options.raColumn) ? options.raColumn : null;
      const dec = options.decColumn && types.has(options.decColumn) ? options.decColumn : null;
      const pos = ra !== null && dec !== null;
      const rows = await this.run(
        tap,
        `SELECT TOP ${sampleSize} ${keys[0]} AS s_key${pos ? `, ${adqlIdentifier(ra)} AS s_ra, ${adqlIdentifier(dec)} AS s_dec` : ""} FROM ${tap.relation} WHERE ${keys[0]} IN (${values.join(", ")})`,
        options.signal,
        sampleSize,
      );
      sample = rows.map((r) =>
        sampleRow(-1, r.s_key, r.s_ra, r.s_dec, null, {
          hasKey: true,
          hasPosition: pos,
          hasValue: false,
          unit: options.positionUnit,
        }),
      );
    }
    return { failing, total, sample };
  }

  /**
   * Qserv merges no GROUP BY … HAVING across chunks: a pigeonhole bound per key range instead (more non-null
   * integer keys than values between MIN and MAX proves that many duplicates). Proves duplicates, never
   * uniqueness: no duplicate found is an error, not a pass.
   */
  private async boundedUnique(
    tap: TapTableSource,
    keyColumns: readonly string[],
    total: number,
    signal?: AbortSignal,
  ): Promise<BoundedKeyCheckResult> {
    const types = await this.types(tap);
    const column = keyColumns[0] as string;
    const kind = kindOf(types.get(column) as PhysicalType);
    if (keyColumns.length !== 1 || (kind !== "int" && kind !== "bigint"))
      throw new TapError(
        `unique(${keyColumns.join(", ")}) cannot be checked on Qserv: no GROUP BY … HAVING across chunks, and the pigeonhole bound needs one integer key`,
      );
    const k = adqlIdentifier(column);
    const splits = (await this.splits(tap, signal, column)).filter(
      (s) => s === null || !s.endsWith("IS NULL"),
    );
    const rows = await mapLimit(splits, this.options.concurrency ?? 4, (where) =>
      this.run(
        tap,
        `SELECT COUNT(${k}) AS n, MIN(${k}) AS lo, MAX(${k}) AS hi FROM ${tap.relation}${where ? ` WHERE ${where}` : ""}`,
        signal,
      ),
    );
    let bound = 0;
    for (const [r] of rows) {
      if (!r || r.lo === null || r.lo === undefined) continue;
      const span = BigInt(r.hi as bigint) - BigInt(r.lo as bigint) + 1n;
      const excess = BigInt(Number(r.n)) - span;
      if (excess > 0n) bound += Number(excess);
    }
    const note = `lower bound: Qserv cannot group keys across chunks, so duplicates are counted by a pigeonhole bound over ${splits.length} key range(s)`;
    if (bound === 0) throw new TapError(`unique(${column}) cannot be proven on Qserv (${note}: none found)`);
    return { failing: bound, total, sample: [], bound: "lower", note };
  }

  async orphanKeys(
    source: TableSource,
    column: string,
    target: TableSource,
    targetColumn: string,
    options: ScanRequestOptions & { sampleSize?: number; keyColumn?: string | null } = {},
  ): Promise<KeyCheckResult> {
    const tap = asTap(source);
    const parent = asTap(target);
    if (tap.spec.serviceUrl !== parent.spec.serviceUrl)
      throw new TapError(
        `foreign key ${source.name}.${column} → ${target.name}.${targetColumn} spans two TAP services: not pushed down`,
      );
    const types = await this.types(tap);
    if (!types.has(column)) throw new Error(`table ${source.name} has no column ${column}`);
    if (!(await this.types(parent)).has(targetColumn))
      throw new Error(`table ${target.name} has no column ${targetColumn}`);
    const k = adqlIdentifier(column);
    const tk = adqlIdentifier(targetColumn);
    const total = await this.rowCount(tap, options.signal);
    if (tap.flavor === "qserv") {
      const [range] = await this.run(
        parent,
        `SELECT MIN(${tk}) AS lo, MAX(${tk}) AS hi FROM ${parent.relation}`,
        options.signal,
      );
      const dialect = this.dialect(tap);
      const lit = (v: unknown) =>
        typeof v === "bigint" ? v.toString() : dialect.literal(v as number | string);
      const where =
        range?.lo === null || range?.lo === undefined
          ? `${k} IS NOT NULL`
          : `${k} < ${lit(range.lo)} OR ${k} > ${lit(range.hi)}`;
      const [out] = await this.run(
        tap,
        `SELECT COUNT(*) AS n FROM ${tap.relation} WHERE ${where}`,
        options.signal,
      );
      const bound = Number(out?.n ?? 0);
      const note =
        "lower bound: Qserv has no anti-join; only keys outside the referenced table's [MIN, MAX] are counted";
      if (bound === 0)
        throw new TapError(
          `foreignKey ${column} → ${target.name}.${targetColumn} cannot be proven on Qserv (${note}: none found)`,
        );
      const bounded: BoundedKeyCheckResult = { failing: bound, total, sample: [], bound: "lower", note };
      return bounded;
    }
    const join = `${tap.relation} AS s LEFT OUTER JOIN ${parent.relation} AS p ON s.${k} = p.${tk} WHERE s.${k} IS NOT NULL AND p.${tk} IS NULL`;
    const [orphans] = await this.run(tap, `SELECT COUNT(*) AS n FROM ${join}`, options.signal);
    const failing = Number(orphans?.n ?? 0);
    const sampleSize = options.sampleSize ?? DEFAULT_SAMPLE_SIZE;
    let sample: SampleRow[] = [];
    if (failing > 0 && sampleSize > 0) {
      const keyColumn = options.keyColumn && types.has(options.keyColumn) ? options.keyColumn : null;
      const rows = await this.run(
        tap,
        `SELECT TOP ${sampleSize} ${keyColumn ? `s.${adqlIdentifier(keyColumn)}` : "1"} AS s_key, s.${k} AS s_value FROM ${join}`,
        options.signal,
        sampleSize,
      );
      sample = rows.map((r) =>
        sampleRow(-1, r.s_key, null, null, r.s_value, {
          hasKey: keyColumn !== null,
          hasPosition: false,
          hasValue: true,
        }),
      );
    }
    return { failing, total, sample };
  }
}

type Vec3 = [number, number, number];

function unitVector(ra: number, dec: number): Vec3 {
  const r = (ra * Math.PI) / 180;
  const t = (dec * Math.PI) / 180;
  return [Math.cos(t) * Math.cos(r), Math.cos(t) * Math.sin(r), Math.sin(t)];
}

function cross(a: Vec3, b: Vec3): Vec3 {
  return [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
}

function dot(a: Vec3, b: Vec3): number {
  return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
}

/**
 * WHERE fragments for HEALPix sky tiles: each cell's four corners as a convex ADQL POLYGON (counter-clockwise seen
 * from outside, as Qserv's scisql_s2PtInCPoly wants), then the rows without a position.
 * @example skyTileSplits("ra", "dec", 0).length // 13
 */
export function skyTileSplits(ra: string, dec: string, order: number): string[] {
  const out: string[] = [];
  const point = `POINT('ICRS', ${adqlIdentifier(ra)}, ${adqlIdentifier(dec)})`;
  for (let pix = 0; pix < 12 * 4 ** order; pix++) {
    let corners = boundariesNest(order, pix, 1);
    const v = corners.map(([a, d]) => unitVector(a, d));
    const centre = v.reduce((sum, p) => [sum[0] + p[0], sum[1] + p[1], sum[2] + p[2]] as Vec3, [
      0, 0, 0,
    ] as Vec3);
    if (dot(cross(v[0] as Vec3, v[1] as Vec3), centre) < 0) corners = [...corners].reverse();
    const list = corners.map(([x, y]) => `${adqlDouble(x)}, ${adqlDouble(y)}`).join(", ");
    out.push(`CONTAINS(${point}, POLYGON('ICRS', ${list})) = 1`);
  }
  out.push(`(${adqlIdentifier(ra)} IS NULL OR ${adqlIdentifier(dec)} IS NULL)`);
  return out;
}

/** The plan with mean/stddev aliases present, so decodeProfile reads the moments filled in from the sums. */
function withMoments(plan: ProfilePlan): ProfilePlan {
  return {
    ...plan,
    columns: plan.columns.map((c, i) => {
      const kind = kindOf(c.type);
      if (kind !== "float" && kind !== "int" && kind !== "bigint") return c;
      return { ...c, aliases: { ...c.aliases, mean: `c${i}_mean`, stddev: `c${i}_stddev` } };
    }),
  };
}

/**
 * The profile as SQL aggregates: one SELECT list for every column, so a SQL engine profiles a table in
 * one query (the expert pattern of benchmark-peers.md: `CASE WHEN isfinite(x) THEN x END` inside the
 * aggregates, not FILTER), and a decoder turning the result row back into ColumnProfile JSON with the
 * same meaning as the in-memory states.
 */

import { kindOf } from "../../io/kind.js";
import type { PhysicalType } from "../../io/table.js";
import { profileTypeName } from "../../metrics/arrow-types.js";
import { quantileKey } from "../../metrics/column-state.js";
import { boundDistinct } from "../../metrics/hll.js";
import { boundNumber, type ColumnProfile, exactInteger, type NumericProfile } from "../../metrics/types.js";
import { type SqlDialect, unpackSpecialCounts } from "./dialect.js";

export interface ProfileSqlOptions {
  distinct?: boolean;
  /** Mean and standard deviation of numeric columns (default true); without them a wide profile costs half. */
  moments?: boolean;
  /**
   * The FROM relation, when the dialect may read one value of a 64-bit integer column in a scalar subquery:
   * its standard deviation is then taken of (value − that value), exact in doubles for ids near 10^18.
   */
  relation?: string;
  quantiles?: readonly number[];
  /**
   * Statistics already proven for some columns (e.g. from Parquet metadata): their `count(x)`, `min`,
   * `max` and boolean true-count aggregates are left out and the known values are reported instead.
   */
  known?: ReadonlyMap<
    string,
    { valid?: number; min?: number | bigint; max?: number | bigint; trues?: number }
  >;
  /**
   * How a float column's ±Inf counts are found when statistics do not rule infinities out: `"packed"`
   * (default) in the one query (the dialect's `specialCounts`, or one count each); `"followUp"`: the query
   * counts NaN and finite values only, reusing the finite-value CASE of min/max/mean/stddev (a tenth of the
   * query's time on DuckDB), and `infinityFollowUp` lists the aggregates of a second query splitting +Inf
   * from −Inf for the columns whose counts show any. Needs a dialect with NaN and infinities.
   */
  infinities?: "packed" | "followUp";
}

/** One aggregate of the SELECT list. */
export interface Aggregate {
  alias: string;
  sql: string;
}

interface ColumnPlan {
  name: string;
  type: PhysicalType;
  aliases: Record<string, string>;
  known: { valid?: number; min?: number | bigint; max?: number | bigint; trues?: number };
  /** The +Inf and −Inf counts of a second query, needed when the first shows infinities (`infinities: "followUp"`). */
  infinityCounts?: readonly [Aggregate, Aggregate];
}

export interface ProfilePlan {
  aggregates: Aggregate[];
  columns: ColumnPlan[];
  quantiles: readonly number[];
}

/**
 * Aggregates profiling the given columns (aliases `c{i}_{stat}`), plus how to read them back.
 * @example
 * const plan = profilePlan([{ name: "x", type: "float64" }], duckdbDialect);
 * const sql = `SELECT ${plan.aggregates.map((a) => `${a.sql} AS ${a.alias}`).join(", ")} FROM t`;
 */
export function profilePlan(
  columns: readonly { name: string; type: PhysicalType }[],
  dialect: SqlDialect,
  options: ProfileSqlOptions = {},
): ProfilePlan {
  const aggregates: Aggregate[] = [{ alias: "n_rows", sql: "count(*)" }];
  const quantiles = options.quantiles ?? [];
  const plans = columns.map((column, i): ColumnPlan => {
    const x = dialect.quote(column.name);
    const aliases: Record<string, string> = {};
    const add = (stat: string, sql: string | null): void => {
      if (sql === null) return;
      const alias = `c${i}_${stat}`;
      aliases[stat] = alias;
      aggregates.push({ alias, sql });
    };
    const kind = kindOf(column.type);
    const known = options.known?.get(column.name) ?? {};
    let infinityCounts: readonly [Aggregate, Aggregate] | undefined;
    if (known.valid === undefined) add("valid", `count(${x})`);
    if (kind === "float" || kind === "int" || kind === "bigint") {
      let value = x;
      if (kind === "float") {
        // finite bounds proven for a float column mean no ±Inf (writers keep infinities in min/max and
        // leave NaN out): NaN = valid − count(finite values), without the special-count CASE
        const noInf = known.min !== undefined && known.max !== undefined;
        const nanTest = dialect.isNaN(x);
        const countInfinite = (sign: 1 | -1) =>
          dialect.countIf(
            `${dialect.toDouble(x)} = ${dialect.doubleLiteral(sign * Number.POSITIVE_INFINITY)}`,
          );
        const finiteValue = `CASE WHEN ${dialect.isFinite(x)} THEN ${x} END`;
        if (noInf) add("finite", `count(${finiteValue})`);
        else if (options.infinities === "followUp" && nanTest !== null && dialect.hasInfinity) {
          add("nan", dialect.countTrue(nanTest));
          add("finite", `count(${finiteValue})`);
          infinityCounts = [
            { alias: `c${i}_posInf`, sql: countInfinite(1) },
            { alias: `c${i}_negInf`, sql: countInfinite(-1) },
          ];
        } else if (dialect.specialCounts) add("special", dialect.specialCounts(x));
        else {
          if (nanTest !== null) add("nan", dialect.countIf(nanTest));
          if (dialect.hasInfinity) {
            add("posInf", countInfinite(1));
            add("negInf", countInfinite(-1));
          }
        }
        value = finiteValue;
      }
      if (known.min === undefined || known.max === undefined) {
        add("min", `min(${value})`);
        add("max", `max(${value})`);
      }
      if (options.moments !== false) {
        add("mean", `avg(${value})`);
        if (kind === "bigint" && options.relation) {
          const shift = `(SELECT ${x} FROM ${options.relation} WHERE ${x} IS NOT NULL LIMIT 1)`;
          add("stddev", dialect.stddevSamp(dialect.toDouble(`(CAST(${x} AS HUGEINT) - ${shift})`)));
        } else if (
          kind === "float" &&
          typeof known.min === "number" &&
          Number.isFinite(known.min) &&
          known.min !== 0
        )
          // Values far from 0 with a small spread (MJDs near 60 000 varying by 1e-6) lose their last digits in the
          // running mean: shifted by the proven minimum (exact for values within a factor 2 of it), the deviations
          // keep them (1.5e-6 relative error before, the Arrow engine's exact two-pass sums).
          add("stddev", dialect.stddevSamp(`(${value} - ${dialect.doubleLiteral(known.min)})`));
        else add("stddev", dialect.stddevSamp(value));
      }
      if (kind !== "float" && options.distinct !== false) add("distinct", dialect.approxDistinct(x));
      if (quantiles.length > 0) add("quantiles", dialect.approxQuantiles(value, quantiles));
    } else if (kind === "bool") {
      if (known.trues === undefined) add("true", dialect.countTrue(x));
    } else if (kind === "string") {
      if (options.distinct !== false) add("distinct", dialect.approxDistinct(x));
      const length = dialect.length(x);
      if (length !== null) {
        add("minLength", `min(${length})`);
        add("maxLength", `max(${length})`);
      }
    }
    return {
      name: column.name,
      type: column.type,
      aliases,
      known,
      ...(infinityCounts ? { infinityCounts } : {}),
    };
  });
  return { aggregates, columns: plans, quantiles };
}

/**
 * Infinite values of a column planned with `infinities: "followUp"`: valid − NaN − finite. Not 0 also when a
 * footer's null count (a known `valid`) disagrees with the data; the follow-up then counts ±Inf outright.
 */
function infiniteCount(column: ColumnPlan, row: Readonly<Record<string, unknown>>): number {
  const valid = column.aliases.valid ? num(row[column.aliases.valid]) : (column.known.valid ?? 0);
  return valid - num(row[column.aliases.nan]) - num(row[column.aliases.finite]);
}

/**
 * The aggregates of the second query of a `infinities: "followUp"` plan: +Inf and −Inf counts of the columns
 * whose first-query counts show infinities (none: no second query). Merge its row into the first before decoding.
 * @example
 * const plan = profilePlan([{ name: "x", type: "float64" }], duckdbDialect, { infinities: "followUp" });
 * infinityFollowUp(plan, { n_rows: 3, c0_valid: 3, c0_nan: 0, c0_finite: 3 }) // []
 * infinityFollowUp(plan, { n_rows: 3, c0_valid: 3, c0_nan: 0, c0_finite: 2 }).map((a) => a.alias) // ["c0_posInf", "c0_negInf"]
 */
export function infinityFollowUp(plan: ProfilePlan, row: Readonly<Record<string, unknown>>): Aggregate[] {
  return plan.columns.flatMap((column) =>
    column.infinityCounts && infiniteCount(column, row) !== 0 ? [...column.infinityCounts] : [],
  );
}

/** NaN/+Inf/−Inf of a follow-up column; its ±Inf counts must be in the row when the first query saw infinities. */
function splitInfinities(
  column: ColumnPlan,
  row: Readonly<Record<string, unknown>>,
): { nan: number; posInf: number; negInf: number } {
  const nan = num(row[column.aliases.nan]);
  const infinite = infiniteCount(column, row);
  if (infinite === 0) return { nan, posInf: 0, negInf: 0 };
  const [pos, neg] = column.infinityCounts ?? [];
  if (pos === undefined || neg === undefined || !(pos.alias in row) || !(neg.alias in row))
    throw new Error(`profile of ${column.name}: ±Inf counts missing (run infinityFollowUp's query)`);
  return { nan, posInf: num(row[pos.alias]), negInf: num(row[neg.alias]) };
}

function num(value: unknown): number {
  if (value === null || value === undefined) return 0;
  return Number(value);
}

function numOrNull(value: unknown): number | null {
  if (value === null || value === undefined) return null;
  return Number(value);
}

/** A min/max as the profile keeps it: 64-bit integers exact (the driver's bigint, or its decimal text). */
function boundOrNull(value: unknown, kind: string): number | bigint | null {
  if (value === null || value === undefined) return null;
  if (
    kind === "bigint" &&
    (typeof value === "bigint" || (typeof value === "string" && /^-?\d+$/.test(value)))
  )
    return exactInteger(BigInt(value));
  return Number(value);
}

/**
 * Column profiles from one result row (an object keyed by alias).
 * @example
 * const plan = profilePlan([{ name: "x", type: "float64" }], duckdbDialect);
 * const db = await (await import("@duckdb/node-api")).DuckDBInstance.create();
 * const sql = `SELECT ${plan.aggregates.map((a) => `${a.sql} AS ${a.alias}`).join(", ")} FROM (SELECT unnest([1, 'nan'::DOUBLE]) AS x)`;
 * const row = (await (await db.connect()).runAndReadAll(sql)).getRowObjects()[0];
 * decodeProfile(plan, row).x.nan // 1
 */
export function decodeProfile(
  plan: ProfilePlan,
  row: Readonly<Record<string, unknown>>,
): Record<string, ColumnProfile> {
  const rows = num(row.n_rows);
  const out: Record<string, ColumnProfile> = {};
  for (const column of plan.columns) {
    const get = (stat: string): unknown => (column.aliases[stat] ? row[column.aliases[stat]] : undefined);
    const kind = kindOf(column.type);
    const type = profileTypeName(column.type);
    const nulls = rows - (column.aliases.valid ? num(get("valid")) : (column.known.valid ?? 0));
    if (kind === "float" || kind === "int" || kind === "bigint") {
      const special = column.infinityCounts
        ? splitInfinities(column, row)
        : column.aliases.finite
          ? { nan: rows - nulls - num(get("finite")), posInf: 0, negInf: 0 }
          : column.aliases.special
            ? unpackSpecialCounts(get("special"))
            : kind !== "float"
              ? { nan: 0, posInf: 0, negInf: 0 } // integers hold no NaN or infinity
              : // An aggregate the dialect cannot write is unknown (null), never 0.
                {
                  nan: numOrNull(get("nan")),
                  posInf: numOrNull(get("posInf")),
                  negInf: numOrNull(get("negInf")),
                };
      const finite = rows - nulls - (special.nan ?? 0) - (special.posInf ?? 0) - (special.negInf ?? 0) > 0;
      const profile: NumericProfile = {
        type,
        rows,
        nulls,
        ...special,
        min: finite
          ? column.aliases.min
            ? boundOrNull(get("min"), kind)
            : (column.known.min ?? null)
          : null,
        max: finite
          ? column.aliases.max
            ? boundOrNull(get("max"), kind)
            : (column.known.max ?? null)
          : null,
        mean: finite ? numOrNull(get("mean")) : null,
        stddev: numOrNull(get("stddev")),
        distinct: column.aliases.distinct ? boundDistinct(num(get("distinct")), rows - nulls) : null,
      };
      if (column.aliases.quantiles) {
        const values = get("quantiles") as readonly unknown[] | null;
        profile.quantiles = {};
        // A quantile lies within [min, max]. DuckDB's approx_quantile (1.x) answers 0 or 2.2e-308 for the upper
        // quantiles of a small all-negative column (the pilot's Visit.decl, −32.48 to −31.909), so its estimates
        // are held to the exact extrema.
        const lo = boundNumber(profile.min);
        const hi = boundNumber(profile.max);
        plan.quantiles.forEach((q, i) => {
          const v = values ? numOrNull(values[i]) : null;
          (profile.quantiles as Record<string, number | null>)[quantileKey(q)] =
            v === null || lo === null || hi === null ? v : Math.min(hi, Math.max(lo, v));
        });
      }
      out[column.name] = profile;
    } else if (kind === "bool") {
      const trues = column.aliases.true ? num(get("true")) : (column.known.trues ?? 0);
      out[column.name] = { type: "boolean", rows, nulls, true: trues, false: rows - nulls - trues };
    } else {
      const some = rows > nulls;
      out[column.name] = {
        type,
        rows,
        nulls,
        distinct: column.aliases.distinct ? boundDistinct(num(get("distinct")), rows - nulls) : null,
        minLength: kind === "string" && some ? numOrNull(get("minLength")) : null,
        maxLength: kind === "string" && some ? numOrNull(get("maxLength")) : null,
      };
    }
  }
  return out;
}

/**
 * The profile of one column as reported by `skygate profile --json` (fixed in shared/CONTRACT.md).
 * min/max/mean/stddev are over finite values only; stddev is the sample standard deviation (n − 1).
 */
export interface NumericProfile {
  type: string;
  rows: number;
  nulls: number;
  /** NaN, +Inf and −Inf counts; null when the engine could not compute them (e.g. ADQL has no NaN test). */
  nan: number | null;
  posInf: number | null;
  negInf: number | null;
  /** Finite minimum and maximum; a 64-bit integer beyond ±2^53 stays an exact bigint (JSON writes it digit for digit). */
  min: number | bigint | null;
  max: number | bigint | null;
  mean: number | null;
  stddev: number | null;
  /** Estimated distinct count for integer and string columns; null where not computed. */
  distinct: number | null;
  quantiles?: Record<string, number | null>;
}

/** Profile of a boolean column: null, true and false counts. */
export interface BooleanProfile {
  type: "boolean";
  rows: number;
  nulls: number;
  true: number;
  false: number;
}

/** Profile of a string (or other non-numeric, or `null`-typed: no value at all) column: nulls, distinct values, lengths. */
export interface StringProfile {
  type: string;
  rows: number;
  nulls: number;
  distinct: number | null;
  minLength: number | null;
  maxLength: number | null;
}

/** Profile of one column, by kind of data. */
export type ColumnProfile = NumericProfile | BooleanProfile | StringProfile;

/** Profile of a table: row count, sources and one profile per column. */
export interface TableProfile {
  rows: number;
  sources: string[];
  columns: Record<string, ColumnProfile>;
  /** Rows per value of the table's partition columns (tract, band), when asked for: column → value → rows. */
  partitionRows?: Record<string, Record<string, number>>;
}

/**
 * A 64-bit integer as a profile bound: a number where that is exact (|v| ≤ 2^53 − 1), else the bigint itself.
 * @example exactInteger(42n) // 42
 * @example exactInteger(1248684569339659648n) // 1248684569339659648n
 */
export function exactInteger(value: bigint): number | bigint {
  return value >= -9007199254740991n && value <= 9007199254740991n ? Number(value) : value;
}

/**
 * A profile bound as a double, for arithmetic and thresholds (a bigint beyond 2^53 rounds to the nearest double).
 * @example boundNumber(1248684569339659648n) // 1248684569339659800
 */
export function boundNumber(value: number | bigint | null): number | null {
  return value === null ? null : Number(value);
}

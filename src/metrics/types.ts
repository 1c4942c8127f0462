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
  min: number | null;
  max: number | null;
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

/** Profile of a string (or other non-numeric) column: nulls, distinct values, lengths. */
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

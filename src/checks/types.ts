/**
 * What a check needs to know about tables before any data is read, and the plan of checks a suite produces.
 * Checks are predicates on engine metrics: a plan is a list of declarative requests (row conditions, key checks),
 * `runChecks` fuses them into as few engine calls as possible and judges the answers.
 */

import type { CheckResult } from "../core/results.js";
import type { Condition } from "../engines/condition.js";
import type { PartitionSpec } from "../engines/types.js";
import type { PhysicalType } from "../io/table.js";
import type { ValueRange } from "./column/range.js";

/** One column as the checks see it: its schema declaration (when a schema is given) and its physical type in the data. */
export interface ColumnSpec {
  name: string;
  /** felis datatype (`double`, `long`, `boolean`, `char`…); null without a schema. */
  datatype: string | null;
  /** Whether nulls are allowed: felis `FelisColumn.nullable` (true unless `nullable: false` or primary key); true without a schema. */
  nullable: boolean;
  unit: string | null;
  ucd: string | null;
  /** Physical type in the data; null when the column is absent from the data. */
  physical: PhysicalType | null;
  /** The data column has Arrow's Null type (pandas writes an all-None column so): it holds no value of any type. */
  nullTyped?: boolean;
  /** The type was guessed from text (a CSV column the schema does not declare), so no other type can contradict it. */
  typeGuessed?: boolean;
}

/** A measurement with its uncertainty and failure flag (`r_psfFlux`, `r_psfFluxErr`, `r_psfFlux_flag`). */
export interface CheckFamily {
  value: string;
  error: string | null;
  /** The general failure flag: true means the measurement failed, so a NaN is legitimate. */
  flag: string | null;
  /** Specific flags of the same algorithm (`r_kronFlux_flag_bad_radius`): any true also explains a NaN. */
  subFlags?: string[];
  /** A boolean saying the measurement applies to the row (`deblend_deblendedAsPsf`): false explains a NaN. */
  applicableWhen?: string;
  /** A derived quantity's inputs explain its missing values (family/derived.ts rule table). */
  derived?: { condition: Condition; why: string };
}

/** A foreign key: `columns` of this table refer to `referencedColumns` of `table`. */
export interface ForeignKeySpec {
  columns: string[];
  table: string;
  referencedColumns: string[];
}

/** Everything the suite needs about one table. */
export interface TableSpec {
  name: string;
  /** Columns of the schema (or of the data, without a schema), in schema order. */
  columns: ColumnSpec[];
  /** Data columns absent from the schema (empty without a schema). */
  extraColumns: ColumnSpec[];
  primaryKey: string[];
  foreignKeys: ForeignKeySpec[];
  families: CheckFamily[];
  /** Measurement-like columns whose failure flag could not be found (reported as skipped `nanWithoutFlag`). */
  unmappedFamilies?: string[];
  /** True when `columns` come from a felis schema. */
  fromSchema: boolean;
}

/** How offending rows are located: key and sky position attached to samples, partition breakdown. */
export interface TableContext {
  keyColumn: string | null;
  raColumn: string | null;
  decColumn: string | null;
  positionUnit: "deg" | "rad";
  partitionBy: PartitionSpec | null;
}

interface PlannedBase {
  table: string;
  column: string | null;
  check: string;
}

/** A per-row check: fails on every row matching `where`. */
export interface RowCheck extends PlannedBase {
  kind: "rows";
  where: Condition;
  /** Says what the offending rows are, e.g. "NaN with r_psfFlux_flag false". */
  describe: string;
  /** What legitimately explains the missing values this check lets pass (`r_psfFlux_flag` set, …), for messages. */
  explainedBy?: string[];
  /** Columns that must exist for the check to run (defaults to the columns of `where`). */
  needs?: string[];
  /**
   * Profile facts that prove no row matches `where` (any inner list holding in full suffices), so a clean column
   * is judged from the one-pass profile and only suspicious ones are scanned for counts and samples.
   */
  passesWhen?: ProfileTest[][];
  /**
   * The profile seldom proves this rule on real data (it relates columns: a missing value and its flag, a value
   * and its error), so its rows are counted in the profile's own pass where the engine can: one scan instead of
   * two. `passesWhen` still clears it on engines that cannot.
   */
  countWithProfile?: boolean;
  /**
   * The rows matching `where` are exactly this count of the column's profile (a plain NaN, ±Inf or null rule), so
   * the profile says before any scan that the rule fails, and the one scan it then needs also breaks it down.
   */
  countIs?: { column: string; count: "nulls" | "nan" | "inf" };
  /**
   * A column whose allNull failure makes this rule fail in every row it looks at (errorPair: no finite value has
   * its error when the error column is empty), so that the rule does not repeat allNull's finding.
   */
  repeatsAllNullOf?: string;
}

/** A fact about one column's profile: a count is zero, finite values lie in a range, or there are none. */
export type ProfileTest =
  | { column: string; zero: "nulls" | "nan" | "inf" }
  | { column: string; within: ValueRange }
  | { column: string; noFinite: true };

/** Fails when every value of the column is missing (`where` matches a missing value). */
export interface AllNullCheck extends PlannedBase {
  kind: "allNull";
  column: string;
  where: Condition;
}

/** A planned check that `columns` together never repeat. */
export interface UniqueCheck extends PlannedBase {
  kind: "unique";
  columns: string[];
}

/** A planned foreign-key check: every `column` value must occur in `target.targetColumn`. */
export interface ForeignKeyCheck extends PlannedBase {
  kind: "foreignKey";
  /** The referencing column (the first of a multi-column key). */
  column: string;
  target: string;
  targetColumn: string;
  /** A multi-column key: every referencing column, and the referenced ones in the same order. */
  columns?: string[];
  targetColumns?: string[];
}

/** A measurement that must vary: fails when every finite value is the same (judged from the profile). */
export interface ConstantCheck extends PlannedBase {
  kind: "constant";
  column: string;
}

/** A planned check that the table has exactly `expected` rows (a manifest). */
export interface RowCountCheck extends PlannedBase {
  kind: "rowCount";
  /** The expected row count (`rowCount`), or null for "at least one row" (`empty`). */
  expected: number | null;
}

/** A result decided while planning (schema comparison, cross-band types, a check that cannot be built). */
export interface StaticCheck extends PlannedBase {
  kind: "static";
  result: CheckResult;
}

/** Any check a suite plans, told apart by `kind`; runChecks turns each into one CheckResult. */
export type PlannedCheck =
  | RowCheck
  | AllNullCheck
  | UniqueCheck
  | ForeignKeyCheck
  | RowCountCheck
  | ConstantCheck
  | StaticCheck;

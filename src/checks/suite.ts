/**
 * The automatic suite: every column of a table gets at least one meaningful check, chosen from its felis datatype,
 * nullability, unit, UCD and name; measurement families get `nanWithoutFlag` and `errorPair`; keys get `unique`
 * and `foreignKey`; a schema gets compared with the data.
 *
 * Without a schema (data-driven suite) the same rules run on what the data declares: physical types, file units
 * (FITS TUNIT, ECSV, VOTable) and names. No `notNull` (nullability is unknown), no schema comparison; `unique`
 * runs on an id-like key (`{table}Id` or `id`) when there is one.
 */

import { conditionColumns } from "../engines/condition.js";
import { isNumericKind, kindOf } from "../io/kind.js";
import { allNull } from "./column/allNull.js";
import { allowedValues } from "./column/allowedValues.js";
import { inf } from "./column/inf.js";
import { nan } from "./column/nan.js";
import { notNull } from "./column/notNull.js";
import { raDec } from "./column/raDec.js";
import { range, type ValueRange } from "./column/range.js";
import { idLikeKey } from "./context.js";
import { crossBand } from "./family/crossBand.js";
import { errorPair } from "./family/errorPair.js";
import { explainedBy, explanationsOf } from "./family/explained.js";
import { type FlagTest, flagTestFor } from "./family/flagTest.js";
import { nanWithoutFlag } from "./family/nanWithoutFlag.js";
import { builtinRelations } from "./relations.js";
import { makeResult } from "./result.js";
import { allowedValuesOf, positionOf, validRange } from "./rules.js";
import { foreignKey, foreignKeyTuple } from "./table/foreignKey.js";
import { notEmpty, rowCount } from "./table/rowCount.js";
import { schemaChecks } from "./table/schemaCompare.js";
import { unique } from "./table/unique.js";
import type { CheckFamily, ColumnSpec, PlannedCheck, RowCheck, TableSpec } from "./types.js";
import { rangeUnitProblem, toValueRange, type UserRange } from "./userRange.js";

/** Options of planTable: the other tables loaded, user ranges, expected row counts. */
export interface SuiteOptions {
  /** Names of every table in the run: foreign keys are checked only when their target is loaded. */
  tables?: readonly string[];
  /** User ranges (in any supported unit) replace the automatic range of their column. */
  ranges?: readonly UserRange[];
  /** Expected row counts per table (a manifest). */
  expectedRows?: Readonly<Record<string, number>>;
  /** Tables that may have no rows (otherwise an empty table is a `notEmpty` finding). */
  allowEmpty?: readonly string[];
}

const FLOAT_DATATYPES = new Set(["float", "double"]);

/**
 * Whether a column holds floating-point values (so NaN and ±Inf can occur). A column without any value (physical
 * type `null`) is what its schema declares, so it gets the checks that say its values are all missing.
 */
export function isFloating(column: ColumnSpec): boolean {
  if (column.physical !== null && column.physical !== "null") return kindOf(column.physical) === "float";
  return column.datatype !== null && FLOAT_DATATYPES.has(column.datatype);
}

function familyIndex(families: readonly CheckFamily[]): Map<string, CheckFamily> {
  const index = new Map<string, CheckFamily>();
  for (const f of families) {
    index.set(f.value, f);
    if (f.error !== null && !index.has(f.error)) index.set(f.error, f);
  }
  return index;
}

/** A row check that lets missing values pass for these reasons (said in its pass message). */
function withExplanations(check: RowCheck, explains: string[]): RowCheck {
  return explains.length > 0 ? { ...check, explainedBy: explains } : check;
}

/** Value checks of one column (everything but table-level checks). */
function columnChecks(
  table: string,
  column: ColumnSpec,
  given: CheckFamily | undefined,
  user: ValueRange | string | undefined,
  flagTest: FlagTest,
  present: (name: string) => boolean,
  fromSchema = false,
): PlannedCheck[] {
  const name = column.name;
  const out: PlannedCheck[] = [];
  const floating = isFloating(column);
  if (!column.nullable) out.push(notNull(table, name));
  // A flag the data lack explains nothing: the value's own checks run without it, and only the rule that
  // needs the flag says it did not run.
  const family = given === undefined ? undefined : presentFamily(given, present);
  const missingFlag = given?.flag != null && family?.flag === null ? given.flag : null;
  const explained = explainedBy(family, flagTest);
  if (floating) {
    const flag = family?.flag ?? null;
    const explains = explanationsOf(family);
    out.push(withExplanations(nan(table, name, flag, explained), explains));
    // An uncertainty is judged with its value (errorPair): its own missing values would repeat those rows.
    const judgedByPair = family !== undefined && family.error === name && family.value !== name;
    if (flag !== null && !judgedByPair)
      out.push(withExplanations(nanWithoutFlag(table, name, flag, explained, flagTest), explains));
    else if (missingFlag !== null && given?.value === name)
      out.push(
        notRun(
          table,
          name,
          "nanWithoutFlag",
          // the flag is a schema column the data lack, a finding of schema.missingColumn already (as for unique)
          "skip",
          `not run: failure flag ${missingFlag} missing from the data (schema.missingColumn)`,
        ),
      );
    out.push(inf(table, name));
  }
  out.push(allNull(table, name, floating));
  const position = positionOf(column);
  if (user !== undefined) out.push(userRangeCheck(table, name, user));
  else if (position !== null) out.push(raDec(table, name, position.axis, position.unit));
  else {
    // A range needs numbers: a column whose data is not numeric is schema.type's finding, not range's.
    const numeric =
      column.physical === null || column.physical === "null" || isNumericKind(kindOf(column.physical));
    const valid = numeric ? validRange(column) : null;
    if (valid !== null) out.push(range(table, name, valid));
    const allowed = allowedValuesOf(column);
    if (allowed !== null) out.push(allowedValues(table, name, allowed));
  }
  // A measurement the schema declares (a family's value) that never varies is a finding (a zeroed or stuck column).
  if (
    fromSchema &&
    floating &&
    family !== undefined &&
    family.value === name &&
    (family.flag !== null || family.error !== null)
  )
    out.push({ kind: "constant", table, column: name, check: "constant" });
  if (family !== undefined && family.value === name && family.error !== null && floating) {
    out.push(errorPair(table, name, family.error, family.flag, explained, flagTest));
  }
  return out;
}

/** The family without the columns the data lacks (flag, specific flags, applicability). */
function presentFamily(family: CheckFamily, present: (name: string) => boolean): CheckFamily {
  const out: CheckFamily = {
    value: family.value,
    error: family.error !== null && present(family.error) ? family.error : null,
    flag: family.flag !== null && present(family.flag) ? family.flag : null,
  };
  const subFlags = (family.subFlags ?? []).filter(present);
  if (subFlags.length > 0) out.subFlags = subFlags;
  if (family.applicableWhen !== undefined && present(family.applicableWhen))
    out.applicableWhen = family.applicableWhen;
  if (family.derived !== undefined && conditionColumns(family.derived.condition).every(present))
    out.derived = family.derived;
  return out;
}

/**
 * A user's range in its column's unit, or why it cannot be applied (a bound's unit the column's unit is unknown
 * or foreign to). A column the table lacks keeps the range: its check errors naming the missing column.
 */
function userRangeIn(r: UserRange, units: ReadonlyMap<string, string | null>): ValueRange | string {
  const unit = units.get(r.column) ?? null;
  return (units.has(r.column) ? rangeUnitProblem(r, unit) : null) ?? toValueRange(r, unit);
}

/** The range check of a user's range, or an `error` result saying why the range could not be applied. */
function userRangeCheck(table: string, column: string, user: ValueRange | string): PlannedCheck {
  return typeof user === "string"
    ? notRun(table, column, "range", "error", `could not run: ${user}`)
    : range(table, column, user);
}

/** A planned check that will not run, as a static result (`skip` for a missing column, `error` otherwise). */
function notRun(
  table: string,
  column: string | null,
  check: string,
  status: "skip" | "error",
  message: string,
): PlannedCheck {
  return {
    kind: "static",
    table,
    column,
    check,
    result: makeResult(table, column, check, status, 0, 0, message),
  };
}

/**
 * Plans every check of one table.
 * @example
 * planTable(spec, { tables: ["Object", "ForcedSource"] }).filter((c) => c.check === "unique").map((c) => c.column)
 * // ["objectId"]
 */
export function planTable(spec: TableSpec, options: SuiteOptions = {}): PlannedCheck[] {
  const table = spec.name;
  const families = familyIndex(spec.families);
  const units = new Map(spec.columns.concat(spec.extraColumns).map((c) => [c.name, c.unit]));
  const userRanges = new Map(
    (options.ranges ?? []).filter((r) => r.table === table).map((r) => [r.column, userRangeIn(r, units)]),
  );
  const out: PlannedCheck[] = [];
  if (spec.fromSchema) out.push(...schemaChecks(spec));
  const all = spec.columns.concat(spec.extraColumns);
  const physical = new Map(all.map((c) => [c.name, c.physical]));
  const flagTest = flagTestFor((name) => physical.get(name) ?? null);
  const present = (name: string) => physical.get(name) != null;
  for (const column of all) {
    const checks = columnChecks(
      table,
      column,
      families.get(column.name),
      userRanges.get(column.name),
      flagTest,
      present,
      spec.fromSchema && column.datatype !== null,
    );
    // A schema column the data lacks is reported once, by schema.missingColumn; its checks did not run.
    if (spec.fromSchema && column.physical === null && !userRanges.has(column.name))
      out.push(
        ...checks.map((c) =>
          notRun(
            table,
            column.name,
            c.check,
            "skip",
            `not run: column ${column.name} missing from the data (schema.missingColumn)`,
          ),
        ),
      );
    else out.push(...checks);
  }
  for (const value of spec.unmappedFamilies ?? []) {
    const result = makeResult(
      table,
      value,
      "nanWithoutFlag",
      "skip",
      0,
      0,
      `no failure flag found for ${value}`,
    );
    out.push({ kind: "static", table, column: value, check: "nanWithoutFlag", result });
  }
  // A user range on a column the table lacks still runs, and errors: a typo must not pass silently.
  for (const [column, valid] of userRanges)
    if (!all.some((c) => c.name === column)) out.push(userRangeCheck(table, column, valid));
  out.push(...crossBand(table, all));

  // The declared primary key; without one (DP1 DiaSource declares none), the id-like key `{table}Id` or `id`
  // among the schema's (or data's) columns, so a table lacking its key column still says so.
  const idLike = idLikeKey(
    table,
    all.map((c) => c.name),
  );
  const key = spec.primaryKey.length > 0 ? spec.primaryKey : idLike === null ? [] : [idLike];
  const absentKey = key.filter((c) => !present(c));
  if (key.length > 0 && spec.fromSchema && absentKey.length > 0)
    out.push(
      notRun(
        table,
        key.length === 1 ? (key[0] as string) : null,
        "unique",
        "skip",
        `not run: key column ${absentKey.join(", ")} missing from the data (schema.missingColumn)`,
      ),
    );
  else if (key.length > 0) out.push(unique(table, key));

  const declared = spec.foreignKeys.map((fk) => `${fk.columns.join(",")}>${fk.table}`);
  const relations = spec.foreignKeys.concat(
    builtinRelations(table).filter(
      (r) =>
        !declared.includes(`${r.columns.join(",")}>${r.table}`) &&
        r.columns.every((c) => all.some((x) => x.name === c)),
    ),
  );
  const loaded = options.tables ?? [table];
  for (const fk of relations) {
    if (!loaded.includes(fk.table) || fk.columns.length !== fk.referencedColumns.length) continue;
    if (fk.columns.length === 1)
      out.push(foreignKey(table, fk.columns[0], fk.table, fk.referencedColumns[0]));
    else if (fk.columns.length > 1)
      out.push(foreignKeyTuple(table, fk.columns, fk.table, fk.referencedColumns));
  }
  const expected = options.expectedRows?.[table];
  if (expected !== undefined) out.push(rowCount(table, expected));
  else if (!(options.allowEmpty ?? []).includes(table)) out.push(notEmpty(table));
  return out;
}

/**
 * Compiles a row Condition to a SQL predicate that is never NULL, with exactly the semantics of
 * condition.ts (and of the Arrow evaluator): every atom is guarded by `x IS NOT NULL` first, so SQL's
 * three-valued logic collapses to two values and `not` means "every other row"; NaN never satisfies a
 * comparison (DuckDB would say NaN > everything and NaN = NaN).
 */
import { kindOf, type TypeKind } from "../../io/kind.js";
import type { PhysicalType } from "../../io/table.js";
import { type Condition, conditionColumns, type Literal } from "../condition.js";
import type { ConditionCount, ConditionRequest } from "../types.js";
import type { SqlDialect } from "./dialect.js";

/**
 * Thrown for a condition that cannot apply to the data (unknown column, wrong type) or that the dialect cannot
 * express (ADQL has no NaN test and no infinity literal): the check then errors; it never silently passes.
 */
export class ConditionError extends Error {}

function cannot(dialect: SqlDialect, what: string, column: string): never {
  throw new ConditionError(`the ${dialect.name} dialect cannot express ${what} (column ${column})`);
}

function fail(column: string, type: PhysicalType, what: string): never {
  throw new ConditionError(`condition ${what} does not apply to column ${column} of type ${type}`);
}

/**
 * The predicate for a condition; `types` gives each column's physical type.
 * @example
 * conditionToSql({ op: "gt", column: "x", value: 1 }, new Map([["x", "float64"]]), duckdbDialect)
 * // `((("x" IS NOT NULL) AND NOT isnan("x")) AND CAST("x" AS DOUBLE) > '1'::DOUBLE)`
 */
export function conditionToSql(
  condition: Condition,
  types: ReadonlyMap<string, PhysicalType>,
  dialect: SqlDialect,
): string {
  const compile = (c: Condition): string => conditionToSql(c, types, dialect);
  switch (condition.op) {
    case "const":
      return condition.value ? "(1 = 1)" : "(1 = 0)";
    case "and":
    case "or":
      if (condition.args.length === 0) return condition.op === "and" ? "(1 = 1)" : "(1 = 0)";
      return `(${condition.args.map(compile).join(condition.op === "and" ? " AND " : " OR ")})`;
    case "not":
      return `(NOT ${compile(condition.arg)})`;
    default:
      break;
  }
  const column = condition.column;
  const type = types.get(column);
  if (type === undefined) throw new ConditionError(`no column ${column}`);
  const kind = kindOf(type);
  const x = dialect.quote(column);
  const present = `(${x} IS NOT NULL)`;
  const nan = kind === "float" ? dialect.isNaN(x) : null;
  const notNaN = nan === null ? present : `(${present} AND NOT ${nan})`;
  const numeric = kind === "float" || kind === "int" || kind === "bigint";
  // A column without any value (type null) matches nothing but isNull, whatever the atom, as on the Arrow engine.
  if (type === "null" && condition.op !== "isNull") return "(1 = 0)";
  switch (condition.op) {
    case "isNull":
      return `(${x} IS NULL)`;
    case "isNaN":
      if (!numeric) fail(column, type, "isNaN");
      // Integers hold no NaN; a float column whose dialect cannot test NaN cannot be judged.
      if (kind !== "float") return "(1 = 0)";
      if (nan === null) cannot(dialect, "a NaN test", column);
      return `(${present} AND ${nan})`;
    case "isPosInf":
    case "isNegInf": {
      if (!numeric) fail(column, type, condition.op);
      if (kind !== "float") return "(1 = 0)";
      if (!dialect.hasInfinity) cannot(dialect, "an infinity test", column);
      const inf = dialect.doubleLiteral(
        condition.op === "isPosInf" ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY,
      );
      return `(${notNaN} AND ${dialect.toDouble(x)} = ${inf})`;
    }
    case "isFinite":
      if (!numeric) fail(column, type, "isFinite");
      return kind === "float" ? `(${present} AND ${dialect.isFinite(x)})` : present;
    case "isTrue":
      if (kind !== "bool") fail(column, type, "isTrue");
      return `(${present} AND ${dialect.isTrue(x)})`;
    case "isFalse":
      if (kind !== "bool") fail(column, type, "isFalse");
      return `(${present} AND ${dialect.isFalse(x)})`;
    case "notIn":
      return notInSql(condition.values, x, column, type, kind, present, notNaN, dialect);
    default:
      return compareSql(condition.op, condition.value, x, column, type, kind, present, notNaN, dialect);
  }
}

const SQL_OPERATOR = { lt: "<", le: "<=", gt: ">", ge: ">=", eq: "=", ne: "<>" } as const;

function compareSql(
  op: keyof typeof SQL_OPERATOR,
  value: Literal,
  x: string,
  column: string,
  type: PhysicalType,
  kind: TypeKind,
  present: string,
  notNaN: string,
  dialect: SqlDialect,
): string {
  if (typeof value === "number" && Number.isNaN(value)) return "(1 = 0)";
  const sqlOp = op === "ne" ? (dialect.notEqual ?? SQL_OPERATOR.ne) : SQL_OPERATOR[op];
  if (kind === "bool") {
    if (typeof value !== "boolean") fail(column, type, `${op} ${String(value)}`);
    if (op !== "eq" && op !== "ne") fail(column, type, op);
    const wantTrue = (op === "eq") === value;
    return `(${present} AND ${wantTrue ? dialect.isTrue(x) : dialect.isFalse(x)})`;
  }
  if (kind === "string") {
    if (typeof value !== "string") fail(column, type, `${op} ${String(value)}`);
    return `(${present} AND ${x} ${sqlOp} ${dialect.literal(value)})`;
  }
  if (kind === "other") fail(column, type, op);
  if (typeof value !== "number" && typeof value !== "bigint") fail(column, type, `${op} ${String(value)}`);
  if (kind === "bigint" && (typeof value === "bigint" || Number.isInteger(value))) {
    return `(${present} AND ${x} ${sqlOp} ${BigInt(value).toString()})`;
  }
  // Everything else compares as doubles, like the Arrow engine (float32 widened, not the literal narrowed).
  return `(${notNaN} AND ${dialect.toDouble(x)} ${sqlOp} ${dialect.doubleLiteral(Number(value))})`;
}

function notInSql(
  values: readonly Literal[],
  x: string,
  column: string,
  type: PhysicalType,
  kind: TypeKind,
  present: string,
  notNaN: string,
  dialect: SqlDialect,
): string {
  if (kind === "string") {
    const list = values.map((v) => dialect.literal(String(v)));
    return list.length === 0 ? present : `(${present} AND ${x} NOT IN (${list.join(", ")}))`;
  }
  if (kind === "bool") {
    const truthy = (v: Literal) => v === true || v === 1 || v === "true";
    const allowTrue = values.some(truthy);
    const allowFalse = values.some((v) => !truthy(v));
    const parts: string[] = [];
    if (!allowTrue) parts.push(dialect.isTrue(x));
    if (!allowFalse) parts.push(dialect.isFalse(x));
    return parts.length === 0 ? "(1 = 0)" : `(${present} AND (${parts.join(" OR ")}))`;
  }
  if (kind === "bigint") {
    const list: string[] = [];
    for (const v of values) {
      if (typeof v === "bigint") list.push(v.toString());
      else if (typeof v === "number" && Number.isInteger(v)) list.push(BigInt(v).toString());
    }
    return list.length === 0 ? present : `(${present} AND ${x} NOT IN (${list.join(", ")}))`;
  }
  if (kind === "other") fail(column, type, "notIn");
  const list = values.map((v) => Number(v)).filter((v) => !Number.isNaN(v));
  if (list.length === 0) return notNaN;
  return `(${notNaN} AND ${dialect.toDouble(x)} NOT IN (${list.map((v) => dialect.doubleLiteral(v)).join(", ")}))`;
}

/** A requested condition compiled for a SQL engine: its (empty) count, and its predicate or null with `out.error` set. */
export interface CompiledCondition {
  out: ConditionCount;
  where: Condition;
  predicate: string | null;
}

/**
 * Compiles each requested condition to a predicate; one that cannot be compiled keeps a null predicate and an
 * error naming the missing columns (or the reason), so the others still run.
 * @example
 * compileConditions("T", [{ id: "a", where: { op: "isNaN", column: "y" } }], new Map([["x", "float64"]]), duckdbDialect)[0].out.error // "table T has no column y"
 */
export function compileConditions(
  table: string,
  conditions: readonly ConditionRequest[],
  types: ReadonlyMap<string, PhysicalType>,
  dialect: SqlDialect,
): CompiledCondition[] {
  return conditions.map((c) => {
    const out: ConditionCount = { id: c.id, count: 0, total: 0, sample: [] };
    let predicate: string | null = null;
    try {
      predicate = conditionToSql(c.where, types, dialect);
    } catch (error) {
      const missing = conditionColumns(c.where).filter((n) => !types.has(n));
      out.error =
        missing.length > 0 ? `table ${table} has no column ${missing.join(", ")}` : (error as Error).message;
    }
    return { out, where: c.where, predicate };
  });
}

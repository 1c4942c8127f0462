/** Key checks: `unique` through the engine's duplicateKeys, `foreignKey` through orphanKeys, with fallback. */

import { InputError } from "../../core/errors.js";
import type { CheckResult } from "../../core/results.js";
import { orphanKeyTuples } from "../../engines/arrow/key-checks.js";
import type { Engine } from "../../engines/types.js";
import { errorResult, makeResult } from "../result.js";
import type { ForeignKeyCheck, UniqueCheck } from "../types.js";
import { withFallback } from "./fallback.js";
import { keyCheckResult, partialParent, plural } from "./judge.js";
import { missingColumns, type RunOptions, type RunTable, SAMPLE_SIZE } from "./options.js";

/**
 * Runs a `unique` check; a missing key column or an engine failure is an `error` result.
 * @example
 * const table = { source, columns: columns.map((c) => c.name), types: Object.fromEntries(columns.map((c) => [c.name, c.type])), context: tableContext(spec) };
 * const engine = new ArrowEngine();
 * const tables = new Map([["Object", table]]);
 * const check = planTable(spec).find((c) => c.kind === "unique");
 * (await runUnique("Object", table, check, engine, { tables, engineFor: () => engine })).check; // "unique"
 */
export async function runUnique(
  name: string,
  table: RunTable,
  check: UniqueCheck,
  engine: Engine,
  options: RunOptions,
): Promise<CheckResult> {
  const missing = missingColumns(table, check.columns);
  if (missing.length > 0)
    return errorResult(
      name,
      check.column,
      "unique",
      `key column ${missing.join(", ")} missing from the data`,
    );
  try {
    const keys = await withFallback(engine, options.fallbackFor?.(table.source) ?? null, (on) =>
      on.duplicateKeys(table.source, check.columns, {
        sampleSize: options.sampleSize ?? SAMPLE_SIZE,
        raColumn: table.context.raColumn,
        decColumn: table.context.decColumn,
        positionUnit: table.context.positionUnit,
        ...(options.onProgress ? { onProgress: options.onProgress } : {}),
      }),
    );
    const key = check.columns.join(", ");
    return keyCheckResult(
      name,
      check.column,
      "unique",
      keys,
      `share a ${key} value with another row`,
      `${key} unique over ${plural(keys.total, "row")}`,
    );
  } catch (error) {
    if (error instanceof InputError) throw error;
    return errorResult(name, check.column, "unique", error);
  }
}

/**
 * Runs a `foreignKey` check; skipped when the target table was not given. Against a target read in part, orphans
 * are an error (a missing key may be in the rest) and none is a pass. A child read in part keeps its result: the
 * run labels it partial.
 * @example
 * const table = { source, columns: columns.map((c) => c.name), context: tableContext(spec) };
 * const check = { kind: "foreignKey", id: "Object.objectId.foreignKey", table: "Object", column: "objectId", target: "DiaObject", targetColumn: "diaObjectId", check: "foreignKey" };
 * (await runForeignKey("Object", table, check, { tables: new Map([["Object", table]]), engineFor: () => new ArrowEngine() })).status; // "skip" — the target table is not in the run
 */
export async function runForeignKey(
  name: string,
  table: RunTable,
  check: ForeignKeyCheck,
  options: RunOptions,
): Promise<CheckResult> {
  const target = options.tables.get(check.target);
  if (target === undefined)
    return makeResult(name, check.column, "foreignKey", "skip", 0, 0, `table ${check.target} not given`);
  const result =
    check.columns !== undefined && check.targetColumns !== undefined
      ? await runForeignKeyTuple(name, table, target, check, check.columns, check.targetColumns, options)
      : await runForeignKeySingle(name, table, target, check, options);
  // One judgement for every engine: against a parent read in part, every key found proves there is no orphan,
  // but a key not found may be in the rest.
  const unjudged = partialParent(check.target, target.source.partial);
  if (unjudged !== null && result.status === "fail")
    return errorResult(name, check.column, "foreignKey", unjudged);
  if (unjudged !== null && result.status === "pass")
    result.message = `${result.message}, although ${check.target} was read in part (${target.source.partial})`;
  return result;
}

/** A single-column foreign key on the run's engine (with its fallback). */
async function runForeignKeySingle(
  name: string,
  table: RunTable,
  target: RunTable,
  check: ForeignKeyCheck,
  options: RunOptions,
): Promise<CheckResult> {
  if (!table.columns.includes(check.column))
    return errorResult(name, check.column, "foreignKey", `column ${check.column} missing from the data`);
  if (!target.columns.includes(check.targetColumn)) {
    return errorResult(
      name,
      check.column,
      "foreignKey",
      `column ${check.target}.${check.targetColumn} missing from the data`,
    );
  }
  try {
    const primary = options.engineFor(table.source, target.source);
    const second = options.fallbackFor?.(table.source) ?? null;
    const fallback = second?.supports(target.source) ? second : null;
    const keys = await withFallback(primary, fallback, (on) =>
      on.orphanKeys(table.source, check.column, target.source, check.targetColumn, {
        sampleSize: options.sampleSize ?? SAMPLE_SIZE,
        keyColumn: table.context.keyColumn,
        ...(options.onProgress ? { onProgress: options.onProgress } : {}),
      }),
    );
    const ref = `${check.target}.${check.targetColumn}`;
    return keyCheckResult(
      name,
      check.column,
      "foreignKey",
      keys,
      `refer to a ${ref} that does not exist`,
      `every ${check.column} found in ${ref} (${plural(keys.total, "row")})`,
    );
  } catch (error) {
    if (error instanceof InputError) throw error;
    return errorResult(name, check.column, "foreignKey", error);
  }
}

/**
 * A multi-column foreign key, streamed on any engine (the engines' orphanKeys take one column): rows whose
 * (a, b, …) is absent from the target's columns.
 */
async function runForeignKeyTuple(
  name: string,
  table: RunTable,
  target: RunTable,
  check: ForeignKeyCheck,
  columns: readonly string[],
  targetColumns: readonly string[],
  options: RunOptions,
): Promise<CheckResult> {
  const absent = [
    ...columns.filter((c) => !table.columns.includes(c)),
    ...targetColumns.filter((c) => !target.columns.includes(c)).map((c) => `${check.target}.${c}`),
  ];
  if (absent.length > 0)
    return errorResult(name, check.column, "foreignKey", `column ${absent.join(", ")} missing from the data`);
  const key = `(${columns.join(", ")})`;
  const ref = `${check.target}.(${targetColumns.join(", ")})`;
  try {
    const keys = await orphanKeyTuples(table.source, columns, target.source, targetColumns, {
      sampleSize: options.sampleSize ?? SAMPLE_SIZE,
      keyColumn: table.context.keyColumn,
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    });
    return keyCheckResult(
      name,
      check.column,
      "foreignKey",
      keys,
      `have a ${key} with no ${ref}`,
      `every ${key} found in ${ref} (${plural(keys.total, "row")})`,
    );
  } catch (error) {
    if (error instanceof InputError) throw error;
    return errorResult(name, check.column, "foreignKey", error);
  }
}

/**
 * `--where` filters for the hole detector: a conjunction of simple clauses turned into an engine
 * Condition (so DuckDB and Arrow evaluate it the same way). Grammar: CLAUSE (and CLAUSE)*, where a
 * CLAUSE is `COLUMN`, `not COLUMN` (boolean columns) or `COLUMN OP VALUE` with OP one of
 * = == != <> < <= > >= and VALUE a number, true, false or a quoted string.
 */

import { UsageError } from "../core/errors.js";
import type { Condition, Literal } from "../engines/condition.js";

const OPS: Record<string, "eq" | "ne" | "lt" | "le" | "gt" | "ge"> = {
  "=": "eq",
  "==": "eq",
  "!=": "ne",
  "<>": "ne",
  "<": "lt",
  "<=": "le",
  ">": "gt",
  ">=": "ge",
};

function literal(text: string, clause: string): Literal {
  if (/^(true|false)$/i.test(text)) return text.toLowerCase() === "true";
  const quoted = /^'(.*)'$|^"(.*)"$/.exec(text);
  if (quoted) return quoted[1] ?? quoted[2];
  const x = Number(text);
  if (text !== "" && Number.isFinite(x)) return x;
  throw new UsageError(
    `--where: cannot read the value "${text}" in "${clause}" (a number, true, false or a quoted string)`,
  );
}

function clause(text: string): Condition {
  const t = text.trim();
  const not = /^not\s+([A-Za-z_][\w.]*)$/i.exec(t);
  if (not) return { op: "isFalse", column: not[1] };
  if (/^[A-Za-z_][\w.]*$/.test(t)) return { op: "isTrue", column: t };
  const m = /^([A-Za-z_][\w.]*)\s*(==|!=|<>|<=|>=|=|<|>)\s*(.+)$/.exec(t);
  if (!m)
    throw new UsageError(`--where: cannot read "${t}" (expected COLUMN, not COLUMN or COLUMN OP VALUE)`);
  const value = literal(m[3].trim(), t);
  const op = OPS[m[2]];
  // A boolean equality is the NULL-safe flag test, so "sky_object = false" keeps rows whose flag is false.
  if (typeof value === "boolean" && (op === "eq" || op === "ne")) {
    return { op: value === (op === "eq") ? "isTrue" : "isFalse", column: m[1] };
  }
  return { op, column: m[1], value };
}

/**
 * Parses one or more `--where` texts (all must hold) into a Condition; null when none is given.
 * @example
 * parseWhere(["detect_isPrimary and sky_object = false"])
 * // { op: "and", args: [{ op: "isTrue", column: "detect_isPrimary" }, { op: "isFalse", column: "sky_object" }] }
 */
export function parseWhere(texts: readonly string[]): Condition | null {
  const args: Condition[] = [];
  for (const text of texts) {
    for (const part of text.split(/\s+and\s+|\s*&&\s*/i)) {
      if (part.trim() === "") throw new UsageError(`--where: empty clause in "${text}"`);
      args.push(clause(part));
    }
  }
  if (args.length === 0) return null;
  return args.length === 1 ? args[0] : { op: "and", args };
}

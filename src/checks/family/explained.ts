import type { Condition } from "../../engines/condition.js";
import type { CheckFamily } from "../types.js";
import { booleanFlags, type FlagTest } from "./flagTest.js";

/**
 * Rows where something other than the general failure flag explains a missing measurement: a specific flag of
 * the same algorithm is set, or the measurement does not apply to the row. Null when the family has neither.
 * @example
 * explainedBy({ value: "v", error: null, flag: "v_flag", subFlags: ["v_flag_edge"] }) // { op: "isTrue", column: "v_flag_edge" }
 */
export function explainedBy(
  family: CheckFamily | undefined,
  flagTest: FlagTest = booleanFlags,
): Condition | null {
  if (family === undefined) return null;
  const args: Condition[] = (family.subFlags ?? []).map((column) => flagTest(column, true));
  if (family.applicableWhen !== undefined) args.push(flagTest(family.applicableWhen, false));
  if (family.derived !== undefined) args.push(family.derived.condition);
  if (args.length === 0) return null;
  return args.length === 1 ? args[0] : { op: "or", args };
}

/**
 * `and` of the given conditions, leaving out nulls and not-ing the explained rows.
 * @example
 * andNotExplained([{ op: "isNaN", column: "v" }], null) // { op: "isNaN", column: "v" }
 */
export function andNotExplained(args: readonly Condition[], explained: Condition | null): Condition {
  const all = explained === null ? [...args] : [...args, { op: "not" as const, arg: explained }];
  return all.length === 1 ? all[0] : { op: "and", args: all };
}

/**
 * What explains a missing measurement of a family, for messages: the general flag set, a specific flag set, the
 * measurement not applicable, a derived quantity's rule. Empty when nothing does.
 * @example
 * explanationsOf({ value: "v", error: null, flag: "v_flag", subFlags: ["v_flag_edge"] }) // ["`v_flag` set", "`v_flag_edge` set"]
 */
export function explanationsOf(family: CheckFamily | undefined): string[] {
  if (family === undefined) return [];
  const out: string[] = [];
  if (family.flag !== null) out.push(`\`${family.flag}\` set`);
  const subs = family.subFlags ?? [];
  if (subs.length <= 2) for (const f of subs) out.push(`\`${f}\` set`);
  else out.push(`one of ${subs.length} specific flags (\`${subs[0]}\`, …) set`);
  if (family.applicableWhen !== undefined) out.push(`\`${family.applicableWhen}\` false`);
  if (family.derived !== undefined) out.push(family.derived.why);
  return out;
}

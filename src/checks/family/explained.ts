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

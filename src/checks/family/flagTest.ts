/**
 * How to ask whether a flag is set. Flags are booleans, but databases such as Qserv/MySQL store BOOLEAN as a
 * 0/1 integer (the genuine DP0.2 Object row dumps its 462 flags as 0 and 1), so integer flags test `!= 0` / `== 0`.
 * Nulls are neither set nor clear either way.
 */
import type { Condition } from "../../engines/condition.js";
import { isIntegerKind, kindOf } from "../../io/kind.js";
import type { PhysicalType } from "../../io/table.js";

/** A condition true where the flag `column` is set (`set` = true) or clear (`set` = false). */
export type FlagTest = (column: string, set: boolean) => Condition;

/**
 * Flags as booleans.
 * @example
 * booleanFlags("r_psfFlux_flag", true) // { op: "isTrue", column: "r_psfFlux_flag" }
 */
export const booleanFlags: FlagTest = (column, set) => ({ op: set ? "isTrue" : "isFalse", column });

/**
 * Flag tests by the physical type of each flag column: integers are 0/1 flags, everything else boolean.
 * @example
 * flagTestFor(() => "int64")("r_psfFlux_flag", true) // { op: "ne", column: "r_psfFlux_flag", value: 0 }
 */
export function flagTestFor(physical: (column: string) => PhysicalType | null): FlagTest {
  return (column, set) => {
    const type = physical(column);
    if (type !== null && isIntegerKind(kindOf(type))) return { op: set ? "ne" : "eq", column, value: 0 };
    return booleanFlags(column, set);
  };
}

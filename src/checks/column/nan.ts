import type { Condition } from "../../engines/condition.js";
import { andNotExplained } from "../family/explained.js";
import type { RowCheck } from "../types.js";

/**
 * Fails on NaN values nothing explains. With a failure flag, only rows whose flag is null count: a NaN with the
 * flag set is legitimate, and a NaN with the flag false is reported once, by `nanWithoutFlag`. Rows matching
 * `explained` (a specific flag set, the measurement not applicable) never count.
 * @example
 * nan("Object", "r_psfFlux", "r_psfFlux_flag").where.op // "and"
 */
export function nan(
  table: string,
  column: string,
  flag: string | null = null,
  explained: Condition | null = null,
): RowCheck {
  const args: Condition[] = [{ op: "isNaN", column }];
  if (flag !== null) args.push({ op: "isNull", column: flag });
  return {
    kind: "rows",
    table,
    column,
    check: "nan",
    where: andNotExplained(args, explained),
    describe: flag === null ? "NaN values" : `NaN values with ${flag} null`,
    ...(flag === null && explained === null ? { countIs: { column, count: "nan" as const } } : {}),
    // Only rows with a null flag count: a flag column without nulls proves the rule although NaN are there (real
    // catalogues have NaN in most measurement columns, so this spares their nan rules the count pass).
    passesWhen:
      flag === null
        ? [[{ column, zero: "nan" }]]
        : [[{ column, zero: "nan" }], [{ column: flag, zero: "nulls" }]],
  };
}

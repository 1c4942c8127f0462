/** Compares the data's columns with the felis schema: missing, extra and wrongly typed columns. */
import type { PhysicalType } from "../../io/table.js";
import type { CheckResult } from "../../report/types.js";
import { makeResult } from "../result.js";
import type { StaticCheck, TableSpec } from "../types.js";

const INT_BITS: Partial<Record<PhysicalType, number>> = {
  int8: 8,
  int16: 16,
  int32: 32,
  int64: 64,
  uint8: 9,
  uint16: 17,
  uint32: 33,
  uint64: 65,
};
const FELIS_INT_BITS: Record<string, number> = { byte: 8, short: 16, int: 32, long: 64 };

/**
 * Whether data of a physical type can hold a felis datatype, as the contract fixes it: integers at least as wide,
 * `double` only from float64, `float` from float32 or float64, strings for char/string/unicode/text.
 * Unsigned types count one bit wider than their size (uint32 fits `long`, not `int`).
 * @example
 * felisTypeFits("long", "int32") // false
 * felisTypeFits("float", "float64") // true
 */
export function felisTypeFits(datatype: string, physical: PhysicalType): boolean {
  const need = FELIS_INT_BITS[datatype];
  if (need !== undefined) {
    const have = INT_BITS[physical];
    return have !== undefined && have >= need;
  }
  switch (datatype) {
    case "float":
      return physical === "float32" || physical === "float64";
    case "double":
      return physical === "float64";
    case "boolean":
      return physical === "bool";
    case "char":
    case "string":
    case "unicode":
    case "text":
      return physical === "string";
    case "timestamp":
      return physical === "timestamp";
    case "binary":
      return physical === "binary";
    default:
      return false;
  }
}

function staticCheck(result: CheckResult): StaticCheck {
  return { kind: "static", table: result.table, column: result.column, check: result.check, result };
}

/**
 * Static results for `schema.missingColumn`, `schema.extraColumn` and `schema.type`: one failing result per
 * offending column, or one table-level pass per check when nothing is wrong.
 * @example
 * schemaChecks(spec).map((c) => c.result.id) // ["Object.schema.missingColumn", "Object.schema.extraColumn", …]
 */
export function schemaChecks(
  spec: TableSpec,
  fits: (datatype: string, physical: PhysicalType) => boolean = felisTypeFits,
): StaticCheck[] {
  const table = spec.name;
  const missing = spec.columns.filter((c) => c.physical === null);
  const wrongType = spec.columns.filter(
    (c) => c.physical !== null && c.datatype !== null && !fits(c.datatype, c.physical),
  );
  const n = spec.columns.length;
  const out: StaticCheck[] = [];
  const group = (check: string, failing: CheckResult[], total: number, passMessage: string): void => {
    if (failing.length === 0)
      out.push(staticCheck(makeResult(table, null, check, "pass", 0, total, passMessage)));
    else out.push(...failing.map(staticCheck));
  };
  group(
    "schema.missingColumn",
    missing.map((c) =>
      makeResult(
        table,
        c.name,
        "schema.missingColumn",
        "fail",
        1,
        1,
        `column ${c.name} of the schema is absent from the data`,
      ),
    ),
    n,
    `all ${n} schema columns present`,
  );
  group(
    "schema.extraColumn",
    spec.extraColumns.map((c) =>
      makeResult(
        table,
        c.name,
        "schema.extraColumn",
        "fail",
        1,
        1,
        `data column ${c.name} (${c.physical}) is not in the schema`,
      ),
    ),
    n - missing.length + spec.extraColumns.length,
    "no data column outside the schema",
  );
  group(
    "schema.type",
    wrongType.map((c) =>
      makeResult(
        table,
        c.name,
        "schema.type",
        "fail",
        1,
        1,
        `column ${c.name} is ${c.physical} in the data but ${c.datatype} in the schema`,
      ),
    ),
    n - missing.length,
    "every physical type fits its schema datatype",
  );
  return out;
}

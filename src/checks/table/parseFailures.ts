/** `schema.parse`: values of a text table that do not parse with the schema's datatype (read as null). */
import { makeResult } from "../result.js";
import type { ParseFailure } from "../typed/schemaTypes.js";
import type { StaticCheck } from "../types.js";

/**
 * One failing static result per column with unparseable values, naming the first rows (1-based data rows).
 * @example
 * parseFailureChecks("Object", [{ column: "x", datatype: "double", count: 1, sample: [{ row: 0, text: "abc" }] }], 3)[0].result.message;
 * // "1 of 3 values do not parse as double (read as null): row 1 \"abc\""
 */
export function parseFailureChecks(
  table: string,
  failures: readonly ParseFailure[],
  rows: number,
): StaticCheck[] {
  return failures.map((f) => {
    const shown = f.sample
      .slice(0, 5)
      .map((s) => `row ${s.row + 1} ${JSON.stringify(s.text)}`)
      .join(", ");
    const more = f.count > 5 ? ", …" : "";
    const result = makeResult(
      table,
      f.column,
      "schema.parse",
      "fail",
      f.count,
      rows,
      `${f.count} of ${rows} values do not parse as ${f.datatype} (read as null): ${shown}${more}`,
    );
    result.sample = f.sample.map((s) => ({ row: s.row, value: s.text }));
    return { kind: "static", table, column: f.column, check: "schema.parse", result };
  });
}

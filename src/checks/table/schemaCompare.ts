/** Compares the data's columns with the felis schema: missing, extra and wrongly typed columns. */

import type { CheckResult } from "../../core/results.js";
import type { PhysicalType } from "../../io/table.js";
import { physicalTypeFits, typeMismatch } from "../../schema/datatypes.js";
import type { FelisDatatype } from "../../schema/felis.js";
import { makeResult } from "../result.js";
import type { StaticCheck, TableSpec } from "../types.js";
import { knownExtra } from "./knownExtras.js";

function staticCheck(result: CheckResult): StaticCheck {
  return { kind: "static", table: result.table, column: result.column, check: result.check, result };
}

/**
 * Static results for `schema.missingColumn`, `schema.extraColumn` and `schema.type`: one failing result per
 * offending column, or one table-level pass per check when nothing is wrong.
 * @example
 * schemaChecks(spec).map((c) => c.result.id)
 * // ["Object.y_bdChi2.schema.missingColumn", "Object.ebv.schema.extraColumn", "Object.footprintArea.schema.type", "Object.i_psfFluxErr.schema.type"]
 */
export function schemaChecks(spec: TableSpec): StaticCheck[] {
  const table = spec.name;
  const missing = spec.columns.filter((c) => c.physical === null);
  const wrongType = spec.columns.filter(
    (c) =>
      c.physical !== null &&
      c.nullTyped !== true &&
      c.datatype !== null &&
      !physicalTypeFits(c.datatype as FelisDatatype, c.physical),
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
  const known = spec.extraColumns.filter((c) => knownExtra(c.name) !== null);
  const extras = spec.extraColumns.filter((c) => knownExtra(c.name) === null);
  for (const c of known) {
    const why = knownExtra(c.name)?.why ?? "";
    out.push(
      staticCheck(
        makeResult(table, c.name, "schema.knownColumn", "skip", 0, 1, `${c.name} (${c.physical}): ${why}`),
      ),
    );
  }
  group(
    "schema.extraColumn",
    extras.map((c) =>
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
    n - missing.length + extras.length,
    known.length > 0
      ? `no data column outside the schema besides ${known.length} storage column(s)`
      : "no data column outside the schema",
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
        `column ${c.name}: ${typeMismatch(c.datatype as FelisDatatype, c.physical as PhysicalType)}`,
      ),
    ),
    n - missing.length,
    "every physical type fits its schema datatype",
  );
  return out;
}

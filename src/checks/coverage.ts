/** Check coverage: which columns got at least one check that actually ran. A silent gap is what let DP0.2's NaNs through. */
import type { CheckResult, Coverage } from "../core/results.js";
import type { TableSpec } from "./types.js";

/**
 * Coverage over the columns of every spec (schema columns with a schema, data columns without): a column counts as
 * checked when a value or key check on it passed or failed (schema comparisons, errors and skips do not count).
 * Unchecked columns are listed as `TABLE.COLUMN`.
 * @example
 * coverage([spec], report.results) // { columns: 991, checked: 990, … } (the pilot lacks one column)
 */
export function coverage(specs: readonly TableSpec[], results: readonly CheckResult[]): Coverage {
  const checked = new Set<string>();
  for (const r of results) {
    if (r.column === null || r.check.startsWith("schema.")) continue;
    if (r.status === "pass" || r.status === "fail") checked.add(`${r.table}.${r.column}`);
  }
  const out: Coverage = { columns: 0, checked: 0, unchecked: [], tables: {} };
  for (const spec of specs) {
    const names = spec.columns.map((c) => `${spec.name}.${c.name}`);
    const unchecked = names.filter((n) => !checked.has(n));
    out.columns += names.length;
    out.checked += names.length - unchecked.length;
    out.unchecked.push(...unchecked);
    (out.tables as NonNullable<Coverage["tables"]>)[spec.name] = {
      columns: names.length,
      checked: names.length - unchecked.length,
      unchecked,
    };
  }
  return out;
}

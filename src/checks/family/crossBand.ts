/** Cross-band consistency: the same `{band}_suffix` must have the same type in every band (as sdm-tools checks). */
import { makeResult } from "../result.js";
import type { ColumnSpec, StaticCheck } from "../types.js";

const BAND_COLUMN = /^([ugrizy])_(.+)$/;

/**
 * Groups `{band}_suffix` columns by suffix.
 * @example
 * bandGroups(["g_psfFlux", "r_psfFlux", "coord_ra"]) // Map { "psfFlux" => ["g_psfFlux", "r_psfFlux"] }
 */
export function bandGroups(names: readonly string[]): Map<string, string[]> {
  const groups = new Map<string, string[]>();
  for (const name of names) {
    const m = BAND_COLUMN.exec(name);
    if (!m) continue;
    const list = groups.get(m[2]) ?? [];
    list.push(name);
    groups.set(m[2], list);
  }
  return groups;
}

/**
 * One failing `crossBand` result per column whose physical type in the data differs from the type most bands
 * give that suffix, or one table-level pass. Columns absent from the data are left out (that is
 * `schema.missingColumn`'s finding). With a schema, a band written with the wrong type fails both `schema.type`
 * (against the schema) and `crossBand` (against the other bands), as the fixtures' answer key expects.
 * @example
 * crossBand("Object", spec.columns).length > 0 // true (one check per measurement present in several bands)
 */
export function crossBand(table: string, columns: readonly ColumnSpec[]): StaticCheck[] {
  // A Null-typed column (an all-empty CSV column, pandas' all-None) holds no value whose type could disagree.
  // Nor does a type guessed from text next to schema-typed bands.
  const typeOf = (c: ColumnSpec): string | null => (c.nullTyped || c.typeGuessed ? null : c.physical);
  const byName = new Map(columns.map((c) => [c.name, c]));
  const groups = [...bandGroups(columns.map((c) => c.name)).values()].filter((g) => g.length > 1);
  const out: StaticCheck[] = [];
  for (const group of groups) {
    const types = group.map((n) => typeOf(byName.get(n) as ColumnSpec));
    const counts = new Map<string, number>();
    for (const t of types) if (t !== null) counts.set(t, (counts.get(t) ?? 0) + 1);
    if (counts.size < 2) continue;
    const majority = [...counts.entries()].sort((a, b) => b[1] - a[1])[0][0];
    group.forEach((name, i) => {
      const t = types[i];
      if (t === null || t === majority) return;
      const result = makeResult(
        table,
        name,
        "crossBand",
        "fail",
        1,
        group.length,
        `${name} is ${t} but ${counts.get(majority)} of ${group.length} bands have ${majority}`,
      );
      out.push({ kind: "static", table, column: name, check: "crossBand", result });
    });
  }
  if (out.length === 0) {
    const result = makeResult(
      table,
      null,
      "crossBand",
      "pass",
      0,
      groups.length,
      `${groups.length} band families agree on types`,
    );
    out.push({ kind: "static", table, column: null, check: "crossBand", result });
  }
  return out;
}

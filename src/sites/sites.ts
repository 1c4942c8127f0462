/** `compareSites`: every table two sites share, compared through per-partition fingerprints. */
import { type CompareSitesOptions, compareSiteTables } from "./compare.js";
import type { SitesReport, SiteTable } from "./types.js";

/** Which tables to compare, on top of the per-table options. */
export interface SitesOptions extends CompareSitesOptions {
  /** Only these tables (matched case-insensitively); default every table both sites hold. */
  tables?: readonly string[];
}

/**
 * Compares two sites' tables (matched by name, case-insensitively) one after the other; tables held by one
 * site only are listed and fail the comparison.
 */
export async function compareSites(
  a: { spec: string; tables: readonly SiteTable[] },
  b: { spec: string; tables: readonly SiteTable[] },
  options: SitesOptions = {},
): Promise<SitesReport> {
  const wanted = options.tables ? new Set(options.tables.map((t) => t.toLowerCase())) : undefined;
  const keep = (t: SiteTable) => wanted === undefined || wanted.has(t.name.toLowerCase());
  const ta = a.tables.filter(keep);
  const tb = b.tables.filter(keep);
  const byName = new Map(tb.map((t) => [t.name.toLowerCase(), t]));
  const namesA = new Set(ta.map((t) => t.name.toLowerCase()));
  const report: SitesReport = {
    command: "compare-sites",
    a: a.spec,
    b: b.spec,
    status: "pass",
    tables: [],
    tablesOnlyIn: {
      a: ta.filter((t) => !byName.has(t.name.toLowerCase())).map((t) => t.name),
      b: tb.filter((t) => !namesA.has(t.name.toLowerCase())).map((t) => t.name),
    },
  };
  for (const table of ta) {
    const other = byName.get(table.name.toLowerCase());
    if (other) report.tables.push(await compareSiteTables(table, other, options));
  }
  const statuses = report.tables.map((t) => t.status);
  const onlyOne = report.tablesOnlyIn.a.length + report.tablesOnlyIn.b.length > 0;
  report.status =
    statuses.includes("fail") || onlyOne ? "fail" : statuses.includes("error") ? "error" : "pass";
  return report;
}

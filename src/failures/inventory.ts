/**
 * What a Butler repository holds against what was expected (RTN-001 Appendix B's table for any Gen3 SQLite
 * registry): dataset type × collection × count, compared per dataset type with a pipetask report's dataset table
 * or with expected data ids (every visit × detector or tract × patch a step should have produced).
 */
import { escapeMarkdownCell } from "../report/escape.js";
import type { InventoryRow } from "./butler/registry.js";
import { dataIdKey } from "./dataId.js";
import type { DataId, DatasetCounts } from "./types.js";

/** One dataset type compared. */
export interface InventoryComparison {
  datasetType: string;
  /** Datasets in the registry (all collections, or those selected). */
  inRegistry: number;
  expected: number | null;
  /** Produced according to the report. */
  reportProduced: number | null;
  /** expected − inRegistry (negative: more than expected), null when nothing was expected. */
  missing: number | null;
  /** Data ids of missing datasets, where the report lists them. */
  missingDataIds?: DataId[];
}

/**
 * Compares a registry inventory with expected dataset counts; types only on one side appear with nulls / zeros.
 * @example
 * const reg = await openRegistry("test/data/ap_verify_ci_dc2/gen3.sqlite3");
 * const read = await readFailureReport("fixtures/pilot/failures/pipetask_report_v2.json");
 * compareInventory(registryInventory(reg), read.datasets ?? {})[0] // { datasetType: "bfk", inRegistry: 189, expected: null, reportProduced: null, missing: null }
 */
export function compareInventory(
  inventory: readonly InventoryRow[],
  expected: Readonly<Record<string, DatasetCounts>>,
  options: { collections?: readonly string[] } = {},
): InventoryComparison[] {
  const counts = new Map<string, number>();
  for (const r of inventory) {
    if (
      options.collections &&
      !options.collections.some((c) => r.collection === c || r.collection.startsWith(`${c}/`))
    )
      continue;
    counts.set(r.datasetType, (counts.get(r.datasetType) ?? 0) + r.count);
  }
  const types = new Set([...counts.keys(), ...Object.keys(expected)]);
  return [...types].sort().map((t) => {
    const e = expected[t];
    const have = counts.get(t) ?? 0;
    return {
      datasetType: t,
      inRegistry: have,
      expected: e ? e.expected : null,
      reportProduced: e ? e.produced : null,
      missing: e ? e.expected - have : null,
      ...(e?.missingDataIds ? { missingDataIds: e.missingDataIds } : {}),
    };
  });
}

/**
 * Data ids expected but absent: the expected list (e.g. every visit × detector of a visit list) minus the present ones.
 * @example missingDataIds([{ visit: 1, detector: 2 }, { visit: 1, detector: 3 }], [{ visit: 1, detector: 2 }]) // [{ visit: 1, detector: 3 }]
 */
export function missingDataIds(expected: readonly DataId[], present: readonly DataId[]): DataId[] {
  const have = new Set(present.map(dataIdKey));
  return expected.filter((d) => !have.has(dataIdKey(d)));
}

/**
 * Every visit × detector pair of a visit list and a camera's detector ids, as data ids.
 * @example expectedVisitDetectors([1], [0, 1]).length // 2
 */
export function expectedVisitDetectors(visits: readonly number[], detectors: readonly number[]): DataId[] {
  return visits.flatMap((visit) => detectors.map((detector) => ({ visit, detector })));
}

/**
 * The inventory as a Markdown table (dataset type, collection, count).
 * @example
 * const reg = await openRegistry("test/data/ap_verify_ci_dc2/gen3.sqlite3");
 * inventoryMarkdown(registryInventory(reg)).includes("| dataset type |") // true
 */
export function inventoryMarkdown(
  rows: readonly InventoryRow[],
  comparison?: readonly InventoryComparison[],
): string {
  const lines = ["# Registry inventory", "", "| dataset type | collection | count |", "|---|---|---:|"];
  for (const r of rows)
    lines.push(`| ${escapeMarkdownCell(r.datasetType)} | ${escapeMarkdownCell(r.collection)} | ${r.count} |`);
  if (comparison) {
    lines.push(
      "",
      "## Expected versus present",
      "",
      "| dataset type | in registry | expected | produced (report) | missing |",
      "|---|---:|---:|---:|---:|",
    );
    for (const c of comparison)
      lines.push(
        `| ${escapeMarkdownCell(c.datasetType)} | ${c.inRegistry} | ${c.expected ?? ""} | ${c.reportProduced ?? ""} | ${c.missing ?? ""} |`,
      );
  }
  return `${lines.join("\n")}\n`;
}

// Runs the automatic suite over hand-built in-memory tables with the Arrow engine.
import { checkTables } from "../../src/checks/checkTables.js";
import type { UserRange } from "../../src/checks/userRange.js";
import type { CheckResult, Report } from "../../src/core/results.js";
import { ArrowEngine } from "../../src/engines/arrow/arrow-engine.js";
import { fromColumns, type JsColumn } from "../../src/io/interop.js";
import type { TableSource } from "../../src/io/table.js";
import { parseFelis } from "../../src/schema/load.js";

export type Columns = Readonly<Record<string, JsColumn>>;

export interface SuiteInput {
  tables: Readonly<Record<string, Columns | TableSource>>;
  felis?: string;
  ranges?: UserRange[];
  expectedRows?: Record<string, number>;
  allowEmpty?: string[];
}

export async function runSuite(input: SuiteInput): Promise<Report> {
  const sources = new Map<string, TableSource>();
  for (const [name, t] of Object.entries(input.tables)) {
    sources.set(
      name,
      "scan" in t && typeof t.scan === "function" ? (t as TableSource) : fromColumns(name, t as Columns),
    );
  }
  const engine = new ArrowEngine();
  return checkTables({
    sources,
    ...(input.felis ? { schema: parseFelis(input.felis, "test.yaml") } : {}),
    engineFor: () => engine,
    ranges: input.ranges ?? [],
    expectedRows: input.expectedRows ?? {},
    allowEmpty: input.allowEmpty ?? [],
    version: "0.0.0-test",
  });
}

/** The one result with this id; throws (so the test fails) when there is none or several. */
export function result(report: Report, id: string): CheckResult {
  const found = report.results.filter((r) => r.id === id);
  if (found.length !== 1)
    throw new Error(
      `expected one result ${id}, found ${found.length}: ${report.results.map((r) => r.id).join(" ")}`,
    );
  return found[0];
}

export function failingIds(report: Report): string[] {
  return report.results
    .filter((r) => r.status === "fail")
    .map((r) => r.id)
    .sort();
}

export function rows(r: CheckResult): number[] {
  return r.sample.map((s) => s.row);
}

/** What two runs of the same checks must agree on, result by result (breakdowns as their JSON). */
export function comparable(report: Report): unknown[] {
  return report.results.map(({ id, status, failing, total, message, sample, partial, breakdowns }) => ({
    id,
    status,
    failing,
    total,
    message,
    sample,
    partial,
    breakdowns: JSON.parse(JSON.stringify(breakdowns ?? null)) as unknown,
  }));
}

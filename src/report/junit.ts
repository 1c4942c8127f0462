/** JUnit XML for CI systems: one test suite per table, one test case per check result. */

import type { CheckResult, Report } from "../core/results.js";
import { escapeXml } from "./escape.js";

// A result that saw only part of the data says so as a test-case property (and in its message).
const PARTIAL = `\n      <properties><property name="partial" value="true"/></properties>`;

function testCase(r: CheckResult): string {
  const open = `    <testcase classname="${escapeXml(`${r.table}.${r.check}`)}" name="${escapeXml(r.id)}" time="0">${r.partial ? PARTIAL : ""}`;
  const detail = `${r.partial ? "PARTIAL (saw only part of the data): " : ""}${r.message}${r.sample.length > 0 ? `\nsample rows: ${r.sample.map((s) => s.row).join(", ")}` : ""}`;
  if (r.status === "fail" && r.blocking === false)
    return `${open}\n      <system-out>${escapeXml(`warning (does not block): ${r.failing} of ${r.total}: ${detail}`)}</system-out>\n    </testcase>`;
  switch (r.status) {
    case "fail":
      return `${open}\n      <failure message="${escapeXml(`${r.partial ? "PARTIAL: " : ""}${r.failing} of ${r.total}: ${r.message}`)}" type="${escapeXml(r.check)}">${escapeXml(detail)}</failure>\n    </testcase>`;
    case "error":
      return `${open}\n      <error message="${escapeXml(r.partial ? detail : r.message)}" type="${escapeXml(r.check)}"/>\n    </testcase>`;
    case "skip":
      return `${open}\n      <skipped message="${escapeXml(r.message)}"/>\n    </testcase>`;
    default:
      return r.partial ? `${open}\n    </testcase>` : `${open}</testcase>`;
  }
}

/**
 * The report as JUnit XML (`<testsuites>` → `<testsuite name=TABLE>` → `<testcase name=ID>`).
 * @example
 * toJunit(report).startsWith('<?xml') // true
 */
export function toJunit(report: Report): string {
  const byTable = new Map<string, CheckResult[]>();
  for (const r of report.results) byTable.set(r.table, [...(byTable.get(r.table) ?? []), r]);
  const count = (rs: readonly CheckResult[], s: CheckResult["status"]) =>
    rs.filter((r) => r.status === s).length;
  const suites = [...byTable.entries()].map(
    ([table, rs]) =>
      `  <testsuite name="${escapeXml(table)}" tests="${rs.length}" failures="${count(rs, "fail")}" errors="${count(rs, "error")}" skipped="${count(rs, "skip")}" time="0">\n${rs.map(testCase).join("\n")}\n  </testsuite>`,
  );
  const all = report.results;
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="skygate ${escapeXml(report.version)}" tests="${all.length}" failures="${count(all, "fail")}" errors="${count(all, "error")}" skipped="${count(all, "skip")}" time="0">\n${suites.join("\n")}\n</testsuites>\n`;
}

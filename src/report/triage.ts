/**
 * Triage for people: the same rule failing on the same quantity in several bands (`u_…`, `g_…`) is one problem with
 * a per-band breakdown. Reports for people (text, Markdown) list these groups; the JSON keeps one result per column.
 */
import type { CheckResult } from "../core/results.js";

const BAND_ORDER = ["u", "g", "r", "i", "z", "y"];
const BANDED = /^([ugrizy])_(.+)$/;

/** One problem line: a single result, or one rule over the bands of one quantity. */
export interface ProblemGroup {
  /** `TABLE.COLUMN.CHECK`, or `TABLE.{g,r,i}_SUFFIX.CHECK` for a band group. */
  id: string;
  status: CheckResult["status"];
  check: string;
  /** The results in the group (one for an ungrouped problem), in band order. */
  results: CheckResult[];
  /** Per-band `failing/total` when grouped, e.g. `g 3/100, r 5/100`. */
  breakdown: string | null;
}

/**
 * Groups problems by table, check, status and banded quantity (`{band}_suffix`); others stay alone. Order: first
 * appearance.
 * @example
 * const e1 = report.results.filter((r) => r.check === "allNull" && r.column?.endsWith("_hsmShapeRegauss_e1"));
 * groupByBand(e1).map((g) => g.id); // ["Object.{u,g,r,i,z,y}_hsmShapeRegauss_e1.allNull"]
 */
export function groupByBand(results: readonly CheckResult[]): ProblemGroup[] {
  const groups = new Map<string, ProblemGroup>();
  results.forEach((r, i) => {
    const match = r.column === null ? null : BANDED.exec(r.column);
    // Only banded columns group; anything else stays alone, even when ids repeat (one `hole` result per hole).
    const key = match ? `${r.table}\u0000${r.check}\u0000${r.status}\u0000${match[2]}` : `\u0001${i}`;
    const group = groups.get(key);
    if (group) group.results.push(r);
    else groups.set(key, { id: r.id, status: r.status, check: r.check, results: [r], breakdown: null });
  });
  return [...groups.values()].map((g) => {
    if (g.results.length < 2) return g;
    const results = [...g.results].sort(
      (a, b) => BAND_ORDER.indexOf(bandOf(a)) - BAND_ORDER.indexOf(bandOf(b)),
    );
    const first = results[0] as CheckResult;
    const suffix = (first.column as string).slice(2);
    return {
      ...g,
      results,
      id: `${first.table}.{${results.map(bandOf).join(",")}}_${suffix}.${first.check}`,
      breakdown: results.map((r) => `${bandOf(r)} ${r.failing}/${r.total}`).join(", "),
    };
  });
}

function bandOf(r: CheckResult): string {
  return (r.column ?? "").charAt(0);
}

/**
 * The message of a group: the per-band breakdown, then the first band's message.
 * @example
 * const e1 = report.results.filter((r) => r.check === "allNull" && r.column?.endsWith("_hsmShapeRegauss_e1"));
 * groupMessage(groupByBand(e1)[0]); // "6 bands (u 0/1, g 0/1, r 0/1, i 0/1, z 0/1, y 0/1): 1500 of 1500 values present"
 */
export function groupMessage(group: ProblemGroup): string {
  const first = group.results[0] as CheckResult;
  // A result that saw only part of the data says so wherever it is shown.
  const partial = group.results.some((r) => r.partial === true)
    ? "PARTIAL (saw only part of the data): "
    : "";
  if (group.breakdown === null) return `${partial}${first.message}`;
  return `${partial}${group.results.length} bands (${group.breakdown}): ${first.message}`;
}

/**
 * The first sample rows of a result, for people: row, key, value, and the position in degrees (engines convert
 * radians), e.g. `row 1922 key 77 ra 53.656° dec -28.264°`; empty when the result has no sample.
 * @example
 * const result = report.results.find((r) => r.status !== "pass");
 * sampleLine({ ...result, sample: [{ row: 3, key: "77", ra: 53.6560417, dec: -28.2641314 }] }); // "e.g. row 3 key 77 ra 53.65604° dec -28.26413°"
 */
export function sampleLine(result: CheckResult, max = 3): string {
  const shown = result.sample.slice(0, max).map((s) => {
    const parts = [`row ${s.row}`];
    if (s.key !== undefined && s.key !== null) parts.push(`key ${s.key}`);
    if (s.value !== undefined) parts.push(`value ${String(s.value)}`);
    if (typeof s.ra === "number" && typeof s.dec === "number")
      parts.push(`ra ${s.ra.toFixed(5)}° dec ${s.dec.toFixed(5)}°`);
    return parts.join(" ");
  });
  if (shown.length === 0) return "";
  const more = result.failing > shown.length ? `; ${result.failing - shown.length} more` : "";
  return `e.g. ${shown.join("; ")}${more}`;
}

/**
 * Where a result's failing rows are, for people: per breakdown (tract/patch, visit/detector, band) the largest
 * groups first, e.g. `by tract/patch: 4431/3 12, 4431/4 5, 1 more`; empty when the result has none.
 * @example
 * breakdownLine({ ...report.results[0], breakdowns: { band: PartitionCounts.fromValues("band", new Map([["r", 5], ["g", 2]])) } }) // "by band: r 5, g 2"
 */
export function breakdownLine(result: CheckResult, max = 5): string {
  const parts: string[] = [];
  for (const [name, counts] of Object.entries(result.breakdowns ?? {})) {
    const entries = Object.entries(counts.toJSON()).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
    if (entries.length === 0) continue;
    const shown = entries.slice(0, max).map(([k, n]) => `${k} ${n}`);
    const more = entries.length > max ? `, ${entries.length - max} more` : "";
    parts.push(`by ${name}: ${shown.join(", ")}${more}`);
  }
  return parts.join("; ");
}

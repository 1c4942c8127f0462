/** A comparison for people: a short text for the terminal and Markdown for pull requests and CI summaries. */
import { escapeMarkdownCell as cell } from "../report/escape.js";
import type { Change, Comparison } from "./types.js";

/** A before/after value for people: integers as they are, small numbers in exponent form, others to 4 digits. */
export function show(value: Change["before"]): string {
  if (value === null) return "—";
  if (typeof value === "string") return value;
  if (Number.isInteger(value)) return String(value);
  return Math.abs(value) < 1e-3 && value !== 0 ? value.toExponential(3) : value.toPrecision(4);
}

/** A change's size with its measure, or why it has none. */
export function sizeText(c: Change): string {
  if (c.measure === "structural") return "structural";
  if (c.size === null) return "unbounded";
  return `${c.size >= 0 ? "+" : ""}${c.size.toFixed(3)} (${c.measure})`;
}

function where(c: Change): string {
  // A check report's change names its result (T.col.check): a column has several checks.
  const at = c.id ?? (c.column === null ? c.table : `${c.table}.${c.column}`);
  return c.partition ? `${at}[${c.partition}]` : at;
}

/**
 * One line per change, largest first, with a verdict line on top.
 * @example
 * comparisonText({ tool: "skygate", version: "0", kind: "profile", before: "a", after: "b", status: "pass", thresholds: DEFAULT_THRESHOLDS, changes: [] }).split("\n")[0] // "compare a → b: PASS, no changes"
 */
export function comparisonText(comparison: Comparison, options: { max?: number } = {}): string {
  const { changes } = comparison;
  const over = changes.filter((c) => c.exceeds).length;
  const head = `compare ${comparison.before} → ${comparison.after}: ${comparison.status.toUpperCase()}, ${
    changes.length === 0 ? "no changes" : `${changes.length} changes, ${over} over threshold`
  }`;
  const max = options.max ?? 40;
  const lines = changes
    .slice(0, max)
    .map(
      (c) =>
        `${c.exceeds ? "!" : " "} ${where(c)}  ${c.what}  ${show(c.before)} → ${show(c.after)}  ${sizeText(c)}`,
    );
  if (changes.length > max) lines.push(`  … ${changes.length - max} more (see --json)`);
  return `${[head, ...lines].join("\n")}\n`;
}

/**
 * The comparison as Markdown: verdict, thresholds, and the ranked changes table.
 * @example
 * comparisonMarkdown({ tool: "skygate", version: "0", kind: "profile", before: "a", after: "b", status: "fail", thresholds: DEFAULT_THRESHOLDS, changes: [] }).split("\n")[0] // "# skygate compare: FAIL"
 */
export function comparisonMarkdown(comparison: Comparison, options: { max?: number } = {}): string {
  const out = [
    `# skygate compare: ${comparison.status.toUpperCase()}`,
    "",
    `\`${cell(comparison.before)}\` → \`${cell(comparison.after)}\` (${comparison.kind}s), skygate ${comparison.version}`,
    "",
    `Thresholds on |size|: ${Object.entries(comparison.thresholds)
      .map(([m, v]) => `${m} ${v}`)
      .join(", ")}; structural changes always count.`,
    "",
  ];
  if (comparison.changes.length === 0) {
    out.push("No changes.");
    return `${out.join("\n")}\n`;
  }
  const max = options.max ?? 200;
  out.push("| | table | column | what | before | after | size |", "|---|---|---|---|---:|---:|---|");
  for (const c of comparison.changes.slice(0, max))
    out.push(
      `| ${c.exceeds ? "❌" : "·"} | ${cell(c.partition ? `${c.table} [${c.partition}]` : c.table)} | ${c.column === null ? "" : `\`${cell(c.column)}\``} | ${c.what} | ${cell(show(c.before))} | ${cell(show(c.after))} | ${sizeText(c)} |`,
    );
  if (comparison.changes.length > max)
    out.push("", `${comparison.changes.length - max} more changes in the JSON.`);
  return `${out.join("\n")}\n`;
}

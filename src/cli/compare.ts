/** `skygate compare BEFORE AFTER`: what changed between two saved profiles or two saved reports. */
import { parseArgs } from "node:util";
import { compareRuns } from "../compare/compare.js";
import { comparisonMarkdown, comparisonText } from "../compare/format.js";
import { comparisonHtml } from "../compare/html.js";
import { readRunDocument } from "../compare/load.js";
import { parseThresholds } from "../compare/thresholds.js";
import { UsageError } from "../core/errors.js";
import { comparisonFigures } from "../plots/compare.js";
import { reportPlotsHtml } from "../plots/report.js";
import { asUsage } from "./args.js";
import { runHistoryCompare } from "./compare-history.js";
import type { CliIO } from "./io.js";
import { assertWritable, writeOutput } from "./outputs.js";

export const COMPARE_HELP = `Usage: skygate compare BEFORE AFTER [--json OUT] [--md OUT] [--html OUT] [--threshold MEASURE=VALUE]…

Compares two runs: two profiles written by \`skygate profile --json\` (pilot versus production, yesterday
versus today) or two reports written by \`skygate check --json\`. Lists what changed, ranked by effect size
(sizes do not grow with the row count, so they stay meaningful at 10⁹ rows; a change must also clear
what sampling alone could produce at the two row counts):
  nullRate, nanRate, infRate, trueRate   Cohen's h of the rates (a rate leaving or reaching 0 always counts)
  mean                                   standardized mean difference (shift in units of σ)
  stddev, rows, distinct                 |ln(after / before)|
  partitionRows                          |ln(after / before)| of the rows of one tract or band (profiles
                                         count them with --partition-rows, default tract,band), against
                                         a Poisson noise floor; a tract or band that appeared or vanished
                                         always counts
  distribution                           Kolmogorov–Smirnov distance, a lower bound from the quantiles
                                         (profiles made with --quantiles; replaces mean and stddev)
  tableAdded/Removed, columnAdded/Removed, type, status, checkAdded/Removed   structural
Identical columns produce no entry. Exits 1 when a change reaches its threshold, 0 otherwise, 2 on a
usage error or an unreadable file.

With --history PATH (a gate history written by skygate gate --history): follows one metric or result id
across the gate's runs instead: skygate compare --history PATH [--gate NAME] --metric NAME [--json OUT]
[--md OUT] [--html OUT] prints the value (or failing count) per run; without --metric it lists the names.

Options:
  --threshold M=V   override a default threshold (cohenH 0.05, standardizedMeanDifference 0.1,
                    logRatio 0.1, kolmogorovSmirnov 0.05); repeat for several
  --json OUT        write the comparison JSON ({ status, changes: [{ table, column, what, before, after, size }] })
  --md OUT          write Markdown
  --html OUT        write a self-contained HTML page: the biggest changes against their thresholds, rows per
                    tract and band, quantile curves of the largest distribution shifts, the ranked table
  --max N           lines of changes on stdout (default 40)
  -h, --help        show this help
`;

const OPTIONS = {
  threshold: { type: "string", multiple: true },
  json: { type: "string" },
  md: { type: "string" },
  html: { type: "string" },
  max: { type: "string" },
  history: { type: "string" },
  metric: { type: "string" },
  gate: { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

/**
 * Runs `skygate compare` and returns its exit code.
 * @example
 * await runCompare(["--help"], { version: "0", stdout: () => {}, stderr: () => {}, stderrIsTTY: false }) // 0
 */
export async function runCompare(argv: readonly string[], io: CliIO): Promise<number> {
  const { values, positionals } = asUsage("compare", () =>
    parseArgs({ args: [...argv], options: OPTIONS, strict: true, allowPositionals: true }),
  );
  if (values.help) {
    io.stdout(COMPARE_HELP);
    return 0;
  }
  if (values.history !== undefined) {
    if (positionals.length > 0) throw new UsageError("compare --history takes no BEFORE/AFTER files");
    const { history, metric, gate, json, md, html } = values;
    return runHistoryCompare({ history, metric, gate, json, md, html }, io);
  }
  if (values.metric !== undefined || values.gate !== undefined)
    throw new UsageError("--metric and --gate go with --history PATH");
  if (positionals.length !== 2)
    throw new UsageError(
      `compare needs exactly two files, BEFORE and AFTER (got ${positionals.length}; see skygate compare --help)`,
    );
  const thresholds = asUsage("compare", () => parseThresholds(values.threshold ?? []));
  const max = values.max === undefined ? 40 : Number(values.max);
  if (!Number.isInteger(max) || max < 0) throw new UsageError(`--max expects a count, got "${values.max}"`);
  assertWritable({ "--json": values.json, "--md": values.md, "--html": values.html });
  const before = readRunDocument(positionals[0]);
  const after = readRunDocument(positionals[1]);
  const comparison = compareRuns(before, after, { thresholds, version: io.version });
  if (values.json) writeOutput(values.json, `${JSON.stringify(comparison, null, 2)}\n`);
  if (values.md) writeOutput(values.md, comparisonMarkdown(comparison));
  if (values.html)
    writeOutput(
      values.html,
      comparisonHtml(comparison, reportPlotsHtml(comparisonFigures(comparison, { before, after }), "", null)),
    );
  io.stdout(comparisonText(comparison, { max }));
  return comparison.status === "fail" ? 1 : 0;
}

/** `skygate compare --history PATH --metric NAME`: a metric or a finding followed across a gate's runs. */
import { UsageError } from "../core/errors.js";
import { historyNames, metricSeries, readHistory } from "../gate/history.js";
import { historyHtml, historyMarkdown, historyText } from "../gate/history-format.js";
import { closest } from "../gate/match.js";
import type { CliIO } from "./io.js";
import { assertWritable, writeOutput } from "./outputs.js";

/** The options of `compare` this mode reads. */
export interface HistoryCompareOptions {
  history: string;
  metric?: string;
  gate?: string;
  json?: string;
  md?: string;
  html?: string;
}

/**
 * Prints (and writes as JSON / Markdown / HTML with a chart) one metric or result id across the runs of a
 * gate history; without `--metric`, lists what can be followed. Exit 0, or 2 on an unknown name.
 * @example await runHistoryCompare({ history: "no/such.parquet" }, { version: "0", stdout: () => {}, stderr: () => {}, stderrIsTTY: false }) // throws no gate history here
 */
export async function runHistoryCompare(options: HistoryCompareOptions, io: CliIO): Promise<number> {
  assertWritable({ "--json": options.json, "--md": options.md, "--html": options.html });
  const rows = await readHistory(options.history);
  const chosen = options.gate === undefined ? rows : rows.filter((r) => r.gate === options.gate);
  if (options.gate !== undefined && chosen.length === 0) {
    const gates = [...new Set(rows.map((r) => r.gate))];
    const guess = closest(options.gate, gates);
    throw new UsageError(
      `--gate ${options.gate}: no run of that gate in ${options.history}${guess ? ` (did you mean ${guess}?)` : ` (gates: ${gates.join(", ")})`}`,
    );
  }
  const names = historyNames(chosen);
  if (options.metric === undefined) {
    const runs = new Set(chosen.map((r) => `${r.runAt} ${r.gate}`)).size;
    io.stdout(
      `${options.history}: ${runs} run(s); follow one with --metric NAME:\n${names.map((n) => `  ${n}`).join("\n")}\n`,
    );
    return 0;
  }
  if (!names.includes(options.metric)) {
    const guess = closest(options.metric, names);
    throw new UsageError(
      `--metric ${options.metric}: not in ${options.history}${guess ? ` (did you mean ${guess}?)` : " (run without --metric to list the names)"}`,
    );
  }
  const points = metricSeries(chosen, options.metric, options.gate);
  if (options.json)
    writeOutput(options.json, `${JSON.stringify({ metric: options.metric, runs: points }, null, 2)}\n`);
  if (options.md) writeOutput(options.md, historyMarkdown(options.metric, points));
  if (options.html) writeOutput(options.html, historyHtml(options.metric, points));
  io.stdout(historyText(options.metric, points));
  return 0;
}

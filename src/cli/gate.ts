/** `skygate gate GATE.yaml`: runs a gate file and exits on its verdict. */
import { appendFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { UsageError } from "../core/errors.js";
import { engineChoice, engineFor } from "../engines/auto.js";
import { withStepFigures } from "../gate/figures.js";
import { gateHtml, gateMarkdown, gateText } from "../gate/format.js";
import { appendHistory, historyRows } from "../gate/history.js";
import { loadGate } from "../gate/parse.js";
import { runGate } from "../gate/run.js";
import { readPositions } from "../holes/positions.js";
import { parseWhere } from "../holes/where.js";
import { openTable } from "../io/open.js";
import type { TableSource } from "../io/table.js";
import { checkReportFigures, reportPlotsHtml } from "../plots/report.js";
import { type HtmlFigures, toHtml } from "../report/html.js";
import { toJson } from "../report/json.js";
import { toJunit } from "../report/junit.js";
import { toMarkdown } from "../report/markdown.js";
import { toText } from "../report/text.js";
import { asUsage } from "./args.js";
import { exitCodeOfReport } from "./exit.js";
import { fallbackNote } from "./fallback-note.js";
import type { CliIO } from "./io.js";
import { assertWritable, writeOutput } from "./outputs.js";
import { progressBar } from "./progress.js";
import { writeReportPng } from "./report-figures.js";

export const GATE_HELP = `Usage: skygate gate GATE.yaml [--param NAME=VALUE]… [--json OUT] [--junit OUT] [--md OUT] [--html OUT] [--history PATH] [--engine E] [--today YYYY-MM-DD] [--quiet]

Runs a gate file (format: gates/README.md, JSON Schema gates/gate.schema.json): opens every input and checks
every name first (exit 2, naming the gate file's line, before any work), then the every-column suite, the
metrics against their minimum/design/stretch levels, waivers and warn-only patterns.

Exit codes: 0 the gate passes, 1 a blocking finding failed (or a waiver expired), 3 a blocking check could not
run and none failed, 2 usage error or unreadable input (first match wins: 2 also when a table's data turn out
unreadable mid-run, with the other tables' findings still in every report). Waived and warn-only findings never
block; they stay in every report, labelled. With GITHUB_STEP_SUMMARY set, the Markdown summary is appended there.

Options:
  --json OUT       the contract's report plus "gate" and "metrics"
  --junit OUT      one test case per check and metric (waived: skipped; warn-only: passed with a warning)
  --md OUT         Markdown
  --html OUT       self-contained HTML report: the verdict, waivers and metrics, then the check report's
                   figures (overview, sky map of failing rows, histograms)
  --png OUT        a PNG of the top of that page (needs playwright-core and Debian chromium)
  --engine E       arrow, duckdb or auto (default: the gate file's engine, else auto)
  --param N=V      set a parameter the gate declares (\${N} in its paths), e.g. --param data=fixtures/pilot-clean
  --history PATH   append this run's results and metrics to a gate history: a .parquet file (rewritten with
                   the run added) or a folder (one run-….parquet per run); follow a metric across runs
                   with skygate compare --history PATH --metric NAME
  --today DATE     judge waiver expiry on this day (default today, UTC)
  --quiet          no progress bar
  -h, --help       show this help
`;

const OPTIONS = {
  json: { type: "string" },
  junit: { type: "string" },
  md: { type: "string" },
  html: { type: "string" },
  png: { type: "string" },
  engine: { type: "string" },
  today: { type: "string" },
  history: { type: "string" },
  param: { type: "string", multiple: true },
  quiet: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

/** The HTML figures of a gate report (check figures, hole maps, failures on the sky); a failure to plot is a warning. */
async function gateFigures(
  report: Awaited<ReturnType<typeof runGate>>,
  spec: ReturnType<typeof loadGate>,
  sources: ReadonlyMap<string, TableSource>,
  io: CliIO,
): Promise<HtmlFigures | undefined> {
  try {
    const positions = new Map<string, { ra: Float64Array; dec: Float64Array }>();
    const holes = spec.holes;
    if (holes)
      for (const table of holes.tables) {
        const source = sources.get(table);
        if (!source) continue;
        const p = await readPositions(source, {
          where: parseWhere(holes.where),
          ...(holes.ra !== undefined ? { ra: holes.ra } : {}),
          ...(holes.dec !== undefined ? { dec: holes.dec } : {}),
          ...(holes.unit !== undefined ? { unit: holes.unit } : {}),
        });
        positions.set(table, { ra: p.ra, dec: p.dec });
      }
    return reportPlotsHtml(withStepFigures(await checkReportFigures(report, sources), report, positions));
  } catch (error) {
    io.stderr(
      `skygate: HTML report written without figures: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    return undefined;
  }
}

/**
 * Runs `skygate gate` and returns its exit code.
 * @example
 * await runGateCommand(["gates/coadd.yaml", "--quiet", "--engine", "arrow", "--today", "2026-12-06"], { version: "0", stdout: () => {}, stderr: () => {}, stderrIsTTY: false }) // 1 (the defective pilot)
 */
export async function runGateCommand(argv: readonly string[], io: CliIO): Promise<number> {
  const { values, positionals } = asUsage("gate", () =>
    parseArgs({ args: [...argv], options: OPTIONS, strict: true, allowPositionals: true }),
  );
  if (values.help) {
    io.stdout(GATE_HELP);
    return 0;
  }
  if (positionals.length !== 1)
    throw new UsageError("gate needs exactly one GATE.yaml (see skygate gate --help)");
  if (values.today !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(values.today))
    throw new UsageError(`--today expects YYYY-MM-DD, got "${values.today}"`);
  const params: Record<string, string> = {};
  for (const p of values.param ?? []) {
    const at = p.indexOf("=");
    if (at <= 0) throw new UsageError(`--param expects NAME=VALUE, got "${p}"`);
    params[p.slice(0, at)] = p.slice(at + 1);
  }
  assertWritable({
    "--json": values.json,
    "--junit": values.junit,
    "--md": values.md,
    "--html": values.html,
    "--png": values.png,
  });
  const spec = loadGate(positionals[0], params);
  const choice = engineChoice(values.engine ?? spec.engine);
  const engines = engineFor(choice);
  const bar = progressBar(io, values.quiet === true);
  let report: Awaited<ReturnType<typeof runGate>>;
  try {
    report = await runGate(spec, {
      engines: { engineFor: () => engines.engine, ready: engines.ready },
      version: io.version,
      ...(values.today ? { today: values.today } : {}),
      onProgress: bar.update,
    });
  } finally {
    bar.done();
    await engines.close();
  }
  report.engine = { choice, fallbacks: [...engines.fallbacks] };
  const markdown = `${gateMarkdown(report)}\n${toMarkdown(report)}`;
  if (values.json) writeOutput(values.json, toJson(report));
  if (values.junit) writeOutput(values.junit, toJunit(report));
  if (values.md) writeOutput(values.md, markdown);
  if (values.html || values.png) {
    // The figures read the gate's tables again (metadata and the failing columns only).
    const sources = new Map<string, TableSource>();
    for (const [name, paths] of Object.entries(spec.tables)) sources.set(name, await openTable(name, paths));
    const figures = await gateFigures(report, spec, sources, io);
    const notebooks = (report.notebookPages ?? []).join("\n");
    const top = `${gateHtml(report)}\n${figures?.top ?? ""}\n${notebooks}`;
    const html = toHtml(
      report,
      { head: figures?.head ?? "", top, perResult: figures?.perResult ?? {} },
      `skygate gate ${spec.name}`,
    );
    if (values.html) writeOutput(values.html, html);
    if (values.png) await writeReportPng(html, values.png);
  }
  if (values.history) {
    const file = await appendHistory(
      values.history,
      historyRows(report, new Date().toISOString(), spec.params),
    );
    io.stderr(`skygate: gate history appended to ${file}\n`);
  }
  const summary = process.env.GITHUB_STEP_SUMMARY;
  if (summary) appendFileSync(summary, markdown);
  io.stdout(gateText(report));
  io.stdout(toText(report));
  io.stdout(fallbackNote(engines.fallbacks));
  return exitCodeOfReport(report, io);
}

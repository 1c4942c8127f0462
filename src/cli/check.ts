/** `skygate check`: the automatic suite over one or more tables, a summary on stdout, reports where asked. */
import { parseArgs } from "node:util";
import { checkTables } from "../checks/checkTables.js";
import { parseUserRange } from "../checks/userRange.js";
import { UsageError } from "../core/errors.js";
import type { Report } from "../core/results.js";
import { engineChoice, engineFor } from "../engines/auto.js";
import { limitRows } from "../io/limit.js";
import { openTable } from "../io/open.js";
import type { TableSource } from "../io/table.js";
import { toHtml } from "../report/html.js";
import { toJson } from "../report/json.js";
import { toJunit } from "../report/junit.js";
import { toMarkdown } from "../report/markdown.js";
import { toText } from "../report/text.js";
import { loadFelis } from "../schema/load.js";
import { asUsage, parseCounts, parseTables } from "./args.js";
import { exitCodeOfReport } from "./exit.js";
import { fallbackNote } from "./fallback-note.js";
import type { CliIO } from "./io.js";
import { assertWritable, writeOutput } from "./outputs.js";
import { progressBar } from "./progress.js";
import { htmlFigures, writeReportPng } from "./report-figures.js";

export const CHECK_HELP = `Usage: skygate check --table NAME=PATH … [options]

Runs the automatic check suite over every table and exits 0 (all passed), 1 (a check failed),
3 (a check could not run, none failed), 2 (usage error or unreadable input) or 4 (internal error).
Every input's header or footer is read before any check, so unreadable files fail at once with nothing
checked; a table whose data turn out undecodable mid-run exits 2 too, but the other tables' findings are
still written to the reports (the table gets an "input" error result naming the file).
With --schema every column of the felis table gets checks chosen from its datatype, nullability, unit,
UCD and name, plus schema, key and foreign-key checks. Without it a data-driven suite runs: nan/inf/allNull
on every numeric column, raDec on detected positions, ranges from file units and names, flag and error
families from column names, unique on an id-like key ({table}Id or id). See src/checks/README.md.

Options:
  --table NAME=PATH     table input (repeat; the same NAME adds inputs); PATH is a file, directory or glob
  --schema FELIS.yaml   felis schema: NAME is the felis table, every schema column gets a check
  --engine E            arrow, duckdb or auto (default auto)
  --expect-rows NAME=N  expected row count of a table (repeat)
  --allow-empty NAME    table NAME may have no rows (otherwise an empty table is a finding; repeat)
  --range T.COL=MIN..MAX
                        valid range of a column; bounds may carry a unit (e.g. Object.r_psfFlux=..24.5mag),
                        a unit on one bound of MIN..MAX serves both (Ref.coord_ra=215.1..216.1deg); a unit
                        needs the column's unit (--schema or the file's), else the range check is an error;
                        an empty interval (5..1, 4rad..216deg) is a usage error
  --max-rows N          check only the first N rows of each table (results are marked PARTIAL)
  --skip-unreadable     in a table of several files, skip unreadable files instead of exiting 2 (PARTIAL)
  --json OUT            write the JSON report
  --junit OUT           write JUnit XML
  --md OUT              write Markdown
  --html OUT            write an HTML report with figures (overview, sky map of failing rows, histograms)
  --png OUT             write a PNG of the top of that report (needs playwright-core and Debian chromium)
  --quiet               no progress bar
  -h, --help            show this help
`;

const OPTIONS = {
  table: { type: "string", multiple: true },
  schema: { type: "string" },
  engine: { type: "string" },
  "expect-rows": { type: "string", multiple: true },
  "allow-empty": { type: "string", multiple: true },
  range: { type: "string", multiple: true },
  "max-rows": { type: "string" },
  "skip-unreadable": { type: "boolean" },
  json: { type: "string" },
  junit: { type: "string" },
  md: { type: "string" },
  html: { type: "string" },
  png: { type: "string" },
  quiet: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

/** How much of each table to read: skip unreadable files of a multi-file table, stop after some rows. */
export interface PartialReading {
  skipUnreadable?: boolean;
  maxRows?: number;
}

/**
 * Opens every `--table` (each file's header is read now, so unreadable input fails before any check, unless
 * `skipUnreadable`); with `maxRows` each table is cut to its first rows. Either makes the table `partial`.
 */
export async function openTables(
  tables: Map<string, string[]>,
  reading: PartialReading = {},
): Promise<Map<string, TableSource>> {
  const sources = new Map<string, TableSource>();
  for (const [name, paths] of tables) {
    const source = await openTable(name, paths, reading.skipUnreadable ? { skipUnreadable: true } : {});
    sources.set(name, reading.maxRows !== undefined ? await limitRows(source, reading.maxRows) : source);
  }
  return sources;
}

/** The value of `--max-rows`: a whole number ≥ 1. */
function parseMaxRows(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!/^\d+$/.test(text.trim()) || !Number.isSafeInteger(n) || n < 1)
    throw new UsageError(`--max-rows ${text}: expected a whole number of rows ≥ 1`);
  return n;
}

export { writeOutput };

/**
 * Runs `skygate check` and returns its exit code (throws UsageError / InputError for exit 2).
 * @example
 * const out: string[] = [];
 * const io = { version: "0.1.0", stdout: (t: string) => out.push(t), stderr: (t: string) => out.push(t), stderrIsTTY: false };
 * await runCheck(["--table", "Object=fixtures/pilot/Object.parquet", "--quiet"], io) // 1 (the pilot has defects)
 */
export async function runCheck(argv: readonly string[], io: CliIO): Promise<number> {
  const { values } = asUsage("check", () =>
    parseArgs({ args: [...argv], options: OPTIONS, strict: true, allowPositionals: false }),
  );
  if (values.help) {
    io.stdout(CHECK_HELP);
    return 0;
  }
  const tables = parseTables(values.table ?? []);
  if (tables.size === 0)
    throw new UsageError("check needs at least one --table NAME=PATH (see skygate check --help)");
  const choice = engineChoice(values.engine);
  const expectedRows = parseCounts("--expect-rows", values["expect-rows"] ?? []);
  for (const name of Object.keys(expectedRows))
    if (!tables.has(name))
      throw new UsageError(
        `--expect-rows ${name}=…: no table ${name} given (tables: ${[...tables.keys()].join(", ")})`,
      );
  for (const name of values["allow-empty"] ?? [])
    if (!tables.has(name))
      throw new UsageError(
        `--allow-empty ${name}: no table ${name} given (tables: ${[...tables.keys()].join(", ")})`,
      );
  const ranges = (values.range ?? []).map(parseUserRange);
  for (const r of ranges)
    if (!tables.has(r.table))
      throw new UsageError(`--range ${r.table}.${r.column}: no table ${r.table} given`);
  assertWritable({
    "--json": values.json,
    "--junit": values.junit,
    "--md": values.md,
    "--html": values.html,
    "--png": values.png,
  });
  const schema = values.schema !== undefined ? loadFelis(values.schema) : undefined;
  const sources = await openTables(tables, {
    skipUnreadable: values["skip-unreadable"] === true,
    maxRows: parseMaxRows(values["max-rows"]),
  });
  for (const [name, source] of sources)
    if (source.partial) io.stderr(`skygate: note: table ${name} is checked in part: ${source.partial}\n`);
  const engines = engineFor(choice, [...sources.values()]);
  const bar = progressBar(io, values.quiet === true);
  let report: Report;
  try {
    await engines.ready([...sources.values()]);
    report = await checkTables({
      sources,
      ...(schema ? { schema } : {}),
      engineFor: () => engines.engine,
      ranges,
      expectedRows,
      allowEmpty: values["allow-empty"] ?? [],
      version: io.version,
      onProgress: bar.update,
    });
  } finally {
    bar.done();
    await engines.close();
  }
  report.engine = { choice, fallbacks: [...engines.fallbacks] };
  if (values.json) writeOutput(values.json, toJson(report));
  if (values.junit) writeOutput(values.junit, toJunit(report));
  if (values.md) writeOutput(values.md, toMarkdown(report));
  if (values.html || values.png) {
    const html = toHtml(report, await htmlFigures(report, sources, io));
    if (values.html) writeOutput(values.html, html);
    if (values.png) await writeReportPng(html, values.png);
  }
  io.stdout(toText(report));
  io.stdout(fallbackNote(engines.fallbacks));
  return exitCodeOfReport(report, io);
}

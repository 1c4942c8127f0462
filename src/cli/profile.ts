/** `skygate profile`: one-pass profiles of every column, a summary table on stdout, `--json` as the contract fixes. */
import { parseArgs } from "node:util";
import { InputError, UsageError } from "../core/errors.js";
import { engineChoice, engineFor } from "../engines/auto.js";
import { PARTITION_ROW_COLUMNS, partitionRows } from "../engines/partition-rows.js";
import type { ColumnProfile, TableProfile } from "../metrics/types.js";
import { exactJson } from "../report/json.js";
import { profileToHtml } from "../report/profile-html.js";
import { asUsage, parseTables } from "./args.js";
import { openTables } from "./check.js";
import { EXIT } from "./exit.js";
import { fallbackNote } from "./fallback-note.js";
import type { CliIO } from "./io.js";
import { assertWritable, writeOutput } from "./outputs.js";
import { progressBar } from "./progress.js";
import { profileFigures, writeReportPng } from "./report-figures.js";

export const PROFILE_HELP = `Usage: skygate profile --table NAME=PATH … [--engine E] [--quantiles] [--partition-rows LIST|none] [--json OUT] [--html OUT] [--png OUT] [--quiet]

Profiles every column in one pass: rows, nulls, NaN, ±Inf, min, max, mean, stddev (finite values only),
distinct estimates, true/false counts. Exits 0; 2 on a usage error or unreadable input (a table whose
data turn out undecodable mid-run still leaves the other tables' profiles in --json, under "errors" the
file that failed); 4 on an internal error. A table with no rows is profiled (0 rows) with a note on stderr.

Options:
  --table NAME=PATH   table input (repeat; the same NAME adds inputs)
  --engine E          arrow, duckdb or auto (default auto)
  --json OUT          write the JSON profile
  --quantiles         add quantiles (KLL sketch / DuckDB approx_quantile) at 1, 5, 10, 20, …, 90, 95, 99 %
                      to numeric columns, so \`skygate compare\` can measure distribution shifts
  --html OUT          write an HTML page: overview of null/NaN/Inf, sky map of positions, patch maps, tables
  --png OUT           write a PNG of the top of that page (needs playwright-core and Debian chromium)
  --partition-rows C  row counts per value of these columns when the table has them, for compare
                      (comma-separated; default tract,band; "none" to skip)
  --quiet             no progress bar
  -h, --help          show this help
`;

/** The quantile levels `--quantiles` adds: every decile plus both tails, enough to bound a KS distance. */
export const PROFILE_QUANTILES: readonly number[] = [
  0.01, 0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.99,
];

const OPTIONS = {
  table: { type: "string", multiple: true },
  engine: { type: "string" },
  json: { type: "string" },
  quantiles: { type: "boolean" },
  html: { type: "string" },
  png: { type: "string" },
  "partition-rows": { type: "string" },
  quiet: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

/** `--partition-rows`: column names, or none. */
function partitionColumnsOption(value: string | undefined): readonly string[] {
  if (value === undefined) return PARTITION_ROW_COLUMNS;
  if (value.trim() === "none") return [];
  const columns = value.split(",").map((c) => c.trim());
  if (columns.some((c) => c === ""))
    throw new UsageError(`--partition-rows: "${value}" has an empty column name`);
  return columns;
}

function num(value: number | bigint | null | undefined): string {
  if (value === null || value === undefined) return "";
  // 64-bit integers exact, digit for digit (a bigint beyond 2^53).
  return typeof value === "bigint" || Number.isInteger(value) ? String(value) : value.toPrecision(6);
}

function profileRow(name: string, p: ColumnProfile): string[] {
  if ("true" in p) return [name, p.type, String(p.nulls), "", "", `true ${p.true}`, `false ${p.false}`, ""];
  if ("nan" in p)
    return [
      name,
      p.type,
      String(p.nulls),
      p.nan === null ? "?" : String(p.nan),
      p.posInf === null || p.negInf === null ? "?" : String(p.posInf + p.negInf),
      num(p.min),
      num(p.max),
      num(p.mean),
    ];
  return [name, p.type, String(p.nulls), "", "", "", "", ""];
}

/**
 * Text table of a profile, one line per column.
 * @example
 * const state = createTableState([{ name: "x", type: "float64" }]);
 * updateTableState(state, tableFromArrays({ x: Float64Array.of(1, 2) }).batches[0]);
 * profileText("Object", finalizeTableState(state)).split("\n")[0] // "Object: 2 rows, 1 columns"
 */
export function profileText(name: string, profile: TableProfile): string {
  const header = ["column", "type", "nulls", "nan", "inf", "min", "max", "mean"];
  const rows = [header, ...Object.entries(profile.columns).map(([c, p]) => profileRow(c, p))];
  const widths = header.map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  const body = rows.map((r) =>
    r
      .map((cell, i) => (i < 2 ? cell.padEnd(widths[i]) : cell.padStart(widths[i])))
      .join("  ")
      .trimEnd(),
  );
  return `${name}: ${profile.rows} rows, ${Object.keys(profile.columns).length} columns\n${body.join("\n")}\n`;
}

/**
 * Runs `skygate profile` and returns its exit code.
 * @example
 * const out: string[] = [];
 * const io = { version: "0.1.0", stdout: (t: string) => out.push(t), stderr: (t: string) => out.push(t), stderrIsTTY: false };
 * await runProfile(["--table", "Visit=fixtures/pilot/Visit.parquet", "--quiet"], io) // 0
 */
export async function runProfile(argv: readonly string[], io: CliIO): Promise<number> {
  const { values } = asUsage("profile", () =>
    parseArgs({ args: [...argv], options: OPTIONS, strict: true, allowPositionals: false }),
  );
  if (values.help) {
    io.stdout(PROFILE_HELP);
    return 0;
  }
  const tables = parseTables(values.table ?? []);
  if (tables.size === 0)
    throw new UsageError("profile needs at least one --table NAME=PATH (see skygate profile --help)");
  const choice = engineChoice(values.engine);
  const partitionColumns = partitionColumnsOption(values["partition-rows"]);
  assertWritable({ "--json": values.json, "--html": values.html, "--png": values.png });
  const sources = await openTables(tables);
  const engines = engineFor(choice, [...sources.values()]);
  const bar = progressBar(io, values.quiet === true);
  const profiles: Record<string, TableProfile> = {};
  const errors: Array<{ table: string; path: string; message: string }> = [];
  try {
    for (const [name, source] of sources) {
      const quantiles = values.quantiles ? PROFILE_QUANTILES : undefined;
      try {
        const profile = (await engines.engine.profile(source, { onProgress: bar.update, quantiles })).profile;
        const byPartition =
          partitionColumns.length > 0 ? await partitionRows(engines.engine, source, partitionColumns) : {};
        profiles[name] =
          Object.keys(byPartition).length > 0 ? { ...profile, partitionRows: byPartition } : profile;
      } catch (error) {
        // One unreadable table must not lose the others' profiles.
        if (!(error instanceof InputError)) throw error;
        errors.push({ table: name, path: error.path, message: error.message });
      }
    }
  } finally {
    bar.done();
    await engines.close();
  }
  const json = {
    tool: "skygate",
    version: io.version,
    tables: profiles,
    engine: { choice, fallbacks: [...engines.fallbacks] },
    ...(errors.length > 0 ? { errors } : {}),
  };
  if (values.json) {
    writeOutput(values.json, `${exactJson(json)}\n`);
  }
  if (values.html || values.png) {
    const html = profileToHtml(profiles, io.version, await profileFigures(profiles, sources, io));
    if (values.html) writeOutput(values.html, html);
    if (values.png) await writeReportPng(html, values.png);
  }
  for (const [name, profile] of Object.entries(profiles)) {
    io.stdout(profileText(name, profile));
    if (profile.rows === 0) io.stderr(`skygate: note: table ${name} has no rows\n`);
  }
  io.stdout(fallbackNote(engines.fallbacks));
  for (const e of errors) io.stderr(`skygate: ${e.message}\n`);
  return errors.length > 0 ? EXIT.input : EXIT.pass;
}

/** `skygate profile`: one-pass profiles of every column, a summary table on stdout, `--json` as the contract fixes. */
import { parseArgs } from "node:util";
import { InputError, UsageError } from "../io/errors.js";
import type { ColumnProfile, TableProfile } from "../metrics/types.js";
import { profileToHtml } from "../report/profile-html.js";
import { asUsage, parseTables } from "./args.js";
import { openTables, writeOutput } from "./check.js";
import { engineChoice, enginePool } from "./engines.js";
import type { CliIO } from "./io.js";
import { progressBar } from "./progress.js";
import { profileFigures, writeReportPng } from "./report-figures.js";

export const PROFILE_HELP = `Usage: skygate profile --table NAME=PATH … [--json OUT] [--html OUT] [--png OUT] [--quiet]

Profiles every column in one pass: rows, nulls, NaN, ±Inf, min, max, mean, stddev (finite values only),
distinct estimates, true/false counts. Exits 0, or 2 on a usage error or unreadable input.

Options:
  --table NAME=PATH   table input (repeat; the same NAME adds inputs)
  --engine E          arrow, duckdb or auto (default auto)
  --json OUT          write the JSON profile
  --html OUT          write an HTML page: overview of null/NaN/Inf, sky map of positions, patch maps, tables
  --png OUT           write a PNG of the top of that page (needs playwright-core and Debian chromium)
  --quiet             no progress bar
  -h, --help          show this help
`;

const OPTIONS = {
  table: { type: "string", multiple: true },
  engine: { type: "string" },
  json: { type: "string" },
  html: { type: "string" },
  png: { type: "string" },
  quiet: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

function num(value: number | null | undefined): string {
  if (value === null || value === undefined) return "";
  return Number.isInteger(value) ? String(value) : value.toPrecision(6);
}

function profileRow(name: string, p: ColumnProfile): string[] {
  if ("true" in p) return [name, p.type, String(p.nulls), "", "", `true ${p.true}`, `false ${p.false}`, ""];
  if ("nan" in p)
    return [
      name,
      p.type,
      String(p.nulls),
      String(p.nan),
      String(p.posInf + p.negInf),
      num(p.min),
      num(p.max),
      num(p.mean),
    ];
  return [name, p.type, String(p.nulls), "", "", "", "", ""];
}

/**
 * Text table of a profile, one line per column.
 * @example
 * profileText("Object", profile).split("\n")[0] // "Object: 3000 rows, 991 columns"
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
 * await runProfile(["--table", "Object=fixtures/pilot/Object.parquet", "--json", "p.json"], io) // 0
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
  const sources = await openTables(tables);
  const pool = enginePool(choice, [...sources.values()]);
  const bar = progressBar(io, values.quiet === true);
  const profiles: Record<string, TableProfile> = {};
  try {
    for (const [name, source] of sources) {
      const request = { onProgress: bar.update };
      const primary = pool.engineFor(source);
      const fallback = pool.fallbackFor(source);
      let result: Awaited<ReturnType<typeof primary.profile>>;
      try {
        result = await primary.profile(source, request);
      } catch (error) {
        // Under auto, what DuckDB cannot read (an encoding, drifting types) is profiled by Arrow.
        if (error instanceof InputError || fallback === null) throw error;
        result = await fallback.profile(source, request);
      }
      profiles[name] = result.profile;
    }
  } finally {
    bar.done();
    await pool.close();
  }
  const json = { tool: "skygate", version: io.version, tables: profiles };
  if (values.json) {
    writeOutput(
      values.json,
      `${JSON.stringify(json, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : typeof v === "number" && !Number.isFinite(v) ? null : v), 2)}\n`,
    );
  }
  if (values.html || values.png) {
    const html = profileToHtml(profiles, io.version, await profileFigures(profiles, sources, io));
    if (values.html) writeOutput(values.html, html);
    if (values.png) await writeReportPng(html, values.png);
  }
  for (const [name, profile] of Object.entries(profiles)) io.stdout(profileText(name, profile));
  return 0;
}

/** `skygate compare-sites A B`: the same release at two sites, compared through per-partition fingerprints. */
import { existsSync } from "node:fs";
import { parseArgs } from "node:util";
import { InputError, UsageError } from "../core/errors.js";
import { openSite } from "../sites/open.js";
import { sitesHtml, sitesMarkdown } from "../sites/report.js";
import { compareSites } from "../sites/sites.js";
import type { SitePartitionRequest, SitesReport, SiteTable } from "../sites/types.js";
import { asUsage } from "./args.js";
import type { CliIO } from "./io.js";
import { assertWritable, writeOutput } from "./outputs.js";

export const COMPARE_SITES_HELP = `Usage: skygate compare-sites A B [options]

Compares two copies of a release without moving rows: per table, row counts per partition (tract/patch, or
equal-area sky cells) and per-partition fingerprints of every column built from COUNT, SUM, MIN and MAX only
(the aggregates Qserv distributes). Lists the partitions and the columns that differ. Exits 1 when anything
differs (rows, fingerprints, columns or tables held by one site only), 3 when a table could not be compared,
2 on usage errors or unreadable input, 0 when both sites agree.

A and B are each:
  tap:SERVICE_URL#SCHEMA.TABLE   one table of a TAP service (token from SKYGATE_TAP_TOKEN)
  tap:SERVICE_URL#SCHEMA         every table of a TAP schema
  PATH.parquet | 'GLOB'          one local table (Hive tract=…/ folders add columns)
  FOLDER                         each *.parquet in it, and each sub-folder of Parquet files, is a table

Options:
  --tables T1,T2        only these tables (names matched case-insensitively)
  --columns C1,C2       only these columns (default: every column both sites have)
  --partition-by C1,C2  partition key columns (default: tract,patch when present)
  --cells DEG           partition into equal-area sky cells of DEG degrees in RA instead
  --ra COL --dec COL    position columns for --cells (default: the first pair both sites have of
                        coord_ra/coord_dec, ra/dec, ra/decl)
  --no-partition        compare whole tables only
  --columns-per-query N columns fingerprinted per query (default 40)
  --json OUT / --md OUT / --html OUT   reports (the HTML one maps the differing partitions)
  -h, --help            show this help
`;

const OPTIONS = {
  tables: { type: "string" },
  columns: { type: "string" },
  "partition-by": { type: "string" },
  cells: { type: "string" },
  ra: { type: "string" },
  dec: { type: "string" },
  "no-partition": { type: "boolean" },
  "columns-per-query": { type: "string" },
  json: { type: "string" },
  md: { type: "string" },
  html: { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

const list = (v: string | undefined) =>
  v === undefined
    ? undefined
    : v
        .split(",")
        .map((s) => s.trim())
        .filter((s) => s !== "");

async function open(spec: string): Promise<SiteTable[]> {
  if (!/^tap:/i.test(spec) && !/[*?[]/.test(spec) && !existsSync(spec))
    throw new InputError(spec, "missing", "no such file or folder");
  try {
    const tables = await openSite(spec);
    if (tables.length === 0)
      throw new InputError(spec, "noMatch", "holds no table (no Parquet file, or an empty TAP schema)");
    return tables;
  } catch (error) {
    if (error instanceof InputError || error instanceof UsageError) throw error;
    throw new InputError(spec, "service", (error as Error).message, undefined, { cause: error });
  }
}

/** One line per table, then the differing partitions (at most 10 per table). */
export function sitesText(report: SitesReport): string {
  const lines = [`skygate compare-sites: ${report.status.toUpperCase()}`];
  if (report.tablesOnlyIn.a.length > 0) lines.push(`  tables only at A: ${report.tablesOnlyIn.a.join(", ")}`);
  if (report.tablesOnlyIn.b.length > 0) lines.push(`  tables only at B: ${report.tablesOnlyIn.b.join(", ")}`);
  for (const t of report.tables) {
    lines.push(`  ${t.status.toUpperCase().padEnd(5)} ${t.table}: ${t.message}`);
    for (const d of t.differences.slice(0, 10)) {
      const cols = [...new Set(d.differences.map((x) => (x.column === "*" ? "rows" : x.column)))];
      lines.push(
        `        ${d.partition}: rows ${d.rows.a} vs ${d.rows.b}; ${cols.slice(0, 8).join(", ")}${cols.length > 8 ? ", …" : ""}`,
      );
    }
    if (t.partitions.differing > 10) lines.push(`        … ${t.partitions.differing - 10} more partitions`);
  }
  return `${lines.join("\n")}\n`;
}

/**
 * Runs `skygate compare-sites` and returns its exit code.
 * @example
 * await runCompareSites(["--help"], { version: "0", stdout: () => {}, stderr: () => {}, stderrIsTTY: false }) // 0
 */
export async function runCompareSites(argv: readonly string[], io: CliIO): Promise<number> {
  const { values, positionals } = asUsage("compare-sites", () =>
    parseArgs({ args: [...argv], options: OPTIONS, strict: true, allowPositionals: true }),
  );
  if (values.help) {
    io.stdout(COMPARE_SITES_HELP);
    return 0;
  }
  if (positionals.length !== 2)
    throw new UsageError(`compare-sites needs two sites, A and B (got ${positionals.length}; see --help)`);
  assertWritable({ "--json": values.json, "--md": values.md, "--html": values.html });
  let partitionBy: SitePartitionRequest | undefined;
  const chosen = [values["partition-by"], values.cells, values["no-partition"]].filter(
    (v) => v !== undefined,
  );
  if (chosen.length > 1)
    throw new UsageError("--partition-by, --cells and --no-partition exclude each other");
  // Position columns name what --cells partitions by: alone they would be ignored without a word.
  if ((values.ra !== undefined || values.dec !== undefined) && values.cells === undefined)
    throw new UsageError("--ra and --dec choose the position columns of --cells; give --cells DEG too");
  if (values["no-partition"]) partitionBy = { kind: "none" };
  const keys = list(values["partition-by"]);
  if (keys) partitionBy = { kind: "columns", columns: keys };
  if (values.cells !== undefined) {
    const size = Number(values.cells);
    if (!(size > 0 && size <= 90))
      throw new UsageError(`--cells expects degrees in (0, 90], got "${values.cells}"`);
    // Unnamed position columns are found per table (the first pair both sites have), not assumed.
    partitionBy = {
      kind: "cells",
      size,
      ...(values.ra !== undefined ? { ra: values.ra } : {}),
      ...(values.dec !== undefined ? { dec: values.dec } : {}),
    };
  }
  const perQuery = values["columns-per-query"] === undefined ? 40 : Number(values["columns-per-query"]);
  if (!Number.isInteger(perQuery) || perQuery < 1)
    throw new UsageError(
      `--columns-per-query expects a positive count, got "${values["columns-per-query"]}"`,
    );
  const [specA, specB] = positionals as [string, string];
  const [tablesA, tablesB] = [await open(specA), await open(specB)];
  const tables = list(values.tables);
  const options = {
    columnsPerQuery: perQuery,
    ...(partitionBy ? { partitionBy } : {}),
    ...(tables ? { tables } : {}),
    ...(values.columns ? { columns: list(values.columns) ?? [] } : {}),
  };
  // A single table on each side is compared whatever the two are called (Object.parquet vs skygate.object).
  const report =
    tablesA.length === 1 && tablesB.length === 1 && tables === undefined
      ? await compareSites(
          { spec: specA, tables: tablesA },
          { spec: specB, tables: renamed(tablesB[0] as SiteTable, (tablesA[0] as SiteTable).name) },
          options,
        )
      : await compareSites({ spec: specA, tables: tablesA }, { spec: specB, tables: tablesB }, options);
  for (const t of [...tablesA, ...tablesB]) t.close?.();
  if (values.json) writeOutput(values.json, `${JSON.stringify(report, null, 2)}\n`);
  if (values.md) writeOutput(values.md, sitesMarkdown(report));
  if (values.html) writeOutput(values.html, sitesHtml(report));
  io.stdout(sitesText(report));
  return report.status === "fail" ? 1 : report.status === "error" ? 3 : 0;
}

function renamed(table: SiteTable, name: string): SiteTable[] {
  return [Object.create(table, { name: { value: name } }) as SiteTable];
}

/** `skygate schema lint FELIS.yaml` and `skygate schema draft --schema FELIS.yaml --table NAME=PATH`. */
import { parseArgs } from "node:util";
import { knownExtra } from "../checks/table/knownExtras.js";
import { UsageError } from "../core/errors.js";
import { engineChoice, engineFor } from "../engines/auto.js";
import { escapeMarkdownCell as cell } from "../report/escape.js";
import { type DraftColumnInput, draftColumns } from "../schema/draft.js";
import { type FelisLint, type LintFinding, type LintRule, lintFelisFile } from "../schema/lint.js";
import { loadFelis } from "../schema/load.js";
import { findTable } from "../schema/lookup.js";
import { asUsage, parseTables } from "./args.js";
import { openTables } from "./check.js";
import type { CliIO } from "./io.js";
import { assertWritable, writeOutput } from "./outputs.js";

export const SCHEMA_HELP = `Usage: skygate schema lint FELIS.yaml [--json OUT] [--md OUT] [--strict]
       skygate schema draft --schema FELIS.yaml --table NAME=PATH … [--out FILE]

lint    what a felis schema should say but does not, with the line of each finding:
        errors   duplicate tables, columns or @ids, unknown datatypes, char/string without length,
                 both fits:tunit and ivoa:unit, keys/indexes/constraints naming missing columns
        warnings units that are not IVOA VOUnits (with the VOUnit spelling), columns without
                 description or UCD, float/double columns without unit
        info     how many columns rely on felis's nullable default (true)
        Columns pulled in through columnRefs are linted as the table has them (a missing resource file is
        an input error); the first line says how many columns were linted.
        Exits 1 when there is an error (or, with --strict, a warning), 0 otherwise, 2 when unreadable.
draft   a felis YAML fragment for the columns the data has and the schema's table lacks: datatype from
        the data, nullable from the data's null counts, unit and UCD guessed from the name and marked
        "# guess … confirm". Paste it under the table's columns: and fill in the TODOs. Columns the storage
        added (pandas __index_level_N__, Qserv chunkId/subChunkId: check's schema.knownColumn) are skipped,
        and named in a comment.

Options:
  --json OUT      (lint) write the findings as JSON
  --md OUT        (lint) write Markdown
  --strict        (lint) warnings fail too
  --schema FILE   (draft) the felis schema
  --table N=PATH  (draft) table name in the schema and its data (repeat)
  --out FILE      (draft) write the fragment to FILE instead of stdout
  --engine E      (draft) arrow, duckdb or auto (default auto)
  -h, --help      show this help
`;

const OPTIONS = {
  json: { type: "string" },
  md: { type: "string" },
  strict: { type: "boolean" },
  schema: { type: "string" },
  table: { type: "string", multiple: true },
  out: { type: "string" },
  engine: { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

const SHOWN_PER_RULE = 5;

/**
 * What a lint run covered: tables and columns, those pulled in through `columnRefs` named apart.
 * @example
 * lintedText({ findings: [], tables: 2, columns: 30, referencedColumns: 12 }) // "30 columns linted (12 through columnRefs) in 2 tables"
 */
export function lintedText(lint: Omit<FelisLint, "findings">): string {
  const refs = lint.referencedColumns > 0 ? ` (${lint.referencedColumns} through columnRefs)` : "";
  return `${lint.columns} columns linted${refs} in ${lint.tables} tables`;
}

/**
 * Lint findings for a terminal: what was linted, errors in full, other rules counted with their first few lines.
 * @example
 * lintText("s.yaml", { findings: [], tables: 1, columns: 3, referencedColumns: 0 }) // "s.yaml: 3 columns linted in 1 tables: no findings\n"
 */
export function lintText(path: string, lint: FelisLint): string {
  const { findings } = lint;
  if (findings.length === 0) return `${path}: ${lintedText(lint)}: no findings\n`;
  const byRule = new Map<LintRule, LintFinding[]>();
  for (const f of findings) byRule.set(f.rule, [...(byRule.get(f.rule) ?? []), f]);
  const errors = findings.filter((f) => f.severity === "error").length;
  const warnings = findings.filter((f) => f.severity === "warning").length;
  const out = [`${path}: ${lintedText(lint)}: ${errors} errors, ${warnings} warnings`];
  for (const [rule, list] of byRule) {
    out.push(`${list[0].severity} ${rule}: ${list.length}`);
    const shown = list[0].severity === "error" ? list : list.slice(0, SHOWN_PER_RULE);
    for (const f of shown) out.push(`  ${f.line === null ? "" : `line ${f.line}: `}${f.message}`);
    if (shown.length < list.length) out.push(`  … ${list.length - shown.length} more (--json lists all)`);
  }
  return `${out.join("\n")}\n`;
}

function lintMarkdown(path: string, lint: FelisLint): string {
  const { findings } = lint;
  const out = [`# skygate schema lint: \`${cell(path)}\``, "", `${lintedText(lint)}.`, ""];
  if (findings.length === 0) return `${out.join("\n")}No findings.\n`;
  out.push("| severity | rule | line | table | column | message |", "|---|---|---:|---|---|---|");
  for (const f of findings)
    out.push(
      `| ${f.severity} | ${f.rule} | ${f.line ?? ""} | ${cell(f.table ?? "")} | ${cell(f.column ?? "")} | ${cell(f.message)} |`,
    );
  return `${out.join("\n")}\n`;
}

async function runLint(
  path: string,
  values: { json?: string; md?: string; strict?: boolean },
  io: CliIO,
): Promise<number> {
  assertWritable({ "--json": values.json, "--md": values.md });
  const lint = lintFelisFile(path);
  const { findings, ...linted } = lint;
  if (values.json)
    writeOutput(
      values.json,
      `${JSON.stringify({ tool: "skygate", version: io.version, schema: path, ...linted, findings }, null, 2)}\n`,
    );
  if (values.md) writeOutput(values.md, lintMarkdown(path, lint));
  io.stdout(lintText(path, lint));
  const failing = findings.some(
    (f) => f.severity === "error" || (values.strict === true && f.severity === "warning"),
  );
  return failing ? 1 : 0;
}

/**
 * The comment a draft prints for the storage columns it skipped, each kind with the reason check gives.
 * @example
 * storageNote("T", ["__index_level_0__"]) // "# T: skipped 1 storage column(s), not drafted (check reports them as schema.knownColumn): __index_level_0__ (pandas index column written into the Parquet file (its `pandas` metadata))\n"
 */
export function storageNote(table: string, names: readonly string[]): string {
  const byWhy = new Map<string, string[]>();
  for (const n of names) {
    const why = knownExtra(n)?.why ?? "";
    byWhy.set(why, [...(byWhy.get(why) ?? []), n]);
  }
  const groups = [...byWhy].map(([why, list]) => `${list.join(", ")} (${why})`);
  return `# ${table}: skipped ${names.length} storage column(s), not drafted (check reports them as schema.knownColumn): ${groups.join("; ")}\n`;
}

async function runDraft(
  values: { schema?: string; table?: string[]; out?: string; engine?: string },
  io: CliIO,
): Promise<number> {
  if (values.schema === undefined) throw new UsageError("schema draft needs --schema FELIS.yaml");
  const tables = parseTables(values.table ?? []);
  if (tables.size === 0) throw new UsageError("schema draft needs at least one --table NAME=PATH");
  assertWritable({ "--out": values.out });
  const schema = loadFelis(values.schema);
  const sources = await openTables(tables);
  const engines = engineFor(engineChoice(values.engine), [...sources.values()]);
  const parts: string[] = [];
  try {
    for (const [name, source] of sources) {
      const table = findTable(schema, name);
      if (table === undefined) throw new UsageError(`schema draft: ${values.schema} has no table ${name}`);
      const known = new Set(table.columns.map((c) => c.name));
      const extra = (await source.columns()).filter((c) => !known.has(c.name));
      // Columns the storage added (pandas index, Qserv chunks) are no catalog columns: check reports them as
      // schema.knownColumn, so they are not drafted either.
      const storage = extra.filter((c) => knownExtra(c.name) !== null);
      const missing = extra.filter((c) => knownExtra(c.name) === null);
      const skipped =
        storage.length > 0
          ? storageNote(
              name,
              storage.map((c) => c.name),
            )
          : "";
      if (missing.length === 0) {
        const every = storage.length > 0 ? "every other column" : "every column";
        parts.push(`${skipped}# ${name}: ${every} of the data is in ${values.schema}\n`);
        continue;
      }
      const { profile } = await engines.engine.profile(source, { columns: missing.map((c) => c.name) });
      const inputs: DraftColumnInput[] = missing.map((c) => ({
        ...c,
        nulls: profile.columns[c.name]?.nulls,
        rows: profile.rows,
      }));
      parts.push(
        `${skipped}# ${name}: ${missing.length} column(s) of ${source.files.join(", ") || name} not in ${values.schema}; paste under the table's columns: and confirm every "guess"\n${draftColumns(name, inputs)}`,
      );
    }
  } finally {
    await engines.close();
  }
  const text = parts.join("\n");
  if (values.out) writeOutput(values.out, text);
  else io.stdout(text);
  return 0;
}

/**
 * Runs `skygate schema lint|draft` and returns its exit code.
 * @example
 * await runSchema(["lint", "fixtures/schemas/dp02_dc2.yaml"], { version: "0", stdout: () => {}, stderr: () => {}, stderrIsTTY: false }) // 0 (warnings only)
 */
export async function runSchema(argv: readonly string[], io: CliIO): Promise<number> {
  const { values, positionals } = asUsage("schema", () =>
    parseArgs({ args: [...argv], options: OPTIONS, strict: true, allowPositionals: true }),
  );
  const [sub, ...rest] = positionals;
  if (values.help || sub === undefined) {
    io.stdout(SCHEMA_HELP);
    return values.help ? 0 : 2;
  }
  if (sub === "lint") {
    if (rest.length !== 1) throw new UsageError("schema lint needs exactly one FELIS.yaml");
    return runLint(rest[0], values, io);
  }
  if (sub === "draft") {
    if (rest.length > 0)
      throw new UsageError(`schema draft takes no positional arguments (got ${rest.join(" ")})`);
    return runDraft(values, io);
  }
  throw new UsageError(`schema: unknown subcommand "${sub}" (lint, draft)`);
}

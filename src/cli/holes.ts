/** `skygate holes`: coverage holes and patch completeness over tables, a summary on stdout, reports where asked. */
import { parseArgs } from "node:util";
import { isUnreadable } from "../checks/run.js";
import { UsageError } from "../core/errors.js";
import { engineChoice, engineFor } from "../engines/auto.js";
import { footprintUnion } from "../holes/footprint.js";
import { holesHtml } from "../holes/html.js";
import { readPositions } from "../holes/positions.js";
import { type HoleReport, runHoleChecks } from "../holes/run.js";
import { footprintFromSpec, maskFromSpec } from "../holes/specs.js";
import { parseWhere } from "../holes/where.js";
import type { TableSource } from "../io/table.js";
import { holeReportFigures } from "../plots/holes.js";
import { reportPlotsHtml } from "../plots/report.js";
import type { HtmlFigures } from "../report/html.js";
import { toJson } from "../report/json.js";
import { toJunit } from "../report/junit.js";
import { toMarkdown } from "../report/markdown.js";
import { asUsage, parseTables } from "./args.js";
import { openTables, writeOutput } from "./check.js";
import { exitCodeOfReport } from "./exit.js";
import type { CliIO } from "./io.js";
import { assertWritable } from "./outputs.js";

export const HOLES_HELP = `Usage: skygate holes --table NAME=PATH … [options]

Finds regions inside the expected footprint with no or too few objects (coverage holes), says which tract
and patch they are in, whether they follow the patch/sub-patch grid, and how sure it is; lists missing and
low-density patches per tract. Exits 1 when an unexplained hole or an incomplete patch is found, 3 when the
check could not run (no positions, empty table, footprint not overlapping the data, too few objects in it for
any test), 2 on usage errors or unreadable input, 0 otherwise.

Options:
  --table NAME=PATH     table input (repeat; the same NAME adds inputs)
  --footprint SPEC      expected footprint: tracts:4431,4432-4435 | tracts:4431/17,18 | manifest:FILE |
                        moc:FILE | healpix:FILE[:NSIDE[:ring|nest]] | ccdvisit:PATH | extent (default);
                        repeat for the union of several footprints
  --mask SPEC           known holes (repeat): FILE.reg (DS9) | moc:FILE | circle:RA,DEC,R | stars:PATH[:MAGCOL]
  --bands LIST          per-band patch completeness: auto (every band with a merge_peak_<band> or
                        <band>_inputCount column) or a list such as u,g,r (one more read per band)
  --where EXPR          rows to use (repeat, all must hold), e.g. "detect_isPrimary and sky_object = false"
  --order N             HEALPix order of the density map (default: chosen from the data density)
  --alpha A             map-wide false-alarm probability (default 0.01)
  --ra COL --dec COL    position columns (default: detected), --unit deg|rad
  --engine E            arrow, duckdb or auto (default auto)
  --json OUT            JSON report (holes, explained regions, completeness, DC2-style lists)
  --md OUT / --junit OUT / --html OUT
  --dc2 OUT             missing/low patches per tract in the DC2 hand-written shape ("2723 : only 2,6 3,6")
  --quiet               accepted as by check (holes shows no progress bar)
  -h, --help            show this help
`;

const OPTIONS = {
  table: { type: "string", multiple: true },
  footprint: { type: "string", multiple: true },
  bands: { type: "string" },
  mask: { type: "string", multiple: true },
  where: { type: "string", multiple: true },
  order: { type: "string" },
  alpha: { type: "string" },
  ra: { type: "string" },
  dec: { type: "string" },
  unit: { type: "string" },
  engine: { type: "string" },
  json: { type: "string" },
  junit: { type: "string" },
  md: { type: "string" },
  html: { type: "string" },
  dc2: { type: "string" },
  quiet: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

function number(option: string, value: string | undefined, test: (x: number) => boolean): number | undefined {
  if (value === undefined) return undefined;
  const x = Number(value);
  if (value.trim() === "" || !test(x)) throw new UsageError(`--${option}: "${value}" is out of range`);
  return x;
}

/** `--bands`: "auto" or a comma-separated list of band names. */
function bandsOption(value: string | undefined): "auto" | string[] | null {
  if (value === undefined) return null;
  if (value.trim() === "auto") return "auto";
  const bands = value.split(",").map((b) => b.trim());
  if (bands.some((b) => !/^[A-Za-z][A-Za-z0-9_]*$/.test(b)))
    throw new UsageError(`--bands: "${value}" is neither auto nor a list of band names such as u,g,r`);
  return bands;
}

/** The human summary: verdict, holes, explained regions, DC2-style patch lists. */
export function holesText(report: HoleReport): string {
  const lines = [`skygate holes: ${report.status.toUpperCase()}`];
  for (const r of report.results)
    if (r.status !== "pass" || r.check === "hole")
      lines.push(`  ${r.status.toUpperCase().padEnd(5)} ${r.id}: ${r.message}`);
  for (const [table, text] of Object.entries(report.dc2Lists))
    if (text !== "")
      lines.push(
        `${table} patches (DC2 notation):`,
        ...text
          .trimEnd()
          .split("\n")
          .map((l) => `  ${l}`),
      );
  return `${lines.join("\n")}\n`;
}

/** The figures of the HTML report; a failure to plot is a warning, never a lost report. */
async function holeFiguresHtml(
  report: HoleReport,
  sources: ReadonlyMap<string, TableSource>,
  where: ReturnType<typeof parseWhere>,
  values: { ra?: string; dec?: string; unit?: string },
  io: CliIO,
): Promise<HtmlFigures | undefined> {
  try {
    const positions = new Map<string, { ra: Float64Array; dec: Float64Array }>();
    for (const [name, source] of sources) {
      // a table found unreadable has its input error in the report, and nothing to draw
      if (isUnreadable(report.results, name)) continue;
      const p = await readPositions(source, {
        where,
        ...(values.ra !== undefined ? { ra: values.ra } : {}),
        ...(values.dec !== undefined ? { dec: values.dec } : {}),
        ...(values.unit !== undefined ? { unit: values.unit as "deg" | "rad" } : {}),
      });
      positions.set(name, { ra: p.ra, dec: p.dec });
    }
    return reportPlotsHtml(
      holeReportFigures(report, positions),
      "Holes on the tract maps",
      "No tract to draw.",
    );
  } catch (error) {
    io.stderr(
      `skygate: HTML report written without figures: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    return undefined;
  }
}

/**
 * Runs `skygate holes` and returns its exit code (throws UsageError / InputError for exit 2).
 * @example
 * const io = { version: "0", stdout: () => {}, stderr: () => {}, stderrIsTTY: false };
 * await runHoles(["--table", "Object=fixtures/pilot/Object.parquet", "--footprint", "tracts:4431", "--where", "detect_isPrimary"], io) // 1 — a hole in patch 2,2
 */
export async function runHoles(argv: readonly string[], io: CliIO): Promise<number> {
  const { values } = asUsage("holes", () =>
    parseArgs({ args: [...argv], options: OPTIONS, strict: true, allowPositionals: false }),
  );
  if (values.help) {
    io.stdout(HOLES_HELP);
    return 0;
  }
  const tables = parseTables(values.table ?? []);
  if (tables.size === 0)
    throw new UsageError("holes needs at least one --table NAME=PATH (see skygate holes --help)");
  const order = number("order", values.order, (x) => Number.isInteger(x) && x >= 0 && x <= 20);
  const alpha = number("alpha", values.alpha, (x) => x > 0 && x < 1);
  if (values.unit !== undefined && values.unit !== "deg" && values.unit !== "rad")
    throw new UsageError(`--unit must be deg or rad, got "${values.unit}"`);
  if ((values.ra === undefined) !== (values.dec === undefined))
    throw new UsageError("--ra and --dec go together");
  assertWritable({
    "--json": values.json,
    "--junit": values.junit,
    "--md": values.md,
    "--html": values.html,
    "--dc2": values.dc2,
  });
  const where = parseWhere(values.where ?? []);
  const footprints = [];
  for (const spec of values.footprint ?? []) footprints.push(await footprintFromSpec(spec));
  const given = footprints.filter((f): f is NonNullable<typeof f> => f !== null);
  if (given.length > 0 && given.length < footprints.length)
    throw new UsageError(
      "--footprint extent (the data's own extent) cannot be combined with other footprints",
    );
  const footprint = given.length > 0 ? footprintUnion(given) : null;
  const bands = bandsOption(values.bands);
  const masks = [];
  for (const spec of values.mask ?? []) masks.push(await maskFromSpec(spec));
  const choice = engineChoice(values.engine);
  const sources = await openTables(tables);
  const engines = engineFor(choice, [...sources.values()]);
  let report: HoleReport;
  try {
    await engines.ready([...sources.values()]);
    report = await runHoleChecks(sources, {
      ...(footprint ? { footprint } : {}),
      masks,
      ...(order !== undefined ? { order } : {}),
      ...(alpha !== undefined ? { alpha } : {}),
      ...(values.ra !== undefined ? { ra: values.ra } : {}),
      ...(values.dec !== undefined ? { dec: values.dec } : {}),
      ...(values.unit !== undefined ? { unit: values.unit as "deg" | "rad" } : {}),
      where,
      ...(bands ? { bands } : {}),
      engineFor: () => engines.engine,
      version: io.version,
    });
  } finally {
    await engines.close();
  }
  if (values.json) writeOutput(values.json, toJson(report));
  if (values.junit) writeOutput(values.junit, toJunit(report));
  if (values.md) writeOutput(values.md, toMarkdown(report).replace("# skygate check", "# skygate holes"));
  if (values.html)
    writeOutput(values.html, holesHtml(report, await holeFiguresHtml(report, sources, where, values, io)));
  if (values.dc2) writeOutput(values.dc2, Object.values(report.dc2Lists).join(""));
  io.stdout(holesText(report));
  return exitCodeOfReport(report, io);
}

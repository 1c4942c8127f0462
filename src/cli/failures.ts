/** `skygate failures`: read failure reports, group and judge them, place them on the sky, write reports. */
import { closeSync, openSync, readSync } from "node:fs";
import { parseArgs } from "node:util";
import { InputError, UsageError } from "../core/errors.js";
import { exitCodeFor } from "../core/results.js";
import { analyzeFailures } from "../failures/analyze.js";
import type { DetectorRegions } from "../failures/butler/exportYaml.js";
import { readExportRegions } from "../failures/butler/exportYaml.js";
import {
  openRegistry,
  registryDataIds,
  registryInventory,
  registryPointings,
  registryRegions,
} from "../failures/butler/registry.js";
import { resolveCamera } from "../failures/camera/policy.js";
import { type DailySummary, dailyMarkdown, dailySummary, summarizeLogStream } from "../failures/daily.js";
import { dailyHtml } from "../failures/daily-html.js";
import {
  expectedPatches,
  missingAsRead,
  missingFrom,
  parseIntList,
  readPresentDataIds,
  readVisitList,
} from "../failures/expected.js";
import { footprintCells } from "../failures/footprint.js";
import { type Pointings, readCcdVisitRegions, readVisitPointings } from "../failures/geometry.js";
import { failuresHtml } from "../failures/html.js";
import { compareInventory, expectedVisitDetectors, inventoryMarkdown } from "../failures/inventory.js";
import { loadKnownErrors } from "../failures/known.js";
import { type GeometrySources, locateDataId } from "../failures/locate.js";
import { readFailureReports } from "../failures/read.js";
import { loadReferenceFootprints } from "../failures/refcat.js";
import { failuresMarkdown, failuresText, toFailuresReport } from "../failures/report.js";
import type { DataId, DatasetCounts, FailureRead } from "../failures/types.js";
import { dailyFailureChart, failureReportFigures } from "../plots/failures.js";
import { figureDiv, plotlyScriptTag } from "../plots/html.js";
import { reportPlotsHtml } from "../plots/report.js";
import type { HtmlFigures } from "../report/html.js";
import { toJson } from "../report/json.js";
import { toJunit } from "../report/junit.js";
import { dc2SkyMap } from "../sky/skymap/maps.js";
import { asUsage, parseCounts } from "./args.js";
import { writeOutput } from "./check.js";
import type { CliIO } from "./io.js";
import { assertWritable } from "./outputs.js";
import { writeReportPng } from "./report-figures.js";

export const FAILURES_HELP = `Usage: skygate failures --report PATH … [options]

Reads pipeline failure reports (format detected from the content: pipetask report v1 YAML/JSON, pipetask report
--force-v2 JSON, butler provenance-report data-id table directories task/STATUS/Exception.ecsv, PanDA error
records, JSON-lines log streams, CSV/JSONL of task, dataId, exception, message[, time]), groups failures by task,
status, exception and message template, labels each group known or new against a known-errors registry, places
each failure on the sky and classifies it against the reference-catalog footprint.
Exit 1 when a group is new, a resolved known error recurs or a known error exceeds its allowed fraction; 3 when
a known error's rate cannot be computed (no expected count); 0 when every failure is known and within its
allowance; 2 on usage errors or unreadable input.

Options:
  --report PATH         failure report (repeat); a directory = provenance-report data-id tables
  --known-errors YAML   known errors: cm_tools error_code_decisions or skygate known_errors list
  --expected TASK=N     expected quanta of a task (rate denominator when the reports lack it; repeat)
  --workflow-jobs WF=N  jobs of a workflow (run / PanDA job set / step), the denominator of its failure rate (repeat)
  --infrastructure-alarm F
                        infrastructure failure rate calling a workflow an infrastructure problem (default 0.1)
  --ccdvisit PATH       CcdVisit table (detector corners llcra … lrcdec)
  --visit PATH          Visit table or visit list with boresight ra, decl and skyRotation (repeat)
  --registry PATH       Butler Gen3 SQLite registry (visit_detector_region, exposure pointings, inventory)
  --export YAML         butler export YAML with visit_detector_region records (repeat)
  --camera NAME|DIR     camera geometry: LSSTCam-imSim (default, built in) or an obs_lsst policy directory
  --no-distortion       ignore the camera's radial field distortion
  --refcat PATH         reference catalog (FITS shards dir, Parquet, any table) or MOC (.moc.json, .moc.txt) (repeat)
  --min-ref-objects N   fewer reference objects than N in a detector = outside the footprint (default 1)
  --json OUT            JSON report (contract: results, groups, failures)
  --md OUT              Markdown summary
  --junit OUT           JUnit XML (one test case per group)
  --html OUT            HTML report: groups by classification, the failures on the sky over the reference
                        footprint with detector and tract/patch outlines, one map per template, the daily chart
  --png OUT             a PNG of the top of that page (needs playwright-core and Debian chromium)
  --daily-md OUT        daily summary (day × task × template, trend, first seen) as Markdown
  --daily-json OUT      daily summary as a JSON series
  --daily-html OUT      daily summary as the morning page (new templates first, trend against previous days,
                        first seen, chart)
  --daily-only          summarise JSON-lines log streams in one streaming pass with bounded memory (counts only, no
                        grouping or sky placement): for a day or more of production logs; writes the --daily-* outputs
  --expect TYPE         dataset type a step should have produced: its expected data ids are every patch of
                        --expect-tracts (× --expect-bands) or every visit of --expect-visits × detector; those not
                        present (--present table, else the --registry's TYPE datasets, else --ccdvisit rows) become
                        MISSING failures, grouped and placed on the sky like the others
  --expect-tracts LIST  tracts (e.g. 4430,4431) of the sky map (DC2) for --expect
  --expect-bands LIST   bands (e.g. g,r,i) for --expect-tracts
  --expect-visits PATH  visit list (text with the visit first on each line, or a table with a visit column)
  --expect-detectors L  detectors of each visit (e.g. 0-188; default every detector of the camera)
  --present PATH        table of the data ids present (columns visit, detector or tract, patch[, band])
  --inventory-md OUT    dataset type × collection × count of --registry, compared with the reports' dataset tables
  --inventory-json OUT  the same as JSON
  -h, --help            show this help
`;

const OPTIONS = {
  report: { type: "string", multiple: true },
  "known-errors": { type: "string" },
  expected: { type: "string", multiple: true },
  "workflow-jobs": { type: "string", multiple: true },
  "infrastructure-alarm": { type: "string" },
  ccdvisit: { type: "string" },
  visit: { type: "string", multiple: true },
  registry: { type: "string" },
  export: { type: "string", multiple: true },
  camera: { type: "string" },
  "no-distortion": { type: "boolean" },
  refcat: { type: "string", multiple: true },
  "min-ref-objects": { type: "string" },
  json: { type: "string" },
  md: { type: "string" },
  junit: { type: "string" },
  html: { type: "string" },
  png: { type: "string" },
  "daily-md": { type: "string" },
  "daily-json": { type: "string" },
  "daily-html": { type: "string" },
  "daily-only": { type: "boolean" },
  expect: { type: "string" },
  "expect-tracts": { type: "string" },
  "expect-bands": { type: "string" },
  "expect-visits": { type: "string" },
  "expect-detectors": { type: "string" },
  present: { type: "string" },
  "inventory-md": { type: "string" },
  "inventory-json": { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

/** `--expect`: the expected data ids, what is present, and the missing ones as a read of MISSING failures. */
async function expectedRead(
  datasetType: string,
  values: {
    "expect-tracts"?: string;
    "expect-bands"?: string;
    "expect-visits"?: string;
    "expect-detectors"?: string;
    present?: string;
    registry?: string;
    ccdvisit?: string;
  },
  cameraDetectors: readonly number[],
  registryPresent: DataId[] | undefined,
  geometry: GeometrySources,
): Promise<{ read: FailureRead; summary: Record<string, unknown> }> {
  let expected: DataId[];
  let dims: string[];
  if (values["expect-tracts"] !== undefined) {
    const bands =
      values["expect-bands"]
        ?.split(",")
        .map((b) => b.trim())
        .filter((b) => b !== "") ?? [];
    const tracts = parseIntList(values["expect-tracts"], "--expect-tracts");
    for (const t of tracts)
      if (t >= dc2SkyMap.numTracts)
        throw new UsageError(`--expect-tracts: tract ${t} is not in the ${dc2SkyMap.name} sky map`);
    expected = expectedPatches(dc2SkyMap, tracts, bands);
    dims = bands.length > 0 ? ["band", "tract", "patch"] : ["tract", "patch"];
  } else {
    const visits = await readVisitList(values["expect-visits"] as string);
    const detectors =
      values["expect-detectors"] !== undefined
        ? parseIntList(values["expect-detectors"], "--expect-detectors")
        : [...cameraDetectors];
    expected = expectedVisitDetectors(visits, detectors);
    dims = ["visit", "detector"];
  }
  let present: DataId[];
  let presentSource: string;
  if (values.present !== undefined) {
    present = await readPresentDataIds(values.present, dims);
    presentSource = values.present;
  } else if (registryPresent !== undefined) {
    present = registryPresent;
    presentSource = `${values.registry} (${datasetType} datasets)`;
  } else if (dims[0] === "visit" && geometry.ccdVisit) {
    present = [...geometry.ccdVisit.regions.keys()].map((k) => {
      const [visit, detector] = k.split(":").map(Number);
      return { visit, detector };
    });
    presentSource = `${values.ccdvisit} (CcdVisit rows)`;
  } else
    throw new UsageError(
      "--expect needs what is present: --present PATH, --registry PATH (its datasets of that type), or --ccdvisit PATH",
    );
  const missing = missingFrom(expected, present);
  const read = missingAsRead(datasetType, missing, expected.length, `expected ${datasetType}`);
  return {
    read,
    summary: {
      datasetType,
      expected: expected.length,
      present: expected.length - missing.length,
      missing: missing.length,
      presentSource,
    },
  };
}

/** Writes the --daily-md / --daily-json / --daily-html outputs that were asked for. */
function writeDaily(
  daily: DailySummary,
  values: { "daily-md"?: string; "daily-json"?: string; "daily-html"?: string },
  io: CliIO,
): void {
  if (values["daily-md"]) writeOutput(values["daily-md"], dailyMarkdown(daily));
  if (values["daily-json"]) writeOutput(values["daily-json"], `${JSON.stringify(daily, null, 2)}\n`);
  if (values["daily-html"]) {
    let chart: { head: string; body: string } | undefined;
    try {
      const figure = dailyFailureChart(daily, { version: io.version });
      if (figure) chart = { head: plotlyScriptTag(), body: figureDiv(figure, "skygate-daily") };
    } catch (error) {
      io.stderr(
        `skygate: daily page written without its chart: ${error instanceof Error ? error.message : String(error)}\n`,
      );
    }
    writeOutput(values["daily-html"], dailyHtml(daily, { ...(chart ? { chart } : {}), version: io.version }));
  }
}

/** Whether a file's first non-blank line starts a JSON object (missing/unreadable files are InputErrors). */
function startsLikeJsonLines(path: string): boolean {
  let fd: number;
  try {
    fd = openSync(path, "r");
  } catch (error) {
    throw new InputError(path, "missing", error instanceof Error ? error.message : String(error));
  }
  try {
    const buf = Buffer.alloc(4096);
    const n = readSync(fd, buf, 0, buf.length, 0);
    const first = buf
      .subarray(0, n)
      .toString("utf8")
      .split("\n")
      .find((l) => l.trim() !== "");
    return first !== undefined && first.trimStart().startsWith("{");
  } finally {
    closeSync(fd);
  }
}

/** `--daily-only`: the log streams summarised in one bounded-memory pass; exit 1 when a template is new today. */
async function runDailyOnly(
  reports: readonly string[],
  values: { "daily-md"?: string; "daily-json"?: string; "daily-html"?: string },
  io: CliIO,
): Promise<number> {
  // Only the head of each file is looked at here: the point of this mode is never to hold a whole log.
  for (const r of reports)
    if (!startsLikeJsonLines(r))
      throw new InputError(
        r,
        "unsupported",
        "--daily-only reads JSON-lines log streams (one JSON object per line)",
      );
  const daily = await summarizeLogStream(reports);
  writeDaily(daily, values, io);
  const latest = daily.days[daily.days.length - 1] ?? "(none)";
  const fresh = daily.series.filter((s) => s.trend === "new");
  io.stdout(
    `skygate failures --daily-only: ${daily.records ?? 0} log records, ${daily.series.reduce((a, s) => a + s.total, 0)} failures over ${daily.days.length} day(s); latest ${latest}: ${daily.totals[daily.totals.length - 1] ?? 0} failures, ${fresh.length} new template(s)${daily.badLines ? `; PARTIAL: ${daily.badLines} lines skipped` : ""}\n`,
  );
  for (const s of fresh.slice(0, 20))
    io.stdout(`  NEW ${s.task} ${s.exception ?? ""} "${s.template}" × ${s.counts[s.counts.length - 1]}\n`);
  return fresh.length > 0 ? 1 : 0;
}

/** The HTML figures; a failure to plot is a warning, never a lost report. */
function failureFigures(
  analysis: ReturnType<typeof analyzeFailures>,
  daily: ReturnType<typeof dailySummary>,
  footprints: Awaited<ReturnType<typeof loadReferenceFootprints>>,
  sources: readonly string[],
  io: CliIO,
): HtmlFigures | undefined {
  try {
    const figures = failureReportFigures(analysis, daily, { footprints, sources, version: io.version });
    return reportPlotsHtml(figures, "Failures on the sky", "No failure could be placed on the sky.");
  } catch (error) {
    io.stderr(
      `skygate: HTML report written without figures: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    return undefined;
  }
}

/**
 * Runs `skygate failures` and returns its exit code (throws UsageError / InputError for exit 2).
 * @example
 * const io = { version: "0.1.0", stdout: () => {}, stderr: () => {}, stderrIsTTY: false };
 * await runFailures(["--report", "fixtures/pilot/failures/pipetask_report_v2.json"], io) // 1 (new groups)
 */
export async function runFailures(argv: readonly string[], io: CliIO): Promise<number> {
  const { values } = asUsage("failures", () =>
    parseArgs({ args: [...argv], options: OPTIONS, strict: true, allowPositionals: false }),
  );
  if (values.help) {
    io.stdout(FAILURES_HELP);
    return 0;
  }
  const reports = values.report ?? [];
  if (reports.length === 0 && values.expect === undefined)
    throw new UsageError(
      "failures needs at least one --report PATH or --expect TYPE (see skygate failures --help)",
    );
  if (
    values.expect !== undefined &&
    (values["expect-tracts"] === undefined) === (values["expect-visits"] === undefined)
  )
    throw new UsageError("--expect needs one of --expect-tracts LIST or --expect-visits PATH");
  for (const o of ["expect-tracts", "expect-bands", "expect-visits", "expect-detectors", "present"] as const)
    if (values[o] !== undefined && values.expect === undefined)
      throw new UsageError(`--${o} goes with --expect TYPE`);
  const wantsInventory = values["inventory-md"] !== undefined || values["inventory-json"] !== undefined;
  if (wantsInventory && values.registry === undefined)
    throw new UsageError("--inventory-md/--inventory-json need --registry PATH");
  // Every output is checked before any input is read, as for check: nothing is written on a usage error.
  assertWritable({
    "--json": values.json,
    "--md": values.md,
    "--junit": values.junit,
    "--html": values.html,
    "--png": values.png,
    "--daily-md": values["daily-md"],
    "--daily-json": values["daily-json"],
    "--daily-html": values["daily-html"],
    "--inventory-md": values["inventory-md"],
    "--inventory-json": values["inventory-json"],
  });
  const minRef = values["min-ref-objects"];
  if (minRef !== undefined && !/^\d+$/.test(minRef))
    throw new UsageError(`--min-ref-objects expects a whole number, got "${minRef}"`);
  const expected = parseCounts("--expected", values.expected ?? []);
  const workflowJobs = parseCounts("--workflow-jobs", values["workflow-jobs"] ?? []);
  const alarm = values["infrastructure-alarm"];
  if (alarm !== undefined && !(Number(alarm) > 0 && Number(alarm) <= 1))
    throw new UsageError(`--infrastructure-alarm expects a fraction in (0, 1], got "${alarm}"`);

  if (values["daily-only"]) return runDailyOnly(reports, values, io);

  // Read everything first: unreadable input exits 2 before any analysis.
  const reads = await readFailureReports(reports);
  const known = values["known-errors"] !== undefined ? loadKnownErrors(values["known-errors"]) : undefined;
  const camera = resolveCamera(values.camera ?? "LSSTCam-imSim");
  const regions: DetectorRegions[] = [];
  const pointings: Pointings[] = [];
  let inventory: ReturnType<typeof registryInventory> | undefined;
  let registryPresent: DataId[] | undefined;
  if (values.registry !== undefined) {
    const reg = await openRegistry(values.registry);
    try {
      regions.push(registryRegions(reg));
      pointings.push({ source: values.registry, pointings: registryPointings(reg) });
      if (wantsInventory) inventory = registryInventory(reg);
      if (values.expect !== undefined && values.present === undefined)
        registryPresent = registryDataIds(reg, values.expect);
    } finally {
      reg.close();
    }
  }
  for (const e of values.export ?? []) regions.push(readExportRegions(e));
  for (const v of values.visit ?? []) pointings.unshift(await readVisitPointings(v));
  const geometry: GeometrySources = {
    camera,
    regions,
    pointings,
    distortion: values["no-distortion"] !== true,
    ...(values.ccdvisit !== undefined ? { ccdVisit: await readCcdVisitRegions(values.ccdvisit) } : {}),
  };
  const footprints = await loadReferenceFootprints(values.refcat ?? []);
  const expectedData =
    values.expect !== undefined
      ? await expectedRead(
          values.expect,
          values,
          camera.detectors.map((d) => d.id),
          registryPresent,
          geometry,
        )
      : undefined;
  if (expectedData) reads.push(expectedData.read);

  const analysis = analyzeFailures({
    reads,
    ...(known ? { known } : {}),
    geometry,
    footprints,
    expected,
    workflowJobs,
    ...(alarm !== undefined ? { infrastructureAlarm: Number(alarm) } : {}),
    classify: { minReferenceObjects: minRef !== undefined ? Number(minRef) : 1 },
  });
  const daily = dailySummary(analysis.failures);
  const extra: Record<string, unknown> = {
    knownErrors: known ? { path: known.path, entries: known.entries.length } : null,
    referenceFootprints: footprints.map((f) => ({
      kind: f.kind,
      sources: f.sources,
      // Plot-ready: occupied cells (lower RA/Dec corner, size, objects), at most 2000.
      ...(f.kind === "catalog"
        ? { objects: f.objects, gridCellDeg: f.grid.size, cells: footprintCells(f, 2000) }
        : {}),
    })),
    geometry: {
      camera: camera.name,
      ccdVisit: geometry.ccdVisit
        ? {
            source: geometry.ccdVisit.source,
            detectors: geometry.ccdVisit.regions.size,
            problems: geometry.ccdVisit.problems,
          }
        : null,
      regions: regions.map((r) => ({
        source: r.source,
        detectors: r.regions.size,
        problems: r.problems.slice(0, 20),
        problemCount: r.problems.length,
      })),
      pointings: pointings.map((p) => ({ source: p.source, visits: p.pointings.size })),
    },
    daily,
    ...(expectedData ? { expectedData: expectedData.summary } : {}),
  };
  if (inventory) {
    const expectedDatasets: Record<string, DatasetCounts> = {};
    for (const r of reads) Object.assign(expectedDatasets, r.datasets ?? {});
    const comparison = compareInventory(inventory, expectedDatasets);
    // Missing datasets the reports list by data id are placed on the sky like failures.
    const missing = comparison
      .filter((c) => c.missingDataIds && c.missingDataIds.length > 0)
      .map((c) => ({
        datasetType: c.datasetType,
        dataIds: (c.missingDataIds ?? []).map((dataId) => {
          const loc = locateDataId(dataId, geometry);
          return {
            dataId,
            ra: loc.ra,
            dec: loc.dec,
            method: loc.method,
            ...(loc.reason ? { reason: loc.reason } : {}),
          };
        }),
      }));
    extra.inventory = { rows: inventory, comparison, missing };
    if (values["inventory-md"]) writeOutput(values["inventory-md"], inventoryMarkdown(inventory, comparison));
    if (values["inventory-json"])
      writeOutput(
        values["inventory-json"],
        `${JSON.stringify({ rows: inventory, comparison, missing }, null, 2)}\n`,
      );
  }
  const report = toFailuresReport(analysis, reads, io.version, extra);
  if (values.json) writeOutput(values.json, toJson(report));
  if (values.md) writeOutput(values.md, failuresMarkdown(analysis, reads));
  if (values.junit) writeOutput(values.junit, toJunit(report));
  if (values.html !== undefined || values.png !== undefined) {
    const figures = failureFigures(analysis, daily, footprints, reports, io);
    const html = failuresHtml(report, analysis, daily, figures);
    if (values.html) writeOutput(values.html, html);
    if (values.png) await writeReportPng(html, values.png);
  }
  writeDaily(daily, values, io);
  io.stdout(failuresText(analysis, reads));
  if (expectedData) {
    const e = expectedData.summary;
    io.stdout(
      `  expected ${e.datasetType}: ${e.expected} data ids, ${e.present} present (${e.presentSource}), ${e.missing} missing\n`,
    );
  }
  return exitCodeFor(report.status);
}

/**
 * Hole checks over tables as a contract report: positions read through the engines, the detector, patch
 * completeness, and every finding as a CheckResult (`hole` per hole, `patchCompleteness` per tract, `raDec` for
 * positions off the sphere, `positions` when positions cannot be read). Bad input never passes: a table
 * without positions, an empty table, no valid position, a footprint that misses the data or a map too sparse for
 * any test are `error`s; a tract with no patch judged is a `skip` saying so, never "complete".
 */

import { makeResult } from "../checks/result.js";
import { unreadableResult } from "../checks/run.js";
import { InputError } from "../core/errors.js";
import { PartitionCounts } from "../core/partitions.js";
import { type CheckResult, type Report, reportStatus } from "../core/results.js";
import type { Condition } from "../engines/condition.js";
import type { Engine } from "../engines/types.js";
import type { TableSource } from "../io/table.js";
import { bandDetections, RUBIN_BANDS } from "./bands.js";
import { type Completeness, isJudged, patchCompleteness, subsetCompleteness } from "./completeness.js";
import { formatDc2Lists } from "./dc2Lists.js";
import { type DetectOptions, detectHoles, type Hole, type HoleDetection, HoleInputError } from "./detect.js";
import { PositionsError, readPositions } from "./positions.js";

/** Options of {@link runHoleChecks}. */
export interface HoleRunOptions extends DetectOptions {
  where?: Condition | null;
  ra?: string;
  dec?: string;
  unit?: "deg" | "rad";
  /** Engine per table (DuckDB streams Parquet; Arrow reads everything else). */
  engineFor?: (source: TableSource) => Engine;
  version?: string;
  /**
   * Per-band patch completeness: `"auto"` for every band the table has a detection column for (see bands.ts),
   * a list of bands (a band without such a column is an `error` result), or off (the default: one more read of
   * the positions per band).
   */
  bands?: "auto" | readonly string[] | null;
}

/** A hole as the JSON report lists it (the contract's fields first). */
export interface HoleEntry {
  table: string;
  ra: number;
  dec: number;
  areaDeg2: number;
  tract: number | null;
  patch: number | null;
  significance: number;
  patchXY: string | null;
  patches: { tract: number; patch: number }[];
  observed: number;
  expected: number;
  log10p: number;
  outlineAreaDeg2: number;
  outline: [number, number][][];
  shape: Hole["shape"];
  explainedBy?: string[];
}

/** The report of `skygate holes`: the contract's report plus holes, explained regions, completeness. */
export interface HoleReport extends Report {
  holes: HoleEntry[];
  explained: HoleEntry[];
  completeness: Record<string, Completeness>;
  /** Per-band completeness per table (band → completeness), when bands were asked for. */
  bandCompleteness: Record<string, Record<string, Completeness & { rule: string }>>;
  /** Missing/low patches per tract in the DC2 hand-written shape, per table. */
  dc2Lists: Record<string, string>;
  maps: Record<string, Omit<HoleDetection, "holes" | "explained" | "map" | "fine" | "background" | "mapAt">>;
}

const round = (x: number, digits: number) => Number(x.toFixed(digits));

/** One `hole` result: `fail` for an unexplained hole, `pass` for a mask-explained one; `sample` holds its centre. */
function holeResult(
  table: string,
  h: Hole,
  status: "pass" | "fail",
  failing: number,
  total: number,
): CheckResult {
  const result = makeResult(table, null, "hole", status, failing, total, holeMessage(h, status === "pass"));
  result.sample = [{ row: -1, ra: round(h.ra, 6), dec: round(h.dec, 6) }];
  return result;
}

function entry(table: string, h: Hole): HoleEntry {
  return {
    table,
    ra: round(h.ra, 6),
    dec: round(h.dec, 6),
    areaDeg2: round(h.areaDeg2, 7),
    tract: h.tract,
    patch: h.patch,
    significance: round(h.significance, 2),
    patchXY: h.patchXY,
    patches: h.patches,
    observed: h.observed,
    expected: round(h.expected, 1),
    log10p: round(h.log10p, 2),
    outlineAreaDeg2: round(h.outlineAreaDeg2, 7),
    outline: h.outline.map((ring) => ring.map(([a, d]) => [round(a, 6), round(d, 6)] as [number, number])),
    shape: h.shape,
    ...(h.explainedBy ? { explainedBy: h.explainedBy } : {}),
  };
}

function holeMessage(h: Hole, explained: boolean): string {
  const where =
    h.tract !== null ? `tract ${h.tract} patch ${h.patch} (${h.patchXY})` : "outside the sky map's tracts";
  const shape = h.shape ? `, shape ${h.shape.kind} (fill ${h.shape.fill.toFixed(2)})` : "";
  const counts = `${h.observed} objects where ${h.expected.toFixed(0)} were expected`;
  const head = `${explained ? "explained by masks" : "coverage hole"} at RA ${h.ra.toFixed(4)}, Dec ${h.dec.toFixed(4)} in ${where}`;
  return `${head}: ${h.areaDeg2.toExponential(2)} deg² of missing objects, ${counts}, ${h.significance.toFixed(1)}σ map-wide${shape}${explained ? ` (${(h.explainedBy ?? []).join(", ")})` : ""}`;
}

/** A hole check that could not run (status `error`), with the reason as its message. */
function errorResult(
  table: string,
  check: string,
  message: string,
  column: string | null = null,
): CheckResult {
  return makeResult(table, column, check, "error", 0, 0, message);
}

/**
 * Runs the hole checks over every table and returns the report (never throws for data problems).
 * @example
 * const footprint = footprintFromTracts(dc2SkyMap, new Map([[4431, null]]));
 * const hr = await runHoleChecks(new Map([["Object", source]]), { footprint, where: parseWhere(["detect_isPrimary"]) });
 * hr.holes.map((h) => [h.tract, h.patchXY, h.areaDeg2]) // [[4431, "2,2", 0.0317016]]
 */
export async function runHoleChecks(
  sources: ReadonlyMap<string, TableSource>,
  options: HoleRunOptions = {},
): Promise<HoleReport> {
  const results: CheckResult[] = [];
  const tables: Report["tables"] = {};
  const holes: HoleEntry[] = [];
  const explained: HoleEntry[] = [];
  const completeness: Record<string, Completeness> = {};
  const bandCompleteness: HoleReport["bandCompleteness"] = {};
  const dc2Lists: Record<string, string> = {};
  const maps: HoleReport["maps"] = {};
  let columns = 0;
  // One table; data found unreadable mid-run (a corrupt page behind an intact footer) end it with an input error
  // result naming the file, its findings so far marked partial, and the other tables still judged.
  const oneTable = async (name: string, source: TableSource): Promise<void> => {
    tables[name] = { rows: 0, columns: (await source.columns()).length, sources: [...source.files] };
    let positions: Awaited<ReturnType<typeof readPositions>>;
    try {
      positions = await readPositions(source, {
        ...(options.ra !== undefined ? { ra: options.ra } : {}),
        ...(options.dec !== undefined ? { dec: options.dec } : {}),
        ...(options.unit !== undefined ? { unit: options.unit } : {}),
        where: options.where ?? null,
        ...(options.engineFor ? { engine: options.engineFor(source) } : {}),
      });
    } catch (error) {
      if (!(error instanceof PositionsError)) throw error;
      results.push(errorResult(name, "positions", error.message));
      return;
    }
    columns += 2;
    tables[name].rows = positions.rows;
    if (positions.rows === 0) {
      results.push(errorResult(name, "hole", `table ${name} is empty: no coverage can be judged`));
      return;
    }
    if (positions.selected === 0) {
      results.push(
        errorResult(name, "hole", `no row of ${name} passes the filter, so no coverage can be judged`),
      );
      return;
    }
    if (positions.invalid > 0) {
      const offSky = makeResult(
        name,
        positions.columns.ra,
        "raDec",
        "fail",
        positions.invalid,
        positions.selected,
        `${positions.invalid} of ${positions.selected} selected rows have no position on the sky (${positions.columns.ra}/${positions.columns.dec} null, NaN, infinite or out of range); left out of the coverage map`,
      );
      offSky.sample = positions.invalidSample;
      results.push(offSky);
    }
    if (positions.ra.length === 0) {
      results.push(
        errorResult(
          name,
          "hole",
          `no row of ${name} has a valid position (${positions.columns.ra}, ${positions.columns.dec}), so no coverage can be judged`,
        ),
      );
      return;
    }
    let detection: HoleDetection;
    try {
      detection = detectHoles(positions.ra, positions.dec, options);
    } catch (error) {
      if (!(error instanceof HoleInputError)) throw error;
      results.push(errorResult(name, "hole", `${name}: ${error.message}`));
      return;
    }
    const {
      holes: found,
      explained: known,
      map: _m,
      fine: _f,
      background: _b,
      mapAt: _a,
      ...summary
    } = detection;
    maps[name] = summary;
    const cellsTested = detection.map.cells.length;
    for (const h of found) {
      holes.push(entry(name, h));
      results.push(holeResult(name, h, "fail", h.cells, cellsTested));
    }
    for (const h of known) {
      explained.push(entry(name, h));
      results.push(holeResult(name, h, "pass", 0, cellsTested));
    }
    // A map that tested no cell found no hole because it could not: never a pass.
    if (detection.tests === 0) results.push(errorResult(name, "hole", nothingTested(name, detection)));
    else if (found.length === 0) {
      results.push(
        makeResult(
          name,
          null,
          "hole",
          "pass",
          0,
          cellsTested,
          `no coverage hole in ${detection.footprint.description} (${detection.objects.inFootprint} objects, order ${detection.order}, ${detection.tests} tests, map-wide false-alarm rate ${detection.alpha})`,
        ),
      );
    }
    const c = patchCompleteness(detection, {
      ...(options.skyMap ? { skyMap: options.skyMap } : {}),
      ...(options.footprint?.expected ? { expected: options.footprint.expected } : {}),
    });
    completeness[name] = c;
    dc2Lists[name] = formatDc2Lists(c);
    results.push(...completenessResults(name, null, c, null));
    if (options.bands) {
      const perBand = await bandResults(name, source, detection, c, options);
      results.push(...perBand.results);
      if (Object.keys(perBand.completeness).length > 0) bandCompleteness[name] = perBand.completeness;
    }
  };
  for (const [name, source] of sources) {
    const first = results.length;
    try {
      await oneTable(name, source);
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      for (const r of results.slice(first)) r.partial = true;
      results.push(unreadableResult(name, error));
    }
  }
  return {
    tool: "skygate",
    version: options.version ?? "0.0.0",
    status: reportStatus(results),
    tables,
    coverage: { columns, checked: columns, unchecked: [] },
    results,
    holes,
    explained,
    completeness,
    bandCompleteness,
    dc2Lists,
    maps,
  };
}

/** Why a detection ran no test (no cell expected an object): too few objects inside the footprint. */
function nothingTested(table: string, d: HoleDetection): string {
  const { inFootprint, total } = d.objects;
  const area = d.footprint.areaDeg2.toPrecision(3);
  return `nothing to test: ${inFootprint} of ${total} objects of ${table} counted inside ${d.footprint.description} (${area} deg², order ${d.order} map), too few for any cell to expect one object, so no coverage hole can be judged`;
}

const isBad = (p: { status: string }) => p.status === "missing" || p.status === "low";

/**
 * One `patchCompleteness` result per tract; for a band (`column` its detection column) only the patches bad in
 * that band but not in the whole catalogue fail, so a missing patch is reported once, not once per band.
 */
function completenessResults(
  table: string,
  column: string | null,
  c: Completeness,
  all: Completeness | null,
  label = "",
): CheckResult[] {
  const results: CheckResult[] = [];
  for (const t of c.tracts) {
    const badAll = new Set(
      all?.tracts
        .find((x) => x.tract === t.tract)
        ?.patches.filter(isBad)
        .map((p) => p.patch) ?? [],
    );
    const bad = t.patches.filter((p) => isBad(p) && !badAll.has(p.patch));
    const partitions = PartitionCounts.fromValues("patch", new Map(bad.map((p) => [p.xy, p.observed])));
    const only = {
      ...t,
      missing: t.missing.filter((xy) => bad.some((p) => p.xy === xy)),
      low: t.low.filter((xy) => bad.some((p) => p.xy === xy)),
    };
    const line = formatDc2Lists({ ...c, tracts: [only] }).trim();
    const judged = t.patches.filter(isJudged).length;
    // Every patch under half a patch of footprint or expecting too few objects: nothing was judged, so nothing
    // may read as complete.
    if (judged === 0) {
      const sparse = t.patches.filter((p) => p.status === "unjudged").length;
      const why = [
        sparse > 0 ? `${sparse} expecting too few objects for an empty patch to mean anything` : "",
        t.patches.length - sparse > 0
          ? `${t.patches.length - sparse} with less than half a patch of footprint each`
          : "",
      ]
        .filter(Boolean)
        .join(", ");
      results.push(
        makeResult(
          table,
          column,
          "patchCompleteness",
          "skip",
          0,
          0,
          `${label}tract ${t.tract}: no patch could be judged (${why})`,
        ),
      );
      continue;
    }
    const result = makeResult(
      table,
      column,
      "patchCompleteness",
      bad.length > 0 ? "fail" : "pass",
      bad.length,
      judged,
      bad.length > 0
        ? `${label}tract ${line}`
        : `${label}tract ${t.tract}: every judged patch complete${badAll.size > 0 && all ? " (apart from those the whole catalogue misses)" : ""}`,
    );
    if (bad.length > 0) result.partitions = partitions;
    results.push(result);
  }
  return results;
}

/** Per-band completeness of one table: one more position read per band, judged on the detection's map. */
async function bandResults(
  name: string,
  source: TableSource,
  detection: HoleDetection,
  all: Completeness,
  options: HoleRunOptions,
): Promise<{ results: CheckResult[]; completeness: Record<string, Completeness & { rule: string }> }> {
  const columns = (await source.columns()).map((c) => c.name);
  const wanted = options.bands === "auto" ? RUBIN_BANDS : (options.bands ?? []);
  const found = bandDetections(columns, wanted);
  const results: CheckResult[] = [];
  const completeness: Record<string, Completeness & { rule: string }> = {};
  if (options.bands !== "auto") {
    for (const band of wanted) {
      if (!found.some((b) => b.band === band))
        results.push(
          errorResult(
            name,
            "patchCompleteness",
            `band ${band}: ${name} has neither merge_peak_${band} nor ${band}_inputCount, so its per-band completeness cannot be judged`,
          ),
        );
    }
  }
  for (const b of found) {
    const where: Condition = options.where ? { op: "and", args: [options.where, b.where] } : b.where;
    const p = await readPositions(source, {
      ...(options.ra !== undefined ? { ra: options.ra } : {}),
      ...(options.dec !== undefined ? { dec: options.dec } : {}),
      ...(options.unit !== undefined ? { unit: options.unit } : {}),
      where,
      ...(options.engineFor ? { engine: options.engineFor(source) } : {}),
    });
    const c = subsetCompleteness(detection, p.ra, p.dec, {
      ...(options.skyMap ? { skyMap: options.skyMap } : {}),
      ...(options.footprint?.expected ? { expected: options.footprint.expected } : {}),
    });
    completeness[b.band] = { ...c, rule: b.rule };
    results.push(...completenessResults(name, b.column, c, all, `band ${b.band} (${b.rule}): `));
  }
  return { results, completeness };
}

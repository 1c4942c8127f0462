/**
 * Coverage holes inside a gate: footprint, masks and filters are loaded before any check runs (a problem is an
 * InputError naming the gate file's `holes` line); the run gives `hole` / `patchCompleteness` results and the
 * holes section of the gate report.
 */
import type { CheckResult } from "../core/results.js";
import type { Condition } from "../engines/condition.js";
import type { Engine } from "../engines/types.js";
import type { Footprint } from "../holes/footprint.js";
import type { MaskSet } from "../holes/masks.js";
import { type HoleReport, runHoleChecks } from "../holes/run.js";
import { footprintFromSpec, maskFromSpec } from "../holes/specs.js";
import { parseWhere } from "../holes/where.js";
import type { TableSource } from "../io/table.js";
import { atSectionLine } from "./at-line.js";
import type { HolesSpec } from "./types.js";

/** A `holes` section with its footprint, masks and filter loaded. */
export interface PreparedHoles {
  spec: HolesSpec;
  footprint: Footprint | null;
  masks: MaskSet[];
  where: Condition | null;
}

/** What the gate report keeps of a holes run (the maps are for figures, not the JSON). */
export type HolesSection = Pick<HoleReport, "holes" | "explained" | "completeness" | "dc2Lists">;

/** A loading problem as an InputError at the gate file's `holes` line. */
function atLine<T>(gatePath: string, spec: HolesSpec, what: string, load: () => Promise<T>): Promise<T> {
  return atSectionLine(gatePath, "holes", spec.line, what, load);
}

/**
 * Loads the footprint, masks and filters of a gate's `holes` section (files read now, before any check).
 * @example (await prepareHoles("g.yaml", { tables: ["Object"], masks: [], where: ["detect_isPrimary"] })).footprint // null
 */
export async function prepareHoles(gatePath: string, spec: HolesSpec): Promise<PreparedHoles> {
  const footprint =
    spec.footprint === undefined
      ? null
      : await atLine(gatePath, spec, "footprint", () => footprintFromSpec(spec.footprint as string));
  const masks: MaskSet[] = [];
  for (const m of spec.masks) masks.push(await atLine(gatePath, spec, "masks", () => maskFromSpec(m)));
  const where = await atLine(gatePath, spec, "where", async () => parseWhere(spec.where));
  return { spec, footprint, masks, where };
}

/**
 * Runs the hole checks on the section's tables: results (positions off the sky that the suite already reports
 * are left out) and the section for the report and its figures.
 * @example
 * const prepared = await prepareHoles("g.yaml", { tables: ["Object"], masks: [], where: ["detect_isPrimary"], footprint: "tracts:4431" });
 * const step = await runHolesStep(prepared, new Map([["Object", await openTable("Object", "fixtures/pilot/Object.parquet")]]), { version: "0" });
 * step.results.filter((r) => r.check === "hole").map((r) => r.status) // ["fail"]
 */
export async function runHolesStep(
  prepared: PreparedHoles,
  sources: ReadonlyMap<string, TableSource>,
  options: { engineFor?: (source: TableSource) => Engine; version: string; skipIds?: ReadonlySet<string> },
): Promise<{ results: CheckResult[]; section: HolesSection; report: HoleReport }> {
  const { spec } = prepared;
  const chosen = new Map(spec.tables.map((t) => [t, sources.get(t) as TableSource]));
  const report = await runHoleChecks(chosen, {
    ...(prepared.footprint ? { footprint: prepared.footprint } : {}),
    masks: prepared.masks,
    where: prepared.where,
    ...(spec.order !== undefined ? { order: spec.order } : {}),
    ...(spec.alpha !== undefined ? { alpha: spec.alpha } : {}),
    ...(spec.ra !== undefined ? { ra: spec.ra } : {}),
    ...(spec.dec !== undefined ? { dec: spec.dec } : {}),
    ...(spec.unit !== undefined ? { unit: spec.unit } : {}),
    ...(options.engineFor ? { engineFor: options.engineFor } : {}),
    version: options.version,
  });
  const skip = options.skipIds ?? new Set<string>();
  return {
    results: report.results.filter((r) => !(r.check === "raDec" && skip.has(r.id))),
    section: {
      holes: report.holes,
      explained: report.explained,
      completeness: report.completeness,
      dc2Lists: report.dc2Lists,
    },
    report,
  };
}

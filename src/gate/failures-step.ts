/**
 * Failure localization inside a gate: every report, registry, geometry table and reference catalog is read
 * before any check runs (a problem is an InputError naming the gate file's `failures` line); the run gives one
 * `failureLocation` result per failure group and the failures section of the gate report.
 */
import { basename } from "node:path";
import type { CheckResult } from "../core/results.js";
import { analyzeFailures } from "../failures/analyze.js";
import { resolveCamera } from "../failures/camera/policy.js";
import type { ReferenceFootprint } from "../failures/footprint.js";
import { type Pointings, readCcdVisitRegions, readVisitPointings } from "../failures/geometry.js";
import { type KnownErrors, loadKnownErrors } from "../failures/known.js";
import type { GeometrySources } from "../failures/locate.js";
import { readFailureReports } from "../failures/read.js";
import { loadReferenceFootprints } from "../failures/refcat.js";
import { toFailuresReport } from "../failures/report.js";
import type { FailureRead } from "../failures/types.js";
import { atSectionLine } from "./at-line.js";
import type { FailuresSpec } from "./types.js";

/** A `failures` section with everything it reads already read. */
export interface PreparedFailures {
  spec: FailuresSpec;
  reads: FailureRead[];
  known?: KnownErrors;
  geometry: GeometrySources;
  footprints: ReferenceFootprint[];
}

/** What the gate report keeps of the failure analysis: inputs, groups, and each failure with its place. */
export interface FailuresSection {
  inputs: unknown[];
  groups: unknown[];
  failures: unknown[];
  knownErrors: string | null;
}

/** A loading problem as an InputError at the gate file's `failures` line. */
function atLine<T>(gatePath: string, spec: FailuresSpec, what: string, load: () => Promise<T>): Promise<T> {
  return atSectionLine(gatePath, "failures", spec.line, what, load);
}

/**
 * Reads the reports, known errors, CcdVisit/Visit geometry and reference footprints of a gate's `failures`.
 * @example (await prepareFailures("g.yaml", { reports: ["fixtures/pilot/failures/pipetask_report_v2.json"], expected: {}, visits: [], refcat: [], camera: "LSSTCam-imSim", distortion: true, minReferenceObjects: 1 })).reads[0].format // "pipetaskReportV2"
 */
export async function prepareFailures(gatePath: string, spec: FailuresSpec): Promise<PreparedFailures> {
  const reads = await atLine(gatePath, spec, "reports", () => readFailureReports(spec.reports));
  const known =
    spec.knownErrors === undefined
      ? undefined
      : await atLine(gatePath, spec, "knownErrors", async () => loadKnownErrors(spec.knownErrors as string));
  const camera = await atLine(gatePath, spec, "camera", async () => resolveCamera(spec.camera));
  const pointings: Pointings[] = [];
  for (const v of spec.visits)
    pointings.push(await atLine(gatePath, spec, "visit", () => readVisitPointings(v)));
  const geometry: GeometrySources = {
    camera,
    regions: [],
    pointings,
    distortion: spec.distortion,
    ...(spec.ccdvisit !== undefined
      ? {
          ccdVisit: await atLine(gatePath, spec, "ccdvisit", () =>
            readCcdVisitRegions(spec.ccdvisit as string),
          ),
        }
      : {}),
  };
  const footprints = await atLine(gatePath, spec, "refcat", () => loadReferenceFootprints(spec.refcat));
  return { spec, reads, ...(known ? { known } : {}), geometry, footprints };
}

/**
 * Groups, judges and places the failures: one `failureLocation` result per group (new groups, recurring
 * resolved ones and known ones over their allowance fail), or one passing result when no quantum failed.
 * @example
 * const prepared = await prepareFailures("g.yaml", { reports: ["fixtures/pilot-clean/failures/pipetask_report_v2.json"], expected: {}, visits: [], refcat: [], camera: "LSSTCam-imSim", distortion: true, minReferenceObjects: 1 });
 * runFailuresStep(prepared, "0").results.map((r) => [r.id, r.status]) // [["failures.failureLocation", "pass"]]
 */
export function runFailuresStep(
  prepared: PreparedFailures,
  version: string,
): { results: CheckResult[]; section: FailuresSection; templates: Map<CheckResult, string> } {
  const analysis = analyzeFailures({
    reads: prepared.reads,
    ...(prepared.known ? { known: prepared.known } : {}),
    geometry: prepared.geometry,
    footprints: prepared.footprints,
    expected: prepared.spec.expected,
    classify: { minReferenceObjects: prepared.spec.minReferenceObjects },
  });
  const report = toFailuresReport(analysis, prepared.reads, version);
  const results = report.results.map((r) => ({ ...r }));
  // toFailuresReport makes one result per group, in group order: what a `group` waiver matches against.
  const templates = new Map(results.map((r, k) => [r, analysis.groups[k].template] as const));
  if (results.length === 0)
    results.push({
      id: "failures.failureLocation",
      table: "failures",
      column: null,
      check: "failureLocation",
      status: analysis.partial ? "error" : "pass",
      failing: 0,
      total: prepared.reads.reduce((n, r) => n + r.failures.length, 0),
      message: analysis.partial
        ? `no failure read, but part of ${prepared.reads.map((r) => basename(r.path)).join(", ")} could not be read`
        : `no failed quantum in ${prepared.reads.map((r) => basename(r.path)).join(", ")}`,
      sample: [],
    });
  const extra = report as unknown as Record<string, unknown[]>;
  return {
    results,
    templates,
    section: {
      inputs: extra.inputs ?? [],
      groups: extra.groups ?? [],
      failures: extra.failures ?? [],
      knownErrors: prepared.known?.path ?? null,
    },
  };
}

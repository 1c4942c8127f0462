/**
 * Classifying located failures against the reference footprint: `outsideReferenceFootprint` (no reference object
 * in the region: unprocessable, no action), `investigate` (reference objects were there), `unlocated`.
 */
import { measureRegion, type ReferenceFootprint, type RegionCoverage } from "./footprint.js";
import type { Location } from "./locate.js";

/** The contract's classification names. */
export type Classification = "outsideReferenceFootprint" | "investigate" | "unlocated";

/** A classification with the numbers behind it. */
export interface FootprintVerdict {
  classification: Classification;
  /** Fraction of the region inside the footprint (union of the footprints: the largest). */
  coveredFraction: number | null;
  /** Reference objects counted in the region (catalog footprints), null otherwise. */
  referenceObjects: number | null;
  expectedReferenceObjects: number | null;
  areaDeg2: number | null;
  reason?: string;
}

/** Options of {@link classifyLocation}. */
export interface ClassifyOptions {
  /** Fewer reference objects than this in a region means outside the footprint (default 1). */
  minReferenceObjects?: number;
}

/**
 * Classifies one location against the footprints (none given: located failures are `investigate`).
 * @example
 * const [footprint] = await loadReferenceFootprints(["fixtures/pilot/refcat.parquet"]);
 * const far = { source: "example", pointings: new Map([[1, { ra: 180, dec: 0, rotation: 0 }]]) };
 * const location = locateDataId({ visit: 1, detector: 94 }, { camera: lsstCamImSim(), pointings: [far] });
 * classifyLocation(location, [footprint]).classification // "outsideReferenceFootprint"
 */
export function classifyLocation(
  location: Location,
  footprints: readonly ReferenceFootprint[],
  options: ClassifyOptions = {},
): FootprintVerdict {
  if (location.corners === null)
    return {
      classification: "unlocated",
      coveredFraction: null,
      referenceObjects: null,
      expectedReferenceObjects: null,
      areaDeg2: null,
      reason: location.reason,
    };
  if (footprints.length === 0)
    return {
      classification: "investigate",
      coveredFraction: null,
      referenceObjects: null,
      expectedReferenceObjects: null,
      areaDeg2: null,
      reason: "no reference footprint given",
    };
  let measures: RegionCoverage[];
  try {
    measures = footprints.map((fp) => measureRegion(fp, location.corners as [number, number][]));
  } catch (error) {
    return {
      classification: "unlocated",
      coveredFraction: null,
      referenceObjects: null,
      expectedReferenceObjects: null,
      areaDeg2: null,
      reason: `region is not a convex polygon (${error instanceof Error ? error.message : String(error)})`,
    };
  }
  const covered = Math.max(...measures.map((m) => m.coveredFraction));
  const counts = measures.filter((m) => m.referenceObjects !== null).map((m) => m.referenceObjects as number);
  const refs = counts.length > 0 ? counts.reduce((a, b) => a + b, 0) : null;
  const exp = measures
    .filter((m) => m.expectedReferenceObjects !== null)
    .map((m) => m.expectedReferenceObjects as number);
  const expected = exp.length > 0 ? exp.reduce((a, b) => a + b, 0) : null;
  const min = options.minReferenceObjects ?? 1;
  // Catalog counts decide when there are any; coverage maps alone decide by the covered fraction.
  const outside =
    refs !== null
      ? refs < min && (expected === null || expected < min)
      : expected !== null
        ? expected < min
        : covered === 0;
  return {
    classification: outside ? "outsideReferenceFootprint" : "investigate",
    coveredFraction: covered,
    referenceObjects: refs,
    expectedReferenceObjects: expected,
    areaDeg2: measures[0].areaDeg2,
  };
}

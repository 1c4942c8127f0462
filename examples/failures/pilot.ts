// Example from the README: the RTN-041 triage of the pilot's failures from code.
// Run it with `node --import tsx examples/failures/pilot.ts`; test/failures/example.test.ts runs it too.
import {
  analyzeFailures,
  loadKnownErrors,
  loadReferenceFootprints,
  lsstCamImSim,
  readFailureReport,
  readVisitPointings,
} from "../../src/index.js";

const reads = [await readFailureReport("fixtures/pilot/failures/pipetask_report_v2.json")];
const analysis = analyzeFailures({
  reads,
  known: loadKnownErrors("examples/failures/known-errors-dc2.yaml"),
  footprints: await loadReferenceFootprints(["fixtures/pilot/refcat.parquet"]),
  geometry: {
    camera: lsstCamImSim(),
    pointings: [await readVisitPointings("fixtures/pilot/Visit.parquet")],
  },
});
for (const g of analysis.groups) {
  console.log(
    `${g.label} ${g.task} "${g.template}": ${g.count} (${g.outsideFootprint} outside the refcat footprint)`,
  );
}

import { readFailureReport } from "./src/failures/read.js";
import { analyzeFailures } from "./src/failures/analyze.js";
import { lsstCamImSim } from "./src/failures/camera/lsstCamImSim.js";
import { readVisitPointings, readCcdVisitRegions } from "./src/failures/geometry.js";
import { loadReferenceFootprints } from "./src/failures/refcat.js";
import { readFileSync } from "node:fs";
const truth = JSON.parse(readFileSync("fixtures/pilot/truth.json", "utf8")).defects.find((d: any) => d.defect === "failures");
for (const useCcd of [true, false]) {
let t = Date.now();
const reads = [await readFailureReport("fixtures/pilot/failures/pipetask_report_v2.json")];
const fps = await loadReferenceFootprints(["fixtures/pilot/refcat.parquet"]);
const vis = await readVisitPointings("fixtures/pilot/Visit.parquet");
const ccd = useCcd ? await readCcdVisitRegions("fixtures/pilot/CcdVisit.parquet") : undefined;
const a = analyzeFailures({ reads, footprints: fps, geometry: { camera: lsstCamImSim(), pointings: [vis], ...(ccd ? { ccdVisit: ccd } : {}) } });
console.log(Date.now() - t, "ms");
for (const g of a.groups) console.log(g.label, g.task, g.exception, g.template, g.count, g.outsideFootprint, g.insideFootprint, g.unlocated, g.rate);
let agree = 0;
for (const tf of truth.failures) {
  const f = a.failures.find((x) => x.task === tf.task && x.dataId.visit === tf.dataId.visit && x.dataId.detector === tf.dataId.detector)!;
  if (f.verdict.classification === tf.classification) agree++; else console.log("DIS", tf, f.verdict);
}
console.log("agree", agree, truth.failures.length, a.failures[0].verdict, a.failures[0].location.method);
}

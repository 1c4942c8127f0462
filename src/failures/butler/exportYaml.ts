/**
 * Detector regions from a `butler export` YAML (`type: dimension`, `element: visit_detector_region`, records with
 * `region: !<lsst.sphgeom.ConvexPolygon> encoded: HEX`). Scanned line by line: a full YAML parse of a
 * multi-megabyte export takes seconds and the layout is the one PyYAML always writes.
 */
import { InputError } from "../../core/errors.js";
import { readReportText } from "../readers/common.js";
import { decodeSphgeomRegion } from "./sphgeom.js";

/** Regions keyed `visit:detector`, plus the undecodable ones with reasons. */
export interface DetectorRegions {
  source: string;
  regions: Map<string, [number, number][]>;
  problems: { key: string; reason: string }[];
}

/**
 * Key of a visit/detector pair in region maps.
 * @example vdKey(1180, 102) // "1180:102"
 */
export function vdKey(visit: number | string, detector: number | string): string {
  return `${visit}:${detector}`;
}

/**
 * visit_detector_region polygons of a butler export YAML.
 * @example readExportRegions("test/data/butler_exports/testdata_jointcal_hsc_exports.yaml").regions.size // 30
 */
export function readExportRegions(path: string): DetectorRegions {
  const text = readReportText(path);
  if (!/^description: Butler Data Repository Export/m.test(text) && !/^\s*element:\s/m.test(text))
    throw new InputError(path, "unsupported", "not a butler export YAML (no `element:` blocks)");
  const regions = new Map<string, [number, number][]>();
  const problems: { key: string; reason: string }[] = [];
  let inBlock = false;
  let rec: Record<string, string> = {};
  const flush = () => {
    if (rec.visit !== undefined && rec.detector !== undefined) {
      const key = vdKey(rec.visit, rec.detector);
      if (rec.encoded === undefined) problems.push({ key, reason: "record has no encoded region" });
      else {
        const d = decodeSphgeomRegion(rec.encoded);
        if ("corners" in d) regions.set(key, d.corners);
        else problems.push({ key, reason: d.error });
      }
    }
    rec = {};
  };
  for (const line of text.split("\n")) {
    const el = /^\s*(?:-\s+)?element:\s*(\S+)/.exec(line);
    if (el) {
      if (inBlock) flush();
      inBlock = el[1] === "visit_detector_region";
      continue;
    }
    if (!inBlock) continue;
    if (/^\s*-\s+type:/.test(line)) {
      flush();
      inBlock = false;
      continue;
    }
    const m = /^\s*(-\s+)?(\w+):\s*(.*)$/.exec(line);
    if (!m) continue;
    if (m[1] !== undefined && m[2] !== "type") flush();
    if (m[2] === "encoded") rec.encoded = m[3].trim();
    else if (m[2] === "visit" || m[2] === "detector" || m[2] === "instrument") rec[m[2]] = m[3].trim();
  }
  if (inBlock) flush();
  return { source: path, regions, problems };
}

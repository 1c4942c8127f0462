/** Markers for findings: the sample rows of failing checks at their sky positions, one colour per check. */
import type { CheckResult } from "../core/results.js";
import type { MapFrame } from "./map-frame.js";
import { projectPoints } from "./points.js";
import type { Trace } from "./types.js";

/** Sample rows with a position, grouped by check id, and how many samples could not be placed. */
export interface FindingPositions {
  id: string;
  ra: number[];
  dec: number[];
  text: string[];
}

/**
 * Positions of the failing checks' sample rows (results with status fail), one group per result.
 * @example findingPositions(report.results).some((g) => g.id === "Object.coord_ra.raDec") // true
 */
export function findingPositions(results: readonly CheckResult[]): FindingPositions[] {
  const groups: FindingPositions[] = [];
  for (const r of results) {
    if (r.status !== "fail") continue;
    const g: FindingPositions = { id: r.id, ra: [], dec: [], text: [] };
    for (const s of r.sample) {
      if (typeof s.ra !== "number" || typeof s.dec !== "number") continue;
      g.ra.push(s.ra);
      g.dec.push(s.dec);
      g.text.push(
        `row ${s.row}${s.key != null ? ` key ${s.key}` : ""}${s.value != null ? ` value ${s.value}` : ""}`,
      );
    }
    if (g.ra.length > 0) groups.push(g);
  }
  return groups;
}

/**
 * One marker trace per failing result; positions not on the map (|Dec| > 90, NaN, beyond a local view) are counted in the legend.
 * @example findingTraces(tractFrame(dc2SkyMap, 4431), report.results).length > 3 // true
 */
export function findingTraces(frame: MapFrame, results: readonly CheckResult[]): Trace[] {
  const symbols = ["x", "circle-open", "diamond-open", "square-open", "triangle-up-open", "star-open"];
  return findingPositions(results).map((g, i) => {
    const p = projectPoints(frame, g.ra, g.dec);
    const lost = g.ra.length - p.rows.length;
    const rows = Array.from(p.rows);
    return {
      type: "scatter",
      mode: "markers",
      name: lost > 0 ? `${g.id} (${lost} off the map)` : g.id,
      x: Array.from(p.x),
      y: Array.from(p.y),
      customdata: rows.map((r) => [g.ra[r], g.dec[r]]),
      text: rows.map((r) => g.text[r]),
      hovertemplate: `RA %{customdata[0]:.6f}°<br>Dec %{customdata[1]:.6f}°<br>%{text}<extra>${g.id}</extra>`,
      marker: { size: 8, symbol: symbols[i % symbols.length], line: { width: 1.5 } },
    };
  });
}

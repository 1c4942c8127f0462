// Figures from real data copied into test/data/ (see each folder's PROVENANCE.plots.md): HSC visit and
// detector outlines from a Butler export, the DC2 WFD footprint HEALPix pixels, SDSS reference-catalog shards.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { openTable } from "../../src/io/open.js";
import { autoFrame } from "../../src/plots/auto-frame.js";
import { decodeTypedArray, type TypedArrayJson } from "../../src/plots/encode.js";
import { healpixRasterValues } from "../../src/plots/healpix.js";
import { projectPolygons, type RaDec } from "../../src/plots/lines.js";
import { skyMap, skyMapOn } from "../../src/plots/map.js";
import { rasterGrid } from "../../src/plots/raster.js";
import { readPositions } from "../../src/plots/read-column.js";
import { REPO_ROOT } from "../helpers/paths.js";

const DATA = join(REPO_ROOT, "test/data");
const gunzipText = (path: string) => gunzipSync(readFileSync(join(DATA, path))).toString("utf8");

function insidePlanar(poly: [number, number][], x: number, y: number): boolean {
  let inside = false;
  for (let i = 0, j = poly.length - 1; i < poly.length; j = i++) {
    const [xi, yi] = poly[i];
    const [xj, yj] = poly[j];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

describe("HSC visit and detector outlines (daf_butler hsc-rc2-subset)", () => {
  const rows = gunzipText("butler_exports/derived_region_vertices_radec.csv.gz").trim().split("\n").slice(1);
  const visits = new Map<string, RaDec[]>();
  const detectors = new Map<string, Map<string, RaDec[]>>();
  for (const line of rows) {
    const f = line.split(",");
    const [element, visit, detector] = [f[1], `${f[0]}:${f[6]}`, f[7]];
    const v: RaDec = [Number(f[9]), Number(f[10])];
    if (element === "visit") visits.set(visit, [...(visits.get(visit) ?? []), v]);
    if (element === "visit_detector_region") {
      const m = detectors.get(visit) ?? new Map<string, RaDec[]>();
      m.set(detector, [...(m.get(detector) ?? []), v]);
      detectors.set(visit, m);
    }
  }
  const visit = [...detectors.entries()].sort((a, b) => b[1].size - a[1].size)[0];

  it("every detector of the richest visit draws as one closed outline inside the visit outline", () => {
    const [id, dets] = visit;
    expect(dets.size).toBeGreaterThanOrEqual(20);
    const rings = [...dets.values()];
    const corners = rings.flat();
    const frame = autoFrame(
      corners.map((c) => c[0]),
      corners.map((c) => c[1]),
    );
    expect(frame.projection.type).toBe("gnomonic");
    const det = projectPolygons(frame.projection, rings);
    expect(det.parts.length).toBe(rings.length); // nothing cut, nothing lost
    const outline = projectPolygons(frame.projection, [visits.get(id) ?? []]);
    const poly = outline.x.map((x, i) => [x, outline.y[i]] as [number, number]);
    for (let i = 0; i < det.x.length; i++) {
      if (det.x[i] === null) continue;
      expect(insidePlanar(poly, det.x[i] as number, det.y[i] as number)).toBe(true);
    }
    const fig = skyMapOn(frame)
      .polygons([visits.get(id) ?? []], { name: `visit ${id}`, color: "#24292f" })
      .polygons(rings, { name: "detectors", fill: "rgba(9,105,218,0.15)" })
      .figure({ title: `HSC visit ${id}`, provenance: { sources: ["daf_butler hsc-rc2-subset.yaml"] } });
    expect(fig.data.filter((t) => t.name === "detectors")).toHaveLength(1);
  });
});

describe("DC2 WFD footprint (DC2_visitList regionPixels, RING nside 1024)", () => {
  const pixels = gunzipText(
    "dc2_visitlist/DC2RegionPixels_minion1016_v3_WFDvisits_nside1024_WFDvisitsInWFD.csv.gz",
  )
    .trim()
    .split("\n")
    .slice(1)
    .map(Number);

  it("on an equal-area Mollweide raster the drawn area matches 91 599 pixels of nside 1024 (within 3 %)", () => {
    expect(pixels).toHaveLength(91599);
    const map = skyMap({ type: "mollweide", center: [60, 0] });
    const [x0, x1, y0, y1] = map.frame.extent;
    const width = 1600;
    const height = Math.round((width * (y1 - y0)) / (x1 - x0));
    const grid = rasterGrid(map.frame.projection, map.frame.extent, width, height);
    const z = healpixRasterValues({ order: 10, nest: false, pixels }, grid);
    let cells = 0;
    for (const v of z) if (v === 1) cells++;
    const drawn = cells * grid.dx * grid.dy; // Mollweide at scale 1: the sphere's 4π sr map to 4π units²
    const expected = (pixels.length * 4 * Math.PI) / (12 * 1024 * 1024);
    expect(Math.abs(drawn / expected - 1)).toBeLessThan(0.03);
  });

  it("a fitted view of the footprint draws it with a colour bar and no-data around it", () => {
    const fig = skyMap({
      type: "gnomonic",
      center: [61.9, -35.8],
      clipAngle: 20,
      frame: { fit: { ra: [50, 74], dec: [-46, -26] } },
    })
      .healpix({ order: 10, nest: false, pixels }, { width: 400, name: "DC2 WFD" })
      .figure({ title: "DC2 WFD footprint" });
    const heat = fig.data.find((t) => t.type === "heatmap")!;
    const z = decodeTypedArray(heat.z as TypedArrayJson);
    const filled = Array.from(z).filter((v) => v === 1).length;
    const empty = Array.from(z).filter((v) => Number.isNaN(v)).length;
    expect(filled).toBeGreaterThan(0.2 * z.length);
    expect(empty).toBeGreaterThan(0.1 * z.length);
  });
});

describe("SDSS reference catalog shards (pipe_tasks sdssrefcat)", () => {
  it("stars fall in the query box RA 215.1–216.1, Dec 52.6–53.6 and all are drawn", async () => {
    const source = await openTable("refcat", [
      join(DATA, "pipe_tasks_sdss_refcat/903281.fits"),
      join(DATA, "pipe_tasks_sdss_refcat/903283.fits"),
    ]);
    const { ra, dec } = await readPositions(source, "coord_ra", "coord_dec", "rad");
    expect(ra.length).toBeGreaterThan(100);
    for (let i = 0; i < ra.length; i++) {
      expect(ra[i]).toBeGreaterThan(215.1 - 1e-6);
      expect(ra[i]).toBeLessThan(216.1 + 1e-6);
      expect(dec[i]).toBeGreaterThan(52.6 - 1e-6);
      expect(dec[i]).toBeLessThan(53.6 + 1e-6);
    }
    const fig = skyMapOn(autoFrame(ra, dec)).points({ ra, dec }).figure();
    const pts = fig.data.find((t) => t.type === "scattergl")!;
    expect(decodeTypedArray(pts.x as TypedArrayJson).length).toBe(ra.length);
  });
});

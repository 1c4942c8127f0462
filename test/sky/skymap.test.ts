import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  angularSeparation,
  raDifference,
  radecToVector,
  raInRange,
  vecNormalize,
  vectorAngle,
  vectorToRadec,
} from "../../src/sky/angles.js";
import { pix2angNest } from "../../src/sky/healpix/index.js";
import { mocCells, mocFromRingCells } from "../../src/sky/moc/index.js";
import { dc2SkyMap, findAllTracts, findPatchesOverlapping, hscSkyMap } from "../../src/sky/skymap/index.js";
import { external, externalText } from "../helpers/paths.js";
import { type ButlerRegion, readButlerSkyMapRecords, readButlerSkyRegions } from "./butlerRegions.js";

const DC2_EXPORT = external("ap_verify_ci_dc2", "butler_export.yaml");
const HSC_EXPORTS = [
  external("butler_exports", "daf_butler_hsc-rc2-subset.yaml.gz"),
  external("butler_exports", "testdata_jointcal_hsc_exports.yaml"),
  external("ap_verify_ci_cosmos_pdr2", "butler_export.yaml.gz"),
];

// Registry regions are written by the LSST stack (sphgeom float64 unit vectors); we recompute them from the
// rings algorithm. Observed agreement is ~5e-9″; 1e-9° (3.6 µas) leaves room for libm differences.
const OUTLINE_TOLERANCE_DEG = 1e-9;

function ourOutline(r: ButlerRegion): [number, number][] {
  const map = r.skymap === "DC2" ? dc2SkyMap : hscSkyMap;
  const tract = map.tract(r.tract);
  return r.element === "tract" ? tract.outerOutline : tract.patch(r.patch as number).outerOutline;
}

function centroid(vertices: [number, number, number][]): [number, number] {
  const s: [number, number, number] = [0, 0, 0];
  for (const v of vertices) for (let k = 0; k < 3; k++) s[k] += v[k];
  return vectorToRadec(vecNormalize(s));
}

describe("DC2 rings sky map", () => {
  it("has the tract count and patch grid of the real DC2 registry record", () => {
    const [record] = readButlerSkyMapRecords(DC2_EXPORT);
    expect(record.name).toBe("DC2");
    expect(dc2SkyMap.numTracts).toBe(record.tractMax); // 18938
    const tract = dc2SkyMap.tract(4431);
    expect(tract.numPatches).toEqual([record.patchNxMax, record.patchNyMax]); // 7 x 7
    expect(tract.bbox).toEqual({ minX: 0, minY: 0, width: 28000, height: 28000 });
  });

  it("puts the DP0.2 tutorial position in tract 4431, patch 17 (rubin-qa-anchors §5)", () => {
    expect(dc2SkyMap.findTractPatch(55.65, -32.2)).toEqual({ tract: 4431, patch: 17 });
    expect(dc2SkyMap.tract(4431).patchIndexPair(17)).toEqual([3, 2]);
  });

  it("gives patch 17 the inner corners noted in rubin-qa-anchors §5 (RA 55.52–55.78, Dec −32.32…−32.09)", () => {
    const inner = dc2SkyMap.tract(4431).patch(17).innerOutline;
    const ras = inner.map((c) => c[0]);
    const decs = inner.map((c) => c[1]);
    expect(Math.min(...ras)).toBeCloseTo(55.52, 2);
    expect(Math.max(...ras)).toBeCloseTo(55.78, 2);
    expect(Math.min(...decs)).toBeCloseTo(-32.32, 2);
    expect(Math.max(...decs)).toBeCloseTo(-32.09, 2);
    // The inner box is 4000 px = 800″ on a side; each outer edge of an interior patch lies 100 px = 20″ out.
    const [sw, se, ne] = inner;
    expect(angularSeparation(sw[0], sw[1], se[0], se[1]) * 3600).toBeCloseTo(800, 0);
    expect(angularSeparation(se[0], se[1], ne[0], ne[1]) * 3600).toBeCloseTo(800, 0);
    const outerSw = dc2SkyMap.tract(4431).patch(17).outerOutline[0];
    expect(angularSeparation(sw[0], sw[1], outerSw[0], outerSw[1]) * 3600).toBeCloseTo(20 * Math.SQRT2, 1);
  });

  it("puts (55.6, -29.5) in tract 4850 (LSSTDESC/gcr-catalogs#347)", () => {
    expect(dc2SkyMap.findTract(55.6, -29.5)).toBe(4850);
  });

  it("has tract centres on the ring grid (hand calculation)", () => {
    // ringSize = 180/121 deg; tract 4431 lies in ring 38, so its centre Dec is -90 + 39 * 180/121.
    const tract = dc2SkyMap.tract(4431);
    expect(tract.ring).toBe(38);
    expect(tract.ctrCoord[1]).toBeCloseTo(-90 + (39 * 180) / 121, 12);
    expect(tract.ctrCoord[0]).toBeCloseTo((360 * tract.indexInRing) / dc2SkyMap.tractsPerRing[38], 12);
    // The south cap is tract 0 and the north cap the last tract.
    expect(dc2SkyMap.findTract(123, -89.9)).toBe(0);
    expect(dc2SkyMap.findTract(5, 89.9)).toBe(18937);
  });

  it("reproduces the real tract and patch regions of the DC2 registry", () => {
    const regions = readButlerSkyRegions(DC2_EXPORT);
    expect(regions.map((r) => `${r.element}:${r.tract}:${r.patch}`).sort()).toEqual(
      ["patch:4431:10", "patch:4431:16", "patch:4431:17", "patch:4431:9", "tract:4431:null"].sort(),
    );
    for (const r of regions) {
      const ours = ourOutline(r);
      expect(ours).toHaveLength(r.vertices.length);
      r.vertices.forEach((v, i) => {
        expect(vectorAngle(v, radecToVector(ours[i][0], ours[i][1]))).toBeLessThan(OUTLINE_TOLERANCE_DEG);
      });
    }
  });

  it("maps the centre of every real DC2 patch region back to that tract and patch", () => {
    for (const r of readButlerSkyRegions(DC2_EXPORT).filter((x) => x.element === "patch")) {
      const [ra, dec] = centroid(r.vertices);
      expect(dc2SkyMap.findTractPatch(ra, dec)).toEqual({ tract: r.tract, patch: r.patch });
      expect(dc2SkyMap.tract(r.tract).patchIndexPair(r.patch as number)).toEqual(r.patchXY);
    }
  });
});

describe("HSC rings sky map (hsc_rings_v1)", () => {
  const regions = HSC_EXPORTS.flatMap((f) => readButlerSkyRegions(f));

  it("has the registry's tract count and 9x9 patches", () => {
    for (const f of HSC_EXPORTS) {
      const [record] = readButlerSkyMapRecords(f);
      expect(record.name).toBe("hsc_rings_v1");
      expect(hscSkyMap.numTracts).toBe(record.tractMax);
      expect(hscSkyMap.tract(9697).numPatches).toEqual([record.patchNxMax, record.patchNyMax]);
    }
  });

  it("reproduces all real HSC tract and patch regions (tracts 9615, 9697, 9813; 89 patches)", () => {
    expect(regions.filter((r) => r.element === "patch").length).toBe(89);
    for (const r of regions) {
      expect(r.skymap).toBe("hsc_rings_v1");
      const ours = ourOutline(r);
      r.vertices.forEach((v, i) => {
        expect(vectorAngle(v, radecToVector(ours[i][0], ours[i][1]))).toBeLessThan(OUTLINE_TOLERANCE_DEG);
      });
    }
  });

  it("maps real patch centres to their patch and (x, y), and to their tract where inside its inner box", () => {
    let insideInner = 0;
    for (const r of regions.filter((x) => x.element === "patch")) {
      const [ra, dec] = centroid(r.vertices);
      const tract = hscSkyMap.tract(r.tract);
      expect(tract.findPatch(ra, dec)).toBe(r.patch);
      expect(tract.sequentialPatchIndex(...(r.patchXY as [number, number]))).toBe(r.patch);
      // Edge patches of a tract reach into the neighbouring tracts' inner regions (the tract overlap);
      // findTract must name this tract exactly when the point is inside this tract's inner RA/Dec box.
      const { raMin, raMax, decMin, decMax } = tract.innerRegion;
      const inside =
        dec >= decMin && dec < decMax && raDifference(ra, raMin) >= 0 && raDifference(raMax, ra) > 0;
      expect(hscSkyMap.findTract(ra, dec) === r.tract).toBe(inside);
      if (inside) {
        insideInner++;
        expect(hscSkyMap.findTractPatch(ra, dec)).toEqual({ tract: r.tract, patch: r.patch });
      }
    }
    expect(insideInner).toBeGreaterThan(50);
  });
});

describe("rings sky map geometry", () => {
  it("assigns points just inside each edge of a tract's inner RA/Dec box to that tract", () => {
    for (const id of [1, 4431, 9000, 18936]) {
      const t = dc2SkyMap.tract(id);
      const { raMin, raMax, decMin, decMax } = t.innerRegion;
      const eps = 1e-7;
      const decMid = (decMin + decMax) / 2;
      const raMid = t.ctrCoord[0];
      expect(dc2SkyMap.findTract(raMin + eps, decMid)).toBe(id);
      expect(dc2SkyMap.findTract(raMax - eps, decMid)).toBe(id);
      expect(dc2SkyMap.findTract(raMid, decMin + eps)).toBe(id);
      expect(dc2SkyMap.findTract(raMid, decMax - eps)).toBe(id);
      // Just across the RA edges lie the neighbours in the same ring (wrapping at RA 0).
      const n = dc2SkyMap.tractsPerRing[t.ring];
      const first = id - t.indexInRing;
      expect(dc2SkyMap.findTract(raMax + eps, decMid)).toBe(first + ((t.indexInRing + 1) % n));
      expect(dc2SkyMap.findTract(raMin - eps, decMid)).toBe(first + ((t.indexInRing + n - 1) % n));
    }
  });

  it("holds a mid-latitude tract's inner box inside its pixel box, but not a ring-0 tract's (as upstream)", () => {
    // The RA width of a ring is set at its equatorward edge; next to the poles the inner box's poleward
    // corners fall outside the square pixel box, so findTractPatch throws there like lsst's findPatch.
    for (const id of [4431, 9000]) {
      const t = dc2SkyMap.tract(id);
      for (const [ra, dec] of t.innerOutline) expect(t.contains(ra, dec)).toBe(true);
    }
    const polar = dc2SkyMap.tract(1);
    expect(polar.innerOutline.some(([ra, dec]) => !polar.contains(ra, dec))).toBe(true);
  });

  it("agrees with a brute-force search of all 18,938 inner RA/Dec boxes for 600 random points", () => {
    let seed = 99;
    const rand = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    const boxes = Array.from({ length: dc2SkyMap.numTracts }, (_, id) => dc2SkyMap.tract(id).innerRegion);
    for (let k = 0; k < 600; k++) {
      const ra = 360 * rand();
      const dec = (Math.asin(2 * rand() - 1) * 180) / Math.PI;
      const owners: number[] = [];
      for (let id = 0; id < boxes.length; id++) {
        const b = boxes[id];
        // Caps span RA 0..360, which raInRange reads as the full circle.
        if (dec >= b.decMin && dec < b.decMax && raInRange(ra, b.raMin, b.raMax)) owners.push(id);
      }
      expect(owners).toEqual([dc2SkyMap.findTract(ra, dec)]);
    }
  });

  it("wraps RA: 359.9999 and -0.0001 fall in the same tract, RA 0 in the first tract of its ring", () => {
    expect(dc2SkyMap.findTract(359.9999, -30)).toBe(dc2SkyMap.findTract(-0.0001, -30));
    const t = dc2SkyMap.tract(dc2SkyMap.findTract(0, -30));
    expect(t.indexInRing).toBe(0);
  });

  it("round-trips pixel <-> sky through the tract WCS and keeps +x West, +y North", () => {
    const wcs = dc2SkyMap.tract(4431).wcs;
    for (const [x, y] of [
      [0, 0],
      [13999, 13999],
      [27999.5, 123.25],
    ]) {
      const [ra, dec] = wcs.pixelToSky(x, y);
      const [x2, y2] = wcs.skyToPixel(ra, dec);
      expect(Math.abs(x2 - x)).toBeLessThan(1e-6);
      expect(Math.abs(y2 - y)).toBeLessThan(1e-6);
    }
    const [ra0, dec0] = wcs.pixelToSky(14000, 14000);
    const [ra1] = wcs.pixelToSky(14001, 14000);
    const [, dec1] = wcs.pixelToSky(14000, 14001);
    expect(ra1).toBeLessThan(ra0);
    expect(dec1).toBeGreaterThan(dec0);
    // One pixel is 0.2 arcsec.
    expect(angularSeparation(ra0, dec0, ra1, dec0) * 3600).toBeCloseTo(0.2, 6);
  });

  it("orients the polar-cap TAN grids like FITS defaults (LONPOLE 180°, 0° at Dec +90°; hand-derived)", () => {
    // Paper II: α = α_p + φ − φ_p + 180° at δ_p = +90°, α = α_p − (φ − φ_p) at δ_p = −90°, with
    // φ = atan2(x, −y) and x = −0.2″·Δpix (CD1_1 < 0). North cap (φ_p = 0): +y → RA 0, +x → RA 90.
    // South cap (φ_p = 180°): +y → RA 0, +x → RA 270.
    const north = dc2SkyMap.tract(dc2SkyMap.numTracts - 1).wcs;
    const south = dc2SkyMap.tract(0).wcs;
    const ra = (w: typeof north, dx: number, dy: number) => w.pixelToSky(w.crpix[0] + dx, w.crpix[1] + dy)[0];
    expect(ra(north, 0, 1000)).toBeCloseTo(0, 9);
    expect(ra(north, 1000, 0)).toBeCloseTo(90, 9);
    expect(ra(south, 0, 1000)).toBeCloseTo(0, 9);
    expect(ra(south, 1000, 0)).toBeCloseTo(270, 9);
  });

  it("has interior patches of 4200 px outer size and edge patches clipped to 4100", () => {
    const t = dc2SkyMap.tract(4431);
    expect(t.patch(24).outerBBox).toEqual({ minX: 11900, minY: 11900, width: 4200, height: 4200 });
    expect(t.patch([0, 0]).outerBBox).toEqual({ minX: 0, minY: 0, width: 4100, height: 4100 });
    expect(t.patch(48).innerBBox).toEqual({ minX: 24000, minY: 24000, width: 4000, height: 4000 });
    expect(() => t.patch(49)).toThrow(RangeError);
    expect(() => dc2SkyMap.tract(18938)).toThrow(RangeError);
  });

  it("refuses invalid positions: RangeError one by one, -1 columnar", () => {
    expect(() => dc2SkyMap.findTractPatch(Number.NaN, 0)).toThrow(RangeError);
    expect(() => dc2SkyMap.findTract(10, 91)).toThrow(RangeError);
    const out = dc2SkyMap.findTractPatchArray([Number.NaN, 55.65, 10], [0, -32.2, -95]);
    expect(Array.from(out.tract)).toEqual([-1, 4431, -1]);
    expect(Array.from(out.patch)).toEqual([-1, 17, -1]);
  });

  it("gives the same answer columnar as one by one", () => {
    const ra = Float64Array.from([55.65, 55.6, 0, 359.99, 200, 61.863]);
    const dec = Float64Array.from([-32.2, -29.5, -89.95, 10, 45, -35.79]);
    const out = dc2SkyMap.findTractPatchArray(ra, dec);
    for (let i = 0; i < ra.length; i++) {
      expect({ tract: out.tract[i], patch: out.patch[i] }).toEqual(dc2SkyMap.findTractPatch(ra[i], dec[i]));
    }
  });
});

describe("DC2 sky map vs real DP0.2 data", () => {
  it("puts the genuine DP0.2 Object row in its tract/patch at its tract-frame pixel (qserv_dp02_object)", () => {
    // objectId 1248684569339659648: coord_ra 49.9828082, coord_dec -44.5129261, tract 2897, patch 6,
    // x 25098.2441250, y 2624.5126315 (derived_dp02_object_row_with_header.csv).
    const path = external("qserv_dp02_object", "derived_dp02_object_row_with_header.csv");
    const [header, row] = readFileSync(path, "utf8").trim().split("\n");
    const names = header.split(",");
    const values = row.split(",");
    const get = (name: string) => Number(values[names.indexOf(name)]);
    const ra = get("coord_ra");
    const dec = get("coord_dec");
    expect(dc2SkyMap.findTractPatch(ra, dec)).toEqual({ tract: get("tract"), patch: get("patch") });
    const [x, y] = dc2SkyMap.tract(get("tract")).wcs.skyToPixel(ra, dec);
    // coord_ra/dec carry 7 decimals (1e-7 deg = 0.0018 px), so agreement is limited to ~0.002 px.
    expect(Math.abs(x - get("x"))).toBeLessThan(0.002);
    expect(Math.abs(y - get("y"))).toBeLessThan(0.002);
  });

  it("maps the DC2 WFD footprint north of ring 29 into the 157 tracts DP0.2 ingested", () => {
    const manifest = JSON.parse(
      externalText("qserv_dp02_object", "filecache_dp02_dc2_catalogs.IDF.json.gz"),
    ) as { url: string }[];
    const listed = new Set(manifest.map((e) => Number(/objectTable_tract_(\d+)_/.exec(e.url)?.[1])));
    expect(listed.size).toBe(157);
    const ring = externalText(
      "dc2_visitlist",
      "DC2RegionPixels_minion1016_v3_WFDvisits_nside1024_WFDvisitsInWFD.csv.gz",
    )
      .trim()
      .split("\n")
      .slice(1)
      .map(Number);
    // The footprint's southern edge bulges below Dec -44.63 into ring 29 (tracts 2724-2733), which
    // DP0.2 did not process; everything north of it must land in a listed tract.
    const ring29Top = dc2SkyMap.tract(2724).innerRegion.decMax;
    let checked = 0;
    for (const cell of mocCells(mocFromRingCells(10, ring))) {
      const [ra, dec] = pix2angNest(10, cell);
      if (dec <= ring29Top) continue;
      checked++;
      expect(listed.has(dc2SkyMap.findTract(ra, dec))).toBe(true);
    }
    expect(checked).toBeGreaterThan(85000);
  });
});

describe("tracts and patches touched by points and regions", () => {
  it("lists every tract whose pixel box holds a real patch centre (overlap regions belong to several)", () => {
    const regions = HSC_EXPORTS.flatMap((f) => readButlerSkyRegions(f)).filter((r) => r.element === "patch");
    let multiple = 0;
    for (const r of regions) {
      const [ra, dec] = centroid(r.vertices);
      const all = findAllTracts(hscSkyMap, ra, dec);
      expect(all).toContain(r.tract);
      expect(all).toContain(hscSkyMap.findTract(ra, dec));
      if (all.length > 1) multiple++;
    }
    // Patch 72 of tract 9813 (top row) reaches into tract 10056's inner region.
    expect(multiple).toBeGreaterThan(0);
  });

  it("finds DP0.2 tract 4431 patch 17 for a small box around the tutorial position", () => {
    const box: [number, number][] = [
      [55.64, -32.21],
      [55.66, -32.21],
      [55.66, -32.19],
      [55.64, -32.19],
    ];
    expect(findPatchesOverlapping(dc2SkyMap, box, { inner: true })).toEqual([{ tract: 4431, patch: 17 }]);
  });

  it("finds tract 9697 for every real HSC detector footprint of the jointcal test data (a tract-9697 data set)", () => {
    const rows = externalText("butler_exports", "derived_region_vertices_radec.csv.gz")
      .trim()
      .split("\n")
      .slice(1)
      .map((l) => l.split(","));
    const polygons = new Map<string, [number, number][]>();
    for (const r of rows) {
      if (r[1] !== "visit_detector_region" || !r[0].includes("jointcal")) continue;
      const key = `${r[6]}/${r[7]}`;
      const list = polygons.get(key) ?? [];
      list.push([Number(r[9]), Number(r[10])]);
      polygons.set(key, list);
    }
    expect(polygons.size).toBe(30);
    for (const corners of polygons.values()) {
      const hits = findPatchesOverlapping(hscSkyMap, corners);
      expect(hits.some((h) => h.tract === 9697)).toBe(true);
      // The patch holding the detector's first corner is among them.
      const [ra, dec] = corners[0];
      const tract = hscSkyMap.findTract(ra, dec);
      expect(hits).toContainEqual({ tract, patch: hscSkyMap.tract(tract).findPatch(ra, dec) });
    }
  });
});

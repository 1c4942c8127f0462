// Patch completeness against the real DC2 DR2 missing-patch lists (LSSTDESC/DC2-production#402,
// LSSTDESC/gcr-catalogs#512, transcribed in test/data/failure_reports/): data is made with exactly the
// listed patches present, and skygate must write the same lists back in the shape DC2 users wrote by hand.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { denseTract } from "../../fixtures/generator/dense.js";
import { patchCompleteness, patchDensityGrid } from "../../src/holes/completeness.js";
import { allPatches, formatDc2Lists, parseDc2PatchList, readDc2Line } from "../../src/holes/dc2Lists.js";
import { detectHoles } from "../../src/holes/detect.js";
import { footprintFromTracts } from "../../src/holes/footprint.js";
import { dc2SkyMap } from "../../src/sky/index.js";
import { testData } from "./data.js";

interface Row {
  source: string;
  catalog: string;
  tract: number;
  kind: "only_present" | "missing" | "entirely_missing";
  verbatim: string;
}

function readRows(): Row[] {
  const lines = readFileSync(
    testData("failure_reports", "derived_dc2_dr2_missing_patches_transcribed.csv"),
    "utf8",
  )
    .trim()
    .split("\n");
  expect(lines[0]).toBe("source,catalog,tract,kind,patches_verbatim");
  return lines.slice(1).map((line) => {
    const m = /^([^,]+),([^,]+),(\d+),([^,]+),"?(.*?)"?$/.exec(line);
    if (!m) throw new Error(`cannot read ${line}`);
    return { source: m[1], catalog: m[2], tract: Number(m[3]), kind: m[4] as Row["kind"], verbatim: m[5] };
  });
}

function missingOf(row: Row): Set<string> {
  if (row.kind === "entirely_missing") return new Set(allPatches());
  const named = parseDc2PatchList(row.verbatim);
  if (row.kind === "missing") return named;
  return new Set(allPatches().filter((p) => !named.has(p)));
}

describe("DC2 patch-list notation", () => {
  it("reads ranges in x-major order as #402 writes them", () => {
    expect([...parseDc2PatchList("0,0 through 1,6 and 2,6")]).toHaveLength(15);
    expect([...parseDc2PatchList("0,0 through 0,4")]).toEqual(["0,0", "0,1", "0,2", "0,3", "0,4"]);
    expect([...parseDc2PatchList("the x,6 row")]).toEqual(["0,6", "1,6", "2,6", "3,6", "4,6", "5,6", "6,6"]);
    expect(parseDc2PatchList("through 2,6").size).toBe(21);
    expect([...parseDc2PatchList("0,0; 0,6; 1,0")]).toEqual(["0,0", "0,6", "1,0"]);
  });
  it("refuses what it cannot read", () => {
    expect(() => parseDc2PatchList("7,0")).toThrow(/outside/);
    expect(() => parseDc2PatchList("a,b")).toThrow(/cannot read/);
  });
});

/** Synthetic objects (uniform, ~400 per patch) only in the present patches of each tract. */
function dataFor(rows: Row[]): { ra: Float64Array; dec: Float64Array } {
  const ra: number[] = [];
  const dec: number[] = [];
  for (const row of rows) {
    const t = denseTract({
      tract: row.tract,
      objects: 20_000,
      seed: row.tract,
      defects: false,
      stars: 0,
      clustering: 0,
    });
    const where = dc2SkyMap.findTractPatchArray(t.ra, t.dec);
    const missing = missingOf(row);
    const info = dc2SkyMap.tract(row.tract);
    for (let i = 0; i < t.ra.length; i++) {
      if (where.tract[i] !== row.tract || where.patch[i] < 0) continue;
      if (missing.has(info.patchIndexPair(where.patch[i]).join(","))) continue;
      ra.push(t.ra[i]);
      dec.push(t.dec[i]);
    }
  }
  return { ra: Float64Array.from(ra), dec: Float64Array.from(dec) };
}

describe.each(["object", "metacal"])("the %s lists of DC2 DR2", (catalog) => {
  const rows = readRows().filter((r) => r.catalog === catalog);
  const { ra, dec } = dataFor(rows);
  const footprint = footprintFromTracts(dc2SkyMap, new Map(rows.map((r) => [r.tract, null])));
  const detection = detectHoles(ra, dec, { footprint });
  const completeness = patchCompleteness(detection, { expected: footprint.expected });
  const text = formatDc2Lists(completeness);
  const lines = new Map(
    text
      .trim()
      .split("\n")
      .map((l) => [readDc2Line(l).tract, l]),
  );

  it("has the transcribed rows", () => {
    expect(rows.length).toBe(catalog === "object" ? 23 : 20);
  });

  it("writes back exactly the listed missing patches for every tract", () => {
    for (const row of rows) {
      const line = lines.get(row.tract);
      expect(line, `tract ${row.tract}`).toBeDefined();
      const back = readDc2Line(line as string);
      expect([...back.missing].sort(), `tract ${row.tract}`).toEqual([...missingOf(row)].sort());
      expect(back.low.size).toBe(0);
    }
  });

  it("names entirely missing tracts and flags them", () => {
    const entirely = rows.filter((r) => r.kind === "entirely_missing").map((r) => r.tract);
    expect(completeness.missingTracts).toEqual([...entirely].sort((a, b) => a - b));
    for (const t of entirely) expect(lines.get(t)).toBe(`${t} : entirely missing`);
  });

  it("writes #402's own words where the present list is short", () => {
    if (catalog !== "object") return;
    expect(lines.get(2723)).toBe("2723 : only 2,6 3,6 4,6");
    expect(lines.get(3454)).toBe("3454 : only 6,0 6,1 6,2");
  });

  it("reports the holes the missing patches leave", () => {
    expect(detection.holes.length).toBeGreaterThan(0);
    const listed = new Set(rows.map((r) => r.tract));
    expect(detection.holes.every((h) => h.patches.some((p) => listed.has(p.tract)))).toBe(true);
  });

  it("gives a 7 × 7 density grid per tract for the completeness map", () => {
    const row = rows.find((r) => r.kind !== "entirely_missing") as Row;
    const grid = patchDensityGrid(completeness, row.tract);
    expect([grid.nx, grid.ny]).toEqual([7, 7]);
    const info = dc2SkyMap.tract(row.tract);
    for (let p = 0; p < 49; p++) {
      const missing = missingOf(row).has(info.patchIndexPair(p).join(","));
      if (grid.status[p] === "partial") continue;
      expect(grid.status[p]).toBe(missing ? "missing" : "complete");
      // A missing patch keeps at most the few objects its edge cells (26″) catch from a neighbour.
      if (missing) expect(grid.observed[p]).toBeLessThan(0.05 * grid.expected[p]);
      else expect(grid.density[p]).toBeGreaterThan(0);
    }
  });
});

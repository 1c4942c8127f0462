// Rules the profile seldom proves (nanWithoutFlag, errorPair: `countWithProfile`) are counted in the profile's
// own pass: a table whose NaN all have their flag set needs no second scan, a failing rule still gets its
// sample from the scan, an engine that cannot fuse (or whose fused query breaks) gives the same report.
import { describe, expect, it } from "vitest";
import { checkTables } from "../../src/checks/checkTables.js";
import { parseUserRange } from "../../src/checks/userRange.js";
import type { Report } from "../../src/core/results.js";
import { ArrowEngine } from "../../src/engines/arrow/arrow-engine.js";
import type { CountRequest, Engine, ProfileRequest } from "../../src/engines/types.js";
import { fromColumns, type JsColumn } from "../../src/io/interop.js";
import { comparable } from "./helpers.js";

const NaN_ = Number.NaN;

/** The Arrow engine, recording the conditions each countWhere asks for; `fuse: false` refuses fused profiles. */
function spy(mode: "fuse" | "ignore" | "throw"): Engine & { counted: string[][] } {
  const arrow = new ArrowEngine();
  const counted: string[][] = [];
  return {
    name: "spy",
    counted,
    supports: () => true,
    profile: async (source, request: ProfileRequest = {}) => {
      if (request.conditions !== undefined && mode === "throw") throw new Error("cannot fuse");
      const { conditions: _, ...plain } = request;
      return arrow.profile(source, mode === "fuse" ? request : plain);
    },
    countWhere: (source, request: CountRequest) => {
      counted.push(request.conditions.map((c) => JSON.stringify(c.where)));
      return arrow.countWhere(source, request);
    },
    duplicateKeys: (...a) => arrow.duplicateKeys(...a),
    orphanKeys: (...a) => arrow.orphanKeys(...a),
  };
}

async function check(columns: Record<string, JsColumn>, engine: Engine, prefilter = true): Promise<Report> {
  return checkTables({
    sources: new Map([["Object", fromColumns("Object", columns)]]),
    engineFor: () => engine,
    prefilter,
    version: "test",
  });
}

const results = comparable;

// NaN in the flux with the flag set: legitimate, but a per-column profile cannot prove it.
const explained = {
  objectId: [1n, 2n, 3n, 4n],
  r_psfFlux: [1.5, NaN_, 2.5, NaN_],
  r_psfFluxErr: [0.1, NaN_, 0.2, NaN_],
  r_psfFlux_flag: [false, true, false, true],
};
// The same with one NaN whose flag is false: a nanWithoutFlag failure at row 3.
const unexplained = { ...explained, r_psfFlux_flag: [false, true, false, false] };

describe("counts fused into the prefilter's profile", () => {
  it("judges flagged NaN without a second scan", async () => {
    const engine = spy("fuse");
    const report = await check(explained, engine);
    expect(report.results.find((r) => r.id === "Object.r_psfFlux.nanWithoutFlag")?.status).toBe("pass");
    expect(report.results.find((r) => r.id === "Object.r_psfFlux.errorPair")?.status).toBe("pass");
    expect(engine.counted).toEqual([]);
  });

  it("scans for the sample of a rule the fused count found failing, as without the prefilter", async () => {
    const engine = spy("fuse");
    const report = await check(unexplained, engine);
    const failing = report.results.find((r) => r.id === "Object.r_psfFlux.nanWithoutFlag");
    expect([failing?.status, failing?.failing, failing?.sample.map((s) => s.row)]).toEqual(["fail", 1, [3]]);
    expect(engine.counted.flat()).toHaveLength(1);
    expect(results(report)).toEqual(results(await check(unexplained, new ArrowEngine(), false)));
  });

  it("gives the same report when the engine does not fuse, or its fused query fails", async () => {
    for (const columns of [explained, unexplained]) {
      const fused = results(await check(columns, spy("fuse")));
      for (const mode of ["ignore", "throw"] as const) {
        const engine = spy(mode);
        expect(results(await check(columns, engine))).toEqual(fused);
        // the family rules are then counted by the scan
        expect(engine.counted.flat().length).toBeGreaterThanOrEqual(2);
      }
    }
  });

  it("breaks rules the profile already knows to fail (most of those left) down in their one scan, as the follow-up scan does", async () => {
    const placed = {
      ...unexplained,
      tract: [1, 1, 2, 2],
      patch: [0, 1, 0, 0],
      band: ["g", "r", "r", "r"],
      extra: [NaN_, 1, NaN_, 2], // a plain nan rule: the profile counts its rows
    };
    const engine = spy("fuse");
    const report = await check(placed, engine);
    expect(engine.counted).toHaveLength(1); // no second scan for the breakdowns
    const extra = report.results.find((r) => r.id === "Object.extra.nan");
    expect(JSON.parse(JSON.stringify(extra?.breakdowns))).toEqual({
      "tract/patch": { "1/0": 1, "2/0": 1 },
      band: { g: 1, r: 1 },
    });
    // the same report as with every rule scanned and broken down afterwards
    expect(results(report)).toEqual(results(await check(placed, new ArrowEngine(), false)));
    // with more rules the profile cannot judge beforehand (a range, the band's values), breakdowns come after
    // the counts, as before
    const { extra: _, ...mixed } = { ...placed, r_psfFlux: [1.5, NaN_, -2.5, NaN_] };
    const ranged = spy("fuse");
    const withRange = await checkTables({
      sources: new Map([["Object", fromColumns("Object", mixed)]]),
      engineFor: () => ranged,
      ranges: [parseUserRange("Object.r_psfFlux=0..")],
      version: "test",
    });
    expect(ranged.counted.length).toBeGreaterThan(1);
    const unbroken = await checkTables({
      sources: new Map([["Object", fromColumns("Object", mixed)]]),
      engineFor: () => new ArrowEngine(),
      prefilter: false,
      ranges: [parseUserRange("Object.r_psfFlux=0..")],
      version: "test",
    });
    expect(results(withRange)).toEqual(results(unbroken));
  });
});

// What a step should have produced against what is there: every patch of a tract (× band) or every visit ×
// detector; the missing ones are MISSING failures, placed on the sky and classified like failures. The registry
// case is the real ap_verify_ci_dc2 registry, whose goodSeeingCoadd holds r-band patches 9, 10, 16 and 17 of tract
// 4431 (sqlite3: SELECT band, tract, patch FROM dataset_tags_00000004).
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { CliIO } from "../../src/cli/io.js";
import { main } from "../../src/cli/main.js";
import { openRegistry, registryDataIds } from "../../src/failures/butler/registry.js";
import { expectedPatches, missingFrom, parseIntList, readVisitList } from "../../src/failures/expected.js";
import { dc2SkyMap } from "../../src/sky/skymap/maps.js";
import { data, pilot, tmp } from "./data.js";

function io(): CliIO & { out: string; err: string } {
  const o = { out: "", err: "", version: "t", stderrIsTTY: false } as CliIO & { out: string; err: string };
  o.stdout = (t) => {
    o.out += t;
  };
  o.stderr = (t) => {
    o.err += t;
  };
  return o;
}

describe("expected data ids", () => {
  it("the registry's goodSeeingCoadd against every r-band patch of tract 4431", async () => {
    const reg = await openRegistry(data("ap_verify_ci_dc2/gen3.sqlite3"));
    const present = registryDataIds(reg, "goodSeeingCoadd");
    reg.close();
    expect(present.map((p) => p.patch).sort((a, b) => Number(a) - Number(b))).toEqual([9, 10, 16, 17]);
    const missing = missingFrom(expectedPatches(dc2SkyMap, [4431], ["r"]), present);
    expect(missing).toHaveLength(45);
    expect(missing.some((m) => [9, 10, 16, 17].includes(m.patch as number))).toBe(false);
    // Another band: nothing present.
    expect(missingFrom(expectedPatches(dc2SkyMap, [4431], ["i"]), present)).toHaveLength(49);
  });

  it("visit lists and detector ranges", async () => {
    const u = await readVisitList(data("dc2_visitlist/DC2_Run2_u-band_WFDvisits.txt"));
    const lines = readFileSync(data("dc2_visitlist/DC2_Run2_u-band_WFDvisits.txt"), "utf8")
      .split("\n")
      .filter((l) => /^\d/.test(l.trim()));
    expect(u).toHaveLength(lines.length);
    expect(u[0]).toBe(2249);
    expect(parseIntList("0-2,188", "--x")).toEqual([0, 1, 2, 188]);
    expect(() => parseIntList("a-b", "--x")).toThrow(/--x expects numbers/);
  });

  it("CLI: missing patches are placed on the sky map, the rate is over every expected patch", async () => {
    const dir = tmp();
    const out = io();
    const code = await main(
      [
        "failures",
        "--expect",
        "goodSeeingCoadd",
        "--expect-tracts",
        "4431",
        "--expect-bands",
        "r",
        "--registry",
        data("ap_verify_ci_dc2/gen3.sqlite3"),
        "--json",
        join(dir, "r.json"),
      ],
      out,
    );
    expect(code).toBe(1);
    expect(out.out).toContain("expected goodSeeingCoadd: 49 data ids, 4 present");
    const r = JSON.parse(readFileSync(join(dir, "r.json"), "utf8"));
    expect(r.expectedData).toMatchObject({
      datasetType: "goodSeeingCoadd",
      expected: 49,
      present: 4,
      missing: 45,
    });
    expect(r.groups[0]).toMatchObject({
      task: "goodSeeingCoadd",
      status: "MISSING",
      count: 45,
      expected: 49,
    });
    for (const f of r.failures) {
      expect(f.method).toBe("skymapPatch");
      // The centre lies in the patch the data id names.
      expect(dc2SkyMap.findTractPatch(f.ra, f.dec)).toEqual({ tract: 4431, patch: f.dataId.patch });
    }
  });

  it("CLI: visit × detector against a table of present data ids, missing detectors located by the camera", async () => {
    const dir = tmp();
    const visits = [419121, 421677];
    const rows = ["visit,detector"];
    for (const v of visits)
      for (let d = 0; d < 189; d++) if (!(v === 421677 && (d === 5 || d === 94))) rows.push(`${v},${d}`);
    writeFileSync(join(dir, "present.csv"), `${rows.join("\n")}\n`);
    writeFileSync(join(dir, "visits.txt"), `visit\n${visits.join("\n")}\n`);
    const out = io();
    const code = await main(
      [
        "failures",
        "--expect",
        "calexp",
        "--expect-visits",
        join(dir, "visits.txt"),
        "--present",
        join(dir, "present.csv"),
        "--visit",
        pilot("Visit.parquet"),
        "--json",
        join(dir, "r.json"),
      ],
      out,
    );
    expect(out.err).toBe("");
    expect(code).toBe(1);
    const r = JSON.parse(readFileSync(join(dir, "r.json"), "utf8"));
    expect(r.expectedData).toMatchObject({ expected: 378, present: 376, missing: 2 });
    expect(r.failures.map((f: { dataId: unknown }) => f.dataId)).toEqual([
      { visit: 421677, detector: 5 },
      { visit: 421677, detector: 94 },
    ]);
    expect(r.failures.every((f: { method: string }) => f.method === "cameraGeometry")).toBe(true);
  });

  it("usage errors", async () => {
    const a = io();
    expect(await main(["failures", "--expect", "calexp"], a)).toBe(2);
    expect(a.err).toContain("--expect needs one of --expect-tracts LIST or --expect-visits PATH");
    const b = io();
    expect(await main(["failures", "--expect", "deepCoadd", "--expect-tracts", "4431"], b)).toBe(2);
    expect(b.err).toContain("--expect needs what is present");
  });
});

import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { CliIO } from "../../src/cli/io.js";
import { main } from "../../src/cli/main.js";
import type { Report } from "../../src/core/results.js";
import { ArrowEngine } from "../../src/engines/arrow/arrow-engine.js";
import { openTable } from "../../src/io/open.js";
import { failingRowMaps, flagCount, rangeFromMessage } from "../../src/plots/report.js";
import { skyMapForTracts } from "../../src/plots/table-geometry.js";
import { dc2SkyMap } from "../../src/sky/skymap/index.js";

const OUT = join(process.cwd(), "build", "plots-test");
mkdirSync(OUT, { recursive: true });

describe("report figures", () => {
  it("reads the check's interval from its message", () => {
    expect(rangeFromMessage("2 of 1500 rows: RA outside [0, 360) deg")).toEqual({ min: 0, max: 360 });
    expect(rangeFromMessage("values outside (-inf, 1e-3] (an error)")).toEqual({ max: 0.001 });
    expect(rangeFromMessage("27 of 1500 rows: NaN while g_cModel_flag is false")).toBeUndefined();
  });

  it("draws one failing-row map per table with positioned samples; off-sky samples are counted", () => {
    const report: Report = {
      tool: "skygate",
      version: "t",
      status: "fail",
      tables: { A: { rows: 3, columns: 2, sources: ["a.parquet"] }, B: { rows: 1, columns: 1, sources: [] } },
      coverage: { columns: 3, checked: 3, unchecked: [] },
      results: [
        {
          id: "A.dec.raDec",
          table: "A",
          column: "dec",
          check: "raDec",
          status: "fail",
          failing: 3,
          total: 3,
          message: "",
          sample: [
            { row: 0, ra: 55.6, dec: -32.1 },
            { row: 1, ra: 55.7, dec: -32.2 },
            { row: 2, ra: 55.7, dec: -90.5 },
          ],
        },
        {
          id: "B.x.nan",
          table: "B",
          column: "x",
          check: "nan",
          status: "fail",
          failing: 1,
          total: 1,
          message: "",
          sample: [{ row: 0 }],
        },
      ],
    };
    const maps = failingRowMaps(report);
    expect(maps).toHaveLength(1);
    const markers = maps[0].data.find((t) => t.name?.toString().startsWith("A.dec.raDec"));
    expect(markers?.name).toBe("A.dec.raDec (1 off the map)");
    expect((markers?.x as number[] | undefined)?.length).toBe(2);
  });

  it("recognises the DC2 sky map from tract values, and no sky map when they disagree", () => {
    expect(skyMapForTracts([55.65, 55.7], [-32.2, -32.1], [4431, 4431])?.name).toBe(dc2SkyMap.name);
    expect(skyMapForTracts([55.65, 55.7], [-32.2, -32.1], [1, 2])).toBeUndefined();
  });

  it("skygate profile --html writes a page with the overview, the positions map and the profile table", async () => {
    const html = join(OUT, "profile.html");
    const err: string[] = [];
    const io = {
      stdout: () => {},
      stderr: (t: string) => err.push(t),
      stderrIsTTY: false,
      version: "t",
    } as CliIO;
    const code = await main(
      ["profile", "--table", "Object=fixtures/pilot/Object.parquet", "--html", html, "--quiet"],
      io,
    );
    expect(code).toBe(0);
    expect(err.join("")).toBe("");
    const text = readFileSync(html, "utf8");
    expect(text).toContain("<h2>Overview</h2>");
    expect(text).toContain("<h2>Positions</h2>");
    expect(text).toContain("Object: positions (1500 rows)");
    expect(text).toContain("rows per patch, tract 4431");
    expect(text).toContain("<code>coord_ra</code>");
    expect(text.match(/class="skygate-figure"/g)?.length).toBe(3);
  }, 120_000);
});

describe("flag counts beside the histograms", () => {
  it("count the rows whose failure flag is set, as the profile counts them; none for a column without flag", async () => {
    const source = await openTable("Object", "fixtures/pilot/Object.parquet");
    const { profile } = await new ArrowEngine().profile(source, {
      columns: ["g_psfFlux_flag", "i_ap12Flux_flag"],
    });
    const trueCount = (c: string) => (profile.columns[c] as { true: number }).true;
    expect(await flagCount(source, "g_psfFlux")).toBe(trueCount("g_psfFlux_flag"));
    expect(await flagCount(source, "i_ap12Flux")).toBe(trueCount("i_ap12Flux_flag"));
    expect(await flagCount(source, "coord_ra")).toBeUndefined();
  });
});

// Cross-site consistency against a real TAP server: DaCHS's `skygate_b` resource differs from `skygate` only by
// the planted difference (scripts/dachs/planted.ts); compare-sites finds it TAP vs TAP and TAP vs local Parquet,
// and finds nothing where nothing was planted.
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { PLANTED } from "../../scripts/dachs/planted.js";
import { main } from "../../src/cli/main.js";
import { openSite } from "../../src/sites/open.js";
import { compareSites } from "../../src/sites/sites.js";
import { captureIO } from "../helpers/io.js";
import { FIXTURES } from "../helpers/paths.js";
import { tapUrl } from "./tap.js";

// A sample of Object's columns keeps the fingerprint queries few (DaCHS parses ~50 ms per select item here).
const COLUMNS = [
  "objectId",
  "coord_ra",
  "coord_dec",
  "g_psfFlux",
  "r_psfFlux",
  "g_psfFluxErr",
  "detect_isPrimary",
  "refBand",
  "g_inputCount",
];

describe("compare-sites against DaCHS", () => {
  it("TAP vs TAP: schema skygate vs skygate_b differ only in the planted patch and column", async () => {
    const a = await openSite(`tap:${tapUrl()}#skygate`);
    const b = await openSite(`tap:${tapUrl()}#skygate_b`);
    const report = await compareSites(
      { spec: "skygate", tables: a },
      { spec: "skygate_b", tables: b },
      { tables: ["object"], columns: COLUMNS },
    );
    const whole = await compareSites(
      { spec: "skygate", tables: a },
      { spec: "skygate_b", tables: b },
      { tables: ["forcedsource"] },
    );
    const object = report.tables[0];
    const forced = whole.tables[0];
    expect(forced?.status).toBe("pass");
    expect(forced?.columns).toBe(37);
    expect(object?.status).toBe("fail");
    expect(object?.differences.map((d) => d.partition)).toEqual([`${PLANTED.tract}/${PLANTED.patch}`]);
    expect(object?.differingColumns.map((c) => c.column.toLowerCase())).toEqual([
      PLANTED.column.toLowerCase(),
    ]);
    // The three tables skygate_b does not serve are listed as held by one site only.
    const all = await compareSites(
      { spec: "skygate", tables: a },
      { spec: "skygate_b", tables: b },
      { tables: ["visit"] },
    );
    expect(all.tablesOnlyIn).toEqual({ a: ["visit"], b: [] });
    expect(all.status).toBe("fail");
  }, 900_000);

  it("TAP vs local (CLI): the served planted table against the pilot Parquet file; identical tables pass", async () => {
    const io = captureIO();
    const object = resolve(FIXTURES, "pilot/Object.parquet");
    const code = await main(
      ["compare-sites", `tap:${tapUrl()}#skygate_b.object`, object, "--columns", COLUMNS.join(",")],
      io,
    );
    expect(io.out.join("")).toContain(
      `${PLANTED.tract}/${PLANTED.patch}: rows 48 vs 48; ${PLANTED.column.toLowerCase()}`,
    );
    expect(code).toBe(1);
    const same = captureIO();
    const forced = resolve(FIXTURES, "pilot/ForcedSource.parquet");
    expect(await main(["compare-sites", `tap:${tapUrl()}#skygate.forcedsource`, forced], same)).toBe(0);
    expect(same.out.join("")).toContain("PASS  forcedsource: 8173 rows in 49 partitions, 37 columns");
  }, 900_000);
});

// The DuckDB engine's counts-only profile and its per-source profile cache (src/engines/README.md, "where the
// time of a gate goes"): a counts-only profile gives the very counts and bounds of the full one, a full request
// after a counts-only one still gets mean, stddev and distinct, and a cached answer equals a fresh engine's.
import { afterAll, describe, expect, it } from "vitest";
import { DuckDBEngine } from "../../src/engines/duckdb/duckdb-engine.js";
import { openTable } from "../../src/io/open.js";
import type { ColumnProfile } from "../../src/metrics/types.js";
import { FIXTURES } from "../helpers/paths.js";

const engines: DuckDBEngine[] = [];
const engine = () => {
  const e = new DuckDBEngine();
  engines.push(e);
  return e;
};
afterAll(async () => {
  for (const e of engines) await e.close();
});

/** A profile without the statistics a counts-only request may leave out. */
function countsOf(p: ColumnProfile): Record<string, unknown> {
  const { mean: _m, stddev: _s, distinct: _d, ...rest } = p as unknown as Record<string, unknown>;
  return rest;
}

describe("DuckDB counts-only profiles and the profile cache", () => {
  for (const table of ["Object", "ForcedSource", "Source", "CcdVisit"]) {
    it(`${table}: counts-only equals the full profile's counts and bounds`, async () => {
      const source = await openTable(table, `${FIXTURES}/pilot/${table}.parquet`);
      const full = (await engine().profile(source)).profile;
      const counts = (await engine().profile(source, { statistics: "counts" })).profile;
      expect(counts.rows).toBe(full.rows);
      expect(Object.keys(counts.columns)).toEqual(Object.keys(full.columns));
      for (const [name, p] of Object.entries(full.columns))
        expect(countsOf(counts.columns[name] as ColumnProfile), name).toEqual(countsOf(p));
      // What it leaves out is left out, not guessed.
      const float = Object.values(counts.columns).find((p) => p.type === "double");
      expect(float && "mean" in float ? float.mean : "none").toBeNull();
    });
  }

  it("answers a full request after a counts-only one in full, and repeats equal a fresh engine", async () => {
    const source = await openTable("Object", `${FIXTURES}/pilot/Object.parquet`);
    const columns = ["objectId", "coord_ra", "g_psfFlux", "detect_isPrimary", "refBand"];
    const e = engine();
    await e.profile(source, { columns: ["coord_ra", "g_psfFlux"], statistics: "counts" });
    const full = (await e.profile(source, { columns })).profile;
    const fresh = (await engine().profile(source, { columns })).profile;
    expect(full).toEqual(fresh);
    expect((full.columns.g_psfFlux as { mean: number | null }).mean).not.toBeNull();
    // Asked again, in another order: the cached profiles, in the order asked.
    const again = (await e.profile(source, { columns: [...columns].reverse() })).profile;
    expect(Object.keys(again.columns)).toEqual([...columns].reverse());
    for (const name of columns) expect(again.columns[name], name).toEqual(fresh.columns[name]);
    // A caller changing its copy does not change the next answer.
    (again.columns.coord_ra as { min: number | null }).min = -1;
    expect(
      ((await e.profile(source, { columns: ["coord_ra"] })).profile.columns.coord_ra as { min: number }).min,
    ).toBe((fresh.columns.coord_ra as { min: number }).min);
  });
});

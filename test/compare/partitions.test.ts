// Row counts per tract and band: counted by `skygate profile` (both engines agree), compared with a Poisson
// noise floor, drawn in the HTML report. The "production" side is the pilot's ForcedSource with half of its
// r-band rows dropped, written with DuckDB.
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { beforeAll, describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.js";
import { comparePartitionRows } from "../../src/compare/profiles.js";
import { DEFAULT_THRESHOLDS } from "../../src/compare/thresholds.js";
import type { Comparison } from "../../src/compare/types.js";
import type { TableProfile } from "../../src/metrics/types.js";
import { captureIO } from "../helpers/io.js";

const dir = mkdtempSync(join(tmpdir(), "skygate-compare-partitions-"));
const thinned = join(dir, "ForcedSource.parquet");
const profileOf = (name: string) => join(dir, `${name}.json`);

async function profile(out: string, path: string, engine: string, ...extra: string[]): Promise<void> {
  const code = await main(
    ["profile", "--quiet", "--engine", engine, "--json", out, "--table", `ForcedSource=${path}`, ...extra],
    captureIO(),
  );
  expect(code).toBe(0);
}

const tableOf = (path: string) =>
  (JSON.parse(readFileSync(path, "utf8")) as { tables: Record<string, TableProfile> }).tables.ForcedSource;

beforeAll(async () => {
  const db = await (await DuckDBInstance.create(":memory:")).connect();
  // Every second r-band row dropped (by its row number, so the result is deterministic).
  await db.run(
    `COPY (SELECT * EXCLUDE (rn) FROM (SELECT *, row_number() OVER () AS rn FROM 'fixtures/pilot/ForcedSource.parquet') WHERE NOT (band = 'r' AND rn % 2 = 0)) TO '${thinned}' (FORMAT parquet)`,
  );
  db.closeSync();
  await profile(profileOf("pilot-arrow"), "fixtures/pilot/ForcedSource.parquet", "arrow");
  await profile(profileOf("pilot-duckdb"), "fixtures/pilot/ForcedSource.parquet", "duckdb");
  await profile(profileOf("thinned"), thinned, "duckdb");
}, 120_000);

describe("rows per tract and band", () => {
  it("are counted by profile, the same on both engines, and add up to the table's rows", () => {
    const arrow = tableOf(profileOf("pilot-arrow"));
    expect(arrow.partitionRows).toEqual(tableOf(profileOf("pilot-duckdb")).partitionRows);
    expect(Object.keys(arrow.partitionRows ?? {})).toEqual(["tract", "band"]);
    for (const counts of Object.values(arrow.partitionRows ?? {}))
      expect(Object.values(counts).reduce((a, b) => a + b, 0)).toBe(arrow.rows);
  });

  it("can be switched off", async () => {
    await profile(
      profileOf("none"),
      "fixtures/pilot/ForcedSource.parquet",
      "arrow",
      "--partition-rows",
      "none",
    );
    expect(tableOf(profileOf("none")).partitionRows).toBeUndefined();
  });

  it("point at the thinned band (and the tract holding it), with nothing for the untouched bands", async () => {
    const json = join(dir, "compare.json");
    const html = join(dir, "compare.html");
    const io = captureIO();
    const code = await main(
      ["compare", profileOf("pilot-duckdb"), profileOf("thinned"), "--json", json, "--html", html],
      io,
    );
    expect(code).toBe(1);
    const c = JSON.parse(readFileSync(json, "utf8")) as Comparison;
    const partitions = c.changes.filter((x) => x.what === "partitionRows");
    expect(partitions.map((x) => x.partition).sort()).toEqual(["band=r", "tract=4431"]);
    const r = partitions.find((x) => x.partition === "band=r");
    const before = tableOf(profileOf("pilot-duckdb")).partitionRows?.band.r ?? 0;
    expect(r?.before).toBe(before);
    expect(r?.after).toBe(Math.ceil(before / 2));
    expect(r?.exceeds).toBe(true);
    expect(r?.size).toBeCloseTo(Math.log(Math.ceil(before / 2) / before), 10);
    const page = readFileSync(html, "utf8");
    expect(page).toContain("<h2>Rows per tract and band</h2>");
    expect(page).toContain("<h2>Changes, largest first</h2>");
    expect(page).toContain("band=r");
    expect(page).not.toMatch(/<script src="http/);
    expect(page.match(/id="skygate-fig-\d+"/g)?.length ?? 0).toBeGreaterThanOrEqual(3);
  });
});

describe("comparePartitionRows", () => {
  const side = (counts: Record<string, number>): TableProfile => ({
    rows: Object.values(counts).reduce((a, b) => a + b, 0),
    sources: [],
    columns: {},
    partitionRows: { tract: counts },
  });

  it("keeps Poisson noise under the floor and flags a vanished or new tract as unbounded", () => {
    const small = comparePartitionRows("T", side({ 1: 400 }), side({ 1: 380 }), DEFAULT_THRESHOLDS);
    expect(small).toHaveLength(1);
    expect(small[0].noise).toBeCloseTo(3 * Math.sqrt(1 / 400 + 1 / 380), 12);
    expect(small[0].exceeds).toBe(false);
    const gone = comparePartitionRows(
      "T",
      side({ 1: 400, 2: 10 }),
      side({ 1: 400, 3: 5 }),
      DEFAULT_THRESHOLDS,
    );
    expect(gone.map((c) => [c.partition, c.before, c.after, c.size, c.exceeds])).toEqual([
      ["tract=2", 10, 0, null, true],
      ["tract=3", 0, 5, null, true],
    ]);
  });

  it("says nothing when a side did not count the column", () => {
    const none: TableProfile = { rows: 400, sources: [], columns: {} };
    expect(comparePartitionRows("T", side({ 1: 400 }), none, DEFAULT_THRESHOLDS)).toEqual([]);
  });
});

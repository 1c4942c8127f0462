// Same check, same number against a real TAP server: h16a's TapEngine profiling the tables DaCHS serves equals
// the DuckDB engine on the Parquet files they were loaded from, every column; and `skygate check` over a tap:
// table gives every check the status it gives on the file.
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.js";
import { DuckDBEngine } from "../../src/engines/duckdb/duckdb-engine.js";
import { TapEngine, TapTableSource } from "../../src/engines/tap/index.js";
import { parseTapSpec } from "../../src/engines/tap/source.js";
import { openTable } from "../../src/io/open.js";
import type { ColumnProfile, TableProfile } from "../../src/metrics/types.js";
import { captureIO } from "../helpers/io.js";
import { FIXTURES } from "../helpers/paths.js";
import { tapUrl } from "./tap.js";

const SCHEMA = join(FIXTURES, "schemas", "dp02_dc2.yaml");
const duck = new DuckDBEngine({ threads: 1 });
afterAll(() => duck.close());

const tap = (table: string) =>
  new TapTableSource(table, parseTapSpec(`tap:${tapUrl()}#skygate.${table.toLowerCase()}`), {
    auth: { token: null },
  });

function close(a: number | null, b: number | null): boolean {
  if (a === null || b === null) return a === b;
  return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
}

/**
 * Every field of every column equal (moments to 1e-9 relative). Column names are matched case-insensitively:
 * DaCHS's TAP_SCHEMA lists them in lower case. `distinct` is not computed over TAP, and DaCHS's ADQL has no
 * string-length function, so minLength/maxLength are absent over TAP.
 */
function differences(got: TableProfile, want: TableProfile): string[] {
  const bad: string[] = [];
  if (got.rows !== want.rows) bad.push(`rows ${got.rows} != ${want.rows}`);
  const lower = new Map(Object.entries(got.columns).map(([k, v]) => [k.toLowerCase(), v]));
  expect([...lower.keys()].sort()).toEqual(
    Object.keys(want.columns)
      .map((k) => k.toLowerCase())
      .sort(),
  );
  for (const [name, w] of Object.entries(want.columns)) {
    const g = lower.get(name.toLowerCase()) as ColumnProfile & Record<string, unknown>;
    for (const [field, value] of Object.entries(w)) {
      if (field === "distinct" || field === "minLength" || field === "maxLength" || field === "name")
        continue;
      const v = g[field];
      const same =
        typeof value === "number" || value === null
          ? close(v as number | null, value as number | null)
          : v === value;
      if (!same) bad.push(`${name}.${field}: TAP ${String(v)} != DuckDB ${String(value)}`);
    }
  }
  return bad;
}

// Object is profiled on every eighth column (124 of 991): DaCHS parses ADQL at ~0.2 s per CASE aggregate on the
// loaded 2-core test machine, so all 991 columns (~8 000 aggregates) take tens of minutes; the fake service of
// test/engines/tap/ covers every Object column.
describe("TapEngine on DaCHS equals DuckDBEngine on the Parquet files", () => {
  for (const [table, stride] of [
    ["Visit", 1],
    ["CcdVisit", 1],
    ["ForcedSource", 1],
    ["Source", 1],
    ["Object", 8],
  ] as const) {
    it(`profiles ${stride === 1 ? "every column" : `every ${stride}th column`} of ${table} the same`, async () => {
      const file = await openTable(table, join(FIXTURES, "pilot", `${table}.parquet`));
      const names = (await file.columns()).map((c) => c.name).filter((_, i) => i % stride === 0);
      const want = (await duck.profile(file, { columns: names })).profile;
      const engine = new TapEngine();
      const got = await engine.profile(tap(table), { columns: names.map((n) => n.toLowerCase()) });
      expect(got.partial ?? false).toBe(false);
      expect(differences(got.profile, want)).toEqual([]);
      expect(Object.keys(got.profile.columns).length).toBe(Object.keys(want.columns).length);
    }, 900_000);
  }
});

describe("skygate check over tap: on DaCHS", () => {
  // One run of `skygate check` on the file and one over tap:, shared by the two tests below.
  const runs = (async () => {
    const dir = mkdtempSync(join(tmpdir(), "skygate-tap-check-"));
    const run = async (spec: string, name: string) => {
      const json = join(dir, `${name}.json`);
      const code = await main(
        ["check", "--table", `ForcedSource=${spec}`, "--schema", SCHEMA, "--json", json, "--quiet"],
        captureIO(),
      );
      const doc = JSON.parse(readFileSync(json, "utf8"));
      const statuses = Object.fromEntries(
        (doc.results as { id: string; status: string; count?: number }[]).map((r) => [
          r.id.toLowerCase(),
          `${r.status} ${r.count ?? ""}`,
        ]),
      );
      return { code, statuses };
    };
    return {
      file: await run(join(FIXTURES, "pilot/ForcedSource.parquet"), "file"),
      viaTap: await run(`tap:${tapUrl()}#skygate.forcedsource`, "tap"),
    };
  })();
  runs.catch(() => {});

  it("gives every check of ForcedSource that runs over tap: the status and count it gives on the file", async () => {
    const { file, viaTap } = await runs;
    expect(viaTap.code).toBe(file.code);
    const shared = Object.keys(viaTap.statuses).filter((id) => id in file.statuses);
    expect(shared.length).toBeGreaterThan(70);
    expect(Object.fromEntries(shared.map((id) => [id, viaTap.statuses[id]]))).toEqual(
      Object.fromEntries(shared.map((id) => [id, file.statuses[id]])),
    );
  }, 900_000);

  // DaCHS's TAP_SCHEMA lists column names in lower case; with the felis schema given, the tap: source reports
  // them in the schema's spelling (withColumnSpellings), so the checks found by name patterns (errorPair for
  // x/xErr, range of *Err, nanWithoutFlag for x/x_flag) and the schema comparison are the file's.
  it("runs every check over tap: that it runs on the Parquet file", async () => {
    const { file, viaTap } = await runs;
    expect(Object.keys(file.statuses).filter((id) => !(id in viaTap.statuses))).toEqual([]);
  }, 900_000);
});

// 64-bit integers stay exact through the profile: min/max as bigints beyond 2^53 on both engines (SQL
// aggregates and Parquet statistics alike), in the JSON (exact numbers, the contract's shape) and the text table.
// Real case: the DP0.2 Object row's objectId 1248684569339659648, which a double
// prints as 1248684569339659800.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkTables } from "../../src/checks/checkTables.js";
import { runProfile } from "../../src/cli/profile.js";
import { ArrowEngine, DuckDBEngine } from "../../src/engines/index.js";
import { duckdbDialect } from "../../src/engines/sql/dialect.js";
import { decodeProfile, profilePlan } from "../../src/engines/sql/profile-sql.js";
import { openTable } from "../../src/io/open.js";
import type { NumericProfile } from "../../src/metrics/types.js";
import { exactJson, toJson } from "../../src/report/json.js";
import { captureIO } from "../helpers/io.js";
import { external } from "../helpers/paths.js";

const BASE = 2n ** 60n;
let dir: string;
const duck = new DuckDBEngine({ threads: 1 });

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "skygate-int64-"));
  const db = await DuckDBInstance.create(":memory:");
  const c = await db.connect();
  // Ids 1 apart near 2^60, where doubles are 256 apart.
  await c.run(
    `COPY (SELECT CAST(${BASE} + range AS BIGINT) AS id FROM range(1, 4)) TO '${dir}/t.parquet' (FORMAT parquet)`,
  );
  // A key repeated once, and a flux NaN in that row, so samples carry the key.
  await c.run(
    `COPY (SELECT CAST(${BASE} + (CASE WHEN range = 2 THEN 1 ELSE range END) AS BIGINT) AS TId, CASE WHEN range = 2 THEN 'NaN'::DOUBLE ELSE 1.0 END AS flux FROM range(1, 4)) TO '${dir}/k.parquet' (FORMAT parquet)`,
  );
});

afterAll(async () => {
  await duck.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("64-bit integers exact in profiles", () => {
  it("gives exact bigint min/max on both engines, the same on each", async () => {
    const source = await openTable("T", join(dir, "t.parquet"));
    for (const engine of [new ArrowEngine(), duck]) {
      const { profile } = await engine.profile(source);
      const id = profile.columns.id as NumericProfile;
      expect([id.min, id.max], engine.constructor.name).toEqual([BASE + 1n, BASE + 3n]);
      expect(exactJson(id, 0)).toContain(`"min":${BASE + 1n},"max":${BASE + 3n}`);
    }
  });

  it("keeps keys exact in unique and sample rows on both engines", async () => {
    const source = await openTable("T", join(dir, "k.parquet"));
    for (const engine of [new ArrowEngine(), duck]) {
      const report = await checkTables({
        sources: new Map([["T", source]]),
        engineFor: () => engine,
        version: "test",
      });
      const unique = report.results.find((r) => r.id === "T.TId.unique");
      expect(unique?.failing, engine.constructor.name).toBe(2);
      expect(unique?.sample?.map((s) => s.key)).toEqual([`${BASE + 1n}`, `${BASE + 1n}`]);
      const nan = report.results.find((r) => r.id === "T.flux.nan");
      expect(nan?.sample?.map((s) => [s.row, s.key])).toEqual([[1, `${BASE + 1n}`]]);
      expect(toJson(report)).toContain(`"key": "${BASE + 1n}"`);
    }
  });

  it("decodes a SQL aggregate's bigint exactly, and keeps small integers as numbers", () => {
    const plan = profilePlan([{ name: "id", type: "int64" }], duckdbDialect);
    const alias = (stat: string) =>
      plan.aggregates.find((a) => a.alias.endsWith(`_${stat}`))?.alias as string;
    const row = { n_rows: 2n, [alias("valid")]: 2n, [alias("min")]: BASE + 1n, [alias("max")]: 7n };
    const p = decodeProfile(plan, row).id as NumericProfile;
    expect([p.min, p.max]).toEqual([BASE + 1n, 7]);
  });

  it("writes the real DP0.2 objectId digit for digit in the profile JSON and text", async () => {
    const io = captureIO();
    const json = join(dir, "profile.json");
    const csv = external("qserv_dp02_object", "derived_dp02_object_row_with_header.csv");
    expect(await runProfile(["--table", `Object=${csv}`, "--json", json, "--quiet"], io)).toBe(0);
    const text = readFileSync(json, "utf8");
    // The CSV's first field; a double would print 1248684569339659800.
    expect(readFileSync(csv, "utf8").split("\n")[1]?.split(",")[0]).toBe("1248684569339659648");
    expect(text).toMatch(/"objectId": \{[^}]*"min": 1248684569339659648,\s*"max": 1248684569339659648,/);
    expect(io.out.join("")).toMatch(/objectId\s+long.*1248684569339659648\s+1248684569339659648/);
    // Still the contract's shape: a JSON number (rounded only by a reader that parses into doubles).
    expect(typeof JSON.parse(text).tables.Object.columns.objectId.min).toBe("number");
  });
});

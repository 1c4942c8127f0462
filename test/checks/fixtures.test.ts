// The automatic suite against the fixture answer key: the clean twin gives zero failures, the defective pilot
// reports every injected column/table defect of truth.json (and the side effects it lists), and nothing else.
// Both engines must agree: DuckDB (with Arrow behind it for what it cannot read) and Arrow alone.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { checkTables } from "../../src/checks/checkTables.js";
import type { Report } from "../../src/core/results.js";
import { ArrowEngine } from "../../src/engines/arrow/arrow-engine.js";
import { DuckDBEngine } from "../../src/engines/duckdb/duckdb-engine.js";
import type { Engine } from "../../src/engines/types.js";
import { openTable } from "../../src/io/open.js";
import type { TableSource } from "../../src/io/table.js";
import { loadFelis } from "../../src/schema/load.js";
import { external, FIXTURES } from "../helpers/paths.js";
import { comparable } from "./helpers.js";

const TABLES = ["Object", "ForcedSource", "Source", "CcdVisit", "Visit"];
const schema = loadFelis(external("sdm_schemas", "dp02_dc2.yaml"));

interface Defect {
  table: string | null;
  column: string | null;
  check: string;
  rows?: number[];
  alsoFails?: (string | { column: string; check: string; rows: number[] })[];
  alsoErrors?: string[];
}

async function run(dir: string, engine: "duckdb" | "arrow", prefilter = true): Promise<Report> {
  const sources = new Map<string, TableSource>();
  for (const t of TABLES) sources.set(t, await openTable(t, join(FIXTURES, dir, `${t}.parquet`)));
  const arrow = new ArrowEngine();
  const duckdb = new DuckDBEngine({ threads: 1 });
  const primary: Engine = engine === "duckdb" ? duckdb : arrow;
  try {
    return await checkTables({
      sources,
      schema,
      engineFor: (...s) => (s.every((x) => primary.supports(x)) ? primary : arrow),
      fallbackFor: () => (engine === "duckdb" ? arrow : null),
      prefilter,
      version: "test",
    });
  } finally {
    await duckdb.close();
  }
}

const key = (table: string | null, column: string | null, check: string) =>
  `${table}.${column ?? ""}.${check}`;

describe.each(["duckdb", "arrow"] as const)("fixtures with the %s engine", (engine) => {
  it("finds nothing wrong with the clean twin and checks every schema column", async () => {
    const report = await run("pilot-clean", engine);
    const bad = report.results.filter((r) => r.status === "fail" || r.status === "error");
    expect(bad.map((r) => `${r.id}: ${r.message}`)).toEqual([]);
    expect(report.status).toBe("pass");
    // 991 + 39 + 144 + 30 + 15 columns in dp02_dc2.yaml for these five tables.
    expect(report.coverage).toMatchObject({ columns: 1219, checked: 1219, unchecked: [] });
  }, 600_000);

  it("reports every injected defect of the pilot, its listed side effects, and nothing else", async () => {
    const truth = JSON.parse(readFileSync(join(FIXTURES, "pilot", "truth.json"), "utf8")) as {
      defects: Defect[];
    };
    const report = await run("pilot", engine);
    const expectedFails = new Map<string, number[] | undefined>();
    const expectedErrors = new Set<string>();
    for (const d of truth.defects) {
      // Holes and failure locations are other commands' findings (holes, failures), not check's.
      if (d.check === "hole" || d.check === "failureLocation") continue;
      expectedFails.set(key(d.table, d.column, d.check), d.rows);
      for (const also of d.alsoFails ?? []) {
        if (typeof also === "string") expectedFails.set(key(d.table, d.column, also), undefined);
        else expectedFails.set(key(d.table, also.column, also.check), also.rows);
      }
      for (const check of d.alsoErrors ?? []) expectedErrors.add(key(d.table, d.column, check));
    }
    const fails = report.results.filter((r) => r.status === "fail");
    expect(fails.map((r) => key(r.table, r.column, r.check)).sort()).toEqual(
      [...expectedFails.keys()].sort(),
    );
    const errors = report.results.filter((r) => r.status === "error");
    expect(errors.map((r) => key(r.table, r.column, r.check)).sort()).toEqual([...expectedErrors].sort());
    // Per-row defects: the failing count is the number of listed rows and the sample holds the first of them.
    for (const r of fails) {
      const rows = expectedFails.get(key(r.table, r.column, r.check));
      if (rows === undefined) continue;
      expect([r.id, r.failing]).toEqual([r.id, rows.length]);
      expect([r.id, r.sample.map((s) => s.row).sort((a, b) => a - b)]).toEqual([
        r.id,
        [...rows].sort((a, b) => a - b).slice(0, 20),
      ]);
    }
    expect(report.status).toBe("fail");
  }, 600_000);
});

describe("metrics first", () => {
  it.each(["duckdb", "arrow"] as const)(
    "gives the same results whether the profile clears clean columns or every condition is scanned (%s)",
    async (engine) => {
      const [withProfile, scanOnly] = [await run("pilot", engine, true), await run("pilot", engine, false)];
      expect(comparable(withProfile)).toEqual(comparable(scanOnly));
    },
    600_000,
  );
});

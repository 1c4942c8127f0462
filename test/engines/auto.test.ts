// The engine choice with fallback (src/engines/auto.ts) on real Parquet files: DuckDB does the work when it can,
// a DuckDB failure that is not about the data falls back to Arrow and is recorded, an InputError never falls back,
// and DuckDB's bad-data messages become InputErrors naming the file.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { tableFromArrays, tableToIPC } from "apache-arrow";
import { Table as ParquetWasmTable, writeParquet } from "parquet-wasm";
import { afterAll, describe, expect, it } from "vitest";
import { InputError, UsageError } from "../../src/core/errors.js";
import { AutoEngine, engineChoice, engineFor } from "../../src/engines/auto.js";
import { DuckDBEngine, duckdbInputError } from "../../src/engines/duckdb/duckdb-engine.js";
import type { ProfileRequest, ProfileResult } from "../../src/engines/types.js";
import { limitRows } from "../../src/io/limit.js";
import { openTable } from "../../src/io/open.js";
import type { TableSource } from "../../src/io/table.js";
import { external } from "../helpers/paths.js";

const dir = mkdtempSync(join(tmpdir(), "skygate-auto-"));
const path = join(dir, "t.parquet");
writeFileSync(
  path,
  writeParquet(
    ParquetWasmTable.fromIPCStream(
      tableToIPC(
        tableFromArrays({ x: new Float64Array([1, 2, Number.NaN]), ra: new Float64Array([1, 2, 3]) }),
        "stream",
      ),
    ),
  ),
);

/** A DuckDB engine whose profile fails the way a given error says. */
class FailingDuckDB extends DuckDBEngine {
  calls = 0;
  constructor(private readonly failure: Error) {
    super({ threads: 1 });
  }
  override async profile(_source: TableSource, _request?: ProfileRequest): Promise<ProfileResult> {
    this.calls++;
    throw this.failure;
  }
}

const engines: AutoEngine[] = [];
afterAll(async () => {
  for (const e of engines) await e.close();
});

describe("AutoEngine", () => {
  it("uses DuckDB for Parquet and records no fallback when DuckDB succeeds", async () => {
    const auto = new AutoEngine({ duckdbOptions: { threads: 1 } });
    engines.push(auto);
    const source = await openTable("T", path);
    expect(auto.primaryFor(source)).toBe(auto.duckdb);
    const { profile } = await auto.profile(source);
    expect(profile.rows).toBe(3);
    expect(auto.fallbacks).toEqual([]);
  });

  it("falls back to Arrow when DuckDB fails for a reason other than the data, and records it", async () => {
    const duckdb = new FailingDuckDB(new Error("Not implemented Error: some encoding\nmore"));
    const auto = new AutoEngine({ duckdb });
    engines.push(auto);
    const { profile } = await auto.profile(await openTable("T", path));
    expect(duckdb.calls).toBe(1);
    expect(profile.rows).toBe(3);
    expect(auto.fallbacks).toEqual([
      {
        table: "T",
        operation: "profile",
        from: "duckdb",
        to: "arrow",
        reason: "Not implemented Error: some encoding",
      },
    ]);
  });

  it("keeps DuckDB's profile when a condition breaks its fused query: the counts are left out, nothing falls back", async () => {
    const duckdb = new DuckDBEngine({ threads: 1 });
    // the fused query (the only one with condition counts, aliased k0…) fails as a bad predicate would
    const internals = duckdb as unknown as { rows: (sql: string, ...rest: unknown[]) => Promise<unknown[]> };
    const rows = internals.rows.bind(duckdb);
    internals.rows = (sql, ...rest) =>
      sql.includes(" AS k0")
        ? Promise.reject(new Error("Binder Error: no such function"))
        : rows(sql, ...rest);
    const auto = new AutoEngine({ duckdb });
    engines.push(auto);
    const answer = await auto.profile(await openTable("T", path), {
      statistics: "counts",
      conditions: [{ id: "a", where: { op: "isNaN", column: "x" } }],
    });
    expect([answer.profile.rows, answer.counts, auto.fallbacks]).toEqual([3, undefined, []]);
  });

  it("never retries an InputError on the other engine", async () => {
    const duckdb = new FailingDuckDB(new InputError(path, "corrupt", "bad page"));
    const auto = new AutoEngine({ duckdb });
    engines.push(auto);
    await expect(auto.profile(await openTable("T", path))).rejects.toBeInstanceOf(InputError);
    expect(auto.fallbacks).toEqual([]);
  });

  it("engineFor: duckdb refuses what it cannot read, arrow and auto never do", async () => {
    const csv = join(dir, "t.csv");
    writeFileSync(csv, "x\n1\n");
    const source = await openTable("C", csv);
    expect(() => engineFor("duckdb", [source])).toThrow(UsageError);
    expect(() => engineFor("duckdb", [source])).toThrow(
      "--engine duckdb cannot check every table: C is csv (DuckDB reads Parquet only); use --engine arrow or auto",
    );
    expect(engineFor("arrow", [source]).engine.name).toBe("arrow");
    const auto = engineFor("auto", [source]);
    expect(auto.engine.name).toBe("auto");
    await auto.close();
    expect(() => engineChoice("sqlite")).toThrow(UsageError);
  });

  it("engineFor: duckdb refusing a --max-rows table says --max-rows needs the Arrow engine, not that it is not Parquet", async () => {
    const parquet = external(
      "ap_verify_ci_cosmos_pdr2",
      "preloaded_dia_source_HSC_59160_1_13_dia_catalogs_apdb.parq",
    );
    const limited = await limitRows(await openTable("DiaSource", parquet), 100);
    expect(() => engineFor("duckdb", [limited])).toThrow(UsageError);
    expect(() => engineFor("duckdb", [limited])).toThrow(
      /^--engine duckdb cannot check every table: DiaSource is cut to its first 100 rows by --max-rows, which needs the Arrow engine \(DuckDB reads whole files\); use --engine arrow or auto$/,
    );
    // The same file whole is DuckDB's.
    const whole = engineFor("duckdb", [await openTable("DiaSource", parquet)]);
    expect(whole.engine.name).toBe("duckdb");
    await whole.close();
  });
});

describe("duckdbInputError", () => {
  it("turns DuckDB's bad-data messages into InputErrors naming the file", () => {
    const decompression = duckdbInputError(
      new Error(`Invalid Input Error: Failed to read file "${path}": ZSTD Decompression failure`),
      [path],
    );
    expect(decompression?.path).toBe(path);
    expect(decompression?.message).toBe(`${path}: DuckDB cannot read the data: ZSTD Decompression failure`);
    const stats = duckdbInputError(
      new Error("Invalid Input Error: the statistics in your data source are corrupt"),
      [path],
    );
    expect(stats?.kind).toBe("corrupt");
    expect(stats?.path).toBe(path);
  });

  it("leaves other errors alone (a missing column is not bad data)", () => {
    expect(
      duckdbInputError(new Error('Binder Error: Referenced column "corrupt_flag" not found'), [path]),
    ).toBe(undefined);
  });
});

describe("files whose column types clash (real ap_verify COSMOS DiaObject: validityStartMjdTai DOUBLE and TIMESTAMP)", () => {
  const files = () =>
    openTable("DiaObject", [`${external("ap_verify_ci_cosmos_pdr2")}/preloaded_dia_object_*.parq`]);
  it("--engine duckdb: one UsageError naming the table, the column and the files of each type; auto falls back to Arrow", async () => {
    const duckdb = new DuckDBEngine({ threads: 1 });
    const source = await files();
    const error = await duckdb.profile(source).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
    // The lone TIMESTAMP file is the empty pandas file of visit 59134, whatever file DuckDB's threads met first.
    const dir = external("ap_verify_ci_cosmos_pdr2");
    expect((error as Error).message).toBe(
      `DuckDB cannot read table DiaObject as one table: column validityStartMjdTai is TIMESTAMP_MILLIS in 1 file (${dir}/preloaded_dia_object_HSC_59134_1_42_dia_catalogs_apdb.parq) and DOUBLE in 7 files (${dir}/preloaded_dia_object_HSC_59142_1_37_dia_catalogs_apdb.parq and 6 more), with no cast between them; use --engine arrow or auto`,
    );
    const auto = new AutoEngine({ duckdb });
    const profiled = await auto.profile(source);
    expect(profiled.profile.rows).toBeGreaterThan(0);
    expect(auto.fallbacks).toEqual([
      expect.objectContaining({ table: "DiaObject", operation: "profile", to: "arrow" }),
    ]);
    // The note says why, without advising the engine choice the run already made.
    expect(auto.fallbacks[0]?.reason).toMatch(/, with no cast between them$/);
    await auto.close();
  }, 60_000);

  it("refuses the table before reading a value: a counts-only profile (Parquet statistics) and the check's up-front test", async () => {
    const source = await files();
    const duckdb = new DuckDBEngine({ threads: 1 });
    // Statistics alone answered this before, and the check judged validityStartMjdTai as a timestamp.
    await expect(duckdb.profile(source, { statistics: "counts" })).rejects.toThrow(
      /column validityStartMjdTai is TIMESTAMP_MILLIS in 1 file/,
    );
    await duckdb.close();
    const set = engineFor("duckdb", [source]);
    await expect(set.ready([source])).rejects.toBeInstanceOf(UsageError);
    await set.close();
    const auto = engineFor("auto", [source]);
    await expect(auto.ready([source])).resolves.toBe(undefined);
    await auto.close();
  }, 60_000);
});

// A wide profile of a source with few row groups runs as one query per DuckDB thread over interleaved columns
// (duckdb-engine.ts); the answer must be the one query's, column for column and in the order asked.
import { spawnSync } from "node:child_process";
import { closeSync, copyFileSync, mkdtempSync, openSync, rmSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { InputError } from "../../src/core/errors.js";
import type { Condition } from "../../src/engines/condition.js";
import { ArrowEngine, DuckDBEngine } from "../../src/engines/index.js";
import { openTable } from "../../src/io/open.js";

let dir = "";
let path = "";

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "skygate-parallel-"));
  path = join(dir, "wide.parquet");
  // 120 columns of four kinds; NULL, NaN, +Inf and −Inf at different rows per column; one row group
  const items: string[] = [];
  for (let c = 0; c < 30; c++) {
    items.push(`CASE WHEN i % ${7 + c} = 0 THEN NULL WHEN i % ${11 + c} = 0 THEN 'NaN'::DOUBLE
      WHEN i % ${13 + c} = 0 THEN 'Infinity'::DOUBLE WHEN i % ${17 + c} = 0 THEN '-Infinity'::DOUBLE
      ELSE (i * ${c + 1}) % 997 / 7.0 END AS d${c}`);
    items.push(`CASE WHEN i % ${5 + c} = 0 THEN NULL ELSE (i * ${c + 3}) % 101 END::INTEGER AS n${c}`);
    items.push(`CASE WHEN i % ${9 + c} = 0 THEN NULL ELSE i % ${c + 2} = 0 END AS b${c}`);
    items.push(`CASE WHEN i % ${19 + c} = 0 THEN '-Infinity'::FLOAT ELSE (i % ${c + 5})::FLOAT END AS f${c}`);
  }
  const db = await DuckDBInstance.create(":memory:");
  const connection = await db.connect();
  await connection.run(
    `COPY (SELECT ${items.join(", ")} FROM range(0, 3000) t(i)) TO '${path}' (FORMAT parquet, ROW_GROUP_SIZE 100000)`,
  );
  connection.closeSync();
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("DuckDBEngine profile split across threads", () => {
  it("gives the single query's profile", async () => {
    const source = await openTable("wide", path);
    const one = new DuckDBEngine({ threads: 1 });
    const three = new DuckDBEngine({ threads: 3 });
    try {
      const single = await one.profile(source);
      const split = await three.profile(await openTable("wide", path));
      expect(Object.keys(split.profile.columns)).toEqual(Object.keys(single.profile.columns));
      expect(Object.keys(split.profile.columns)).toHaveLength(120);
      expect(split.profile).toEqual(single.profile);
      // a column with every kind of special value, checked by hand against its generator
      let nulls = 0;
      let nan = 0;
      let pos = 0;
      let neg = 0;
      for (let i = 0; i < 3000; i++) {
        if (i % 7 === 0) nulls++;
        else if (i % 11 === 0) nan++;
        else if (i % 13 === 0) pos++;
        else if (i % 17 === 0) neg++;
      }
      expect(split.profile.columns.d0).toMatchObject({ nulls, nan, posInf: pos, negInf: neg });
      const requested = ["f3", "d29", "b0", "n7"];
      const some = await three.profile(await openTable("wide", path), { columns: requested });
      expect(Object.keys(some.profile.columns)).toEqual(requested);
      // quantile profiles are not cached, so the split's own merge must keep the order asked
      const withQuantiles = await three.profile(await openTable("wide", path), { quantiles: [0.5] });
      expect(Object.keys(withQuantiles.profile.columns)).toEqual(Object.keys(single.profile.columns));
    } finally {
      await one.close();
      await three.close();
    }
  });

  it("gives the single query's counts and samples, values included, for conditions split across threads", async () => {
    // 150 conditions: carried values (NaN, −Inf, comparisons), isNull (values null), and ones that also match
    // nulls (`not`), whose values come from the second pass
    const conditions = Array.from({ length: 30 }, (_, c) => [
      { id: `nan${c}`, where: { op: "isNaN", column: `d${c}` } as Condition },
      { id: `neg${c}`, where: { op: "isNegInf", column: `f${c}` } as Condition },
      { id: `null${c}`, where: { op: "isNull", column: `n${c}` } as Condition },
      { id: `big${c}`, where: { op: "gt", column: `n${c}`, value: 90 } as Condition },
      { id: `notTrue${c}`, where: { op: "not", arg: { op: "isTrue", column: `b${c}` } } as Condition },
    ]).flat();
    const request = { conditions, sampleSize: 5 };
    const one = new DuckDBEngine({ threads: 1 });
    const three = new DuckDBEngine({ threads: 3 });
    try {
      const single = await one.countWhere(await openTable("wide", path), request);
      const split = await three.countWhere(await openTable("wide", path), request);
      const arrow = await new ArrowEngine().countWhere(await openTable("wide", path), request);
      expect(split).toEqual(single);
      expect(split).toEqual(arrow);
      expect(split.every((c) => c.count > 0 && c.sample.length === 5 && c.error === undefined)).toBe(true);
      expect(split.find((c) => c.id === "notTrue0")?.sample.some((s) => s.value === null)).toBe(true);
    } finally {
      await one.close();
      await three.close();
    }
  });
});

describe("a part that fails", () => {
  it("interrupts and awaits the others: the error names the file and the engine closes and works again", async () => {
    // 64 columns, one row group, one column chunk overwritten: only the part reading c0 fails
    const good = join(dir, "good64.parquet");
    const bad = join(dir, "bad64.parquet");
    const db = await DuckDBInstance.create(":memory:");
    const connection = await db.connect();
    const items = Array.from({ length: 64 }, (_, k) => `((i * ${k + 7}) % 100003) / 7.0 AS c${k}`).join(", ");
    await connection.run(
      `COPY (SELECT ${items} FROM range(1000000) t(i)) TO '${good}' (FORMAT parquet, ROW_GROUP_SIZE 1000000, COMPRESSION zstd)`,
    );
    const [chunk] = (
      await connection.runAndReadAll(
        `SELECT data_page_offset AS o, total_compressed_size AS n FROM parquet_metadata('${good}') WHERE path_in_schema = 'c0'`,
      )
    ).getRowObjectsJS();
    connection.closeSync();
    copyFileSync(good, bad);
    const fd = openSync(bad, "r+");
    writeSync(fd, Buffer.alloc(Math.floor(Number(chunk?.n) / 2), 0xab), 0, undefined, Number(chunk?.o) + 64);
    closeSync(fd);

    // close() right after the error, in a child process: a connection closed while a sibling part's query
    // still ran left the process unable to exit (or crashed it)
    for (const mode of ["profile", "count"]) {
      const child = spawnSync(
        process.execPath,
        ["--import", "tsx", "test/helpers/duckdb-fail-then-close.ts", bad, mode],
        { encoding: "utf8", timeout: 40_000 },
      );
      expect(child.signal, `${mode}: ${child.stderr}`).toBeNull();
      expect(child.status, `${mode}: ${child.stderr}`).toBe(0);
      expect(child.stdout).toMatch(/^InputError: .*bad64\.parquet/);
      expect(child.stdout).toContain("closed");
    }
    // an engine whose part failed still answers afterwards (the interrupted connections are usable)
    const again = new DuckDBEngine({ threads: 2 });
    try {
      await expect(again.profile(await openTable("bad", bad))).rejects.toBeInstanceOf(InputError);
      const ok = await again.profile(await openTable("good", good));
      expect(ok.profile.rows).toBe(1000000);
    } finally {
      await again.close();
    }
  }, 120_000);
});

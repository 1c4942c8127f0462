// Same check, same number: every analyzer and condition on the Arrow engine (io's Parquet reader) and on
// the DuckDB engine over the same Parquet files, written by DuckDB with nulls, NaN, ±Inf, int64, booleans
// and strings, split across three files (one of them a single row) so row numbering crosses files.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Condition } from "../../src/engines/condition.js";
import { ArrowEngine, createEnginePool, DuckDBEngine } from "../../src/engines/index.js";
import type { ConditionCount } from "../../src/engines/types.js";
import { openTable } from "../../src/io/open.js";
import type { TableSource } from "../../src/io/table.js";
import { KLL_RANK_ERROR } from "../../src/metrics/kll.js";
import type { NumericProfile, TableProfile } from "../../src/metrics/types.js";

let dir: string;
let object: TableSource;
let parent: TableSource;
const arrow = new ArrowEngine();
const duck = new DuckDBEngine({ memoryLimit: "1GB", threads: 2 });
let oracle: Awaited<ReturnType<DuckDBInstance["connect"]>>;

const ROWS = 9000;
// Columns as functions of r = 0…ROWS-1, so expectations can be computed by hand in JS too.
const SELECT = `SELECT
  CAST(CASE WHEN r % 997 = 5 THEN r - 1 ELSE r END AS BIGINT) AS id,
  CASE WHEN r % 50 = 0 THEN NULL WHEN r % 37 = 0 THEN 'NaN'::DOUBLE WHEN r % 101 = 0 THEN 'Infinity'::DOUBLE
       WHEN r % 103 = 0 THEN '-Infinity'::DOUBLE ELSE ((r * 7919) % 1000) * 0.731 - 300 END AS flux,
  CAST(CASE WHEN r % 41 = 0 THEN 'NaN'::FLOAT WHEN r % 43 = 0 THEN NULL ELSE 18 + ((r * 13) % 100) / 16.0 END AS FLOAT) AS mag,
  CAST(CASE WHEN r % 53 = 0 THEN NULL ELSE (r % 211) - 100 END AS INTEGER) AS visit,
  CASE WHEN r % 29 = 0 THEN NULL ELSE r % 3 = 0 END AS flag,
  CASE WHEN r % 31 = 0 THEN NULL ELSE ['u', 'g', 'r', 'i', 'z', 'y', 'é'][r % 7 + 1] END AS band,
  CAST((r * 0.037) % 360 AS DOUBLE) AS ra,
  CAST(((r * 0.013) % 170) - 85 AS DOUBLE) AS decl,
  CAST(r % 4500 AS BIGINT) AS parentId,
  CAST(r AS BIGINT) * 4294967296 + 1 AS big,
  CAST(CASE WHEN r % 2 = 0 THEN NULL ELSE 'NaN' END AS DOUBLE) AS allNaN
FROM (SELECT range AS r FROM range(?, ?))`;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "skygate-engines-"));
  const db = await DuckDBInstance.create(":memory:");
  oracle = await db.connect();
  const parts: [number, number][] = [
    [0, 3000],
    [3000, 3001],
    [3001, ROWS],
  ];
  for (const [i, [a, b]] of parts.entries()) {
    const sql = SELECT.replace("range(?, ?)", `range(${a}, ${b})`);
    await oracle.run(`COPY (${sql}) TO '${dir}/part-${i}.parquet' (FORMAT parquet, ROW_GROUP_SIZE 1000)`);
  }
  await oracle.run(
    `COPY (SELECT CAST(range AS BIGINT) AS id FROM range(0, 4500) WHERE range % 450 <> 7) TO '${dir}/parent.parquet' (FORMAT parquet)`,
  );
  await oracle.run(`CREATE VIEW t AS SELECT * FROM read_parquet('${dir}/part-*.parquet')`);
  object = await openTable("Object", join(dir, "part-*.parquet"));
  parent = await openTable("Parent", join(dir, "parent.parquet"));
});

afterAll(async () => {
  await duck.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function exact(sql: string): Promise<number> {
  const reader = await oracle.runAndReadAll(sql);
  return Number(reader.getRows()[0][0]);
}

function expectClose(a: number | null, b: number | null, rel: number): void {
  if (a === null || b === null) {
    expect(a).toBe(b);
    return;
  }
  expect(Math.abs(a - b)).toBeLessThanOrEqual(rel * Math.max(Math.abs(a), Math.abs(b)));
}

function compareProfiles(a: TableProfile, b: TableProfile): void {
  expect(a.rows).toBe(b.rows);
  expect(Object.keys(a.columns)).toEqual(Object.keys(b.columns));
  for (const [name, pa] of Object.entries(a.columns)) {
    const x = pa as unknown as Record<string, unknown>;
    const y = b.columns[name] as unknown as Record<string, unknown>;
    expect(Object.keys(x).sort()).toEqual(Object.keys(y).sort());
    for (const key of Object.keys(x)) {
      if (key === "mean" || key === "stddev")
        expectClose(x[key] as number | null, y[key] as number | null, 1e-12);
      else if (key === "distinct" || key === "quantiles")
        continue; // sketches: checked against exact answers below
      else expect([name, key, x[key]]).toEqual([name, key, y[key]]);
    }
  }
}

describe("profile: Arrow engine and DuckDB engine agree", () => {
  it("agrees on counts, extrema and moments; distinct estimates are within tolerance of the exact count", async () => {
    const a = await arrow.profile(object);
    const d = await duck.profile(object);
    compareProfiles(a.profile, d.profile);
    expect(a.profile.rows).toBe(ROWS);
    // Distinct counts against exact ones: our HLL within 2.5 % (3 standard errors of 0.81 %), DuckDB's
    // approx_count_distinct within the 30 % we measured as its worst case, the exact mode exactly.
    const exactEngine = new DuckDBEngine({ distinct: "exact", threads: 2 });
    const e = await exactEngine.profile(object);
    await exactEngine.close();
    for (const column of ["id", "visit", "band", "parentId", "big"]) {
      const truth = await exact(`SELECT count(DISTINCT "${column}") FROM t`);
      const distinct = (p: TableProfile) => (p.columns[column] as NumericProfile).distinct as number;
      expect(Math.abs(distinct(a.profile) - truth), `${column} arrow`).toBeLessThanOrEqual(
        Math.max(1, 0.025 * truth),
      );
      expect(Math.abs(distinct(d.profile) - truth), `${column} duckdb`).toBeLessThanOrEqual(
        Math.max(1, 0.3 * truth),
      );
      expect(distinct(e.profile)).toBe(truth);
    }
  });

  it("matches hand-computed counts from the generator formulas", async () => {
    const { profile } = await duck.profile(object, { columns: ["flux", "flag", "allNaN"] });
    let nulls = 0;
    let nan = 0;
    let pos = 0;
    let neg = 0;
    let trues = 0;
    let flagNulls = 0;
    let min = Number.POSITIVE_INFINITY;
    for (let r = 0; r < ROWS; r++) {
      if (r % 50 !== 0 && r % 37 !== 0 && r % 101 !== 0 && r % 103 !== 0)
        min = Math.min(min, (((r * 7919) % 1000) * 731) / 1000 - 300);
      if (r % 50 === 0) nulls++;
      else if (r % 37 === 0) nan++;
      else if (r % 101 === 0) pos++;
      else if (r % 103 === 0) neg++;
      if (r % 29 === 0) flagNulls++;
      else if (r % 3 === 0) trues++;
    }
    expect(profile.columns.flux).toMatchObject({ nulls, nan, posInf: pos, negInf: neg, min });
    expect(profile.columns.flag).toMatchObject({
      nulls: flagNulls,
      true: trues,
      false: ROWS - flagNulls - trues,
    });
    // Every value NaN or null: no finite value, so min/max/mean/stddev are null.
    expect(profile.columns.allNaN).toMatchObject({
      nulls: ROWS / 2,
      nan: ROWS / 2,
      min: null,
      max: null,
      mean: null,
      stddev: null,
    });
  });

  it("keeps quantile estimates within the documented rank error on both engines", async () => {
    const qs = [0.05, 0.5, 0.95];
    const a = await arrow.profile(object, { columns: ["flux", "mag"], quantiles: qs });
    const d = await duck.profile(object, { columns: ["flux", "mag"], quantiles: qs });
    for (const column of ["flux", "mag"]) {
      const finite = await exact(`SELECT count(*) FROM t WHERE isfinite("${column}")`);
      for (const p of [a.profile, d.profile]) {
        for (const q of qs) {
          const estimate = (p.columns[column] as NumericProfile).quantiles?.[String(q)] as number;
          const below = await exact(
            `SELECT count(*) FROM t WHERE isfinite("${column}") AND "${column}" < ${estimate}`,
          );
          const atOrBelow = await exact(
            `SELECT count(*) FROM t WHERE isfinite("${column}") AND "${column}" <= ${estimate}`,
          );
          // DuckDB's t-digest is held to the same bound as our KLL.
          expect(below / finite).toBeLessThanOrEqual(q + KLL_RANK_ERROR);
          expect(atOrBelow / finite).toBeGreaterThanOrEqual(q - KLL_RANK_ERROR);
        }
      }
    }
  });

  it("agrees on per-partition profiles by column", async () => {
    const request = {
      columns: ["flux", "visit", "flag"],
      partitionBy: { kind: "column", column: "band" },
    } as const;
    const a = await arrow.profile(object, request);
    const d = await duck.profile(object, request);
    expect(Object.keys(a.partitions ?? {})).toEqual(Object.keys(d.partitions ?? {}));
    expect(Object.keys(a.partitions ?? {})).toEqual(["g", "i", "null", "r", "u", "y", "z", "é"]);
    const pa: Record<string, TableProfile> = a.partitions ?? {};
    const pd: Record<string, TableProfile> = d.partitions ?? {};
    for (const key of Object.keys(pa)) compareProfiles(pa[key], pd[key]);
  });
});

const CONDITIONS: Record<string, Condition> = {
  fluxNaN: { op: "isNaN", column: "flux" },
  fluxNull: { op: "isNull", column: "flux" },
  fluxPosInf: { op: "isPosInf", column: "flux" },
  fluxNegInf: { op: "isNegInf", column: "flux" },
  fluxFinite: { op: "isFinite", column: "flux" },
  fluxRange: {
    op: "or",
    args: [
      { op: "lt", column: "flux", value: -250 },
      { op: "gt", column: "flux", value: 400 },
    ],
  },
  fluxNotRange: { op: "not", arg: { op: "le", column: "flux", value: 100 } },
  fluxEqInf: { op: "eq", column: "flux", value: Number.POSITIVE_INFINITY },
  fluxNe: { op: "ne", column: "flux", value: -300 },
  magGe: { op: "ge", column: "mag", value: 23.1 },
  magLtFraction: { op: "lt", column: "mag", value: 0.1 + 18 },
  magNaN: { op: "isNaN", column: "mag" },
  visitNotIn: { op: "notIn", column: "visit", values: [0, 1, 2, -100, 2.5] },
  visitLt: { op: "lt", column: "visit", value: -50.5 },
  visitInf: { op: "isPosInf", column: "visit" },
  idEqBig: { op: "eq", column: "id", value: 4n },
  bigGt: { op: "gt", column: "big", value: 4294967296n * 8000n },
  bigNotIn: { op: "notIn", column: "big", values: [1n, 4294967297, 3.5] },
  flagTrue: { op: "isTrue", column: "flag" },
  flagFalse: { op: "isFalse", column: "flag" },
  flagNeFalse: { op: "ne", column: "flag", value: false },
  flagNotIn: { op: "notIn", column: "flag", values: [false] },
  bandNotIn: { op: "notIn", column: "band", values: ["u", "g", "r", "i", "z", "y"] },
  bandLt: { op: "lt", column: "band", value: "m" },
  nanWithoutFlag: {
    op: "and",
    args: [
      { op: "isNaN", column: "flux" },
      { op: "not", arg: { op: "isTrue", column: "flag" } },
    ],
  },
  allNaNAll: {
    op: "or",
    args: [
      { op: "isNull", column: "allNaN" },
      { op: "isNaN", column: "allNaN" },
    ],
  },
  never: { op: "const", value: false },
  always: { op: "const", value: true },
  emptyOr: { op: "or", args: [] },
  nanLiteral: { op: "ne", column: "flux", value: Number.NaN },
};

describe("countWhere: Arrow engine and DuckDB engine agree", () => {
  const request = {
    conditions: Object.entries(CONDITIONS).map(([id, where]) => ({ id, where })),
    keyColumn: "id",
    raColumn: "ra",
    decColumn: "decl",
    sampleSize: 7,
  };

  it("gives the same counts and the same sample rows for every condition", async () => {
    const a = await arrow.countWhere(object, request);
    const d = await duck.countWhere(object, request);
    expect(d).toEqual(a);
    for (const r of a) expect([r.id, r.error]).toEqual([r.id, undefined]);
    // Samples cross file boundaries: rows come from all three files.
    const always = a.find((r) => r.id === "always");
    expect(always?.count).toBe(ROWS);
    expect(always?.sample.map((s) => s.row)).toEqual([0, 1, 2, 3, 4, 5, 6]);
  });

  it("matches counts computed by hand from the generator formulas", async () => {
    const d = await duck.countWhere(object, request);
    const count = (id: string) => d.find((r) => r.id === id)?.count;
    let nanWithoutFlag = 0;
    let magNaN = 0;
    let bandOther = 0;
    for (let r = 0; r < ROWS; r++) {
      const fluxNaN = r % 50 !== 0 && r % 37 === 0;
      const flagTrue = r % 29 !== 0 && r % 3 === 0;
      if (fluxNaN && !flagTrue) nanWithoutFlag++;
      if (r % 41 === 0) magNaN++;
      if (r % 31 !== 0 && r % 7 === 6) bandOther++;
    }
    expect(count("nanWithoutFlag")).toBe(nanWithoutFlag);
    expect(count("magNaN")).toBe(magNaN);
    expect(count("bandNotIn")).toBe(bandOther);
    expect(count("idEqBig")).toBe(2); // rows 4 and 5 (997 k + 5 → id − 1)
    expect(count("visitInf")).toBe(0);
    expect(count("nanLiteral")).toBe(0);
    expect(count("allNaNAll")).toBe(ROWS);
  });

  it("reports uncompilable conditions as errors on both engines", async () => {
    const bad = {
      conditions: [
        { id: "missing", where: { op: "isNaN", column: "nope" } as Condition },
        { id: "type", where: { op: "gt", column: "band", value: 3 } as Condition },
        { id: "ok", where: { op: "isNaN", column: "flux" } as Condition },
      ],
    };
    for (const engine of [arrow, duck]) {
      const [missing, type, ok] = await engine.countWhere(object, bad);
      expect(missing.error).toMatch(/nope/);
      expect(type.error).toMatch(/band/);
      expect(ok.error).toBeUndefined();
      expect(ok.count).toBeGreaterThan(0);
    }
  });

  it("agrees on per-partition counts by column and by HEALPix pixel, with radian samples converted", async () => {
    for (const partitionBy of [
      { kind: "column", column: "band" } as const,
      { kind: "healpix", order: 2, ra: "ra", dec: "decl" } as const,
    ]) {
      const r = { ...request, partitionBy, positionUnit: "rad" as const };
      const a = await arrow.countWhere(object, r);
      const d = await duck.countWhere(object, r);
      expect(d).toEqual(a);
      const nan = a.find((x) => x.id === "fluxNaN");
      expect(Object.values(nan?.partitions?.toJSON() ?? {}).reduce((s, v) => s + v, 0)).toBe(nan?.count);
    }
  });

  it("answers several breakdowns in one request as one request per breakdown does", async () => {
    const band = { kind: "column", column: "band" } as const;
    const visitBand = { kind: "column", column: "visit", within: "band" } as const;
    const flag = { kind: "column", column: "flag" } as const;
    // partitionBy band and the same key again as a breakdown: DuckDB's grouping sets keep each key once
    const r = { ...request, sampleSize: 2, partitionBy: band, breakdowns: [visitBand, flag, band] };
    for (const engine of [arrow, duck]) {
      const together = await engine.countWhere(object, r);
      const alone = await Promise.all(
        [visitBand, flag, band].map((partitionBy) =>
          engine.countWhere(object, { ...request, sampleSize: 2, partitionBy }),
        ),
      );
      const plain = await engine.countWhere(object, { ...request, sampleSize: 2, partitionBy: band });
      together.forEach((c, i) => {
        const { breakdowns, ...rest } = c;
        expect(rest).toEqual(plain[i]);
        if (c.error !== undefined) return;
        expect(breakdowns?.map((b) => b.toJSON())).toEqual(alone.map((a) => a[i]?.partitions?.toJSON()));
      });
      const nan = together.find((x) => x.id === "fluxNaN");
      expect(nan?.breakdowns?.map((b) => b.total)).toEqual([nan?.count, nan?.count, nan?.count]);
    }
  });
});

describe("profile with conditions: counts fused into the profile's pass", () => {
  const conditions = [
    ...Object.entries(CONDITIONS).map(([id, where]) => ({ id, where })),
    // enough to cut DuckDB's query into one part per thread (32 items each), crossing the parts
    ...Object.entries(CONDITIONS).map(([id, where]) => ({ id: `again.${id}`, where })),
    { id: "missing", where: { op: "isNaN", column: "nope" } as Condition },
    { id: "type", where: { op: "gt", column: "band", value: 3 } as Condition },
  ];
  const plain = (counts: readonly ConditionCount[]) =>
    counts.map(({ id, count, total, error }) => ({
      id,
      count,
      total,
      error: error === undefined ? "" : "error",
    }));

  it("counts as countWhere does, on both engines, without changing the profile", async () => {
    const expected = plain(await arrow.countWhere(object, { conditions, sampleSize: 0 }));
    expect(expected.find((c) => c.id === "fluxNaN")?.count).toBeGreaterThan(0);
    for (const engine of [arrow, new DuckDBEngine({ threads: 2 })]) {
      const fused = await engine.profile(object, { statistics: "counts", conditions });
      expect(plain(fused.counts ?? [])).toEqual(expected);
      for (const c of fused.counts ?? []) expect(c.sample).toEqual([]);
      // the profile is the one the same engine gives without conditions (a fresh DuckDB: no cache)
      const other = engine instanceof DuckDBEngine ? new DuckDBEngine({ threads: 2 }) : arrow;
      const alone = await other.profile(object, { statistics: "counts" });
      expect(fused.profile).toEqual(alone.profile);
      for (const e of [engine, other]) if (e instanceof DuckDBEngine) await e.close();
    }
  });

  it("still counts when every column's profile is already cached (DuckDB)", async () => {
    const engine = new DuckDBEngine({ threads: 2 });
    await engine.profile(object, { statistics: "counts" });
    const fused = await engine.profile(object, { statistics: "counts", conditions });
    expect(plain(fused.counts ?? [])).toEqual(plain(await arrow.countWhere(object, { conditions })));
    await engine.close();
  });
});

describe("keys: Arrow engine and DuckDB engine agree", () => {
  it("finds duplicated primary keys exactly", async () => {
    const options = { raColumn: "ra", decColumn: "decl", sampleSize: 5 };
    const a = await arrow.duplicateKeys(object, ["id"], options);
    const d = await duck.duplicateKeys(object, ["id"], options);
    expect(d).toEqual(a);
    // r = 997k + 5 takes id 997k + 4: for each such k both rows share a key (k = 0…9 below 9000)
    const pairs = Array.from({ length: 10 }, (_, k) => 997 * k + 5).filter((r) => r < ROWS).length;
    expect(a.failing).toBe(2 * pairs);
    expect(a.sample.map((s) => s.row)).toEqual([4, 5, 1001, 1002, 1998]);
    expect(a.sample[0].key).toBe("4");
  });

  it("finds duplicates over composite keys", async () => {
    const a = await arrow.duplicateKeys(object, ["parentId", "flag"]);
    const d = await duck.duplicateKeys(object, ["parentId", "flag"]);
    expect(d).toEqual(a);
    // rows r and r + 4500 share parentId and (4500 ≡ 0 mod 3) flag, unless either flag is null (≡ 0 mod 29)
    let pairs = 0;
    for (let r = 0; r < 4500; r++) if (r % 29 !== 0 && (r + 4500) % 29 !== 0) pairs++;
    expect(a.failing).toBe(2 * pairs);
    expect(a.sample[0]).toEqual({ row: 1, key: "1|false" });
  });

  it("finds orphan foreign keys exactly", async () => {
    const a = await arrow.orphanKeys(object, "parentId", parent, "id", { keyColumn: "id" });
    const d = await duck.orphanKeys(object, "parentId", parent, "id", { keyColumn: "id" });
    expect(d).toEqual(a);
    // parent lacks ids ≡ 7 (mod 450); parentId = r mod 4500 hits each such id twice in 9000 rows
    expect(a.failing).toBe(20);
    expect(a.sample[0]).toEqual({ row: 7, key: "7", value: 7 });
  });
});

describe("createEnginePool", () => {
  it("gives DuckDB for Parquet files and the Arrow engine for in-memory tables", async () => {
    const pool = createEnginePool({ threads: 1 });
    expect(pool.for(object).name).toBe("duckdb");
    expect(pool.for({ ...object, format: "memory", files: [] }).name).toBe("arrow");
    await pool.close();
  });
});

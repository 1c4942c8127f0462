// Same check, same number over TAP: the fake service answers the TAP engine's ADQL with DuckDB over the pilot
// Parquet files, and every column's profile and every condition count must equal the DuckDB engine's on those
// files. In Qserv mode every query the engine sends must pass Qserv's restrictions (the fake rejects the rest).
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { keyCheckResult } from "../../../src/checks/run/judge.js";
import { runCheck } from "../../../src/cli/check.js";
import { main } from "../../../src/cli/main.js";
import { runProfile } from "../../../src/cli/profile.js";
import type { Condition } from "../../../src/engines/condition.js";
import { DuckDBEngine } from "../../../src/engines/duckdb/duckdb-engine.js";
import { lintQservAdql } from "../../../src/engines/sql/qserv-lint.js";
import { TapEngine, TapTableSource } from "../../../src/engines/tap/index.js";
import { parseTapSpec } from "../../../src/engines/tap/source.js";
import { openTable } from "../../../src/io/open.js";
import type { TableSource } from "../../../src/io/table.js";
import type { ColumnProfile, TableProfile } from "../../../src/metrics/types.js";
import { captureIO } from "../../helpers/io.js";
import { REPO_ROOT } from "../../helpers/paths.js";
import { type FakeTap, startFakeTap } from "./fake-service.js";

const PILOT = join(REPO_ROOT, "fixtures/pilot");
const TABLES = ["Object", "Source", "ForcedSource", "CcdVisit", "Visit"];
let postgres: FakeTap;
let qserv: FakeTap;
const duck = new DuckDBEngine({ threads: 1 });
const files = new Map<string, TableSource>();

beforeAll(async () => {
  const tables = TABLES.map((t) => ({ name: `pilot.${t}`, files: [join(PILOT, `${t}.parquet`)] }));
  postgres = await startFakeTap({ tables, lowerCaseSchema: false, votable: "binary2" });
  qserv = await startFakeTap({ tables, qserv: true, votable: "binary" });
  for (const t of TABLES) files.set(t, await openTable(t, join(PILOT, `${t}.parquet`)));
}, 60_000);
afterAll(async () => {
  await postgres.close();
  await qserv.close();
  await duck.close();
});

function tap(fake: FakeTap, table: string, flavor: "postgres" | "qserv", format = "votable"): TableSource {
  return new TapTableSource(table, parseTapSpec(`tap:${fake.url}#pilot.${table}`), {
    flavor,
    format,
    auth: { token: null },
  });
}

function close(a: number | null, b: number | null): boolean {
  if (a === null || b === null) return a === b;
  return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
}

/** Every field of two column profiles equal (moments to 1e-9 relative); `distinct` is not computed over TAP. */
function compareColumns(
  got: TableProfile,
  want: TableProfile,
  options: { nanUnknown?: boolean } = {},
): string[] {
  const bad: string[] = [];
  expect(got.rows).toBe(want.rows);
  expect(Object.keys(got.columns).sort()).toEqual(Object.keys(want.columns).sort());
  for (const [name, w] of Object.entries(want.columns)) {
    const g = got.columns[name] as ColumnProfile & Record<string, unknown>;
    for (const [field, value] of Object.entries(w)) {
      if (field === "distinct") continue;
      // The PostgreSQL (DaCHS) dialect has no string-length function: no minLength/maxLength over TAP.
      if ((field === "minLength" || field === "maxLength") && (g[field] ?? null) === null) continue;
      const v = g[field];
      if (options.nanUnknown && ["nan", "posInf", "negInf"].includes(field)) {
        if (v !== null) bad.push(`${name}.${field}: ${String(v)} (expected null)`);
        continue;
      }
      const same =
        typeof value === "number" || value === null
          ? close(v as number | null, value as number | null)
          : v === value;
      if (!same) bad.push(`${name}.${field}: ${String(v)} != ${String(value)}`);
    }
  }
  return bad;
}

describe("TapEngine equals DuckDBEngine on the pilot fixtures", () => {
  for (const table of TABLES) {
    it(`profiles every column of ${table} the same (PostgreSQL dialect, BINARY2)`, async () => {
      const want = (await duck.profile(files.get(table) as TableSource)).profile;
      const got = (await new TapEngine().profile(tap(postgres, table, "postgres"))).profile;
      expect(compareColumns(got, want)).toEqual([]);
    }, 120_000);
  }

  for (const format of ["csv", "votable/td", "application/x-votable+xml;serialization=BINARY"]) {
    it(`profiles Source the same through ${format} results`, async () => {
      const want = (await duck.profile(files.get("Source") as TableSource)).profile;
      const got = (await new TapEngine().profile(tap(postgres, "Source", "postgres", format))).profile;
      expect(compareColumns(got, want)).toEqual([]);
    }, 120_000);
  }

  it("profiles Object the same in the Qserv dialect, every query Qserv-legal, NaN/Inf counts unknown (null)", async () => {
    const engine = new TapEngine({ splitRows: 400, concurrency: 3 });
    const source = tap(qserv, "Object", "qserv");
    const before = qserv.queries.length;
    const got = (await engine.profile(source)).profile;
    const want = (await duck.profile(files.get("Object") as TableSource)).profile;
    // The pilot's NaN/±Inf make MySQL-side comparisons meaningless; compare the columns without them.
    const finite = Object.fromEntries(
      Object.entries(want.columns).filter(
        ([, c]) => !("nan" in c) || ((c.nan ?? 0) === 0 && (c.posInf ?? 0) === 0 && (c.negInf ?? 0) === 0),
      ),
    );
    const bad = compareColumns(
      {
        ...got,
        columns: Object.fromEntries(Object.keys(finite).map((k) => [k, got.columns[k] as ColumnProfile])),
      },
      { ...want, columns: finite },
      { nanUnknown: true },
    );
    expect(bad.filter((b) => !/\.(nan|posInf|negInf):/.test(b))).toEqual([]);
    const sent = qserv.queries.slice(before);
    expect(sent.length).toBeGreaterThan(4); // split into key ranges
    expect(sent.flatMap((q) => lintQservAdql(q))).toEqual([]);
    expect(engine.log.some((q) => / BETWEEN /.test(q))).toBe(true);
  }, 180_000);

  it("splits into HEALPix sky tiles (one CONTAINS first in WHERE) and gets the same profile in the Qserv dialect", async () => {
    const engine = new TapEngine({
      skyTiles: { ra: "coord_ra", dec: "coord_dec", order: 1 },
      concurrency: 4,
    });
    const columns = ["sourceId", "coord_ra", "coord_dec", "ccdVisitId", "x", "xErr", "ap03Flux_flag"];
    const got = (await engine.profile(tap(qserv, "Source", "qserv"), { columns })).profile;
    const want = (await duck.profile(files.get("Source") as TableSource, { columns })).profile;
    expect(
      compareColumns(got, want, { nanUnknown: true }).filter((b) => !/\.(nan|posInf|negInf):/.test(b)),
    ).toEqual([]);
    const tiled = engine.log.filter((q) => /CONTAINS\(POINT/.test(q));
    expect(tiled.length).toBe(2 * 48);
    expect(engine.log.flatMap((q) => lintQservAdql(q))).toEqual([]);
  }, 120_000);

  it("profiles per partition the same", async () => {
    const source = tap(postgres, "Source", "postgres");
    const got = await new TapEngine().profile(source, {
      partitionBy: { kind: "column", column: "ccdVisitId" },
      columns: ["psfFlux", "ccdVisitId", "ra", "ap03Flux_flag"],
    });
    const want = await duck.profile(files.get("Source") as TableSource, {
      partitionBy: { kind: "column", column: "ccdVisitId" },
      columns: ["psfFlux", "ccdVisitId", "ra", "ap03Flux_flag"],
    });
    expect(Object.keys(got.partitions ?? {})).toEqual(Object.keys(want.partitions ?? {}));
    for (const [key, part] of Object.entries(want.partitions ?? {})) {
      expect(compareColumns(got.partitions?.[key] as TableProfile, part)).toEqual([]);
    }
  }, 60_000);

  it("breaks profiles and counts down by HEALPix pixel like the DuckDB engine (PostgreSQL: ivo_healpix_index)", async () => {
    const partitionBy = { kind: "healpix", order: 5, ra: "coord_ra", dec: "coord_dec" } as const;
    const columns = ["psfFlux", "x"];
    const got = await new TapEngine().profile(tap(postgres, "Source", "postgres"), { partitionBy, columns });
    const want = await duck.profile(files.get("Source") as TableSource, { partitionBy, columns });
    expect(Object.keys(got.partitions ?? {}).sort()).toEqual(Object.keys(want.partitions ?? {}).sort());
    for (const [key, part] of Object.entries(want.partitions ?? {})) {
      expect(compareColumns(got.partitions?.[key] as TableProfile, part)).toEqual([]);
    }
    const conditions = [{ id: "neg", where: { op: "lt", column: "psfFlux", value: 0 } as Condition }];
    const [gotCount] = await new TapEngine().countWhere(tap(postgres, "Source", "postgres"), {
      conditions,
      partitionBy,
    });
    const [wantCount] = await duck.countWhere(files.get("Source") as TableSource, {
      conditions,
      partitionBy,
    });
    expect(gotCount?.partitions?.toJSON()).toEqual(wantCount?.partitions?.toJSON());
    await expect(
      new TapEngine().profile(tap(qserv, "Source", "qserv"), { partitionBy, columns }),
    ).rejects.toThrow(/Qserv/);
  }, 60_000);

  it("counts conditions the same, with per-partition counts, in both dialects", async () => {
    const conditions: { id: string; where: Condition }[] = [
      { id: "nan", where: { op: "isNaN", column: "psfFlux" } },
      { id: "inf", where: { op: "isPosInf", column: "psfFlux" } },
      { id: "null", where: { op: "isNull", column: "psfFlux" } },
      {
        id: "range",
        where: {
          op: "or",
          args: [
            { op: "lt", column: "ra", value: 0 },
            { op: "ge", column: "ra", value: 360 },
          ],
        },
      },
      { id: "ne", where: { op: "ne", column: "ccdVisitId", value: 1 } },
      { id: "notin", where: { op: "notIn", column: "ccdVisitId", values: [1, 2, 3] } },
      { id: "neg", where: { op: "lt", column: "ap03Flux", value: 0 } },
      {
        id: "flag",
        where: {
          op: "and",
          args: [
            { op: "isFinite", column: "psfFlux" },
            { op: "isTrue", column: "ap03Flux_flag" },
          ],
        },
      },
    ];
    const want = await duck.countWhere(files.get("Source") as TableSource, {
      conditions,
      partitionBy: { kind: "column", column: "ccdVisitId" },
    });
    const got = await new TapEngine().countWhere(tap(postgres, "Source", "postgres"), {
      conditions,
      partitionBy: { kind: "column", column: "ccdVisitId" },
      keyColumn: "sourceId",
      raColumn: "coord_ra",
      decColumn: "coord_dec",
    });
    expect(got.map((c) => [c.id, c.count, c.total, c.error])).toEqual(
      want.map((c) => [c.id, c.count, c.total, c.error]),
    );
    expect(got.map((c) => c.partitions?.toJSON())).toEqual(want.map((c) => c.partitions?.toJSON()));
    // Several breakdowns in one request, a pair among them: one ADQL query each (the first also gives the counts),
    // the same counts as DuckDB's grouping sets.
    const breakdowns = [
      { kind: "column", column: "ccdVisitId" },
      { kind: "column", column: "ccdVisitId", within: "parentSourceId" },
    ] as const;
    const wantBy = await duck.countWhere(files.get("Source") as TableSource, { conditions, breakdowns });
    const byTap = new TapEngine();
    const gotBy = await byTap.countWhere(tap(postgres, "Source", "postgres"), {
      conditions,
      breakdowns,
      sampleSize: 0,
    });
    const byJSON = (cs: typeof got) => cs.map((c) => c.breakdowns?.map((b) => b.toJSON()));
    expect(byJSON(gotBy)).toEqual(byJSON(wantBy));
    // labelled alike too ("ccdVisitId/parentSourceId" for the pair)
    expect(gotBy.map((c) => c.breakdowns?.map((b) => b.by))).toEqual(
      wantBy.map((c) => c.breakdowns?.map((b) => b.by)),
    );
    expect(byJSON(gotBy).filter((b) => b?.length === 2).length).toBe(conditions.length);
    expect(gotBy.map((c) => [c.id, c.count, c.total])).toEqual(wantBy.map((c) => [c.id, c.count, c.total]));
    const oneEach = new TapEngine();
    for (const partitionBy of breakdowns)
      await oneEach.countWhere(tap(postgres, "Source", "postgres"), {
        conditions,
        partitionBy,
        sampleSize: 0,
      });
    expect(byTap.log.length).toBe(oneEach.log.length);
    const hit = got.find((c) => c.count > 0 && c.sample.length > 0);
    expect(hit?.sample[0]?.key).toBeTruthy();
    expect(typeof hit?.sample[0]?.ra).toBe("number");
    const strings: { id: string; where: Condition }[] = [
      { id: "ne", where: { op: "ne", column: "band", value: "r" } },
      { id: "notin", where: { op: "notIn", column: "band", values: ["g", "r", "i"] } },
    ];
    const wantStrings = await duck.countWhere(files.get("CcdVisit") as TableSource, { conditions: strings });
    const gotStrings = await new TapEngine().countWhere(tap(postgres, "CcdVisit", "postgres"), {
      conditions: strings,
    });
    expect(gotStrings.map((c) => c.count)).toEqual(wantStrings.map((c) => c.count));
    const onQserv = await new TapEngine({ splitRows: 500 }).countWhere(tap(qserv, "Source", "qserv"), {
      conditions,
    });
    // Qserv cannot test NaN or infinity: those conditions error, the others count the same.
    expect(onQserv.filter((c) => c.error).map((c) => c.id)).toEqual(["nan", "inf"]);
    for (const c of onQserv.filter((x) => !x.error))
      expect(c.count).toBe(want.find((w) => w.id === c.id)?.count);
  }, 60_000);

  it("finds duplicate keys and orphans exactly (PostgreSQL) and as labelled lower bounds (Qserv)", async () => {
    const source = tap(postgres, "Source", "postgres");
    for (const key of ["sourceId", "ccdVisitId"]) {
      const want = await duck.duplicateKeys(files.get("Source") as TableSource, [key]);
      const got = await new TapEngine().duplicateKeys(source, [key]);
      expect([got.failing, got.total]).toEqual([want.failing, want.total]);
    }
    const wantFk = await duck.orphanKeys(
      files.get("Source") as TableSource,
      "ccdVisitId",
      files.get("CcdVisit") as TableSource,
      "ccdVisitId",
    );
    const gotFk = await new TapEngine().orphanKeys(
      source,
      "ccdVisitId",
      tap(postgres, "CcdVisit", "postgres"),
      "ccdVisitId",
    );
    expect([gotFk.failing, gotFk.total]).toEqual([wantFk.failing, wantFk.total]);
    // Key ranges of width 1 make the pigeonhole bound exact; wider ones give a lower bound.
    const engine = new TapEngine({ splitRows: 3, concurrency: 4 });
    const dupVisits = await engine.duplicateKeys(tap(qserv, "Source", "qserv"), ["ccdVisitId"]);
    expect(dupVisits).toMatchObject({ bound: "lower" });
    expect(dupVisits.failing).toBeGreaterThan(0);
    expect(dupVisits.failing).toBeLessThanOrEqual(
      (await duck.duplicateKeys(files.get("Source") as TableSource, ["ccdVisitId"])).failing,
    );
    const judged = keyCheckResult("Source", "ccdVisitId", "unique", dupVisits, "share a key", "unique");
    expect(judged).toMatchObject({ status: "fail", partial: true });
    expect(judged.message).toMatch(/^at least \d+ of .*lower bound/);
    await expect(new TapEngine().duplicateKeys(tap(qserv, "Source", "qserv"), ["sourceId"])).rejects.toThrow(
      /cannot be proven on Qserv/,
    );
    expect(engine.log.flatMap((q) => lintQservAdql(q))).toEqual([]);
  }, 60_000);

  it("pushes histograms and equal-area sky densities down, equal to counts over the file's values", async () => {
    const { data } = await (files.get("Source") as TableSource).read({
      columns: ["psfFlux", "coord_ra", "coord_dec"],
    });
    const flux = Array.from(data.getChild("psfFlux")?.toArray() as Float64Array);
    const finite = flux.filter((v) => Number.isFinite(v));
    const lo = Math.min(...finite);
    const hi = Math.max(...finite);
    for (const [fake, flavor] of [
      [postgres, "postgres"],
      [qserv, "qserv"],
    ] as const) {
      const engine = new TapEngine({ splitRows: flavor === "qserv" ? 200 : undefined });
      const h = await engine.histogram(tap(fake, "Source", flavor), "psfFlux", { bins: 7 });
      const scale = 7 / (hi - lo);
      const want = new Float64Array(7);
      for (const v of finite) want[Math.min(6, Math.floor((v - lo) * scale))]++;
      if (flavor === "postgres") expect(Array.from(h.counts)).toEqual(Array.from(want));
      else expect(h.counts.reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
      expect(h.edges[0]).toBe(flavor === "postgres" ? lo : h.edges[0]);
      const clipped = await engine.histogram(tap(fake, "Source", flavor), "psfFlux", {
        bins: 4,
        min: 0,
        max: 100,
      });
      if (flavor === "postgres") {
        expect(clipped.below).toBe(finite.filter((v) => v < 0).length);
        expect(clipped.above).toBe(finite.filter((v) => v >= 100).length);
      }
      expect(engine.log.flatMap((q) => (flavor === "qserv" ? lintQservAdql(q) : []))).toEqual([]);
    }
    const ra = Array.from(data.getChild("coord_ra")?.toArray() as Float64Array);
    const dec = Array.from(data.getChild("coord_dec")?.toArray() as Float64Array);
    const want = new Map<string, number>();
    ra.forEach((r, i) => {
      const key = `${Math.floor(r * (36 / 360))},${Math.floor((Math.sin(((dec[i] as number) * Math.PI) / 180) + 1) * (18 / 2))}`;
      want.set(key, (want.get(key) ?? 0) + 1);
    });
    const engine = new TapEngine();
    const got = await engine.skyDensity(tap(qserv, "Source", "qserv"), {
      ra: "coord_ra",
      dec: "coord_dec",
      raBins: 36,
      zBins: 18,
    });
    expect(new Map([...got].sort())).toEqual(new Map([...want].sort()));
    expect(engine.log.flatMap((q) => lintQservAdql(q))).toEqual([]);
  }, 60_000);

  it("answers a later profile of columns it has profiled from memory (no query), a partitioned one by querying", async () => {
    const engine = new TapEngine();
    const source = tap(postgres, "Visit", "postgres");
    const all = await engine.profile(source);
    const sent = engine.log.length;
    expect(sent).toBeGreaterThan(0);
    const names = Object.keys(all.profile.columns).slice(2, 6);
    const again = await engine.profile(source, { columns: names });
    expect(engine.log.length).toBe(sent);
    expect(again.profile.rows).toBe(all.profile.rows);
    expect(again.profile.columns).toEqual(Object.fromEntries(names.map((n) => [n, all.profile.columns[n]])));
    await engine.profile(source, { columns: names, partitionBy: { kind: "column", column: "band" } });
    expect(engine.log.length).toBeGreaterThan(sent);
    // A key check takes the row count from the profile: its one query is the GROUP BY … HAVING.
    const before = engine.log.length;
    const keys = await engine.duplicateKeys(source, ["visit"]);
    expect(keys.total).toBe(all.profile.rows);
    expect(engine.log.slice(before).map((q) => /HAVING/.test(q))).toEqual([true]);
  });

  it("refuses a truncated grouped result instead of judging part of the table", async () => {
    const engine = new TapEngine({ maxGroups: 2 });
    await expect(
      engine.profile(tap(postgres, "Source", "postgres"), {
        columns: ["psfFlux"],
        partitionBy: { kind: "column", column: "ccdVisitId" },
      }),
    ).rejects.toThrow(/partial/);
  });
});

describe("skygate check and profile on tap: tables", () => {
  const tmp = mkdtempSync(join(tmpdir(), "skygate-tap-"));
  it("gives every check of every column the same status and numbers as on the Parquet file", async () => {
    const run = async (spec: string, out: string) => {
      const io = captureIO();
      const code = await runCheck(["--table", `Object=${spec}`, "--json", out, "--quiet"], io);
      return {
        code,
        report: JSON.parse(readFileSync(out, "utf8")) as {
          results: { id: string; status: string; failing: number; total: number }[];
        },
      };
    };
    const file = await run(join(PILOT, "Object.parquet"), join(tmp, "file.json"));
    const viaTap = await run(`tap:${postgres.url}#pilot.Object`, join(tmp, "tap.json"));
    expect(viaTap.code).toBe(file.code);
    const pick = (r: { results: { id: string; status: string; failing: number; total: number }[] }) =>
      r.results.map((x) => [x.id, x.status, x.failing, x.total]).sort();
    expect(pick(viaTap.report)).toEqual(pick(file.report));
  }, 300_000);

  it("profiles a tap: table like the Parquet file, and an unreachable service is exit 2 naming it", async () => {
    const run = async (spec: string, out: string) => {
      const io = captureIO();
      const code = await runProfile(["--table", `Visit=${spec}`, "--json", out, "--quiet"], io);
      return {
        code,
        json: JSON.parse(readFileSync(out, "utf8")) as { tables: Record<string, TableProfile> },
      };
    };
    const file = await run(join(PILOT, "Visit.parquet"), join(tmp, "file-profile.json"));
    const viaTap = await run(`tap:${postgres.url}#pilot.Visit`, join(tmp, "tap-profile.json"));
    expect(viaTap.code).toBe(0);
    expect(
      compareColumns(viaTap.json.tables.Visit as TableProfile, file.json.tables.Visit as TableProfile),
    ).toEqual([]);
    const io = captureIO();
    const code = await main(["check", "--table", "Object=tap:http://127.0.0.1:9/tap#pilot.Object"], io);
    expect(code).toBe(2);
    expect(io.err.join("")).toMatch(/tap:http:\/\/127\.0\.0\.1:9\/tap#pilot\.Object/);
  }, 120_000);
});

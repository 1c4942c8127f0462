// Cross-site consistency between two local copies (no TAP): the planted difference of scripts/dachs/planted.ts
// is found in exactly its patch and column; identical copies pass; missing partitions, tables and columns fail.
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PLANTED, plantedSelect } from "../../scripts/dachs/planted.js";
import { main } from "../../src/cli/main.js";
import { openSite } from "../../src/sites/open.js";
import { sameAggregate } from "../../src/sites/same.js";
import { compareSites } from "../../src/sites/sites.js";
import { captureIO } from "../helpers/io.js";
import { external, FIXTURES } from "../helpers/paths.js";

const object = resolve(FIXTURES, "pilot/Object.parquet");
const forced = resolve(FIXTURES, "pilot/ForcedSource.parquet");
let dir: string;
let idChanged: { id: string; tract: number; patch: number };

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "skygate-sites-"));
  const conn = await (await DuckDBInstance.create(":memory:")).connect();
  mkdirSync(join(dir, "b"));
  await conn.run(
    `COPY (${await plantedSelect(object)}) TO '${join(dir, "b/Object.parquet")}' (FORMAT parquet)`,
  );
  await conn.run(
    `COPY (SELECT * FROM '${forced}') TO '${join(dir, "b/ForcedSource.parquet")}' (FORMAT parquet)`,
  );
  // A copy that lost the rows of one patch and one whose column was renamed.
  await conn.run(
    `COPY (SELECT * FROM '${forced}' WHERE patch != 7) TO '${join(dir, "lost-patch.parquet")}' (FORMAT parquet)`,
  );
  await conn.run(
    `COPY (SELECT * RENAME (psfFlux AS psf_flux) FROM '${forced}') TO '${join(dir, "renamed.parquet")}' (FORMAT parquet)`,
  );
  // Hive-partitioned copy of ForcedSource (tract=…/), read as one table.
  await conn.run(
    `COPY (SELECT * FROM '${forced}') TO '${join(dir, "hive")}' (FORMAT parquet, PARTITION_BY (band))`,
  );
  // A 64-bit id changed by 1 in a row that holds neither its patch's MIN nor MAX: a double SUM rounds it away.
  const [inner] = (
    await conn.runAndReadAll(
      `SELECT CAST(objectId AS VARCHAR) AS id, tract, patch FROM '${object}' WINDOW w AS (PARTITION BY tract, patch) QUALIFY objectId > min(objectId) OVER w AND objectId < max(objectId) OVER w ORDER BY objectId LIMIT 1`,
    )
  ).getRowObjectsJS() as { id: string; tract: number; patch: number }[];
  idChanged = inner as { id: string; tract: number; patch: number };
  mkdirSync(join(dir, "id"));
  await conn.run(
    `COPY (SELECT * REPLACE (CASE WHEN objectId = ${idChanged.id} THEN objectId + 1 ELSE objectId END AS objectId) FROM '${object}') TO '${join(dir, "id/Object.parquet")}' (FORMAT parquet)`,
  );
  // A table with no position columns at all.
  await conn.run(
    `COPY (SELECT * EXCLUDE (coord_ra, coord_dec) FROM '${forced}') TO '${join(dir, "nopos.parquet")}' (FORMAT parquet)`,
  );
  conn.closeSync();
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("compareSites on local Parquet copies", () => {
  it("finds the planted difference in its one patch and column, and nothing else", async () => {
    const a = await openSite(object);
    const b = await openSite(join(dir, "b/Object.parquet"));
    const report = await compareSites({ spec: "a", tables: a }, { spec: "b", tables: b });
    const [t] = report.tables;
    expect(report.status).toBe("fail");
    expect(t?.rows).toEqual({ a: 1500, b: 1500 });
    expect(t?.partitionBy).toEqual({ kind: "columns", columns: ["tract", "patch"] });
    expect(t?.partitions).toEqual({ a: 49, b: 49, differing: 1 });
    expect(t?.differences.map((d) => d.partition)).toEqual([`${PLANTED.tract}/${PLANTED.patch}`]);
    expect(t?.differingColumns).toEqual([{ column: PLANTED.column, partitions: 1 }]);
    expect(t?.differences[0]?.differences.map((d) => d.aggregate).sort()).toEqual(["max", "min", "sum"]);
    expect(t?.columns).toBe(989); // 991 columns less the two partition keys
  });

  it("finds a 64-bit id changed by 1 inside its patch (the modular checksum), and says which columns NaN blinds", async () => {
    const report = await compareSites(
      { spec: "a", tables: await openSite(object) },
      { spec: "b", tables: await openSite(join(dir, "id/Object.parquet")) },
    );
    const [t] = report.tables;
    expect(t?.differences.map((d) => d.partition)).toEqual([`${idChanged.tract}/${idChanged.patch}`]);
    expect(t?.differences[0]?.differences.map((d) => [d.column, d.aggregate])).toEqual([["objectId", "mod"]]);
    // Flux columns with a NaN in a patch have NaN SUM and MAX at both sites: the report says so, per column.
    expect(t?.nanPartitions?.length).toBeGreaterThan(0);
    expect(t?.message).toMatch(
      /\d+ \(partition, column\) pairs hold NaN at both sites, so only COUNT and MIN compared them/,
    );
  });

  it("identical copies pass, with every column fingerprinted", async () => {
    const report = await compareSites(
      { spec: "a", tables: await openSite(forced) },
      { spec: "b", tables: await openSite(join(dir, "b/ForcedSource.parquet")) },
    );
    expect(report.status).toBe("pass");
    expect(report.tables[0]?.partitions.differing).toBe(0);
    expect(report.tables[0]?.columns).toBe(37);
  });

  it("a lost patch is a partition present at one site only; a renamed column is a schema difference", async () => {
    const lost = await compareSites(
      { spec: "a", tables: await openSite(forced) },
      {
        spec: "b",
        tables: (await openSite(join(dir, "lost-patch.parquet"))).map((t) =>
          Object.assign(t, { name: "ForcedSource" }),
        ),
      },
    );
    const t = lost.tables[0];
    expect(t?.partitions.differing).toBe(1);
    expect(t?.differences[0]?.partition).toBe("4431/7");
    expect(t?.differences[0]?.differences).toEqual([
      { column: "*", aggregate: "rows", a: String(t?.differences[0]?.rows.a), b: null },
    ]);
    const renamed = await compareSites(
      { spec: "a", tables: await openSite(forced) },
      {
        spec: "b",
        tables: (await openSite(join(dir, "renamed.parquet"))).map((t) =>
          Object.assign(t, { name: "ForcedSource" }),
        ),
      },
    );
    expect(renamed.status).toBe("fail");
    expect(renamed.tables[0]?.columnsOnlyIn).toEqual({ a: ["psfFlux"], b: ["psf_flux"] });
    expect(renamed.tables[0]?.partitions.differing).toBe(0);
  });

  it("a Hive-partitioned folder is one table; sky cells partition a table without tract", async () => {
    const hive = await openSite(join(dir, "hive"));
    expect(hive.length).toBe(1);
    const report = await compareSites(
      { spec: "a", tables: await openSite(forced) },
      { spec: "b", tables: hive.map((t) => Object.assign(t, { name: "ForcedSource" })) },
      { partitionBy: { kind: "cells", ra: "coord_ra", dec: "coord_dec", size: 0.25 } },
    );
    expect(report.status).toBe("pass");
    expect(report.tables[0]?.partitions.a).toBeGreaterThan(4);
  });

  it("sums agree within summation-order rounding only", () => {
    expect(sameAggregate("sum", "float64", "1e10", "10000000000.001", { rows: 1000, maxAbs: 1e8 })).toBe(
      true,
    );
    expect(sameAggregate("sum", "float64", "1e10", "1.01e10", { rows: 1000, maxAbs: 1e8 })).toBe(false);
    expect(
      sameAggregate("min", "integer", "1234567890123456789", "1234567890123456788", { rows: 1, maxAbs: 0 }),
    ).toBe(false);
    expect(sameAggregate("max", "float64", "nan", "NaN", { rows: 1, maxAbs: 0 })).toBe(true);
    expect(sameAggregate("max", "float64", "nan", null, { rows: 1, maxAbs: 0 })).toBe(false);
  });
});

describe("skygate compare-sites (CLI)", () => {
  it("exits 1 on the planted difference and writes JSON, Markdown and HTML with the patch map", async () => {
    const io = captureIO();
    const json = join(dir, "r.json");
    const html = join(dir, "r.html");
    const md = join(dir, "r.md");
    const code = await main(
      ["compare-sites", object, join(dir, "b/Object.parquet"), "--json", json, "--html", html, "--md", md],
      io,
    );
    expect(code).toBe(1);
    expect(io.out.join("")).toContain("4431/12: rows 48 vs 48; g_psfFlux");
    const report = JSON.parse(readFileSync(json, "utf8"));
    expect(report.tables[0].differences[0].partition).toBe("4431/12");
    expect(readFileSync(md, "utf8")).toContain("| 4431/12 | 48 | 48 | g_psfFlux | sum |");
    const page = readFileSync(html, "utf8");
    expect(page).toContain("differing patches");
    expect(page).toContain("Plotly");
  });

  it("exits 0 for identical folders, 2 for a missing site or bad options", async () => {
    const io = captureIO();
    expect(
      await main(
        ["compare-sites", forced, join(dir, "b/ForcedSource.parquet"), "--columns", "psfFlux,band"],
        io,
      ),
    ).toBe(0);
    expect(io.out.join("")).toContain("PASS  ForcedSource");
    expect(await main(["compare-sites", forced, join(dir, "nope.parquet")], captureIO())).toBe(2);
    expect(await main(["compare-sites", forced], captureIO())).toBe(2);
    expect(await main(["compare-sites", forced, forced, "--cells", "0"], captureIO())).toBe(2);
    // position columns without --cells would be ignored silently
    const alone = captureIO();
    expect(await main(["compare-sites", forced, forced, "--ra", "ra", "--dec", "dec"], alone)).toBe(2);
    expect(alone.err.join("")).toMatch(/give --cells DEG too/);
  });

  it("exits 3 when a table cannot be compared (a column absent at both sites)", async () => {
    const io = captureIO();
    expect(await main(["compare-sites", forced, forced, "--columns", "no_such_column"], io)).toBe(3);
    expect(io.out.join("")).toContain("could not compare");
  });

  it("--cells takes the first position pair the table has (real APDB DiaSource: ra/dec, no coord_ra)", async () => {
    // A byte copy of the real COSMOS DiaSource file as site B.
    const source = external(
      "ap_verify_ci_cosmos_pdr2",
      "preloaded_dia_source_HSC_59160_1_13_dia_catalogs_apdb.parq",
    );
    mkdirSync(join(dir, "siteB"), { recursive: true });
    const copy = join(dir, "siteB", "DiaSource.parquet");
    copyFileSync(source, copy);
    const io = captureIO();
    const json = join(dir, "cells.json");
    expect(await main(["compare-sites", source, copy, "--cells", "0.1", "--json", json], io)).toBe(0);
    const [table] = JSON.parse(readFileSync(json, "utf8")).tables;
    expect(table.partitionBy).toEqual({ kind: "cells", ra: "ra", dec: "dec", size: 0.1 });
    expect(table.rows).toEqual({ a: 574, b: 574 });
  });

  it("--cells on a table without positions names the table and the columns tried, not a SQL error", async () => {
    const io = captureIO();
    const nopos = join(dir, "nopos.parquet");
    expect(await main(["compare-sites", nopos, nopos, "--cells", "1"], io)).toBe(3);
    const text = io.out.join("");
    expect(text).toContain(
      "ERROR nopos: could not compare: table nopos has no position columns for sky cells at both sites (tried coord_ra/coord_dec, ra/dec, ra/decl; name them with --ra/--dec)",
    );
    expect(text).not.toMatch(/Binder|SELECT/);
    const named = captureIO();
    expect(await main(["compare-sites", nopos, nopos, "--cells", "1", "--ra", "psfFlux"], named)).toBe(3);
    expect(named.out.join("")).toContain("(tried psfFlux/coord_dec, psfFlux/dec, psfFlux/decl;");
    const keys = captureIO();
    expect(await main(["compare-sites", nopos, nopos, "--partition-by", "visit"], keys)).toBe(3);
    expect(keys.out.join("")).toContain("has no partition column visit at both sites");
  });
});

// The Qserv linter explains what Qserv rejects and accepts what it runs; a tap: table's columns, units and UCDs
// come from TAP_SCHEMA (so --schema is optional), in the service's spelling.
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { lintQservAdql } from "../../../src/engines/sql/qserv-lint.js";
import "../../../src/engines/tap/index.js";
import { parseTapSpec, tapFlavor, tapPhysicalType } from "../../../src/engines/tap/source.js";
import { openTable } from "../../../src/io/open.js";
import { REPO_ROOT } from "../../helpers/paths.js";
import { type FakeTap, startFakeTap } from "./fake-service.js";

describe("lintQservAdql", () => {
  const rules = (q: string) => lintQservAdql(q).map((i) => i.rule);
  it("flags each restriction with its rule", () => {
    expect(rules("SELECT COUNT(*) FROM t WHERE x IN (SELECT y FROM u)")).toEqual(["subquery"]);
    expect(rules("SELECT STDDEV(x) FROM t")).toEqual(["aggregate"]);
    expect(rules("SELECT COUNT(DISTINCT x) FROM t")).toEqual(["countDistinct"]);
    expect(
      rules("SELECT * FROM t WHERE CONTAINS(POINT('ICRS', ra, dec), BOX('ICRS', 1, 2, 3, 4)) = 1"),
    ).toEqual(["box"]);
    expect(
      rules("SELECT * FROM t WHERE x > 1 AND CONTAINS(POINT('ICRS', ra, dec), CIRCLE('ICRS', 1, 2, 3)) = 1"),
    ).toEqual(["spatialFirst"]);
    expect(
      rules(
        "SELECT * FROM t WHERE CONTAINS(POINT('ICRS', ra, dec), CIRCLE('ICRS', 1, 2, 3)) = 1 AND CONTAINS(POINT('ICRS', ra, dec), CIRCLE('ICRS', 4, 2, 3)) = 1",
      ),
    ).toEqual(["spatialCount"]);
    expect(
      rules("SELECT * FROM t WHERE CONTAINS(POINT('ICRS', ra, dec), CIRCLE('ICRS', 1, 2, 3)) = 1 OR x = 2"),
    ).toEqual(["spatialOr"]);
    expect(rules("SELECT * FROM t WHERE coord_dec BETWEEN -30 AND -20")).toEqual(["betweenRaDec"]);
    expect(rules("SELECT x FROM t ORDER BY x * 2")).toEqual(["orderByExpression"]);
    expect(rules("SELECT ivo_healpix_index(6, ra, dec) AS p FROM t")).toEqual(["udf"]);
    expect(rules("SELECT x FROM t WHERE x <> 1")).toEqual(["notEqual"]);
    expect(lintQservAdql("SELECT STDDEV(x) FROM t")[0]?.message).toMatch(/SUM\(x\*x\)/);
  });
  it("accepts Rubin's documented patterns and ignores words inside strings", () => {
    expect(
      rules(
        "SELECT COUNT(*) AS n FROM dp02.Object WHERE CONTAINS(POINT('ICRS', coord_ra, coord_dec), CIRCLE('ICRS', 62, -37, 0.1)) = 1 AND detect_isPrimary = 1",
      ),
    ).toEqual([]);
    expect(rules("SELECT objectId FROM t WHERE objectId BETWEEN 1 AND 9 AND band = 'SELECT BOX('")).toEqual(
      [],
    );
    expect(rules("SELECT FLOOR(x / 2) AS bin, COUNT(*) AS n FROM t GROUP BY bin ORDER BY bin")).toEqual([]);
  });
});

describe("tap: tables", () => {
  let fake: FakeTap;
  beforeAll(async () => {
    fake = await startFakeTap({
      tables: [{ name: "pilot.Source", files: [join(REPO_ROOT, "fixtures/pilot/Source.parquet")] }],
      lowerCaseSchema: true,
    });
  });
  afterAll(async () => fake.close());

  it("opens through openTable with columns, types, units and UCDs from TAP_SCHEMA", async () => {
    const source = await openTable("Source", `tap:${fake.url}#pilot.Source`);
    expect(source.format).toBe("tap");
    const columns = await source.columns();
    const ra = columns.find((c) => c.name === "coord_ra");
    expect(ra).toMatchObject({ type: "float64", unit: "deg", ucd: "pos.eq.ra" });
    expect(columns.find((c) => c.name === "sourceid")?.type).toBe("int64");
    expect(await source.rowCount()).toBe(615);
    const table = await source.read({ columns: ["sourceid", "coord_ra"] });
    expect(table.data.numRows).toBe(615);
    expect(table.data.schema.fields.map((f) => f.name)).toEqual(["sourceid", "coord_ra"]);
  });

  it("fails to open with an InputError naming the service when the table is unknown or the service is down", async () => {
    await expect(openTable("X", `tap:${fake.url}#pilot.Nope`)).rejects.toThrow(/TAP_SCHEMA lists no columns/);
    await expect(openTable("X", "tap:http://127.0.0.1:9/tap#a.b")).rejects.toThrow(/127\.0\.0\.1:9/);
    await expect(openTable("X", "tap:nowhere#a.b")).rejects.toThrow(/not a URL/);
  });

  it("parses specs, flavors and TAP_SCHEMA types", () => {
    expect(parseTapSpec("tap:https://data.lsst.cloud/api/tap/#dp02_dc2_catalogs.Object")).toEqual({
      serviceUrl: "https://data.lsst.cloud/api/tap",
      table: "dp02_dc2_catalogs.Object",
    });
    expect(tapFlavor("https://data.lsst.cloud/api/tap", {})).toBe("qserv");
    expect(tapFlavor("http://127.0.0.1:8080/tap", {})).toBe("postgres");
    expect(tapFlavor("https://data.lsst.cloud/api/tap", { SKYGATE_TAP_DIALECT: "postgres" })).toBe(
      "postgres",
    );
    expect(
      ["double", "REAL", "long", "char", "boolean", "TIMESTAMP"].map((t) =>
        tapPhysicalType(t, t === "char" ? "*" : null),
      ),
    ).toEqual(["float64", "float32", "int64", "string", "bool", "timestamp"]);
  });
});

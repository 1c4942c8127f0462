import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { DuckDBEngine } from "../../src/engines/duckdb/duckdb-engine.js";
import { openTable } from "../../src/io/open.js";
import { healpixCountsSql, ringPixelQuery } from "../../src/plots/healpix-sql.js";
import { ang2pixRing } from "../../src/sky/healpix/index.js";

const engine = new DuckDBEngine({ threads: 1 });
afterAll(() => engine.close());

describe("HEALPix counts in DuckDB SQL", () => {
  it.each([0, 3, 10, 17])(
    "the SQL RING pixel equals ang2pixRing at order %i on 20 000 points incl. poles and RA 0",
    async (order) => {
      const conn = await engine.connection();
      const points = `(SELECT (i * 137.50776405) % 360 AS ra, degrees(asin(((i * 0.6180339887) % 2) - 1)) AS dec FROM range(20000) t(i)
      UNION ALL SELECT * FROM (VALUES (0.0, 89.99), (359.999, -89.99), (0.0, 0.0), (45.0, 41.81), (10.0, 90.0), (10.0, -90.0)))`;
      const sql = `SELECT ra, dec, pix FROM (${ringPixelQuery(order, points, "ra", "dec")})`;
      const rows = (await conn.runAndReadAll(sql)).getRowObjectsJS() as {
        ra: number;
        dec: number;
        pix: bigint;
      }[];
      let mismatches = 0;
      for (const r of rows) if (Number(r.pix) !== ang2pixRing(order, r.ra, r.dec)) mismatches++;
      expect(mismatches).toBe(0);
    },
  );

  it("counts rows per pixel of a Parquet file, invalid positions apart", async () => {
    const dir = mkdtempSync(join(tmpdir(), "skygate-hpx-"));
    const file = join(dir, "p.parquet");
    const conn = await engine.connection();
    await conn.run(
      `COPY (SELECT * FROM (VALUES (10.0, 5.0), (10.0001, 5.0001), (200.0, -30.0), ('nan'::DOUBLE, 0.0), (5.0, -91.0)) t(ra, dec)) TO '${file}' (FORMAT parquet)`,
    );
    const c = await healpixCountsSql(engine, await openTable("p", file), { order: 8, ra: "ra", dec: "dec" });
    expect(c.invalid).toBe(2);
    const byPix = new Map(Array.from(c.pixels, (p, i) => [p, c.counts[i]]));
    expect(byPix.get(ang2pixRing(8, 10, 5))).toBe(2);
    expect(byPix.get(ang2pixRing(8, 200, -30))).toBe(1);
  });
});

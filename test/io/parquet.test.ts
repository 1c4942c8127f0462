// Parquet reading on the real APDB files; expected counts come from the PROVENANCE.md notes.
import { readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { openTable, summarizeTable } from "../../src/io/index.js";
import { external } from "../helpers/paths.js";

const DC2 = "ap_verify_ci_dc2";
const COSMOS = "ap_verify_ci_cosmos_pdr2";

describe("parquet reader on ap_verify_ci_dc2", () => {
  it("reads the 119-row DiaSource file: 102 columns, int64 ids as bigint", async () => {
    const file = external(DC2, "preloaded_dia_source_LSSTCam-imSim_982985_R41_S02_dia_catalogs_apdb.parq");
    const source = await openTable("DiaSource", file);
    expect(source.format).toBe("parquet");
    expect(await source.rowCount()).toBe(119);
    const columns = await source.columns();
    expect(columns).toHaveLength(102);
    expect(columns.find((c) => c.name === "diaSourceId")?.type).toBe("int64");
    expect(columns.find((c) => c.name === "ra")?.type).toBe("float64");
    const table = await source.read({ columns: ["diaSourceId", "ra", "dec"] });
    expect(table.data.numCols).toBe(3);
    expect(table.data.numRows).toBe(119);
    expect(typeof table.data.getChild("diaSourceId")?.get(0)).toBe("bigint");
    // the region of the dataset per PROVENANCE: ra≈55.5–55.9, dec≈−32.5…−32.2
    const ra = table.data.getChild("ra")?.toArray() as Float64Array;
    const dec = table.data.getChild("dec")?.toArray() as Float64Array;
    expect(Math.min(...ra)).toBeGreaterThan(55.4);
    expect(Math.max(...ra)).toBeLessThan(56.0);
    expect(Math.min(...dec)).toBeGreaterThan(-32.6);
    expect(Math.max(...dec)).toBeLessThan(-32.1);
    expect(table.sources).toEqual([{ path: file, format: "parquet", rows: 119 }]);
  });

  it("reads DiaObject (119 × 85) and finds every DiaSource.diaObjectId in it (0 orphans)", async () => {
    const objects = await openTable(
      "DiaObject",
      external(DC2, "preloaded_dia_object_LSSTCam-imSim_982985_R41_S02_dia_catalogs_apdb.parq"),
    );
    expect(await objects.rowCount()).toBe(119);
    expect(await objects.columns()).toHaveLength(85);
    const sources = await openTable(
      "DiaSource",
      external(DC2, "preloaded_dia_source_LSSTCam-imSim_982985_R41_S02_dia_catalogs_apdb.parq"),
    );
    const ids = new Set(
      (await objects.read({ columns: ["diaObjectId"] })).data.getChild("diaObjectId")?.toArray(),
    );
    const refs = (await sources.read({ columns: ["diaObjectId"] })).data
      .getChild("diaObjectId")
      ?.toArray() as BigInt64Array;
    expect([...refs].filter((id) => !ids.has(id))).toEqual([]);
  });

  it("treats the empty-schema files as valid 0-row tables", async () => {
    for (const [table, cols] of [
      ["dia_forced_source", 16],
      ["dia_object", 85],
      ["dia_source", 102],
    ] as const) {
      const file = external(DC2, `preloaded_${table}_LSSTCam-imSim_943296_R41_S20_dia_catalogs_apdb.parq`);
      const source = await openTable(table, file);
      expect(await source.rowCount()).toBe(0);
      expect(await source.columns()).toHaveLength(cols);
      const read = await source.read();
      expect(read.data.numRows).toBe(0);
      expect(read.data.numCols).toBe(cols);
      const batches = [];
      for await (const batch of source.scan()) batches.push(batch);
      expect(batches).toHaveLength(0);
    }
  });
});

describe("parquet reader on ap_verify_ci_cosmos_pdr2 (glob, directory, many files)", () => {
  const sizes: Record<string, number> = {
    "59134_1_42": 0,
    "59142_1_37": 258,
    "59142_1_43": 350,
    "59142_1_53": 394,
    "59150_1_12": 169,
    "59150_1_16": 491,
    "59160_1_09": 180,
    "59160_1_13": 574,
  };
  const total = Object.values(sizes).reduce((a, b) => a + b, 0);

  it("concatenates every DiaSource file of a glob in sorted path order", async () => {
    const dir = external(COSMOS);
    const source = await openTable("DiaSource", `${dir}/preloaded_dia_source_*.parq`);
    expect(source.files).toHaveLength(8);
    expect([...source.files]).toEqual([...source.files].sort());
    expect(await source.rowCount()).toBe(total);
    const table = await source.read({ columns: ["diaSourceId", "diaObjectId"] });
    expect(table.data.numRows).toBe(total);
    expect(table.sources.map((s) => s.rows)).toEqual(Object.values(sizes));
    // PROVENANCE: diaSourceId unique within a snapshot (files are cumulative APDB snapshots, so not across them)
    const last = table.data.slice(total - 574);
    const ids = last.getChild("diaSourceId")?.toArray() as BigInt64Array;
    expect(new Set(ids).size).toBe(574);
  });

  it("scans row group by row group with running row offsets that match read()", async () => {
    const source = await openTable("DiaSource", `${external(COSMOS)}/preloaded_dia_source_*.parq`);
    const whole = (await source.read({ columns: ["diaSourceId"] })).data.getChild("diaSourceId")?.toArray();
    let expectedOffset = 0;
    for await (const batch of source.scan({ columns: ["diaSourceId"], batchRows: 100 })) {
      expect(batch.rowOffset).toBe(expectedOffset);
      expect(batch.data.numCols).toBe(1);
      expect(batch.data.numRows).toBeLessThanOrEqual(100);
      expect(batch.data.getChild("diaSourceId")?.get(0)).toBe(whole?.[expectedOffset]);
      expectedOffset += batch.data.numRows;
    }
    expect(expectedOffset).toBe(total);
  });

  it("reads DiaObject 59160_1_13 (469 × 85) and DiaForcedSource 59160_1_13 (110 × 16), ids all resolve", async () => {
    const objects = await openTable(
      "DiaObject",
      external(COSMOS, "preloaded_dia_object_HSC_59160_1_13_dia_catalogs_apdb.parq"),
    );
    expect(await objects.rowCount()).toBe(469);
    expect(await objects.columns()).toHaveLength(85);
    const forced = await openTable(
      "DiaForcedSource",
      external(COSMOS, "preloaded_dia_forced_source_HSC_59160_1_13_dia_catalogs_apdb.parq"),
    );
    expect(await forced.rowCount()).toBe(110);
    expect(await forced.columns()).toHaveLength(16);
    const ids = new Set(
      (await objects.read({ columns: ["diaObjectId"] })).data.getChild("diaObjectId")?.toArray(),
    );
    expect(ids.size).toBe(469);
    const refs = (await forced.read({ columns: ["diaObjectId"] })).data.getChild("diaObjectId")?.toArray();
    expect([...(refs ?? [])].every((id) => ids.has(id))).toBe(true);
  });

  it("lists the 8 DiaObject files of the directory in sorted order via a glob", async () => {
    const expected = readdirSync(external(COSMOS)).filter((f) => f.startsWith("preloaded_dia_object_"));
    const source = await openTable("DiaObject", `${external(COSMOS)}/preloaded_dia_object_*`);
    expect(source.files.map((f) => f.split("/").pop())).toEqual(expected.sort());
  });
});

describe("summarizeTable", () => {
  it("reports rows, typed columns, nulls and sources; DiaSource has 32 columns with nulls (PROVENANCE)", async () => {
    const file = external(DC2, "preloaded_dia_source_LSSTCam-imSim_982985_R41_S02_dia_catalogs_apdb.parq");
    const summary = await summarizeTable(await openTable("DiaSource", file));
    expect(summary.rows).toBe(119);
    expect(summary.columns).toHaveLength(102);
    expect(summary.columns.filter((c) => c.nulls > 0)).toHaveLength(32);
    expect(summary.columns.find((c) => c.name === "diaSourceId")).toEqual({
      name: "diaSourceId",
      type: "int64",
      nulls: 0,
    });
    expect(summary.sources).toEqual([{ path: file, format: "parquet", rows: 119 }]);
  });

  it("DiaObject: 65 columns with nulls; the empty-schema file is listed as a 0-row source", async () => {
    const dir = external(DC2);
    const summary = await summarizeTable(await openTable("DiaObject", `${dir}/preloaded_dia_object_*.parq`));
    expect(summary.rows).toBe(119);
    expect(summary.columns.filter((c) => c.nulls > 0)).toHaveLength(65);
    expect(summary.sources.map((s) => s.rows)).toEqual([0, 119]);
  });
});

describe("no columns at all", () => {
  it("read and scan with columns: [] still count rows (Parquet, FITS, VOTable)", async () => {
    const cases: Array<[string, number]> = [
      [external(COSMOS, "preloaded_dia_source_HSC_59160_1_13_dia_catalogs_apdb.parq"), 574],
      [external("pipe_tasks_sdss_refcat", "903281.fits"), 899],
      [external("astroquery_gaia", "1710099405832VAL-result.vot"), 2],
    ];
    for (const [file, rows] of cases) {
      const source = await openTable("t", file);
      const table = await source.read({ columns: [] });
      expect(table.data.numCols).toBe(0);
      expect(table.data.numRows).toBe(rows);
      let scanned = 0;
      for await (const batch of source.scan({ columns: [] })) scanned += batch.data.numRows;
      expect(scanned).toBe(rows);
    }
  });
});

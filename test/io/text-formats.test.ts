// CSV, ECSV and VOTable readers: hand-made inputs with values worked out by hand, and the real external files
// with counts from their PROVENANCE notes.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { openTable, toRows } from "../../src/io/index.js";
import { external, REPO_ROOT } from "../helpers/paths.js";

const DATA = resolve(REPO_ROOT, "test/io/data");

function nullColumns(table: {
  schema: { fields: Array<{ name: string }> };
  getChild(n: string): { nullCount: number } | null;
}) {
  return table.schema.fields.filter((f) => (table.getChild(f.name)?.nullCount ?? 0) > 0).map((f) => f.name);
}

describe("CSV", () => {
  it("infers int64/float64/bool/string, keeps RFC 4180 quoting, NaN/Inf as floats and empty cells as null", async () => {
    const source = await openTable("t", join(DATA, "types.csv"));
    expect((await source.columns()).map((c) => [c.name, c.type])).toEqual([
      ["id", "int64"],
      ["flux", "float64"],
      ["flag", "bool"],
      ["name", "string"],
      ["big", "int64"],
    ]);
    const rows = toRows(await source.read());
    expect(rows.map((r) => r.id)).toEqual([1n, 2n, 3n, 4n, 5n]);
    // 2^53 + 1 survives only as bigint
    expect(rows[0]?.big).toBe(9007199254740993n);
    expect(rows.map((r) => r.flux)).toEqual([
      1.5,
      Number.NaN,
      null,
      Number.NEGATIVE_INFINITY,
      Number.POSITIVE_INFINITY,
    ]);
    expect(rows.map((r) => r.flag)).toEqual([true, false, true, false, null]);
    // an unquoted empty cell is null; a quoted `""` is an explicit empty string
    expect(rows.map((r) => r.name)).toEqual(["x, y", 'say "hi"', null, "plain", ""]);
  });

  it("handles CRLF line ends, quoted line breaks, a trailing empty cell and no final newline", async () => {
    const path = join(mkdtempSync(join(tmpdir(), "skygate-csv-")), "crlf.csv");
    writeFileSync(path, 'a,b,c\r\n1,"x\r\ny",\r\n\r\n2,z,3');
    const rows = toRows(await (await openTable("t", path)).read());
    expect(rows).toEqual([
      { a: 1n, b: "x\r\ny", c: null },
      { a: 2n, b: "z", c: 3n },
    ]);
  });

  it("reads the one-row DP0.2 Object CSV: 993 columns, 28 nulls, the ids and position of PROVENANCE", async () => {
    const source = await openTable(
      "Object",
      external("qserv_dp02_object", "derived_dp02_object_row_with_header.csv"),
    );
    const columns = await source.columns();
    expect(columns).toHaveLength(993);
    expect(await source.rowCount()).toBe(1);
    const table = (await source.read()).data;
    const row = toRows(table)[0] as Record<string, unknown>;
    expect(row.objectId).toBe(1248684569339659648n);
    expect(row.coord_ra as number).toBeCloseTo(49.9828082, 6);
    expect(row.coord_dec as number).toBeCloseTo(-44.5129261, 6);
    expect(row.tract).toBe(2897n);
    expect(row.patch).toBe(6n);
    expect(row.refBand).toBe("r");
    expect(row.chunkId).toBe(57866n);
    expect(nullColumns(table)).toHaveLength(28);
  });

  it("reads a header-only CSV as a valid 0-row table", async () => {
    const source = await openTable("t", join(DATA, "header_only.csv"));
    expect(await source.rowCount()).toBe(0);
    expect((await source.columns()).map((c) => c.name)).toEqual(["id", "ra", "dec", "flag", "name"]);
    expect((await source.read()).data.numRows).toBe(0);
  });

  it("reads the HSC 3-level-header CSV (gzip) as 6558 data columns + id, 5 rows, joined names", async () => {
    const source = await openTable(
      "obj",
      external("pipe_tasks_hsc_multilevel", "test_multilevel_parq.csv.gz"),
    );
    const columns = await source.columns();
    expect(columns).toHaveLength(6559);
    expect(await source.rowCount()).toBe(5);
    expect(columns[0]).toEqual({ name: "id", type: "int64" });
    expect(columns[1]?.name).toBe("forced_src.g.base_CircularApertureFlux_12_0_flag");
    expect(columns[1]?.type).toBe("bool");
    const datasets = new Set(columns.slice(1).map((c) => c.name.split(".")[0]));
    expect(datasets).toEqual(new Set(["forced_src", "meas", "ref"]));
    const ids = toRows(await source.read({ columns: ["id"] })).map((r) => r.id);
    expect(ids[0]).toBe(42287784139948131n);
    expect(ids[1]).toBe(42287784139948132n);
  });
});

describe("ECSV", () => {
  it("reads datatypes, units, descriptions and masked values of a hand-made file", async () => {
    const source = await openTable("t", join(DATA, "masked.ecsv"));
    expect(source.format).toBe("ecsv");
    expect(await source.columns()).toEqual([
      { name: "id", type: "int64", description: "object id" },
      { name: "flux", type: "float64", unit: "nJy" },
      { name: "band", type: "string" },
      { name: "ok", type: "bool" },
    ]);
    const rows = toRows(await source.read());
    expect(rows.map((r) => r.id)).toEqual([9223372036854775807n, 2n, 3n]);
    expect(rows.map((r) => r.flux)).toEqual([1.25, null, Number.NaN]);
    expect(rows.map((r) => r.band)).toEqual(["g", null, "r"]);
    expect(rows.map((r) => r.ok)).toEqual([true, false, null]);
  });

  it("reads the ComCam DiaSource ECSV: 2994 × 86, 31 columns with masked values, no diaSourceId", async () => {
    const source = await openTable(
      "DiaSource",
      external("analysis_tools_comcam_dia", "diaSourceTable_tract_test.ecsv.gz"),
    );
    const columns = await source.columns();
    expect(await source.rowCount()).toBe(2994);
    expect(columns).toHaveLength(86);
    expect(columns.some((c) => c.name === "diaSourceId")).toBe(false);
    expect(columns.find((c) => c.name === "visit")?.type).toBe("int64");
    expect(columns.find((c) => c.name === "detector")?.type).toBe("int16");
    const table = (await source.read()).data;
    expect(nullColumns(table)).toHaveLength(31);
    expect(nullColumns(table)).toContain("raErr");
    const visits = new Set(table.getChild("visit")?.toArray());
    expect(visits.size).toBe(169);
    expect(new Set(table.getChild("diaObjectId")?.toArray()).size).toBe(1712);
    const ra = table.getChild("ra")?.toArray() as Float64Array;
    expect(Math.min(...ra)).toBeCloseTo(53.655, 3);
    expect(Math.max(...ra)).toBeCloseTo(53.829, 3);
    expect(new Set(table.getChild("band")?.toArray())).toEqual(new Set(["u", "g", "r", "i", "z", "y"]));
  });

  it("reads the Gaia ECSV: 5 × 153, 29 columns with masked values, units and UCDs from the header", async () => {
    const source = await openTable("gaia", external("astroquery_gaia", "1712337806100O-result.ecsv"));
    const columns = await source.columns();
    expect(columns).toHaveLength(153);
    expect(columns.find((c) => c.name === "ra")).toEqual({
      name: "ra",
      type: "float64",
      unit: "deg",
      description: "Right ascension",
      ucd: "pos.eq.ra;meta.main",
    });
    const table = (await source.read()).data;
    expect(table.numRows).toBe(5);
    expect(nullColumns(table)).toHaveLength(29);
    for (const ra of (table.getChild("ra")?.toArray() ?? []) as Float64Array)
      expect(Math.abs(ra - 280)).toBeLessThan(0.05);
  });
});

describe("VOTable", () => {
  it("reads BINARY (no null mask) with fixed-size char and numeric arrays; NaN double is null", async () => {
    // per row: char[4] then int[2] then double, big-endian
    const row = (text: string, a: number, b: number, x: number) => {
      const bytes = Buffer.alloc(4 + 8 + 8);
      bytes.write(text.padEnd(4, "\u0000"), 0, "latin1");
      bytes.writeInt32BE(a, 4);
      bytes.writeInt32BE(b, 8);
      bytes.writeDoubleBE(x, 12);
      return bytes;
    };
    const stream = Buffer.concat([row("ab", 1, 2, 0.5), row("wxyz", -3, 4, Number.NaN)]).toString("base64");
    const xml = `<?xml version="1.0"?><VOTABLE version="1.3"><RESOURCE><TABLE>
<FIELD name="s" datatype="char" arraysize="4"/><FIELD name="pair" datatype="int" arraysize="2"/>
<FIELD name="x" datatype="double"/>
<DATA><BINARY><STREAM encoding="base64">${stream}</STREAM></BINARY></DATA></TABLE></RESOURCE></VOTABLE>`;
    const path = join(mkdtempSync(join(tmpdir(), "skygate-vot-")), "b.xml");
    writeFileSync(path, xml);
    const source = await openTable("b", path);
    expect((await source.columns()).map((c) => c.type)).toEqual(["string", "string", "float64"]);
    expect(toRows(await source.read())).toEqual([
      { s: "ab", pair: "1 2", x: 0.5 },
      { s: "wxyz", pair: "-3 4", x: null },
    ]);
  });

  it("reads the Gaia TABLEDATA result: 2 × 152, 40 columns with nulls, source ids as bigint", async () => {
    const source = await openTable("gaia", external("astroquery_gaia", "1710099405832VAL-result.vot"));
    expect(source.format).toBe("votable");
    const columns = await source.columns();
    expect(columns).toHaveLength(152);
    expect(columns.find((c) => c.name === "ra")).toMatchObject({ unit: "deg", ucd: "pos.eq.ra;meta.main" });
    expect(columns.find((c) => c.name === "source_id")?.ucd).toBe("meta.id");
    const table = (await source.read()).data;
    expect(table.numRows).toBe(2);
    expect(nullColumns(table)).toHaveLength(40);
    // the two source ids of the query in the file's INFO QUERY
    expect([...((table.getChild("source_id")?.toArray() ?? []) as BigInt64Array)]).toEqual([
      4583627001381815936n,
      5348723816842275584n,
    ]);
  });

  it("reads BINARY2 with its per-row null mask and VALUES null", async () => {
    // Built byte by byte from the VOTable 1.4 BINARY2 layout: null-mask byte, then big-endian values,
    // variable-length char arrays prefixed by a 4-byte count.
    const row1 = Buffer.concat([
      Buffer.from([0x00]),
      Buffer.from([0, 0, 0, 0, 0, 0, 0, 1]), // id = 1
      Buffer.from([0x3f, 0xf8, 0, 0, 0, 0, 0, 0]), // flux = 1.5
      Buffer.from([0, 0, 0, 2]),
      Buffer.from("ab"),
      Buffer.from([0, 7]), // n = 7
    ]);
    const row2 = Buffer.concat([
      Buffer.from([0x40]), // second field (flux) null
      Buffer.from([0, 0, 0, 0, 0, 0, 0, 2]),
      Buffer.alloc(8),
      Buffer.from([0, 0, 0, 0]),
      Buffer.from([0xff, 0xff]), // n = -1, the VALUES null
    ]);
    const xml = `<?xml version="1.0"?>
<VOTABLE version="1.4" xmlns="http://www.ivoa.net/xml/VOTable/v1.3"><RESOURCE><TABLE>
<FIELD name="id" datatype="long"/><FIELD name="flux" datatype="double" unit="nJy"/>
<FIELD name="name" datatype="char" arraysize="*"/><FIELD name="n" datatype="short"><VALUES null="-1"/></FIELD>
<DATA><BINARY2><STREAM encoding="base64">${Buffer.concat([row1, row2]).toString("base64")}</STREAM></BINARY2></DATA>
</TABLE></RESOURCE></VOTABLE>`;
    const path = join(mkdtempSync(join(tmpdir(), "skygate-vot-")), "b2.vot");
    writeFileSync(path, xml);
    const source = await openTable("b2", path);
    expect((await source.columns()).map((c) => c.type)).toEqual(["int64", "float64", "string", "int16"]);
    expect(toRows(await source.read())).toEqual([
      { id: 1n, flux: 1.5, name: "ab", n: 7 },
      { id: 2n, flux: null, name: "", n: null },
    ]);
  });
});

// FITS binary tables on the real LSST refcat shards and afw catalogs (counts from PROVENANCE.md), a hand-made
// BINTABLE for TSCAL/TZERO/TNULL, and Arrow IPC written by apache-arrow's own writer.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { tableToIPC } from "apache-arrow";
import { describe, expect, it } from "vitest";
import { openTable, toRows } from "../../src/io/index.js";
import { external } from "../helpers/paths.js";

const REFCAT = "pipe_tasks_sdss_refcat";
const SHARDS: Record<string, number> = {
  "903253": 2,
  "903269": 7,
  "903281": 899,
  "903282": 2458,
  "903283": 660,
  "903285": 471,
  "903286": 1141,
  "903287": 255,
  "903289": 682,
  "903292": 668,
  "903293": 2629,
  "903294": 2680,
  "903295": 2531,
};
const RAD = 180 / Math.PI;

describe("FITS reference catalog shards", () => {
  it("reads all 13 HTM shards through a glob: 15 083 rows, flags expanded to photometric/resolved", async () => {
    const source = await openTable("refcat", `${external(REFCAT)}/9*.fits`);
    expect(source.files).toHaveLength(13);
    expect(await source.rowCount()).toBe(15083);
    const read = await source.read({ columns: ["id", "coord_ra", "coord_dec", "photometric", "resolved"] });
    expect(read.sources.map((s) => s.rows)).toEqual(Object.values(SHARDS));
    const columns = await source.columns();
    // 15 FITS columns, the 2-bit `flags` column becomes the two TFLAG booleans
    expect(columns).toHaveLength(16);
    expect(columns.slice(0, 2)).toEqual([
      { name: "photometric", type: "bool" },
      { name: "resolved", type: "bool" },
    ]);
    expect(columns.find((c) => c.name === "coord_ra")).toMatchObject({ type: "float64", unit: "rad" });
    expect(columns.find((c) => c.name === "g_flux")).toMatchObject({ type: "float64", unit: "nJy" });
    expect(columns.find((c) => c.name === "id")?.type).toBe("int64");
    // the footprint from the README query: ra 215.1–216.1, dec 52.6–53.6 (radians on disk)
    const ra = read.data.getChild("coord_ra")?.toArray() as Float64Array;
    const dec = read.data.getChild("coord_dec")?.toArray() as Float64Array;
    let [minRa, maxRa, minDec, maxDec] = [Infinity, -Infinity, Infinity, -Infinity];
    for (let i = 0; i < ra.length; i++) {
      minRa = Math.min(minRa, (ra[i] as number) * RAD);
      maxRa = Math.max(maxRa, (ra[i] as number) * RAD);
      minDec = Math.min(minDec, (dec[i] as number) * RAD);
      maxDec = Math.max(maxDec, (dec[i] as number) * RAD);
    }
    expect(minRa).toBeGreaterThanOrEqual(215.1 - 1e-6);
    expect(maxRa).toBeLessThanOrEqual(216.1 + 1e-6);
    expect(minDec).toBeGreaterThanOrEqual(52.6 - 1e-6);
    expect(maxDec).toBeLessThanOrEqual(53.6 + 1e-6);
    // shard 903253: ra 216.07–216.09, dec 52.60
    const first = toRows(read.data.slice(0, 2));
    for (const row of first) {
      expect((row.coord_ra as number) * RAD).toBeGreaterThan(216.06);
      expect((row.coord_ra as number) * RAD).toBeLessThan(216.1);
      expect((row.coord_dec as number) * RAD).toBeCloseTo(52.6, 1);
    }
  });

  it("reads the 0-row master schema and the 2-row PS1 bad-pm file (21 columns)", async () => {
    const schema = await openTable("schema", external(REFCAT, "master_schema.fits"));
    expect(await schema.rowCount()).toBe(0);
    expect((await schema.read()).data.numCols).toBe(16);
    const ps1 = await openTable("ps1", external(REFCAT, "meas_algorithms_testHtmIndex-ps1-bad-pm.fits"));
    expect(await ps1.rowCount()).toBe(2);
    expect(await ps1.columns()).toHaveLength(21);
    const pm = toRows(await ps1.read({ columns: ["pm_ra", "pm_dec", "pm_ra_err", "pm_dec_err"] }));
    // one row has proper motion and errors = 0 ("bad pm")
    expect(
      pm.filter((r) => r.pm_ra === 0 && r.pm_dec === 0 && r.pm_ra_err === 0 && r.pm_dec_err === 0),
    ).toHaveLength(1);
  });
});

describe("FITS afw catalogs (faro_hsc)", () => {
  it("reads the src catalog: 771 rows, 125 columns + 122 flag bits, 74 of 115 float columns with NaN", async () => {
    const source = await openTable(
      "src",
      external("faro_hsc", "src_HSC_i_HSC-I_903986_0_31_HSC_runs_ci_hsc_20210407T021858Z.fits.gz"),
    );
    expect(await source.rowCount()).toBe(771);
    const columns = await source.columns();
    expect(columns).toHaveLength(125 + 122);
    expect(columns[0]).toEqual({
      name: "calib_detected",
      type: "bool",
      description: "Source was detected as an icSource",
    });
    // TFDOC2 spans CONTINUE cards in the header
    expect(columns[1]?.description).toMatch(
      /^Flag set if the source was a candidate for PSF determination, as determined by the star selector\.$/,
    );
    expect(columns.find((c) => c.name === "coord_ra")).toEqual({
      name: "coord_ra",
      type: "float64",
      unit: "rad",
      description: "position in ra/dec",
    });
    // columns() comes from the headers alone; it must match what decoding the data gives
    const decoded = (await source.read()).data.schema.fields;
    expect(decoded.map((f) => [f.name, String(f.type)])).toEqual(
      columns.map((c) => [c.name, String(decoded.find((f) => f.name === c.name)?.type)]),
    );
    expect(columns.map((c) => c.type)).toEqual(
      decoded.map((f) => columns.find((c) => c.name === f.name)?.type),
    );
    const floats = columns.filter((c) => c.type === "float32" || c.type === "float64");
    expect(floats).toHaveLength(115);
    const table = (await source.read({ columns: floats.map((c) => c.name) })).data;
    const withNaN = floats.filter((c) =>
      ((table.getChild(c.name)?.toArray() ?? []) as Float64Array).some(Number.isNaN),
    );
    expect(withNaN).toHaveLength(74);
    // radians, around ra≈320.7–320.9°, dec≈−0.5…−0.25°
    const ra = (await source.read({ columns: ["coord_ra", "coord_dec"] })).data;
    for (const row of toRows(ra).slice(0, 50)) {
      expect((row.coord_ra as number) * RAD).toBeGreaterThan(320.6);
      expect((row.coord_ra as number) * RAD).toBeLessThan(321.0);
      expect((row.coord_dec as number) * RAD).toBeGreaterThan(-0.6);
      expect((row.coord_dec as number) * RAD).toBeLessThan(-0.2);
    }
  });

  it("reads gzip-compressed matched catalogs with the row counts of PROVENANCE", async () => {
    const expected: Record<string, number> = {
      "matchedCatalogMulti_0_70.fits.gz": 3461,
      "matchedCatalogTract_0_i.fits.gz": 4689,
      "matchedCatalogTract_0_r.fits.gz": 5891,
      "matchedCatalog_0_70_i.fits.gz": 1917,
      "matchedCatalog_0_70_r.fits.gz": 2546,
      "tract9813_patches55to72_gri_filtered.fits.gz": 209,
    };
    for (const [file, rows] of Object.entries(expected)) {
      const source = await openTable("m", external("faro_hsc", file));
      expect(await source.rowCount()).toBe(rows);
    }
    const small = await openTable("t", external("faro_hsc", "tract9813_patches55to72_gri_filtered.fits.gz"));
    expect((await small.columns()).map((c) => c.name)).toEqual([
      "id",
      "coord_ra_r",
      "coord_dec_r",
      "base_PsfFlux_mag_g",
      "base_PsfFlux_mag_r",
      "base_PsfFlux_mag_i",
    ]);
  });
});

/** A FITS file from header cards and big-endian row bytes, padded to 2880-byte blocks. */
function fitsFile(cards: string[], data: Buffer): Buffer {
  const pad = (b: Buffer, fill: number) =>
    Buffer.concat([b, Buffer.alloc((2880 - (b.length % 2880)) % 2880, fill)]);
  const header = (lines: string[]) =>
    pad(Buffer.from([...lines, "END"].map((c) => c.padEnd(80)).join(""), "latin1"), 0x20);
  const primary = header([
    "SIMPLE  =                    T",
    "BITPIX  =                    8",
    "NAXIS   =                    0",
  ]);
  return Buffer.concat([primary, header(cards), pad(data, 0)]);
}

describe("FITS BINTABLE conventions (hand-made file)", () => {
  it("applies unsigned TZERO, TSCAL/TZERO scaling, TNULL and L/A columns", async () => {
    // Row layout: I (uint16 via TZERO=32768) | J scaled (TSCAL=0.5, TZERO=10) | K with TNULL=-1 | L | 3A
    const row = (u: number, j: number, k: bigint, l: string, a: string) => {
      const b = Buffer.alloc(2 + 4 + 8 + 1 + 3);
      b.writeInt16BE(u - 32768, 0);
      b.writeInt32BE(j, 2);
      b.writeBigInt64BE(k, 6);
      b.write(l, 14, "latin1");
      b.write(a.padEnd(3), 15, "latin1");
      return b;
    };
    const cards = [
      "XTENSION= 'BINTABLE'",
      "BITPIX  =                    8",
      "NAXIS   =                    2",
      "NAXIS1  =                   18",
      "NAXIS2  =                    2",
      "PCOUNT  =                    0",
      "GCOUNT  =                    1",
      "TFIELDS =                    5",
      "TTYPE1  = 'u16     '",
      "TFORM1  = '1I      '",
      "TZERO1  =                32768",
      "TTYPE2  = 'scaled  '",
      "TFORM2  = '1J      '",
      "TSCAL2  =                  0.5",
      "TZERO2  =                 10.0",
      "TUNIT2  = 'mag     '",
      "TTYPE3  = 'k       '",
      "TFORM3  = '1K      '",
      "TNULL3  =                   -1",
      "TTYPE4  = 'ok      '",
      "TFORM4  = '1L      '",
      "TTYPE5  = 'band    '",
      "TFORM5  = '3A      '",
    ];
    const data = Buffer.concat([row(65535, 4, 7n, "T", "g"), row(0, -2, -1n, "F", "abc")]);
    const path = join(mkdtempSync(join(tmpdir(), "skygate-fits-")), "t.fits");
    writeFileSync(path, fitsFile(cards, data));
    const source = await openTable("t", path);
    expect(await source.columns()).toEqual([
      { name: "u16", type: "uint16" },
      { name: "scaled", type: "float64", unit: "mag" },
      { name: "k", type: "int64" },
      { name: "ok", type: "bool" },
      { name: "band", type: "string" },
    ]);
    expect(toRows(await source.read())).toEqual([
      { u16: 65535, scaled: 12, k: 7n, ok: true, band: "g" },
      { u16: 0, scaled: 9, k: null, ok: false, band: "abc" },
    ]);
  });
});

describe("FITS TNULL on 8-, 16- and 32-bit integer columns (hand-made file)", () => {
  it("reads the TNULL value as null in B, I and J columns and before TSCAL/TZERO scaling", async () => {
    // Row layout: B (TNULL=255) | I (TNULL=-32768) | J (TNULL=-2147483648) | J scaled (TNULL=0, TSCAL=2, TZERO=1)
    const row = (b: number, i: number, j: number, s: number) => {
      const out = Buffer.alloc(1 + 2 + 4 + 4);
      out.writeUInt8(b, 0);
      out.writeInt16BE(i, 1);
      out.writeInt32BE(j, 3);
      out.writeInt32BE(s, 7);
      return out;
    };
    const cards = [
      "XTENSION= 'BINTABLE'",
      "BITPIX  =                    8",
      "NAXIS   =                    2",
      "NAXIS1  =                   11",
      "NAXIS2  =                    2",
      "PCOUNT  =                    0",
      "GCOUNT  =                    1",
      "TFIELDS =                    4",
      "TTYPE1  = 'b       '",
      "TFORM1  = '1B      '",
      "TNULL1  =                  255",
      "TTYPE2  = 'i       '",
      "TFORM2  = '1I      '",
      "TNULL2  =               -32768",
      "TTYPE3  = 'j       '",
      "TFORM3  = '1J      '",
      "TNULL3  =          -2147483648",
      "TTYPE4  = 's       '",
      "TFORM4  = '1J      '",
      "TNULL4  =                    0",
      "TSCAL4  =                  2.0",
      "TZERO4  =                  1.0",
    ];
    const data = Buffer.concat([row(255, 7, -2147483648, 3), row(4, -32768, 42, 0)]);
    const path = join(mkdtempSync(join(tmpdir(), "skygate-fits-")), "n.fits");
    writeFileSync(path, fitsFile(cards, data));
    const source = await openTable("n", path);
    expect(toRows(await source.read())).toEqual([
      { b: null, i: 7, j: null, s: 7 },
      { b: 4, i: null, j: 42, s: null },
    ]);
  });
});

describe("Arrow IPC", () => {
  it("reads file and stream formats written by apache-arrow, equal to the Parquet they came from", async () => {
    const parquet = await openTable(
      "DiaObject",
      external("ap_verify_ci_cosmos_pdr2", "preloaded_dia_object_HSC_59160_1_13_dia_catalogs_apdb.parq"),
    );
    const original = (await parquet.read({ columns: ["diaObjectId", "ra", "dec", "nDiaSources"] })).data;
    const dir = mkdtempSync(join(tmpdir(), "skygate-ipc-"));
    writeFileSync(join(dir, "o.arrow"), tableToIPC(original, "file"));
    writeFileSync(join(dir, "o.arrows"), tableToIPC(original, "stream"));
    for (const name of ["o.arrow", "o.arrows"]) {
      const source = await openTable("o", join(dir, name));
      expect(source.format).toBe("arrow");
      expect(await source.rowCount()).toBe(469);
      const back = (await source.read({ columns: ["diaObjectId", "dec"] })).data;
      expect(back.getChild("diaObjectId")?.toArray()).toEqual(original.getChild("diaObjectId")?.toArray());
      expect(back.getChild("dec")?.toArray()).toEqual(original.getChild("dec")?.toArray());
    }
  });
});

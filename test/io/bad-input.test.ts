// Unreadable input must fail with a typed InputError that names the file (and line/column where it applies);
// a well-formed table without rows is valid input.
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { gzipSync } from "node:zlib";
import { Field, RecordBatch, Schema, Table, tableFromArrays, tableToIPC } from "apache-arrow";
import { Table as ParquetWasmTable, writeParquet } from "parquet-wasm";
import { describe, expect, it } from "vitest";
import { InputError, type InputErrorKind, UsageError } from "../../src/core/errors.js";
import { openTable } from "../../src/io/index.js";
import { external, REPO_ROOT } from "../helpers/paths.js";

const DATA = resolve(REPO_ROOT, "test/io/data");
const DIA_SOURCE = external(
  "ap_verify_ci_cosmos_pdr2",
  "preloaded_dia_source_HSC_59160_1_13_dia_catalogs_apdb.parq",
);
const SHARD = external("pipe_tasks_sdss_refcat", "903281.fits");
const GAIA_VOT = external("astroquery_gaia", "1710099405832VAL-result.vot");

function scratch(): string {
  return mkdtempSync(join(tmpdir(), "skygate-bad-"));
}

/** A copy of `from` cut to `keep` of its bytes. */
function truncatedCopy(from: string, name: string, keep: number): string {
  const bytes = readFileSync(from);
  const path = join(scratch(), name);
  writeFileSync(path, bytes.subarray(0, Math.floor(bytes.length * keep)));
  return path;
}

async function inputError(spec: string | string[]): Promise<InputError> {
  try {
    const source = await openTable("T", spec);
    await source.read();
  } catch (error) {
    if (error instanceof InputError) return error;
    throw error;
  }
  throw new Error(`no error for ${String(spec)}`);
}

async function expectInputError(spec: string, kind: InputErrorKind, named = spec): Promise<InputError> {
  const error = await inputError(spec);
  expect(error.kind).toBe(kind);
  expect(error.path).toBe(named);
  expect(error.message.startsWith(named)).toBe(true);
  expect(error.message.split("\n")).toHaveLength(1);
  return error;
}

describe("bad input gives a typed InputError naming the file", () => {
  it("missing path", async () => {
    await expectInputError(join(scratch(), "nope.parquet"), "missing");
  });

  it("directory with no table files, and a glob that matches nothing", async () => {
    const dir = scratch();
    writeFileSync(join(dir, "README.md"), "no tables here\n");
    await expectInputError(dir, "noMatch");
    await expectInputError(join(dir, "*.parquet"), "noMatch");
  });

  it("unknown extension", async () => {
    const path = join(scratch(), "table.txt");
    writeFileSync(path, "a,b\n1,2\n");
    await expectInputError(path, "unsupported");
  });

  it("0-byte files of every format", async () => {
    const dir = scratch();
    for (const name of ["e.parquet", "e.csv", "e.ecsv", "e.vot", "e.fits", "e.arrow"]) {
      writeFileSync(join(dir, name), "");
      await expectInputError(join(dir, name), "empty");
    }
    await expectInputError(join(DATA, "empty.csv"), "empty");
  });

  it("truncated Parquet, FITS, gzip FITS, Arrow IPC", async () => {
    await expectInputError(truncatedCopy(DIA_SOURCE, "cut.parq", 0.6), "truncated");
    await expectInputError(truncatedCopy(SHARD, "cut.fits", 0.5), "truncated");
    await expectInputError(
      truncatedCopy(external("faro_hsc", "tract9813_patches55to72_gri_filtered.fits.gz"), "cut.fits.gz", 0.5),
      "truncated",
    );
    const parquet = await openTable("D", DIA_SOURCE);
    const ipc = join(scratch(), "t.arrow");
    writeFileSync(ipc, tableToIPC((await parquet.read({ columns: ["ra"] })).data, "file"));
    await expectInputError(truncatedCopy(ipc, "cut.arrow", 0.7), "truncated");
  });

  it("truncated VOTable: an XML error with line and column", async () => {
    const error = await expectInputError(truncatedCopy(GAIA_VOT, "cut.vot", 0.5), "truncated");
    expect(error.position?.line).toBeGreaterThan(1);
    // Cut right after a row: every element is well formed, only left open; the end of the file is named.
    const text = readFileSync(GAIA_VOT, "utf8");
    const path = join(scratch(), "after-row.vot");
    writeFileSync(path, text.slice(0, text.indexOf("</TR>") + 5));
    const open = await expectInputError(path, "truncated");
    expect(open.message).toMatch(
      /XML ends early inside TABLEDATA \(not closed: VOTABLE, RESOURCE, TABLE, DATA, TABLEDATA\)$/,
    );
    expect(open.position?.line).toBe(text.slice(0, text.indexOf("</TR>") + 5).split("\n").length);
  });

  it("corrupt Parquet (not Parquet at all, and damaged inside), corrupt FITS and Arrow", async () => {
    const dir = scratch();
    writeFileSync(join(dir, "text.parquet"), "this is not parquet\n");
    await expectInputError(join(dir, "text.parquet"), "corrupt");
    const bytes = Buffer.from(readFileSync(DIA_SOURCE));
    // keep both PAR1 magics, overwrite the footer length and metadata before it
    bytes.fill(0x7f, bytes.length - 2000, bytes.length - 4);
    writeFileSync(join(dir, "damaged.parquet"), bytes);
    await expectInputError(join(dir, "damaged.parquet"), "corrupt");
    writeFileSync(join(dir, "x.fits"), Buffer.alloc(2880, 0x41));
    await expectInputError(join(dir, "x.fits"), "corrupt");
    // A FITS file cut inside its first header block is truncated, not "not FITS".
    writeFileSync(join(dir, "short.fits"), "SIMPLE  =                    T / conforming");
    const short = await expectInputError(join(dir, "short.fits"), "truncated");
    expect(short.message).toMatch(/43 bytes, less than its first 2880-byte header block$/);
    writeFileSync(join(dir, "x.arrow"), Buffer.from("definitely not arrow"));
    await expectInputError(join(dir, "x.arrow"), "corrupt");
    writeFileSync(
      join(dir, "x.fits.gz"),
      Buffer.concat([gzipSync(Buffer.alloc(10)).subarray(0, 10), Buffer.alloc(40, 1)]),
    );
    await expectInputError(join(dir, "x.fits.gz"), "corrupt");
    writeFileSync(join(dir, "bin.csv"), Buffer.from([0x61, 0x2c, 0x62, 0x0a, 0x00, 0x01, 0x02]));
    const binary = await expectInputError(join(dir, "bin.csv"), "corrupt");
    expect(binary.position?.line).toBe(2);
  });

  it("a TAP error document (QUERY_STATUS=ERROR) is a service error carrying the service's message", async () => {
    const path = join(scratch(), "error.vot");
    writeFileSync(
      path,
      `<?xml version="1.0"?>\n<VOTABLE version="1.4"><RESOURCE type="results">\n<INFO name="QUERY_STATUS" value="ERROR">Column 'foo' does not exist</INFO>\n</RESOURCE></VOTABLE>\n`,
    );
    const error = await expectInputError(path, "service");
    expect(error.message).toContain("Column 'foo' does not exist");
  });

  it("duplicate column names (CSV, with line and column)", async () => {
    const error = await expectInputError(join(DATA, "duplicate_columns.csv"), "duplicateColumn");
    expect(error.position).toEqual({ line: 1, column: 3 });
    expect(error.message).toContain('"id"');
  });

  it("duplicate column names in a Parquet file (written by parquet-wasm from an Arrow table)", async () => {
    const simple = tableFromArrays({ a: new Float64Array([1, 2]), b: new Float64Array([3, 4]) });
    const [first, second] = simple.schema.fields as [Field, Field];
    const schema = new Schema([first, new Field("a", second.type, second.nullable)]);
    const table = new Table(
      schema,
      simple.batches.map((batch) => new RecordBatch(schema, batch.data)),
    );
    const path = join(scratch(), "dup.parquet");
    writeFileSync(path, writeParquet(ParquetWasmTable.fromIPCStream(tableToIPC(table, "stream"))));
    const error = await expectInputError(path, "duplicateColumn");
    expect(error.message).toContain('"a"');
  });

  it("duplicate column names in a VOTable and an ECSV", async () => {
    const dir = scratch();
    const vot = readFileSync(GAIA_VOT, "utf8").replace('name="random_index"', 'name="source_id"');
    writeFileSync(join(dir, "dup.vot"), vot);
    await expectInputError(join(dir, "dup.vot"), "duplicateColumn");
    const ecsv =
      "# %ECSV 1.0\n# ---\n# datatype:\n# - {name: a, datatype: int64}\n# - {name: a, datatype: int64}\na a\n1 2\n";
    writeFileSync(join(dir, "dup.ecsv"), ecsv);
    const error = await expectInputError(join(dir, "dup.ecsv"), "duplicateColumn");
    expect(error.position).toEqual({ line: 6, column: 2 });
  });

  it("CSV: ragged row and unterminated quote give the line", async () => {
    const ragged = await expectInputError(join(DATA, "ragged.csv"), "corrupt");
    expect(ragged.position).toEqual({ line: 3 });
    const quote = await expectInputError(join(DATA, "unterminated_quote.csv"), "corrupt");
    expect(quote.position).toEqual({ line: 2 });
  });

  it("ECSV: a value that does not fit its declared datatype gives the line", async () => {
    const path = join(scratch(), "overflow.ecsv");
    writeFileSync(path, "# %ECSV 1.0\n# ---\n# datatype:\n# - {name: d, datatype: int16}\nd\n7\n40000\n");
    const error = await expectInputError(path, "corrupt");
    expect(error.position).toEqual({ line: 7 });
    expect(error.message).toContain('"40000"');
  });

  it("ECSV: YAML syntax error gives the line", async () => {
    const error = await expectInputError(join(DATA, "bad_yaml.ecsv"), "corrupt");
    expect(error.position?.line).toBeGreaterThanOrEqual(4);
  });

  it("files of one table whose columns or types disagree name the file that differs", async () => {
    const dir = scratch();
    writeFileSync(join(dir, "a.csv"), "id,ra\n1,2.5\n");
    writeFileSync(join(dir, "b.csv"), "id,dec\n2,3.5\n");
    const names = await expectInputError(dir, "corrupt", join(dir, "b.csv"));
    expect(names.message).toContain(join(dir, "a.csv"));
    writeFileSync(join(dir, "b.csv"), "id,ra\n2,north\n");
    await expectInputError(dir, "corrupt", join(dir, "b.csv"));
  });

  it("a table mixing formats", async () => {
    const dir = scratch();
    copyFileSync(DIA_SOURCE, join(dir, "a.parquet"));
    writeFileSync(join(dir, "b.csv"), "id\n1\n");
    await expectInputError(dir, "unsupported", join(dir, "b.csv"));
  });
});

describe("valid edge cases and usage errors", () => {
  it("a header-only CSV and a 0-row Parquet file are valid inputs with 0 rows", async () => {
    expect(await (await openTable("t", join(DATA, "header_only.csv"))).rowCount()).toBe(0);
    const empty = external(
      "ap_verify_ci_cosmos_pdr2",
      "preloaded_dia_source_HSC_59134_1_42_dia_catalogs_apdb.parq",
    );
    expect(await (await openTable("t", empty)).rowCount()).toBe(0);
  });

  it("asking for a column the table lacks is a UsageError naming table and column", async () => {
    const source = await openTable("DiaSource", DIA_SOURCE);
    await expect(source.read({ columns: ["ra", "notAColumn"] })).rejects.toThrow(UsageError);
    await expect(source.read({ columns: ["notAColumn"] })).rejects.toThrow(/DiaSource.*notAColumn/);
  });

  it("tap: specs are a clear UsageError until a TAP opener is registered", async () => {
    await expect(
      openTable("Object", "tap:https://data.lsst.cloud/api/tap#dp02_dc2_catalogs.Object"),
    ).rejects.toThrow(/TAP sources .* not implemented/);
  });
});

describe("Hive partitions", () => {
  it("parses tract=/patch= directories into SourceInfo.partition, rows in sorted path order", async () => {
    const root = scratch();
    const files = [
      ["tract=4431/patch=10", "preloaded_dia_source_HSC_59142_1_37_dia_catalogs_apdb.parq", 258],
      ["tract=4431/patch=9", "preloaded_dia_source_HSC_59150_1_12_dia_catalogs_apdb.parq", 169],
      ["tract=4432/patch=1", "preloaded_dia_source_HSC_59160_1_09_dia_catalogs_apdb.parq", 180],
    ] as const;
    for (const [dir, file] of files) {
      mkdirSync(join(root, dir), { recursive: true });
      copyFileSync(external("ap_verify_ci_cosmos_pdr2", file), join(root, dir, "part-0.parquet"));
    }
    writeFileSync(join(root, "_SUCCESS"), "");
    mkdirSync(join(root, "_temporary"));
    copyFileSync(DIA_SOURCE, join(root, "_temporary", "part-9.parquet"));
    const source = await openTable("DiaSource", root);
    const table = await source.read({ columns: ["diaSourceId"] });
    // "patch=10" sorts before "patch=9" in plain path order
    expect(table.sources.map((s) => [s.partition, s.rows])).toEqual([
      [{ tract: "4431", patch: "10" }, 258],
      [{ tract: "4431", patch: "9" }, 169],
      [{ tract: "4432", patch: "1" }, 180],
    ]);
    expect(table.data.numRows).toBe(607);
    const offsets: number[] = [];
    for await (const batch of source.scan({ columns: ["diaSourceId"] })) offsets.push(batch.rowOffset);
    expect(offsets).toEqual([0, 258, 427]);
    // Opt-in: partition keys as string columns after the file columns
    const withKeys = await openTable("DiaSource", root, { partitionColumns: true });
    const names = (await withKeys.columns()).map((c) => c.name);
    expect(names.slice(-2)).toEqual(["tract", "patch"]);
    expect(names).toHaveLength(102 + 2);
    const keyed = await withKeys.read({ columns: ["patch", "diaSourceId", "tract"] });
    const patch = keyed.data.getChild("patch");
    expect([patch?.get(0), patch?.get(257), patch?.get(258), patch?.get(606)]).toEqual([
      "10",
      "10",
      "9",
      "1",
    ]);
    expect(keyed.data.getChild("tract")?.get(606)).toBe("4432");
    let scanned = 0;
    for await (const batch of withKeys.scan({ columns: ["tract"] })) {
      expect(batch.data.getChild("tract")?.get(0)).toBe(batch.source.partition?.tract);
      scanned += batch.data.numRows;
    }
    expect(scanned).toBe(607);
    // A glob over the partitions gives the same files
    const globbed = await openTable("DiaSource", `${root}/tract=4431/*/*.parquet`);
    expect(globbed.files).toHaveLength(2);
  });
});

describe("directories inside hidden directories", () => {
  it("finds table files below a root that itself sits in a dot-directory", async () => {
    const root = join(scratch(), ".cache", "data");
    mkdirSync(root, { recursive: true });
    copyFileSync(DIA_SOURCE, join(root, "a.parq"));
    const source = await openTable("t", root);
    expect(await source.rowCount()).toBe(574);
  });
});

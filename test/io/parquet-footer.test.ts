// The projected-footer path (src/io/readers/parquet-footer.ts) must read exactly what the whole-footer path reads:
// same schema (types, metadata), same values, same row counts, on our fixtures and on the real pyarrow-written APDB
// files, and on a wide many-row-group file like the 1M × 991 Object's.
import { openAsBlob, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  Field,
  Float64,
  makeData,
  makeVector,
  type Schema,
  Struct,
  Table,
  tableFromArrays,
  tableFromIPC,
  tableToIPC,
  type Vector,
} from "apache-arrow";
import * as pw from "parquet-wasm/node";
import { beforeAll, describe, expect, it } from "vitest";
import { describeParquet, parquetReader, parquetRowGroups } from "../../src/io/readers/parquet.js";
import { footerFor, parseFooter } from "../../src/io/readers/parquet-footer.js";
import { EXTERNAL, FIXTURES } from "../helpers/paths.js";

function footerOfFile(path: string) {
  const bytes = readFileSync(path);
  const length = bytes.readUInt32LE(bytes.length - 8);
  const offset = bytes.length - 8 - length;
  return parseFooter(new Uint8Array(bytes.subarray(offset, bytes.length - 8)), offset, bytes.length);
}

function parquetFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && /\.parq(uet)?$/.test(e.name) && !e.parentPath.includes("large"))
    .map((e) => join(e.parentPath, e.name))
    .sort();
}

/** Schema and values as plain text, so two tables compare field by field and value by value. */
function dump(table: Table): { schema: string[]; values: string[] } {
  const schema = table.schema.fields.map(
    (f) => `${f.name}:${f.type}:${f.nullable}:${JSON.stringify([...f.metadata])}`,
  );
  const values = table.schema.fields.map((f) =>
    JSON.stringify([...(table.getChild(f.name) ?? [])], (_, v) =>
      typeof v === "bigint" ? `${v}n` : typeof v === "number" && !Number.isFinite(v) ? String(v) : v,
    ),
  );
  return { schema, values };
}

/** What parquet-wasm gives over the whole file (its own footer walk): the answer before this module. */
async function wholeFooterRead(path: string, columns: string[]): Promise<Table> {
  const file = await pw.ParquetFile.fromFile(await openAsBlob(path));
  try {
    return tableFromIPC((await file.read({ columns })).intoIPCStream());
  } finally {
    file.free();
  }
}

async function wholeFooterSchema(path: string): Promise<Schema> {
  const file = await pw.ParquetFile.fromFile(await openAsBlob(path));
  try {
    return tableFromIPC(file.schema().intoIPCStream()).schema;
  } finally {
    file.free();
  }
}

/** The first difference between two dumps, or "" (short messages: a whole column is too long to print). */
function firstDifference(a: ReturnType<typeof dump>, b: ReturnType<typeof dump>): string {
  if (a.schema.length !== b.schema.length) return `${a.schema.length} vs ${b.schema.length} fields`;
  for (let i = 0; i < a.schema.length; i++)
    if (a.schema[i] !== b.schema[i]) return `field ${i}: ${a.schema[i]} vs ${b.schema[i]}`;
  for (let i = 0; i < a.values.length; i++)
    if (a.values[i] !== b.values[i]) return `values of ${a.schema[i]}`;
  return "";
}

const files = [...parquetFiles(FIXTURES), ...parquetFiles(EXTERNAL)];
let wide = "";

beforeAll(() => {
  // 1500 rows × 991 columns in 100 row groups: the footer shape of the 1M × 991 fixture (~10 MB of metadata).
  const t = pw.readParquet(readFileSync(join(FIXTURES, "pilot/Object.parquet")));
  const props = new pw.WriterPropertiesBuilder()
    .setCompression(pw.Compression.ZSTD)
    .setMaxRowGroupSize(15)
    .setDictionaryEnabled(false)
    .build();
  wide = join(tmpdir(), `skygate-wide-${process.pid}.parquet`);
  writeFileSync(wide, pw.writeParquet(t, props));
});

describe("parquet footer walk", () => {
  it("finds the test files", () => {
    expect(files.length).toBeGreaterThan(20);
  });

  it("rewrites every footer byte for byte when nothing is left out", () => {
    let rewritten = 0;
    for (const path of [...files, wide]) {
      const footer = footerOfFile(path);
      if (footer === null) continue;
      rewritten++;
      expect(Buffer.from(footerFor(footer, null) as Uint8Array).equals(Buffer.from(footer.bytes)), path).toBe(
        true,
      );
    }
    expect(rewritten).toBe(files.length + 1);
  });

  it("gives the footer's row counts and leaf names", async () => {
    const footer = footerOfFile(wide);
    expect(footer?.rows).toBe(1500);
    expect(footer?.rowGroups).toHaveLength(100);
    expect(footer?.columns).toHaveLength(991);
    expect(await parquetRowGroups(wide)).toEqual(new Array(100).fill(15));
  });

  it("leaves nested columns to the whole-footer path, which still reads them", async () => {
    const t = tableFromArrays({ id: Int32Array.of(1, 2, 3) });
    const nested = new Table({
      id: t.getChild("id") as Vector,
      pos: makeVector(
        makeData({
          type: new Struct([new Field("ra", new Float64()), new Field("dec", new Float64())]),
          length: 3,
          nullCount: 0,
          children: [
            makeData({ type: new Float64(), data: Float64Array.of(1, 2, 3) }),
            makeData({ type: new Float64(), data: Float64Array.of(-1, -2, -3) }),
          ],
        }),
      ),
    });
    const path = join(tmpdir(), `skygate-nested-${process.pid}.parquet`);
    writeFileSync(path, pw.writeParquet(pw.Table.fromIPCStream(tableToIPC(nested, "stream"))));
    expect(footerOfFile(path)).toBeNull();
    expect((await describeParquet(path)).rows).toBe(3);
    expect([...((await parquetReader.read(path, ["id"])).getChild("id") ?? [])]).toEqual([1, 2, 3]);
  });

  it("refuses what it cannot rewrite", () => {
    expect(parseFooter(new Uint8Array([0x19, 0x0c]), 4, 100)).toBeNull(); // cut short
    const footer = footerOfFile(join(FIXTURES, "pilot/Object.parquet"));
    expect(footer).not.toBeNull();
    expect(footerFor(footer as NonNullable<typeof footer>, ["coord_ra", "noSuchColumn"])).toBeNull();
  });
});

describe("projected reads equal whole reads", () => {
  it("on every fixture and real APDB file: schema from describe, projected read and scan", async () => {
    for (const path of [...files, wide]) {
      const schema = await wholeFooterSchema(path);
      const described = await describeParquet(path);
      expect(dump(new Table(described.schema)).schema, path).toEqual(dump(new Table(schema)).schema);
      // Every third column (up to 60), a few in reverse order, as a caller may ask.
      const names = schema.fields.map((f) => f.name);
      const picked = names.filter((_, i) => i % 3 === 1).slice(0, 60);
      const asked = [...picked.slice(0, 3).reverse(), ...picked.slice(3)];
      if (asked.length === 0) continue;
      // The projected path is taken (not the whole-footer fallback), or this test would compare a path with itself.
      const footer = footerOfFile(path);
      expect(footer && footerFor(footer, asked)?.length, path).toBeGreaterThan(0);
      const projected = await parquetReader.read(path, asked);
      const whole = await wholeFooterRead(path, asked);
      expect(described.rows, path).toBe(whole.numRows);
      expect(firstDifference(dump(projected), dump(whole)), path).toBe("");
      let rows = 0;
      const scanned: string[][] = asked.map(() => []);
      for await (const batch of parquetReader.scan(path, asked)) {
        rows += batch.numRows;
        asked.forEach((name, k) => {
          (scanned[k] as string[]).push(String([...(batch.getChild(name) ?? [])]));
        });
      }
      expect(rows, path).toBe(whole.numRows);
      asked.forEach((name, k) => {
        expect((scanned[k] as string[]).filter((s) => s !== "").join(","), `${path} ${name}`).toBe(
          String([...(projected.getChild(name) ?? [])]),
        );
      });
    }
  }, 120_000);
});

// Parquet reader benchmark: generates (with DuckDB) a rows × 200-column file in bench/data/ and reads it with every
// reader considered for skygate, full (all columns, streamed row group by row group so memory stays bounded) and
// projected (10 columns), printing rows/s and the ratio to the fastest.
// Run: node --import tsx bench/parquet-readers.ts [--rows 1000000] [--cols 200] [--only name,name] [--mode full|projected|both]
import { openAsBlob, statSync } from "node:fs";
import { resolve } from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { tableFromIPC } from "apache-arrow";
import { asyncBufferFromFile, parquetMetadataAsync, parquetRead } from "hyparquet";
import { compressors } from "hyparquet-compressors";
import { ParquetFile } from "parquet-wasm";
import { openTable } from "../src/io/index.js";
import { generateWide, wideColumnNames } from "./lib/generate-wide.js";

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? (process.argv[i + 1] as string) : fallback;
}

const ROWS = Number(arg("rows", "1000000"));
const COLS = Number(arg("cols", "200"));
const ONLY = arg("only", "").split(",").filter(Boolean);
const FILE = resolve(process.cwd(), `bench/data/wide_${ROWS}x${COLS}.parquet`);
const ALL = wideColumnNames(COLS);
const MODE = arg("mode", "both"); // full | projected | both
// 10 columns spread over the file; a stride of 21 cycles through double, float, bool and bigint
const PROJECTED = ALL.filter((_, i) => i % 21 === 0).slice(0, 10);

/** What a reader returns: rows seen and a checksum that forces every value to be touched. */
interface Outcome {
  rows: number;
  check: number;
}
type Reader = (columns: readonly string[] | undefined) => Promise<Outcome>;

function checksum(values: ArrayLike<unknown>): number {
  let s = 0;
  for (let i = 0; i < values.length; i += 997) {
    const v = values[i];
    s +=
      typeof v === "number"
        ? Number.isNaN(v)
          ? 0
          : v
        : typeof v === "bigint"
          ? Number(v & 0xffffn)
          : v
            ? 1
            : 0;
  }
  return s;
}

const readers: Record<string, Reader> = {
  // skygate's Parquet reader: parquet-wasm ParquetFile over a file Blob, streamed by row group, Arrow in JS
  "skygate scan (parquet-wasm stream)": async (columns) => {
    const source = await openTable("bench", FILE);
    let rows = 0;
    let check = 0;
    for await (const batch of source.scan(columns ? { columns } : {})) {
      rows += batch.data.numRows;
      for (const child of batch.data.data.children) check += checksum(child.values as ArrayLike<unknown>);
    }
    return { rows, check };
  },
  // whole projected read into one Arrow table (what read({columns}) does)
  "parquet-wasm read()": async (columns) => {
    const file = await ParquetFile.fromFile(await openAsBlob(FILE));
    try {
      const table = tableFromIPC((await file.read(columns ? { columns: [...columns] } : {})).intoIPCStream());
      let check = 0;
      for (const field of table.schema.fields) check += checksum(table.getChild(field.name)?.toArray() ?? []);
      return { rows: table.numRows, check };
    } finally {
      file.free();
    }
  },
  // hyparquet: pure JS, decodes into JS arrays, row group by row group
  "hyparquet (+compressors)": async (columns) => {
    const file = await asyncBufferFromFile(FILE);
    const metadata = await parquetMetadataAsync(file);
    let rows = 0;
    let check = 0;
    let start = 0;
    for (const group of metadata.row_groups) {
      const end = start + Number(group.num_rows);
      await parquetRead({
        file,
        metadata,
        compressors,
        rowStart: start,
        rowEnd: end,
        ...(columns ? { columns: [...columns] } : {}),
        onChunk: (chunk) => {
          if (chunk.columnName === (columns?.[0] ?? "id")) rows += chunk.columnData.length;
          check += checksum(chunk.columnData as ArrayLike<unknown>);
        },
      });
      start = end;
    }
    return { rows, check };
  },
  // DuckDB: native reader, values converted to JS chunk by chunk
  "DuckDB (values to JS)": async (columns) => {
    const instance = await DuckDBInstance.create(":memory:", { threads: "2" });
    const connection = await instance.connect();
    const list = columns ? columns.map((c) => `"${c}"`).join(", ") : "*";
    const result = await connection.stream(`SELECT ${list} FROM read_parquet('${FILE}')`);
    let rows = 0;
    let check = 0;
    for (;;) {
      const chunk = await result.fetchChunk();
      if (!chunk || chunk.rowCount === 0) break;
      rows += chunk.rowCount;
      for (const column of chunk.getColumns()) check += checksum(column as ArrayLike<unknown>);
    }
    connection.closeSync();
    return { rows, check };
  },
};

async function time(
  reader: Reader,
  columns: readonly string[] | undefined,
): Promise<{ seconds: number; outcome: Outcome }> {
  const start = process.hrtime.bigint();
  const outcome = await reader(columns);
  return { seconds: Number(process.hrtime.bigint() - start) / 1e9, outcome };
}

async function main(): Promise<void> {
  const t0 = Date.now();
  await generateWide(FILE, ROWS, COLS);
  const mb = statSync(FILE).size / 1e6;
  console.log(
    `file ${FILE}: ${ROWS} rows × ${COLS} cols, ${mb.toFixed(1)} MB (ready in ${((Date.now() - t0) / 1000).toFixed(1)} s)`,
  );
  console.log(`projected columns: ${PROJECTED.join(", ")}`);
  // Warm up every reader (wasm instantiation, JIT, DuckDB start) on one column so the first one timed is not penalized.
  for (const [name, reader] of Object.entries(readers)) {
    if (ONLY.length > 0 && !ONLY.some((o) => name.toLowerCase().includes(o.toLowerCase()))) continue;
    await reader(["id"]);
  }
  for (const [label, columns] of [
    ["full read (all columns)", undefined],
    [`projected read (${PROJECTED.length} columns)`, PROJECTED],
  ] as const) {
    if (MODE !== "both" && MODE !== (columns ? "projected" : "full")) continue;
    console.log(`\n${label}`);
    const results: Array<{ name: string; seconds: number; rows: number }> = [];
    for (const [name, reader] of Object.entries(readers)) {
      if (ONLY.length > 0 && !ONLY.some((o) => name.toLowerCase().includes(o.toLowerCase()))) continue;
      if (name === "parquet-wasm read()" && !columns && ROWS * COLS > 50_000_000) {
        console.log(
          `  ${name.padEnd(36)} skipped: whole-file read of ${ROWS}×${COLS} into wasm memory (use scan)`,
        );
        continue;
      }
      try {
        const { seconds, outcome } = await time(reader, columns);
        if (outcome.rows !== ROWS) throw new Error(`read ${outcome.rows} rows, expected ${ROWS}`);
        results.push({ name, seconds, rows: outcome.rows });
        console.log(
          `  ${name.padEnd(36)} ${seconds.toFixed(2).padStart(7)} s  ${Math.round(ROWS / seconds)
            .toLocaleString("en-US")
            .padStart(13)} rows/s`,
        );
      } catch (error) {
        console.log(`  ${name.padEnd(36)} failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    const best = Math.min(...results.map((r) => r.seconds));
    for (const r of results)
      console.log(`  ratio ${r.name.padEnd(30)} ${(r.seconds / best).toFixed(2)}× the fastest`);
  }
}

await main();

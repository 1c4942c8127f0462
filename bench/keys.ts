/**
 * Benchmark: exact key checks at scale (outside CI).
 *
 *   node --import tsx bench/keys.ts [--rows 1e8] [--parents 1e7] [--engines duckdb,arrow-memory,arrow-parquet]
 *
 * Writes (once) bench/data/keys-<rows>.parquet (int64 `id`, a few duplicated, and `parentId` referring to
 * bench/data/parents-<parents>.parquet, a few orphans) with DuckDB, then runs `unique` (duplicateKeys) and
 * `foreignKey` (orphanKeys) on:
 *  - duckdb: DuckDBEngine, pushed down to SQL (GROUP BY / ANTI JOIN, out-of-core under a 2 GB memory limit);
 *  - arrow-memory: ArrowEngine over batches generated in memory (sorted BigInt64Array, no Parquet decoding);
 *  - arrow-parquet: ArrowEngine over the Parquet files through src/io's reader.
 * Expected answers follow from the generator: every DUP_EVERY-th row repeats the previous id, every
 * ORPHAN_EVERY-th row refers to a parent that does not exist.
 */
import { existsSync, mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { Field, Int64, makeData, RecordBatch, Schema, Struct } from "apache-arrow";
import { ArrowEngine } from "../src/engines/arrow/arrow-engine.js";
import { DuckDBEngine } from "../src/engines/duckdb/duckdb-engine.js";
import type { Engine, KeyCheckResult } from "../src/engines/types.js";
import { openTable } from "../src/io/open.js";
import type { TableBatch, TableSource } from "../src/io/table.js";

const args = process.argv.slice(2);
const option = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};
const ROWS = Number(option("rows", "1e7"));
const PARENTS = Number(option("parents", String(ROWS / 10)));
const ENGINES = option("engines", "duckdb,arrow-memory").split(",");
const DUP_EVERY = 1_000_000;
const ORPHAN_EVERY = 999_983;
const ROOT = resolve(dirname(new URL(import.meta.url).pathname), "..");

// Key of index k (< 2^32): low word = k · 2654435761 mod 2^32 (a bijection, so keys are distinct and
// scrambled), high word = k >> 3. Row r has key(r), except every DUP_EVERY-th row repeats key(r − 1);
// parentId of row r is key(r mod PARENTS), except every ORPHAN_EVERY-th row refers to −1 − r (absent).
const keySql = (k: string) =>
  `(CAST((${k}) * 2654435761 % 4294967296 AS BIGINT) + ((${k}) // 8) * 4294967296)`;
const idSql = (r: string) =>
  keySql(`CASE WHEN ${r} % ${DUP_EVERY} = ${DUP_EVERY - 1} THEN ${r} - 1 ELSE ${r} END`);
const parentSql = (r: string) =>
  `CASE WHEN ${r} % ${ORPHAN_EVERY} = 0 THEN -1 - ${r} ELSE ${keySql(`${r} % ${PARENTS}`)} END`;

function rssMB(): number {
  return Math.round(process.resourceUsage().maxRSS / 1024);
}

async function ensureFiles(): Promise<{ keys: string; parents: string }> {
  const keys = resolve(ROOT, `bench/data/keys-${ROWS}.parquet`);
  const parents = resolve(ROOT, `bench/data/parents-${PARENTS}.parquet`);
  mkdirSync(dirname(keys), { recursive: true });
  const db = await DuckDBInstance.create(":memory:", { threads: "2", memory_limit: "2GB" });
  const c = await db.connect();
  const t0 = performance.now();
  if (!existsSync(keys)) {
    await c.run(
      `COPY (SELECT ${idSql("range")} AS id, ${parentSql("range")} AS parentId FROM range(${ROWS})) TO '${keys}' (FORMAT parquet, COMPRESSION zstd)`,
    );
  }
  if (!existsSync(parents)) {
    await c.run(
      `COPY (SELECT ${keySql("range")} AS id FROM range(${PARENTS})) TO '${parents}' (FORMAT parquet)`,
    );
  }
  c.closeSync();
  db.closeSync();
  console.log(`data ready in ${((performance.now() - t0) / 1000).toFixed(1)} s: ${keys}, ${parents}`);
  return { keys, parents };
}

/** A TableSource generating the same columns in memory, batch by batch (no file, no decoding). */
function generatedSource(name: string, rows: number, kind: "keys" | "parents"): TableSource {
  const BATCH = 1 << 20;
  const schemaFields = kind === "keys" ? ["id", "parentId"] : ["id"];
  const schema = new Schema(schemaFields.map((f) => new Field(f, new Int64(), false)));
  /** Writes key(k) into the two 32-bit words at position i. */
  const put = (words: Int32Array, i: number, k: number) => {
    words[2 * i] = Math.imul(k, 2654435761 | 0);
    words[2 * i + 1] = Math.floor(k / 8);
  };
  return {
    name,
    format: "memory",
    files: [],
    columns: async () => schemaFields.map((f) => ({ name: f, type: "int64" as const })),
    rowCount: async () => rows,
    read: async () => {
      throw new Error("not used");
    },
    scan: () => ({
      async *[Symbol.asyncIterator](): AsyncIterator<TableBatch> {
        for (let start = 0; start < rows; start += BATCH) {
          const n = Math.min(BATCH, rows - start);
          const id = new BigInt64Array(n);
          const parent = new BigInt64Array(n);
          const idWords = new Int32Array(id.buffer);
          const parentWords = new Int32Array(parent.buffer);
          for (let i = 0; i < n; i++) {
            const r = start + i;
            if (kind === "parents") {
              put(idWords, i, r);
              continue;
            }
            put(idWords, i, r % DUP_EVERY === DUP_EVERY - 1 ? r - 1 : r);
            if (r % ORPHAN_EVERY === 0) parent[i] = BigInt(-1 - r);
            else put(parentWords, i, r % PARENTS);
          }
          const children = [makeData({ type: new Int64(), length: n, data: id })];
          if (kind === "keys") children.push(makeData({ type: new Int64(), length: n, data: parent }));
          const data = makeData({ type: new Struct(schema.fields), length: n, children });
          yield {
            source: { path: `memory:${name}`, format: "memory", rows },
            rowOffset: start,
            data: new RecordBatch(schema, data),
          };
        }
      },
    }),
  };
}

async function run(label: string, engine: Engine, keys: TableSource, parents: TableSource): Promise<void> {
  let t0 = performance.now();
  const unique: KeyCheckResult = await engine.duplicateKeys(keys, ["id"], { sampleSize: 3 });
  const uniqueSeconds = (performance.now() - t0) / 1000;
  t0 = performance.now();
  const fk: KeyCheckResult = await engine.orphanKeys(keys, "parentId", parents, "id", { sampleSize: 3 });
  const fkSeconds = (performance.now() - t0) / 1000;
  const expectedDup = 2 * Math.floor(ROWS / DUP_EVERY);
  const expectedOrphans = Math.ceil(ROWS / ORPHAN_EVERY);
  console.log(
    `${label.padEnd(14)} unique ${uniqueSeconds.toFixed(1).padStart(7)} s (failing ${unique.failing}, expected ${expectedDup})` +
      `   foreignKey ${fkSeconds.toFixed(1).padStart(7)} s (failing ${fk.failing}, expected ${expectedOrphans})   peak RSS ${rssMB()} MB`,
  );
  if (unique.failing !== expectedDup || fk.failing !== expectedOrphans) process.exitCode = 1;
}

const files = ENGINES.some((e) => e !== "arrow-memory") ? await ensureFiles() : null;
console.log(
  `unique on ${ROWS.toExponential(0)} int64 keys, foreignKey ${ROWS.toExponential(0)} → ${PARENTS.toExponential(0)} keys`,
);
for (const name of ENGINES) {
  if (name === "duckdb" && files) {
    const engine = new DuckDBEngine({ memoryLimit: "2GB", threads: 2 });
    await run(name, engine, await openTable("Keys", files.keys), await openTable("Parents", files.parents));
    await engine.close();
  } else if (name === "arrow-parquet" && files) {
    await run(
      name,
      new ArrowEngine(),
      await openTable("Keys", files.keys),
      await openTable("Parents", files.parents),
    );
  } else if (name === "arrow-memory") {
    await run(
      name,
      new ArrowEngine(),
      generatedSource("Keys", ROWS, "keys"),
      generatedSource("Parents", PARENTS, "parents"),
    );
  }
}

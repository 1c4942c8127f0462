// The prefilter may only clear a check that a scan would pass, and a rule's `countIs` must be its scan count: on random small tables (NaN, null, ±inf, zero
// and negative errors, flags true/false/null), whenever a rule's `passesWhen` holds on the profile, the engine
// counts no offending row. And it should clear what it can: the rules below are each cleared on a table made
// for it, so a proof that never holds would fail too.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { tableToIPC } from "apache-arrow";
import { Table as ParquetWasmTable, WriterPropertiesBuilder, writeParquet } from "parquet-wasm";
import { afterAll, describe, expect, it } from "vitest";
import { inf } from "../../src/checks/column/inf.js";
import { nan } from "../../src/checks/column/nan.js";
import { notNull } from "../../src/checks/column/notNull.js";
import { range } from "../../src/checks/column/range.js";
import { errorPair } from "../../src/checks/family/errorPair.js";
import { nanWithoutFlag } from "../../src/checks/family/nanWithoutFlag.js";
import { profileCount, provenClean } from "../../src/checks/prefilter.js";
import type { RowCheck } from "../../src/checks/types.js";
import { ArrowEngine } from "../../src/engines/arrow/arrow-engine.js";
import { DuckDBEngine } from "../../src/engines/duckdb/duckdb-engine.js";
import type { Engine } from "../../src/engines/types.js";
import { fromColumns, type JsColumn } from "../../src/io/interop.js";
import { openTable } from "../../src/io/open.js";
import type { TableSource } from "../../src/io/table.js";
import { random } from "../helpers/random.js";

const pick = <T>(next: () => number, choices: readonly T[]): T =>
  choices[Math.floor(next() * choices.length)] as T;

/** One table: each column draws from its own mix of odd values, some columns none at all. */
function table(seed: number, rows: number): Record<string, JsColumn> {
  const next = random(seed);
  const floats = (odd: readonly (number | null)[]) => {
    const rate = pick(next, [0, 0, 0.1, 0.5]);
    return Array.from({ length: rows }, () => (next() < rate ? pick(next, odd) : next() * 10 + 0.5));
  };
  const flags = () => {
    const nullRate = pick(next, [0, 0, 0.2]);
    const trueRate = pick(next, [0, 0.3, 1]);
    return Array.from({ length: rows }, () => (next() < nullRate ? null : next() < trueRate));
  };
  return {
    v: floats([Number.NaN, null, Number.POSITIVE_INFINITY, -3]),
    v_err: floats([Number.NaN, null, 0, -1, Number.NEGATIVE_INFINITY]),
    v_flag: flags(),
    v_flag_edge: flags(),
  };
}

const RULES: readonly RowCheck[] = [
  nan("T", "v"),
  nan("T", "v", "v_flag"),
  nan("T", "v", "v_flag", { op: "isTrue", column: "v_flag_edge" }),
  nanWithoutFlag("T", "v", "v_flag"),
  errorPair("T", "v", "v_err"),
  errorPair("T", "v", "v_err", "v_flag"),
  inf("T", "v"),
  notNull("T", "v"),
  range("T", "v", { min: 0, reason: "positive" }),
];

type Answer = { cleared: boolean; count: number; profileCount: number | null };

/** Each rule judged by the profile (cleared? its countIs count) and counted by a scan, on one engine. */
async function judgeOn(engine: Engine, source: TableSource): Promise<Answer[]> {
  const { profile } = await engine.profile(source, { statistics: "counts" });
  const counts = await engine.countWhere(source, {
    conditions: RULES.map((r, i) => ({ id: String(i), where: r.where })),
    sampleSize: 0,
  });
  return RULES.map((r, i) => ({
    cleared: provenClean(r.passesWhen ?? [], profile),
    count: counts[i]?.count ?? Number.NaN,
    profileCount: r.countIs === undefined ? null : profileCount(profile, r.countIs),
  }));
}

const judge = (columns: Record<string, JsColumn>) => judgeOn(new ArrowEngine(), fromColumns("T", columns));

/** The same judgement on DuckDB over a Parquet file of 10-row groups (its null counts come from the footers). */
async function judgeOnDuckDB(columns: Record<string, JsColumn>, engine: DuckDBEngine): Promise<Answer[]> {
  const table = (await fromColumns("T", columns).read()).data;
  const path = join(dir, `t${files++}.parquet`);
  const properties = new WriterPropertiesBuilder().setMaxRowGroupSize(10).build();
  writeFileSync(path, writeParquet(ParquetWasmTable.fromIPCStream(tableToIPC(table, "stream")), properties));
  return judgeOn(engine, await openTable("T", path));
}

/** What is wrong with one table's answers: a rule cleared although rows match, a countIs unequal to the scan. */
function wrongIn(seed: number, answers: readonly Answer[]): string[] {
  return answers.flatMap((a, i) => [
    ...(a.cleared && a.count !== 0
      ? [`seed ${seed}: ${RULES[i]?.check} #${i} cleared, ${a.count} rows`]
      : []),
    ...(a.profileCount !== null && a.profileCount !== a.count
      ? [`seed ${seed}: ${RULES[i]?.check} #${i} profile says ${a.profileCount}, scan ${a.count}`]
      : []),
  ]);
}

const dir = mkdtempSync(join(tmpdir(), "skygate-prefilter-"));
let files = 0;
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("prefilter soundness", () => {
  it("holds on DuckDB over Parquet too, where footers prove null counts (120 random tables)", async () => {
    const engine = new DuckDBEngine({ threads: 1 });
    const wrong: string[] = [];
    try {
      for (let seed = 1; seed <= 120; seed++) {
        wrong.push(...wrongIn(seed, await judgeOnDuckDB(table(seed, 40), engine)));
      }
    } finally {
      await engine.close();
    }
    expect(wrong).toEqual([]);
  });

  it("clears a rule only when the scan counts no offending row, and counts countIs rules as the scan (200 random tables)", async () => {
    const wrong: string[] = [];
    for (let seed = 1; seed <= 200; seed++) wrong.push(...wrongIn(seed, await judge(table(seed, 40))));
    expect(wrong).toEqual([]);
  });

  it("clears the flagged nan rule when the flag has no null, NaN or not", async () => {
    const answers = await judge({
      v: [1, Number.NaN, 2, Number.NaN],
      v_err: [0.1, 0.1, 0.1, 0.1],
      v_flag: [false, true, false, true],
      v_flag_edge: [false, false, false, false],
    });
    expect(answers.map((a) => a.cleared)).toEqual([
      false, // plain nan: there are NaN
      true, // flag never null
      true,
      false, // nanWithoutFlag needs no NaN at all to be cleared by counts
      true, // errorPair: the error column is clean
      true,
      true,
      true,
      true, // range: the finite values lie in it
    ]);
  });
});

// Data that turn out unreadable only when decoded (a corrupt page behind an intact footer) under gate and holes,
// as under check: the table gets an `input` error naming the file, the other table's findings stay in the JSON,
// and the exit code is 2 with one line on stderr (CONTRACT.md: first match wins). The CLI runs in a child process:
// parquet-wasm's decode panic reaches the process's uncaughtException, which the test runner would also report.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { duckdbInputError } from "../../src/engines/duckdb/duckdb-engine.js";
import { writeCorruptPageParquet } from "../corpus/make-corpus.js";
import { FIXTURES, REPO_ROOT } from "../helpers/paths.js";

const dir = mkdtempSync(join(tmpdir(), "skygate-midrun-"));
const corrupt = join(dir, "corrupt-page.parquet");
writeCorruptPageParquet(corrupt);
// holes reads only the positions: every page broken, so ra and dec are too
const corruptEverywhere = join(dir, "corrupt-pages.parquet");
writeCorruptPageParquet(corruptEverywhere, true);
const good = resolve(FIXTURES, "pilot/Object.parquet");

function skygate(...args: string[]): { code: number | null; stderr: string } {
  const run = spawnSync(process.execPath, ["--import", "tsx", "src/cli.ts", ...args], {
    cwd: REPO_ROOT,
    encoding: "utf8",
  });
  return { code: run.status, stderr: run.stderr };
}

type Json = { results: { table: string; check: string; status: string; partial?: boolean }[] };
const tablesOf = (path: string) =>
  new Set((JSON.parse(readFileSync(path, "utf8")) as Json).results.map((r) => r.table));

describe("a table unreadable mid-run next to a good one", () => {
  for (const engine of ["arrow", "duckdb", "auto"]) {
    it(`gate (--engine ${engine}): exit 2 naming the file, the good table's findings kept`, () => {
      const gate = join(dir, `gate-${engine}.yaml`);
      writeFileSync(gate, `gate: midrun\ntables:\n  Object: ${good}\n  T: ${corrupt}\n`);
      const json = join(dir, `gate-${engine}.json`);
      const { code, stderr } = skygate("gate", gate, "--engine", engine, "--json", json);
      expect([code, stderr]).toEqual([2, expect.stringMatching(/^skygate: \S*corrupt-page\.parquet: .*\n$/)]);
      expect(stderr).not.toMatch(/unreachable|don't know what type/);
      expect(tablesOf(json)).toEqual(new Set(["Object", "T"]));
    }, 120_000);
  }

  it("gate with a metric on the unreadable table: the metric errors, every report is written, exit 2", () => {
    const gate = join(dir, "gate-metric.yaml");
    writeFileSync(
      gate,
      `gate: midrun\ntables:\n  Object: ${good}\n  T: ${corruptEverywhere}\nchecks:\n  suite: false\nmetrics:\n  - metric: T.flux.nanRate\n    operator: "<="\n    minimum: 0\n  - metric: Object.rows\n    operator: ">="\n    minimum: 1\n`,
    );
    const json = join(dir, "gate-metric.json");
    const { code, stderr } = skygate("gate", gate, "--json", json);
    expect([code, stderr]).toEqual([2, expect.stringMatching(/^skygate: \S*corrupt-pages\.parquet: .*\n$/)]);
    const results = (JSON.parse(readFileSync(json, "utf8")) as Json).results;
    expect(results.map((r) => [r.table, r.check, r.status])).toEqual(
      expect.arrayContaining([
        ["T", "input", "error"],
        ["T", "metric.nanRate", "error"],
        ["Object", "metric.rows", "pass"],
      ]),
    );
  }, 120_000);

  it("gate --engine duckdb over files DuckDB cannot read as one table: exit 2 up front, as check", () => {
    const gate = join(dir, "gate-clash.yaml");
    writeFileSync(
      gate,
      `gate: clash\nengine: duckdb\ntables:\n  DiaObject: ${resolve(REPO_ROOT, "test/data/ap_verify_ci_cosmos_pdr2")}/preloaded_dia_object_*.parq\n`,
    );
    const { code, stderr } = skygate("gate", gate);
    expect([code, stderr]).toEqual([
      2,
      expect.stringMatching(
        /^skygate: DuckDB cannot read table DiaObject as one table: column validityStartMjdTai /,
      ),
    ]);
  }, 120_000);

  it("holes: exit 2 naming the file, the good table's holes kept, the bad one an input error", () => {
    const json = join(dir, "holes.json");
    const { code, stderr } = skygate(
      "holes",
      "--table",
      `Object=${good}`,
      "--table",
      `T=${corruptEverywhere}`,
      "--json",
      json,
    );
    expect([code, stderr]).toEqual([2, expect.stringMatching(/^skygate: \S*corrupt-pages\.parquet: .*\n$/)]);
    const results = (JSON.parse(readFileSync(json, "utf8")) as Json).results;
    expect(results.filter((r) => r.table === "T").map((r) => [r.check, r.status])).toEqual([
      ["input", "error"],
    ]);
    expect(results.some((r) => r.table === "Object" && r.check === "hole")).toBe(true);
  }, 120_000);
});

describe("DuckDB's Thrift errors on a garbled page header", () => {
  it("are bad data, never a reason to fall back, and say so in words", () => {
    for (const message of [
      "Invalid Error: don't know what type: ",
      "Invalid Error: TProtocolException: Invalid data",
    ]) {
      const error = duckdbInputError(new Error(message), ["/d/a.parquet"]);
      expect(error?.message).toBe(
        `/d/a.parquet: DuckDB cannot read the data: corrupt page metadata (${message.trim().replace(/:$/, "")})`,
      );
    }
  });
});

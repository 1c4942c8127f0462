// Partial results are labelled, never silent: a Hive-style release with an unreadable file skipped
// (`--skip-unreadable`, on copies of the real ap_verify COSMOS DiaObject files, one of them truncated) and a row
// limit (`--max-rows`). Every result of such a table is `partial`, and every report says so.
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCheck } from "../../src/cli/check.js";
import { InputError } from "../../src/core/errors.js";
import { limitRows } from "../../src/io/limit.js";
import { openTable } from "../../src/io/open.js";
import { captureIO } from "../helpers/io.js";
import { external, FIXTURES } from "../helpers/paths.js";

let dir: string;
let release: string;
let bad: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "skygate-partial-"));
  release = join(dir, "release");
  const from = external("ap_verify_ci_cosmos_pdr2");
  const files = readdirSync(from)
    .filter((f) => f.startsWith("preloaded_dia_object_"))
    .sort();
  // One visit folder per file, as a Hive-style release; the last file truncated to half (a failed transfer).
  files.forEach((f, i) => {
    const folder = join(release, `visit=${i}`);
    mkdirSync(folder, { recursive: true });
    if (i < files.length - 1) copyFileSync(join(from, f), join(folder, f));
    else {
      const bytes = readFileSync(join(from, f));
      bad = join(folder, f);
      writeFileSync(bad, bytes.subarray(0, bytes.length >> 1));
    }
  });
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("a release with an unreadable file skipped", () => {
  it("is an input error by default (exit 2, naming the file)", async () => {
    await expect(runCheck(["--table", `DiaObject=${release}`, "--quiet"], captureIO())).rejects.toThrow(
      InputError,
    );
  });

  it("with --skip-unreadable checks the other files, every result partial, shown in every report", async () => {
    const io = captureIO();
    const out = (name: string) => join(dir, name);
    const code = await runCheck(
      [
        "--table",
        `DiaObject=${release}`,
        "--skip-unreadable",
        "--quiet",
        ...["--json", out("r.json"), "--md", out("r.md"), "--junit", out("r.xml"), "--html", out("r.html")],
      ],
      io,
    );
    expect(code).toBe(1); // the COSMOS DiaObject snapshots repeat rows: unique fails, as in the regression suite
    const json = JSON.parse(readFileSync(out("r.json"), "utf8"));
    const table = json.tables.DiaObject;
    expect(table.sources.length).toBe(7);
    expect(table.partial).toMatch(/^1 of 8 files unreadable and skipped: .*preloaded_dia_object_/);
    expect(table.partial).toContain(bad);
    expect(json.results.length).toBeGreaterThan(50);
    expect(json.results.every((r: { partial?: boolean }) => r.partial === true)).toBe(true);
    const text = io.out.join("");
    expect(text).toMatch(/DiaObject: \d+ rows, .*\(PARTIAL: 1 of 8 files unreadable and skipped/);
    expect(text).toMatch(/Status: FAIL PARTIAL/);
    expect(text).toMatch(/FAIL\s+DiaObject\.\S+\.unique.*PARTIAL \(saw only part of the data\)/);
    expect(io.err.join("")).toMatch(/table DiaObject is checked in part/);
    expect(readFileSync(out("r.md"), "utf8")).toMatch(
      /> \*\*PARTIAL\*\*: DiaObject: 1 of 8 files unreadable/,
    );
    expect(readFileSync(out("r.xml"), "utf8")).toContain('<property name="partial" value="true"/>');
    expect(readFileSync(out("r.html"), "utf8")).toMatch(/PARTIAL<\/span> DiaObject: 1 of 8 files unreadable/);
  }, 120_000);
});

describe("a release with a 0-byte file", () => {
  it("with --skip-unreadable skips it like a truncated one (found at resolution, before any footer is read)", async () => {
    const folder = join(dir, "with-empty");
    mkdirSync(join(folder, "visit=1"), { recursive: true });
    copyFileSync(
      join(release, "visit=0", readdirSync(join(release, "visit=0"))[0] as string),
      join(folder, "a.parq"),
    );
    const empty = join(folder, "visit=1", "b.parq");
    writeFileSync(empty, "");
    await expect(runCheck(["--table", `DiaObject=${folder}`, "--quiet"], captureIO())).rejects.toThrow(
      /file is empty \(0 bytes\)/,
    );
    const json = join(dir, "with-empty.json");
    const io = captureIO();
    await runCheck(["--table", `DiaObject=${folder}`, "--skip-unreadable", "--quiet", "--json", json], io);
    const table = JSON.parse(readFileSync(json, "utf8")).tables.DiaObject;
    expect(table.partial).toBe(`1 of 2 files unreadable and skipped: ${empty}: file is empty (0 bytes)`);
    expect(table.sources.length).toBe(1);
    // The folder and the file itself name the empty file twice: it is one file, skipped once.
    await runCheck(
      [
        "--table",
        `DiaObject=${folder}`,
        "--table",
        `DiaObject=${empty}`,
        "--skip-unreadable",
        "--quiet",
        "--json",
        json,
      ],
      captureIO(),
    );
    expect(JSON.parse(readFileSync(json, "utf8")).tables.DiaObject.partial).toBe(
      `1 of 2 files unreadable and skipped: ${empty}: file is empty (0 bytes)`,
    );
    // Nothing readable at all is still an input error, naming the file.
    await expect(
      runCheck(
        ["--table", `DiaObject=${empty}`, "--table", `DiaObject=${empty}`, "--skip-unreadable"],
        captureIO(),
      ),
    ).rejects.toThrow(/b\.parq: file is empty/);
  }, 120_000);
});

describe("a row limit", () => {
  it("reads exactly the first N rows across batches and files, and says so", async () => {
    const source = await openTable("DiaObject", release.replace(/$/, "/visit=[0-3]/*.parq"));
    const all = await source.rowCount();
    const limited = await limitRows(source, all - 3);
    let rows = 0;
    for await (const batch of limited.scan({ batchRows: 7 })) rows += batch.data.numRows;
    expect([rows, await limited.rowCount(), (await limited.read()).data.numRows]).toEqual([
      all - 3,
      all - 3,
      all - 3,
    ]);
    expect(limited.partial).toBe(`first ${all - 3} of ${all} rows (row limit)`);
    expect(limited.tableRows).toBe(all);
    // A limit the table does not reach changes nothing: not partial.
    expect((await limitRows(source, all)).partial).toBeUndefined();
  });

  it("--max-rows checks the pilot's first 100 rows on the Arrow engine (DuckDB would read whole files)", async () => {
    const io = captureIO();
    const json = join(dir, "limit.json");
    const object = join(FIXTURES, "pilot", "Object.parquet");
    await runCheck(["--table", `Object=${object}`, "--max-rows", "100", "--quiet", "--json", json], io);
    const report = JSON.parse(readFileSync(json, "utf8"));
    expect(report.tables.Object).toMatchObject({ rows: 100, partial: "first 100 of 1500 rows (row limit)" });
    const counted = report.results.filter((r: { check: string }) => r.check === "nan");
    expect(counted.length).toBeGreaterThan(0);
    expect(counted.every((r: { total: number; partial?: boolean }) => r.total === 100 && r.partial)).toBe(
      true,
    );
    await expect(
      runCheck(["--table", `Object=${object}`, "--max-rows", "0", "--quiet"], captureIO()),
    ).rejects.toThrow(/--max-rows 0/);
  }, 120_000);
});

describe("a row count on part of a table", () => {
  const diaSource = () =>
    external("ap_verify_ci_cosmos_pdr2", "preloaded_dia_source_HSC_59160_1_13_dia_catalogs_apdb.parq");
  const rowCountOf = async (...args: string[]) => {
    const json = join(dir, `count${Math.random().toString(36).slice(2)}.json`);
    await runCheck([...args, "--quiet", "--json", json], captureIO());
    return JSON.parse(readFileSync(json, "utf8")).results.find(
      (r: { check: string }) => r.check === "rowCount",
    );
  };

  it("under --max-rows compares the whole table's count from the Parquet footer (574 rows), not the 100 read", async () => {
    const limited = ["--table", `DiaSource=${diaSource()}`, "--max-rows", "100"];
    const right = await rowCountOf(...limited, "--expect-rows", "DiaSource=574");
    expect(right).toMatchObject({ status: "pass", total: 574 });
    expect(right.message).toBe("whole table (from the files' metadata): 574 rows as expected");
    // It saw the whole table's count: not labelled partial, unlike the checks that read 100 rows.
    expect(right.partial).toBeUndefined();
    const wrong = await rowCountOf(...limited, "--expect-rows", "DiaSource=575");
    expect(wrong).toMatchObject({ status: "fail", failing: 1, total: 575 });
    expect(wrong.message).toMatch(/574 rows, expected 575$/);
  }, 120_000);

  it("keeps the row limit of a CSV read with --schema's types (retyped in memory): partial, whole-table count", async () => {
    // The real DP0.2 Object row three times: a table of 3 rows, of which --max-rows 1 reads one.
    const text = readFileSync(
      external("qserv_dp02_object", "derived_dp02_object_row_with_header.csv"),
      "utf8",
    );
    const [header, row] = text.trimEnd().split("\n");
    const csv = join(dir, "Object3.csv");
    writeFileSync(csv, `${[header, row, row, row].join("\n")}\n`);
    const json = join(dir, "csv-limit.json");
    await runCheck(
      [
        ...["--table", `Object=${csv}`, "--schema", external("sdm_schemas", "dp02_dc2.yaml")],
        ...["--max-rows", "1", "--expect-rows", "Object=3", "--quiet", "--json", json],
      ],
      captureIO(),
    );
    const report = JSON.parse(readFileSync(json, "utf8"));
    expect(report.tables.Object.partial).toBe("first 1 of 3 rows (row limit)");
    const results: { check: string; status: string; partial?: boolean }[] = report.results;
    expect(results.find((r) => r.check === "rowCount")).toMatchObject({ status: "pass", total: 3 });
    expect(results.filter((r) => r.check !== "rowCount").every((r) => r.partial === true)).toBe(true);
  }, 120_000);

  it("is an error (could not run) when files were skipped, as the table's count is then unknown", async () => {
    for (const limit of [[], ["--max-rows", "100"]]) {
      const result = await rowCountOf(
        ...[
          "--table",
          `DiaObject=${release}`,
          "--skip-unreadable",
          "--expect-rows",
          "DiaObject=100000",
          ...limit,
        ],
      );
      expect(result).toMatchObject({ status: "error", partial: true });
      expect(result.message).toMatch(
        /^could not run: only part of the table was read \(1 of 8 files unreadable and skipped: .*\), so its row count is unknown$/,
      );
    }
  }, 120_000);

  it("fails when the part read already holds more rows than expected", async () => {
    const result = await rowCountOf(
      ...["--table", `DiaObject=${release}`, "--skip-unreadable", "--expect-rows", "DiaObject=1"],
    );
    expect(result).toMatchObject({ status: "fail", partial: true });
    expect(result.message).toMatch(
      /^already in the part read \(1 of 8 files unreadable and skipped: .*\): \d+ rows, expected 1$/,
    );
  }, 120_000);
});

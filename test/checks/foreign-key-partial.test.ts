// Foreign keys against tables read in part, on the real ap_verify COSMOS APDB files: a key absent from a
// referenced table read in part (a row limit, an unreadable file skipped) may be in the rest, so the check is an
// error naming the table and why, on every engine; a referencing table read in part keeps its real orphans,
// labelled partial. The full run finds 0 orphans (PROVENANCE), so any orphan against a partial parent is false.
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCheck } from "../../src/cli/check.js";
import type { CheckResult } from "../../src/core/results.js";
import { captureIO } from "../helpers/io.js";
import { external } from "../helpers/paths.js";

const cosmos = (table: string, visit = "59160_1_13") =>
  external("ap_verify_ci_cosmos_pdr2", `preloaded_${table}_HSC_${visit}_dia_catalogs_apdb.parq`);
const FORCED = cosmos("dia_forced_source");
const SOURCE = cosmos("dia_source");
const OBJECT = cosmos("dia_object");

let dir: string;
/** A DiaObject folder: the 59160_1_13 file truncated (a failed transfer) beside a good file of another visit. */
let objects: string;
/** A DiaSource folder: the 59160_1_13 file whole beside a truncated one. */
let sources: string;

/** A folder holding `good` whole and `truncated` cut to 3000 bytes. */
function folder(name: string, good: string, truncated: string): string {
  const path = join(dir, name);
  mkdirSync(path);
  copyFileSync(good, join(path, "a.parq"));
  writeFileSync(join(path, "b.parq"), readFileSync(truncated).subarray(0, 3000));
  return path;
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "skygate-fk-partial-"));
  objects = folder("objects", cosmos("dia_object", "59142_1_37"), OBJECT);
  sources = folder("sources", SOURCE, cosmos("dia_source", "59150_1_16"));
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function check(args: string[]): Promise<{ code: number; fk: CheckResult; text: string; out: string }> {
  const io = captureIO();
  const out = join(dir, `r${Math.random().toString(36).slice(2)}`);
  const code = await runCheck([...args, "--quiet", "--json", `${out}.json`, "--junit", `${out}.xml`], io);
  const report = JSON.parse(readFileSync(`${out}.json`, "utf8")) as { results: CheckResult[] };
  const fk = report.results.find((r) => r.check === "foreignKey") as CheckResult;
  return { code, fk, text: io.out.join(""), out };
}

describe("a foreign key against a referenced table read in part", () => {
  it("is an error under --max-rows, not 73 false orphans; read whole it passes", async () => {
    const tables = ["--table", `DiaForcedSource=${FORCED}`, "--table", `DiaObject=${OBJECT}`];
    const whole = await check(tables);
    expect(whole.fk).toMatchObject({
      id: "DiaForcedSource.diaObjectId.foreignKey",
      status: "pass",
      total: 110,
    });
    const { fk, text } = await check([...tables, "--max-rows", "150"]);
    expect(fk).toMatchObject({ id: "DiaForcedSource.diaObjectId.foreignKey", status: "error", failing: 0 });
    expect(fk.message).toContain(
      "referenced table DiaObject was read in part (first 150 of 469 rows (row limit))",
    );
    expect(text).toMatch(/ERROR\s+DiaForcedSource\.diaObjectId\.foreignKey.*DiaObject was read in part/);
  }, 120_000);

  it.each(["arrow", "duckdb"])(
    "is an error with an unreadable file skipped (%s engine), in every report",
    async (engine) => {
      const { fk, text, out } = await check([
        "--table",
        `DiaSource=${SOURCE}`,
        "--table",
        `DiaObject=${objects}`,
        "--skip-unreadable",
        "--engine",
        engine,
      ]);
      expect(fk).toMatchObject({ id: "DiaSource.diaObjectId.foreignKey", status: "error", failing: 0 });
      expect(fk.message).toMatch(
        /DiaObject was read in part \(1 of 2 files unreadable and skipped: .*b\.parq/,
      );
      expect(text).toMatch(/ERROR\s+DiaSource\.diaObjectId\.foreignKey/);
      expect(readFileSync(`${out}.xml`, "utf8")).toMatch(
        /name="DiaSource.diaObjectId.foreignKey"[\s\S]*?<error message="could not run: referenced table DiaObject was read in part/,
      );
    },
    120_000,
  );
  it.each(["arrow", "duckdb"])(
    "passes when every key is found in the part read: no orphan is possible (%s engine)",
    async (engine) => {
      // DiaSource of visit 59142_1_37 against the DiaObject folder whose readable file is that visit's
      const { fk } = await check([
        "--table",
        `DiaSource=${cosmos("dia_source", "59142_1_37")}`,
        "--table",
        `DiaObject=${objects}`,
        "--skip-unreadable",
        "--engine",
        engine,
      ]);
      expect(fk).toMatchObject({
        id: "DiaSource.diaObjectId.foreignKey",
        status: "pass",
        failing: 0,
        total: 258,
      });
      expect(fk.message).toMatch(/although DiaObject was read in part \(1 of 2 files unreadable and skipped/);
    },
    120_000,
  );
});

describe("a foreign key from a referencing table read in part", () => {
  it.each(["arrow", "duckdb"])(
    "keeps the orphans found against a whole parent, labelled partial (%s engine)",
    async (engine) => {
      // DiaObject of an earlier visit, read whole: the later DiaSource rows of newer objects are real orphans.
      const { fk, text } = await check([
        "--table",
        `DiaSource=${sources}`,
        "--table",
        `DiaObject=${cosmos("dia_object", "59142_1_37")}`,
        "--skip-unreadable",
        "--engine",
        engine,
      ]);
      expect(fk).toMatchObject({
        id: "DiaSource.diaObjectId.foreignKey",
        status: "fail",
        total: 574,
        partial: true,
      });
      expect(fk.failing).toBeGreaterThan(0);
      expect(text).toMatch(/FAIL\s+DiaSource\.diaObjectId\.foreignKey.*PARTIAL/);
    },
    120_000,
  );
});

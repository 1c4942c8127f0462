// The README's examples must run: each file in examples/ is executed and its output checked.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { REPO_ROOT } from "./helpers/paths.js";

describe("examples", () => {
  it("check-pilot.ts finds the NaN-without-flag rows the pilot's answer key lists", () => {
    const out = execFileSync(process.execPath, ["--import", "tsx", "examples/check-pilot.ts"], {
      cwd: REPO_ROOT,
      encoding: "utf8",
    });
    const truth = JSON.parse(readFileSync(resolve(REPO_ROOT, "fixtures/pilot/truth.json"), "utf8")) as {
      defects: Array<{ check: string; table: string; column: string | null; rows: number[] }>;
    };
    const nanDefects = truth.defects.filter((d) => d.check === "nanWithoutFlag" && d.table === "Object");
    expect(nanDefects.length).toBeGreaterThan(0);
    for (const d of nanDefects) {
      expect(out).toContain(
        `Object.${d.column}.nanWithoutFlag: ${d.rows.length} rows, first at row ${Math.min(...d.rows)}`,
      );
    }
    expect(out).toMatch(/Status: FAIL/);
  });
});

// Every output path of every command is checked before any input is read (README "Output paths"): a missing
// folder is one usage error line, the same words everywhere, and no command creates the folder.
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.js";
import { captureIO } from "../helpers/io.js";

const MISSING = "/nonexistent-skygate-folder/out";
// A good output beside the bad one: nothing may be written, not even it.
const NEVER = join(mkdtempSync(join(tmpdir(), "skygate-outputs-")), "never.json");
const OBJECT = "Object=fixtures/pilot/Object.parquet";
const REPORT = "fixtures/pilot/failures/pipetask_report_v2.json";

describe("output paths are checked up front, alike for every command", () => {
  const cases: [string, string[]][] = [
    ["check --png", ["check", "--table", OBJECT, "--png", `${MISSING}.png`]],
    ["check --json", ["check", "--table", OBJECT, "--json", `${MISSING}.json`]],
    ["profile --png", ["profile", "--table", OBJECT, "--png", `${MISSING}.png`]],
    ["gate --png", ["gate", "gates/coadd.yaml", "--png", `${MISSING}.png`]],
    ["holes --json", ["holes", "--table", OBJECT, "--json", `${MISSING}.json`]],
    ["holes --dc2", ["holes", "--table", OBJECT, "--dc2", `${MISSING}.txt`]],
    ["failures --json", ["failures", "--report", REPORT, "--json", `${MISSING}.json`]],
    ["failures --daily-md", ["failures", "--report", REPORT, "--daily-md", `${MISSING}.md`]],
    // lint wrote its --json before finding --md's folder missing
    [
      "schema lint --md",
      ["schema", "lint", "fixtures/schemas/dp02_dc2.yaml", "--json", NEVER, "--md", `${MISSING}.md`],
    ],
    [
      "schema draft --out",
      [
        "schema",
        "draft",
        "--schema",
        "fixtures/schemas/dp02_dc2.yaml",
        "--table",
        OBJECT,
        "--out",
        `${MISSING}.yaml`,
      ],
    ],
    ["compare --history --json", ["compare", "--history", "gates", "--json", `${MISSING}.json`]],
  ];
  for (const [name, argv] of cases)
    it(name, async () => {
      const io = captureIO();
      const code = await main(argv, io);
      expect([code, io.err.join("")]).toEqual([
        2,
        expect.stringMatching(
          /^skygate: --[a-z0-9-]+ \S+: folder \/nonexistent-skygate-folder does not exist\n$/,
        ),
      ]);
      expect(io.out.join("")).toBe("");
      expect(existsSync("/nonexistent-skygate-folder")).toBe(false);
      expect(existsSync(NEVER)).toBe(false);
    });

  it("--allow-empty for a table not given is a usage error, as --expect-rows is", async () => {
    const io = captureIO();
    expect(await main(["check", "--table", OBJECT, "--allow-empty", "Objekt"], io)).toBe(2);
    expect(io.err.join("")).toBe("skygate: --allow-empty Objekt: no table Objekt given (tables: Object)\n");
  });
});

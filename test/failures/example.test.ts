// The README's failures example must run and say what the answer key says.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, it } from "vitest";
import { pilot, ROOT } from "./data.js";

it("examples/failures/pilot.ts reports the 'No reference objects supplied' group as known and outside the footprint", () => {
  const out = execFileSync(process.execPath, ["--import", "tsx", join(ROOT, "examples/failures/pilot.ts")], {
    cwd: ROOT,
    encoding: "utf8",
  });
  const truth = JSON.parse(readFileSync(pilot("truth.json"), "utf8")).defects.find(
    (d: { defect: string }) => d.defect === "failures",
  );
  expect(out).toContain(
    `known calibrate "No reference objects supplied": ${truth.outsideFootprint} (${truth.outsideFootprint} outside the refcat footprint)`,
  );
  expect(out.split("\n")[0]).toMatch(/^new /);
});

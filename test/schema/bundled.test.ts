import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { loadFelis } from "../../src/schema/index.js";
import { external, FIXTURES } from "../helpers/paths.js";

describe("bundled DP0.2 schema", () => {
  const bundled = resolve(FIXTURES, "schemas/dp02_dc2.yaml");

  it("is byte-identical to the shared sdm_schemas copy it documents", () => {
    const shared = readFileSync(external("sdm_schemas/dp02_dc2.yaml"));
    expect(readFileSync(bundled).equals(shared)).toBe(true);
  });

  it("loads with the 12 tables its PROVENANCE lists", async () => {
    const schema = await loadFelis(bundled);
    expect(schema.tables.map((t) => t.name).sort()).toEqual(
      [
        "CcdVisit",
        "CoaddPatches",
        "DiaObject",
        "DiaSource",
        "ForcedSource",
        "ForcedSourceOnDiaObject",
        "MatchesTruth",
        "Object",
        "ObsCore",
        "Source",
        "TruthSummary",
        "Visit",
      ].sort(),
    );
  });
});

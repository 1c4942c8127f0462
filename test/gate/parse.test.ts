import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { InputError } from "../../src/core/errors.js";
import { CHECK_KEYS, loadGate, METRIC_KEYS, parseGate, TOP_KEYS, WAIVER_KEYS } from "../../src/gate/parse.js";
import { FAILURES_KEYS, HOLES_KEYS, INGEST_KEYS, NOTEBOOK_KEYS } from "../../src/gate/parse-steps.js";

function errorOf(text: string): InputError {
  try {
    parseGate(text, "g.yaml");
  } catch (error) {
    if (error instanceof InputError) return error;
    throw error;
  }
  throw new Error("parsed without error");
}

const MINIMAL = "gate: g\ntables:\n  Object: o.parquet\n";

describe("gate files are validated before anything runs", () => {
  it("resolves table paths from the gate file's folder and applies defaults", () => {
    const spec = parseGate(MINIMAL, "/data/gates/g.yaml");
    expect(spec.tables.Object).toEqual(["/data/gates/o.parquet"]);
    expect(spec).toMatchObject({ engine: "auto", suite: true, metrics: [], waivers: [], warn: [] });
  });
  it("suggests the key that was meant, with its line", () => {
    const e = errorOf(`${MINIMAL}waviers: []\n`);
    expect(e.message).toBe("g.yaml:4:1: unknown key `waviers` (did you mean `waivers`?)");
    expect(
      errorOf(`${MINIMAL}metrics:\n  - metric: Object.rows\n    operater: ">="\n    minimum: 1\n`).message,
    ).toMatch(/g\.yaml:6:5: metric: unknown key `operater` \(did you mean `operator`\?\)/);
  });
  it("names the line of bad operators, levels, requires and dates", () => {
    expect(
      errorOf(`${MINIMAL}metrics:\n  - metric: Object.rows\n    operator: "=<"\n    minimum: 1\n`).message,
    ).toMatch(/^g\.yaml:6:.*operator must be one of/);
    expect(errorOf(`${MINIMAL}metrics:\n  - metric: Object.rows\n`).message).toMatch(
      /^g\.yaml:5:.*at least one level/,
    );
    expect(errorOf(`${MINIMAL}metrics:\n  - metric: Object.rows\n    minimum: one\n`).message).toMatch(
      /^g\.yaml:6:.*`minimum` must be a number/,
    );
    expect(
      errorOf(`${MINIMAL}metrics:\n  - metric: Object.rows\n    minimum: 1\n    require: stretch\n`).message,
    ).toMatch(/require must name a level that has a threshold/);
    expect(
      errorOf(
        `${MINIMAL}waivers:\n  - id: Object.x.nan\n    reason: r\n    ticket: DM-1\n    expires: 2027-02-30\n`,
      ).message,
    ).toMatch(/^g\.yaml:8:14: .*YYYY-MM-DD/);
    expect(
      errorOf(`${MINIMAL}waivers:\n  - id: Object.x.nan\n    ticket: DM-1\n    expires: 2027-02-01\n`)
        .message,
    ).toMatch(/`reason` must be a non-empty string/);
  });
  it("holes, failures and notebook sections are part of the format", () => {
    expect(errorOf(`${MINIMAL}holes: {}\n`).message).toMatch(/holes: name the `tables`/);
    expect(errorOf(`${MINIMAL}failures: {}\n`).message).toMatch(/failures: name at least one failure report/);
    expect(errorOf(`${MINIMAL}notebok: x.ipynb\n`).message).toMatch(/did you mean `notebook`/);
  });
  it("parameters: defaults, overrides from the caller's folder, and undeclared names", () => {
    const text = "gate: g\nparams:\n  data: ../run\ntables:\n  Object: ${data}/Object.parquet\n";
    expect(parseGate(text, "/x/gates/g.yaml").tables.Object).toEqual(["/x/run/Object.parquet"]);
    expect(parseGate(text, "/x/gates/g.yaml", { data: "/elsewhere" }).tables.Object).toEqual([
      "/elsewhere/Object.parquet",
    ]);
    expect(parseGate(text, "/x/gates/g.yaml", { data: "rel/run" }).tables.Object).toEqual([
      resolve("rel/run/Object.parquet"),
    ]);
    expect(() => parseGate(text, "/x/gates/g.yaml", { dta: "y" })).toThrow(
      /no such parameter \(did you mean data\?\)/,
    );
    expect(() => parseGate("gate: g\ntables:\n  Object: ${nope}/o.parquet\n", "g.yaml")).toThrow(
      /\$\{nope\} is not a declared parameter/,
    );
  });
  it("syntax errors and missing files are input errors naming the file", () => {
    expect(errorOf("gate: [\n").message).toMatch(/^g\.yaml:\d+:\d+: YAML syntax error/);
    expect(() => loadGate("gates/nope.yaml")).toThrow(/gates\/nope\.yaml: gate file does not exist/);
  });
  it("the published JSON Schema lists exactly the keys the parser accepts", () => {
    const schema = JSON.parse(readFileSync("gates/gate.schema.json", "utf8"));
    const keys = (o: { properties: Record<string, unknown> }) => Object.keys(o.properties).sort();
    expect(keys(schema)).toEqual([...TOP_KEYS].sort());
    expect(keys(schema.properties.checks)).toEqual([...CHECK_KEYS].sort());
    expect(keys(schema.properties.metrics.items)).toEqual([...METRIC_KEYS].sort());
    expect(keys(schema.properties.waivers.items)).toEqual([...WAIVER_KEYS].sort());
    expect(keys(schema.properties.holes)).toEqual([...HOLES_KEYS].sort());
    expect(keys(schema.properties.failures)).toEqual([...FAILURES_KEYS].sort());
    expect(keys(schema.properties.notebook.oneOf[1])).toEqual([...NOTEBOOK_KEYS].sort());
    expect(keys(schema.properties.ingest)).toEqual([...INGEST_KEYS].sort());
  });
  it("every shipped gate parses", () => {
    for (const name of ["pilot", "single-frame", "coadd", "ingest"])
      expect(loadGate(`gates/${name}.yaml`).name).toBe(name);
  });
});

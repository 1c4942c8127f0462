// The ingest-readiness checks and the shipped ingest gate: every planted defect Qserv ingest would reject or
// change is found on the pilot, nothing blocks on the clean twin, and the identifier rules hold on their own.
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { tableFromArrays, tableToIPC } from "apache-arrow";
import { Table as ParquetWasmTable, writeParquet } from "parquet-wasm";
import { describe, expect, it } from "vitest";
import { InputError } from "../../src/core/errors.js";
import { ArrowEngine } from "../../src/engines/arrow/arrow-engine.js";
import { prepareIngest, runIngestStep } from "../../src/gate/ingest-step.js";
import { identifierProblem, quotingNeed } from "../../src/gate/mysql-names.js";
import { loadGate, parseGate } from "../../src/gate/parse.js";
import { runGate } from "../../src/gate/run.js";
import { limitRows } from "../../src/io/limit.js";
import { openTable } from "../../src/io/open.js";
import type { TableSource } from "../../src/io/table.js";
import { loadFelis } from "../../src/schema/load.js";
import { external } from "../helpers/paths.js";

const engine = new ArrowEngine();
const engines = { engineFor: () => engine };
const truth = JSON.parse(readFileSync("fixtures/pilot/truth.json", "utf8")) as {
  defects: { defect: string; table: string; column: string | null; rows?: number[] }[];
};

describe("MariaDB/Qserv identifier rules", () => {
  it("refuses what MariaDB cannot name and flags what queries must quote", () => {
    expect(identifierProblem("a".repeat(64))).toBeNull();
    expect(identifierProblem("a".repeat(65))).toMatch(/65 characters/);
    expect(identifierProblem("name ")).toMatch(/ends with a space/);
    expect(identifierProblem("subChunkId", true)).toMatch(/partitioner/);
    expect(identifierProblem("subChunkId", false)).toBeNull();
    expect(quotingNeed("select")).toBe("a MariaDB reserved word (Qserv's database)");
    expect(quotingNeed("Dec")).toBe("a MariaDB reserved word (Qserv's database)");
    expect(quotingNeed("decl")).toBeNull();
    expect(quotingNeed("123")).toMatch(/all digits/);
    expect(quotingNeed("1e5")).toMatch(/exponent/);
    expect(quotingNeed("g-flux")).toMatch(/characters outside/);
    expect(quotingNeed("$ok_1")).toBeNull();
  });
  it("finds no hard problem in the real DP0.2 schema, and only TruthSummary.dec to quote", () => {
    const schema = loadFelis("fixtures/schemas/dp02_dc2.yaml");
    const hard: string[] = [];
    const quote: string[] = [];
    for (const t of schema.tables)
      for (const c of t.columns) {
        if (identifierProblem(c.name, true)) hard.push(`${t.name}.${c.name}`);
        if (quotingNeed(c.name)) quote.push(`${t.name}.${c.name}`);
      }
    expect(hard).toEqual([]);
    expect(quote).toEqual(["TruthSummary.dec"]);
  });
});

describe("the shipped ingest gate", () => {
  it("blocks the pilot on every ingest-relevant defect of the answer key, with its rows", async () => {
    const report = await runGate(loadGate("gates/ingest.yaml"), { engines, version: "t" });
    expect(report.status).toBe("fail");
    expect(report.gate.blocking.sort()).toEqual(
      [
        "ForcedSource.objectId.childKey",
        "Object.coord_ra.directorPosition",
        "Object.i_ap12Flux.ingestInf",
        "Object.ingestIdentifiers",
        "Object.objectId.directorKey",
      ].sort(),
    );
    const byId = new Map(report.results.map((r) => [r.id, r]));
    const rowsOf = (defect: string, table: string, column?: string) =>
      truth.defects
        .filter(
          (d) => d.defect === defect && d.table === table && (column === undefined || d.column === column),
        )
        .flatMap((d) => d.rows ?? []);
    expect(byId.get("Object.i_ap12Flux.ingestInf")?.failing).toBe(rowsOf("inf", "Object").length);
    expect(byId.get("Object.objectId.directorKey")?.failing).toBe(rowsOf("unique", "Object").length);
    expect(byId.get("Object.coord_ra.directorPosition")?.failing).toBe(rowsOf("raDec", "Object").length);
    expect(byId.get("ForcedSource.objectId.childKey")?.failing).toBe(
      rowsOf("foreignKey", "ForcedSource").length,
    );
    expect(byId.get("Object.ingestIdentifiers")?.message).toMatch(
      /no column for: ebv.*not in the data: y_bdChi2/,
    );
    expect(byId.get("Object.ingestTypeNarrowing")?.message).toMatch(
      /footprintArea: float64 into a int column/,
    );
    expect(byId.get("Object.ingestTypes")?.status).toBe("pass");
    // NaN becoming NULL and a column wider than the schema's are reported, never blocking; the row counts hold.
    expect(report.gate.warnings.filter((id) => !id.endsWith(".ingestNaN"))).toEqual([
      "Object.ingestTypeNarrowing",
    ]);
    expect(report.results.filter((r) => r.check === "ingestRows").map((r) => r.status)).toEqual([
      "pass",
      "pass",
      "pass",
    ]);
  }, 120_000);
  it("passes the clean twin", async () => {
    const report = await runGate(loadGate("gates/ingest.yaml", { data: "fixtures/pilot-clean" }), {
      engines,
      version: "t",
    });
    expect(report.gate.blocking).toEqual([]);
    expect(report.status).toBe("pass");
  }, 120_000);
  it("takes the real DP0.2 row as Qserv's partitioner wrote it (chunkId, subChunkId last; CSV types not judged)", async () => {
    const gate = parseGate(
      "gate: g\nschema: ../fixtures/schemas/dp02_dc2.yaml\ntables:\n  Object: ../test/data/qserv_dp02_object/derived_dp02_object_row_with_header.csv\nchecks:\n  suite: false\ningest:\n  director: Object\n",
      "gates/g.yaml",
    );
    const report = await runGate(gate, { engines, version: "t" });
    expect(report.results.filter((r) => r.status !== "pass").map((r) => r.id)).toEqual([]);
    expect(report.results.some((r) => r.check === "ingestTypeNarrowing")).toBe(false);
  });
  it("leaves pandas index columns out of the names a load would use, and counts names, not problems", async () => {
    // The real COSMOS APDB snapshot against apdb.yaml: pixelId is a genuine extra column, five schema columns
    // are absent; __index_level_0..2__ are pandas storage (check: schema.knownColumn), never loaded.
    const gate = parseGate(
      "gate: g\nschema: ../test/data/sdm_schemas/apdb.yaml\ntables:\n  DiaSource: ../test/data/ap_verify_ci_cosmos_pdr2/preloaded_dia_source_HSC_59160_1_13_dia_catalogs_apdb.parq\nchecks:\n  suite: false\ningest:\n  director: DiaSource\n",
      "gates/g.yaml",
    );
    const report = await runGate(gate, { engines, version: "t" });
    const names = report.results.find((r) => r.check === "ingestIdentifiers");
    expect(names).toMatchObject({ status: "fail", failing: 6, total: 1 + 99 + 5 });
    expect(names?.message).toBe(
      "6 of 105 names have problems the target database would load (3 pandas index column(s) left out: not loaded): not in the schema's table, so the load has no column for: pixelId; in the schema's table but not in the data: exposureTime, trailAlgorithm, trail_flag, reliabilityVersion, glint_trail",
    );
    // bboxSize is pandas' int64 where apdb.yaml says int, but every value fits: only the doubles narrow.
    const narrowing = report.results.find((r) => r.check === "ingestTypeNarrowing");
    expect(narrowing).toMatchObject({ status: "fail", failing: 2 });
    expect(narrowing?.message).toMatch(
      /^2 column\(s\) .*templateFlux: .*templateFluxErr: .*\(bboxSize: wider type, but every value fits the schema's column\)$/,
    );
  });
  it("an int64 column into a 32-bit one is a finding only with values beyond its range, counted", async () => {
    const dir = mkdtempSync(join(tmpdir(), "skygate-narrow-"));
    const table = tableFromArrays({
      id: new BigInt64Array([1n, 2n, 3n]),
      small: new BigInt64Array([5n, -7n, 2_147_483_647n]),
      big: new BigInt64Array([5n, 3_000_000_000n, -3_000_000_000n]),
    });
    writeFileSync(
      join(dir, "T.parquet"),
      writeParquet(ParquetWasmTable.fromIPCStream(tableToIPC(table, "stream"))),
    );
    writeFileSync(
      join(dir, "s.yaml"),
      'name: s\n"@id": "#s"\ntables:\n  - name: T\n    "@id": "#T"\n    primaryKey: "#T.id"\n    columns:\n      - { name: id, "@id": "#T.id", datatype: long }\n      - { name: small, "@id": "#T.small", datatype: int }\n      - { name: big, "@id": "#T.big", datatype: int }\n',
    );
    writeFileSync(
      join(dir, "g.yaml"),
      "gate: g\nschema: s.yaml\ntables:\n  T: T.parquet\nchecks:\n  suite: false\ningest:\n  director: T\n  ra: id\n  dec: id\n",
    );
    const report = await runGate(loadGate(join(dir, "g.yaml")), { engines, version: "t" });
    expect(report.results.find((r) => r.check === "ingestTypeNarrowing")).toMatchObject({
      status: "fail",
      failing: 1,
      message:
        "1 column(s) written wider than the schema's column, so values may change on load: big: int64 into a int column (values beyond its 32-bit range are refused) (2 rows beyond it) (small: wider type, but every value fits the schema's column)",
    });
  });
  it("a wrong expected row count fails with the difference", async () => {
    const gate = parseGate(
      "gate: g\nschema: ../fixtures/schemas/dp02_dc2.yaml\ntables:\n  Visit: ../fixtures/pilot/Visit.parquet\nchecks:\n  suite: false\ningest:\n  rows: { Visit: 7 }\n",
      "gates/g.yaml",
    );
    const report = await runGate(gate, { engines, version: "t" });
    expect(report.results.find((r) => r.check === "ingestRows")).toMatchObject({
      status: "fail",
      failing: 1,
      message: "6 rows where 7 are expected (-1)",
    });
  });
  it("names the gate line for an unknown director, child or key column", async () => {
    const base =
      "gate: g\ntables:\n  Object: ../fixtures/pilot/Object.parquet\n  ForcedSource: ../fixtures/pilot/ForcedSource.parquet\ningest:\n";
    expect(() => parseGate(`${base}  director: Objet\n`, "gates/g.yaml")).toThrow(
      /gates\/g\.yaml:6:.*Objet is not among the gate's tables \(did you mean Object\?\)/,
    );
    const noKey = parseGate(`${base}  director: Object\n`, "gates/g.yaml");
    await expect(runGate(noKey, { engines, version: "t" })).rejects.toThrow(/name the director's key/);
    const badChild = parseGate(
      `${base}  director: Object\n  key: objectId\n  children: { ForcedSource: objId }\n`,
      "gates/g.yaml",
    );
    await expect(runGate(badChild, { engines, version: "t" })).rejects.toThrow(InputError);
    await expect(runGate(badChild, { engines, version: "t" })).rejects.toThrow(
      /gates\/g\.yaml:6: ingest: child table ForcedSource has no column objId/,
    );
  });
});

describe("childKey against tables read in part (as foreignKey in a check run)", () => {
  // The real COSMOS APDB snapshot: every DiaForcedSource.diaObjectId is a DiaObject (0 orphans, PROVENANCE).
  const cosmos = (table: string) =>
    external("ap_verify_ci_cosmos_pdr2", `preloaded_${table}_HSC_59160_1_13_dia_catalogs_apdb.parq`);
  const spec = {
    tables: ["DiaObject", "DiaForcedSource"],
    director: "DiaObject",
    key: "diaObjectId",
    children: { DiaForcedSource: "diaObjectId" },
    rows: {},
  };
  async function childKey(director: TableSource, child: TableSource) {
    const sources = new Map([
      ["DiaObject", director],
      ["DiaForcedSource", child],
    ]);
    const prepared = await prepareIngest("g.yaml", spec, sources, undefined);
    const results = await runIngestStep(prepared, sources, () => engine);
    return results.find((r) => r.id === "DiaForcedSource.diaObjectId.childKey");
  }

  it("is an error against a director read in part (its missing keys may be in the rest), a pass read whole", async () => {
    const director = await openTable("DiaObject", cosmos("dia_object"));
    const child = await openTable("DiaForcedSource", cosmos("dia_forced_source"));
    expect(await childKey(director, child)).toMatchObject({ status: "pass", total: 110 });
    const part = await childKey(await limitRows(director, 150), child);
    expect(part).toMatchObject({ status: "error", failing: 0 });
    expect(part?.message).toContain(
      "referenced table DiaObject was read in part (first 150 of 469 rows (row limit))",
    );
  });

  it("labels the count of a child read in part partial", async () => {
    const director = await openTable("DiaObject", cosmos("dia_object"));
    const child = await limitRows(await openTable("DiaForcedSource", cosmos("dia_forced_source")), 50);
    expect(await childKey(director, child)).toMatchObject({ status: "pass", total: 50, partial: true });
  });
});

// Per-patch object density and per-family, per-band NaN / flag rates, checked against independent oracles:
// the tract's inner RA/Dec box area (spherical-zone formula), the pilot's answer key, and DuckDB SQL counts.
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { tableFromArrays } from "apache-arrow";
import { describe, expect, it } from "vitest";
import { openTable } from "../../../src/io/open.js";
import type { Metric } from "../../../src/metrics/metric.js";
import {
  createDensityState,
  finalizeDensity,
  mergeDensity,
  patchAreaArcmin2,
  updateDensity,
} from "../../../src/metrics/science/density.js";
import {
  createRateState,
  finalizeRates,
  mergeRates,
  ratePlan,
  updateRates,
} from "../../../src/metrics/science/rates.js";
import { computeScience } from "../../../src/metrics/science/registry.js";
import { dc2SkyMap } from "../../../src/sky/skymap/maps.js";
import { FIXTURES } from "../../helpers/paths.js";

describe("patch primary areas", () => {
  it("an interior DC2 patch is 4000 px × 0.2″ squared, to the TAN distortion", () => {
    expect(patchAreaArcmin2(dc2SkyMap, 4431, 24)).toBeCloseTo((4000 * 0.2) ** 2 / 3600, 1);
  });

  it("the patches of a tract add up to its inner RA/Dec box (spherical zone area)", () => {
    for (const tract of [4431, 0, 9000]) {
      const t = dc2SkyMap.tract(tract);
      const r = t.innerRegion;
      const rad = Math.PI / 180;
      const dra = (((r.raMax - r.raMin) % 360) + 360) % 360 || 360;
      const zone =
        dra * rad * (Math.sin(r.decMax * rad) - Math.sin(r.decMin * rad)) * (180 / Math.PI) ** 2 * 3600;
      let sum = 0;
      for (let p = 0; p < t.numPatches[0] * t.numPatches[1]; p++)
        sum += patchAreaArcmin2(dc2SkyMap, tract, p);
      expect(Math.abs(sum / zone - 1), `tract ${tract}`).toBeLessThan(0.005);
    }
  });
});

describe("objectDensity", () => {
  it("counts primary, non-sky objects per patch and divides by the patch area; states merge", () => {
    const batch = tableFromArrays({
      tract: Int32Array.of(4431, 4431, 4431, 4431, 4431),
      patch: Int32Array.of(24, 24, 24, 25, 25),
      detect_isPrimary: [true, true, false, true, true],
      sky_object: [false, false, false, true, false],
    }).batches[0];
    const a = createDensityState();
    updateDensity(a, batch.slice(0, 2));
    const b = createDensityState();
    updateDensity(b, batch.slice(2));
    const m = finalizeDensity(mergeDensity(a, b), dc2SkyMap);
    expect(m).toHaveLength(49);
    const at = (p: number) => m.find((x) => x.dataId.patch === p)?.value;
    expect(at(24)).toBeCloseTo(2 / patchAreaArcmin2(dc2SkyMap, 4431, 24), 12);
    expect(at(25)).toBeCloseTo(1 / patchAreaArcmin2(dc2SkyMap, 4431, 25), 12);
    expect(at(0)).toBe(0);
    expect(m[0]).toMatchObject({
      name: "Object.objectDensity",
      unit: "arcmin-2",
      dataId: { tract: 4431, patch: 0 },
    });
  });

  it("finds the pilot's hole: the answer key's patch has the lowest density ratio, the clean twin's is typical", async () => {
    const truth = JSON.parse(readFileSync(resolve(FIXTURES, "pilot/truth.json"), "utf8")) as {
      defects: { check: string; patch?: number }[];
    };
    const hole = truth.defects.find((d) => d.check === "hole")?.patch;
    const ratios = async (dir: string) => {
      const tables = new Map([
        ["Object", await openTable("Object", resolve(FIXTURES, dir, "Object.parquet"))],
      ]);
      return (await computeScience([["Object", "objectDensityRatio"]], { tables })).get(
        "Object.objectDensityRatio",
      ) as Metric[];
    };
    const pilot = await ratios("pilot");
    const worst = pilot.reduce((a, b) => ((b.value as number) < (a.value as number) ? b : a));
    expect(worst.dataId).toEqual({ tract: 4431, patch: hole });
    expect(worst.value).toBeLessThan(0.5);
    const { loadGate } = await import("../../../src/gate/parse.js");
    const { runGate } = await import("../../../src/gate/run.js");
    const { ArrowEngine } = await import("../../../src/engines/arrow/arrow-engine.js");
    const gate = await runGate(loadGate("gates/coadd.yaml"), {
      engines: { engineFor: () => new ArrowEngine() },
      version: "test",
      today: "2026-12-06",
    });
    const blocking = gate.results.find((r) => r.id === "Object.metric.objectDensityRatio.min");
    expect(blocking?.status).toBe("fail");
    expect(blocking?.message).toContain(`(at patch=${hole},tract=4431)`);
    const clean = await ratios("pilot-clean");
    expect(clean.find((m) => m.dataId.patch === hole)?.value).toBeGreaterThan(0.8);
  });
});

describe("nanRate and flagRate per family and band", () => {
  it("band-prefixed families; states merge", () => {
    const plan = ratePlan([
      { name: "g_psfFlux", datatype: "double" },
      { name: "g_psfFlux_flag", datatype: "boolean" },
      { name: "r_psfFlux", datatype: "double" },
      { name: "r_psfFlux_flag", datatype: "boolean" },
    ]);
    const batch = tableFromArrays({
      g_psfFlux: Float64Array.of(1, Number.NaN, Number.NaN, 4),
      g_psfFlux_flag: [false, true, false, false],
      r_psfFlux: Float64Array.of(1, 2, 3, 4),
      r_psfFlux_flag: [false, false, false, true],
    }).batches[0];
    const a = createRateState(plan);
    updateRates(a, batch.slice(0, 3));
    const b = createRateState(plan);
    updateRates(b, batch.slice(3));
    const got = finalizeRates(mergeRates(a, b), "Object").map((m) => [m.name, m.dataId.band, m.value]);
    expect(got).toEqual([
      ["Object.nanRate", "g", 0.5],
      ["Object.flagRate", "g", 0.25],
      ["Object.nanRate", "r", 0],
      ["Object.flagRate", "r", 0.25],
    ]);
  });

  it("a band column splits unbanded families by the row's band", () => {
    const plan = ratePlan([
      { name: "psfFlux", datatype: "double" },
      { name: "psfFlux_flag", datatype: "boolean" },
      { name: "band", datatype: "string" },
    ]);
    const s = createRateState(plan);
    updateRates(
      s,
      tableFromArrays({
        psfFlux: Float64Array.of(Number.NaN, 1, 2),
        psfFlux_flag: [true, false, false],
        band: ["g", "g", "r"],
      }).batches[0],
    );
    expect(finalizeRates(s, "ForcedSource").map((m) => [m.name, m.dataId, m.value])).toEqual([
      ["ForcedSource.nanRate", { family: "psfFlux", band: "g" }, 0.5],
      ["ForcedSource.flagRate", { family: "psfFlux", band: "g" }, 0.5],
      ["ForcedSource.nanRate", { family: "psfFlux", band: "r" }, 0],
      ["ForcedSource.flagRate", { family: "psfFlux", band: "r" }, 0],
    ]);
  });

  it("equals DuckDB's counts on the defective pilot, for every family and band", async () => {
    const path = resolve(FIXTURES, "pilot/Object.parquet");
    const tables = new Map([["Object", await openTable("Object", path)]]);
    const got = await computeScience(
      [
        ["Object", "nanRate"],
        ["Object", "flagRate"],
      ],
      { tables },
    );
    const nan = got.get("Object.nanRate") as Metric[];
    const flag = got.get("Object.flagRate") as Metric[];
    expect(nan.length).toBeGreaterThan(200);
    const db = await (await DuckDBInstance.create(":memory:")).connect();
    const probes = [
      ["psfFlux", "g", "g_psfFlux", "g_psfFlux_flag"],
      ["cModelFlux", "g", "g_cModelFlux", "g_cModel_flag"],
      ["kronRad", "z", "z_kronRad", "z_kronFlux_flag"],
      ["ap12Flux", "i", "i_ap12Flux", "i_ap12Flux_flag"],
    ];
    for (const [family, band, value, flagColumn] of probes) {
      const rows = (
        await db.runAndReadAll(
          `select avg(case when "${value}" is null or isnan("${value}") then 1 else 0 end)::double, avg(case when "${flagColumn}" then 1 else 0 end)::double from '${path}'`,
        )
      ).getRows()[0] as number[];
      const pick = (list: Metric[]) =>
        list.find((m) => m.dataId.family === family && m.dataId.band === band)?.value;
      expect(pick(nan), `${value} nanRate`).toBeCloseTo(rows[0], 12);
      expect(pick(flag), `${flagColumn} flagRate`).toBeCloseTo(rows[1], 12);
    }
    db.closeSync();
  });
});

describe("one scan per table", () => {
  it("computes every group of a table in one pass; a group whose columns are absent errs alone", async () => {
    const source = await openTable("Object", resolve(FIXTURES, "pilot-clean/Object.parquet"));
    let scans = 0;
    const counting = {
      ...source,
      name: source.name,
      format: source.format,
      files: source.files,
      columns: () => source.columns(),
      rowCount: () => source.rowCount(),
      read: (o?: Parameters<typeof source.read>[0]) => source.read(o),
      scan: (o?: Parameters<typeof source.scan>[0]) => {
        scans++;
        return source.scan(o);
      },
    };
    const got = await computeScience(
      [
        ["Object", "objectDensity"],
        ["Object", "nanRate"],
        ["Object", "depth5sigma"],
        ["Object", "psfModelMagDiff"],
      ],
      { tables: new Map([["Object", counting]]) },
    );
    expect(scans).toBe(1);
    for (const v of got.values()) expect(Array.isArray(v)).toBe(true);
    const noPatch = await openTable("Source", resolve(FIXTURES, "pilot-clean/Source.parquet"));
    const partial = await computeScience(
      [
        ["Source", "objectDensity"],
        ["Source", "nanRate"],
      ],
      { tables: new Map([["Source", noPatch]]) },
    );
    expect(partial.get("Source.objectDensity")).toMatch(/has no column tract, patch/);
    expect((partial.get("Source.nanRate") as Metric[]).length).toBeGreaterThan(0);
  });

  it("gives the same metrics whatever the batch boundaries (states fold batch by batch)", async () => {
    const path = resolve(FIXTURES, "pilot/Object.parquet");
    const source = await openTable("Object", path);
    const whole = await computeScience(
      [
        ["Object", "objectDensity"],
        ["Object", "nanRate"],
        ["Object", "depth5sigma"],
      ],
      { tables: new Map([["Object", source]]) },
    );
    const sliced = {
      ...source,
      name: source.name,
      format: source.format,
      files: source.files,
      columns: () => source.columns(),
      rowCount: () => source.rowCount(),
      read: (o?: Parameters<typeof source.read>[0]) => source.read(o),
      async *scan(o?: Parameters<typeof source.scan>[0]) {
        for await (const b of source.scan(o))
          for (let i = 0; i < b.data.numRows; i += 97)
            yield {
              ...b,
              rowOffset: b.rowOffset + i,
              data: b.data.slice(i, Math.min(b.data.numRows, i + 97)),
            };
      },
    };
    const parts = await computeScience(
      [
        ["Object", "objectDensity"],
        ["Object", "nanRate"],
        ["Object", "depth5sigma"],
      ],
      { tables: new Map([["Object", sliced]]) },
    );
    expect(parts).toEqual(whole);
  });
});

describe("rates from an engine's profile", () => {
  it("equal the scanned rates on the pilot's Object and ForcedSource, with the Arrow and DuckDB engines", async () => {
    const { ArrowEngine } = await import("../../../src/engines/arrow/arrow-engine.js");
    const { DuckDBEngine } = await import("../../../src/engines/duckdb/duckdb-engine.js");
    const tables = new Map([
      ["Object", await openTable("Object", resolve(FIXTURES, "pilot/Object.parquet"))],
      ["ForcedSource", await openTable("ForcedSource", resolve(FIXTURES, "pilot/ForcedSource.parquet"))],
    ]);
    const wanted = [
      ["Object", "nanRate"],
      ["Object", "flagRate"],
      ["ForcedSource", "nanRate"],
      ["ForcedSource", "flagRate"],
    ] as const;
    const scanned = await computeScience(wanted, { tables });
    const duckdb = new DuckDBEngine({ threads: 1 });
    try {
      for (const engine of [new ArrowEngine(), duckdb]) {
        // Sources that cannot be scanned: the rates must come from the profile (DuckDB reads the files itself;
        // the Arrow engine scans the real sources through its own closure below).
        const unscannable = new Map(
          [...tables].map(([name, source]) => [
            name,
            {
              ...source,
              name: source.name,
              format: source.format,
              files: source.files,
              columns: () => source.columns(),
              rowCount: () => source.rowCount(),
              read: (o?: Parameters<typeof source.read>[0]) => source.read(o),
              scan: (): AsyncIterable<never> => {
                throw new Error("scanned instead of profiled");
              },
            },
          ]),
        );
        const profiled = await computeScience(wanted, {
          tables: unscannable,
          profile: (table, columns, partitionBy) =>
            engine.profile(tables.get(table) as never, {
              columns,
              ...(partitionBy === undefined ? {} : { partitionBy: { kind: "column", column: partitionBy } }),
            }),
        });
        for (const [key, value] of scanned) {
          const other = profiled.get(key) as Metric[];
          expect(other.length, `${engine.name} ${key}`).toBe((value as Metric[]).length);
          (value as Metric[]).forEach((m, i) => {
            expect(other[i].dataId, `${engine.name} ${key}`).toEqual(m.dataId);
            expect(other[i].value, `${engine.name} ${key} ${JSON.stringify(m.dataId)}`).toBeCloseTo(
              m.value as number,
              12,
            );
          });
        }
      }
    } finally {
      await duckdb.close();
    }
  }, 120_000);
});

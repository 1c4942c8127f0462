import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { CliIO } from "../../src/cli/io.js";
import { main } from "../../src/cli/main.js";
import { data, pilot, ROOT, tmp } from "./data.js";

function io(): CliIO & { out: string; err: string } {
  const o = { out: "", err: "", version: "0.0.0-test", stderrIsTTY: false } as CliIO & {
    out: string;
    err: string;
  };
  o.stdout = (t) => {
    o.out += t;
  };
  o.stderr = (t) => {
    o.err += t;
  };
  return o;
}

const base = [
  "failures",
  "--report",
  pilot("failures/pipetask_report_v2.json"),
  "--visit",
  pilot("Visit.parquet"),
  "--refcat",
  pilot("refcat.parquet"),
];

describe("skygate failures", () => {
  it("on the pilot: exit 1 (new groups), the contract's JSON with one failureLocation result per group", async () => {
    const dir = tmp();
    const out = io();
    const code = await main(
      [
        ...base,
        "--json",
        join(dir, "r.json"),
        "--md",
        join(dir, "r.md"),
        "--junit",
        join(dir, "r.xml"),
        "--html",
        join(dir, "r.html"),
        "--daily-json",
        join(dir, "d.json"),
      ],
      out,
    );
    expect(code).toBe(1);
    const r = JSON.parse(readFileSync(join(dir, "r.json"), "utf8"));
    expect(r).toMatchObject({ tool: "skygate", version: "0.0.0-test", status: "fail" });
    expect(r.results).toHaveLength(r.groups.length);
    expect(
      r.results.every(
        (x: { check: string; column: null }) => x.check === "failureLocation" && x.column === null,
      ),
    ).toBe(true);
    const g = r.groups.find((x: { template: string }) => x.template === "No reference objects supplied");
    expect(g).toMatchObject({
      task: "calibrate",
      count: 56,
      outsideFootprint: 56,
      insideFootprint: 0,
      label: "new",
    });
    expect(r.failures).toHaveLength(61);
    const f = r.failures.find(
      (x: { classification: string }) => x.classification === "outsideReferenceFootprint",
    );
    expect(Object.keys(f)).toEqual(
      expect.arrayContaining(["dataId", "ra", "dec", "classification", "template"]),
    );
    expect(f.corners).toHaveLength(4);
    // Plot-ready reference footprint: occupied cells holding every refcat object.
    const cells = r.referenceFootprints[0].cells as { objects: number }[];
    expect(cells.reduce((s, c) => s + c.objects, 0)).toBe(r.referenceFootprints[0].objects);
    expect(readFileSync(join(dir, "r.md"), "utf8")).toMatch(
      /\| fail \| new \| calibrate \| RuntimeError \| No reference objects supplied \| 56 \| 56 \| 0 \| 0 \|/,
    );
    expect(readFileSync(join(dir, "r.xml"), "utf8")).toMatch(/<testsuite name="calibrate"/);
    expect(out.out).toMatch(/FAIL {2}new: 56 × calibrate RuntimeError "No reference objects supplied"/);
  });

  it("exit 0 when every group is known and within its allowance; 1 over it; 3 when a rate cannot be computed", async () => {
    const dir = tmp();
    const all = join(dir, "all.yaml");
    writeFileSync(
      all,
      `known_errors:
  - {name: noref, task: calibrate, message: "No reference objects supplied", allowed_fraction: 0.06}
  - {name: psf, message: "invalid FWHM value of nan", allowed_fraction: 0.001}
  - {name: nan, message: "cannot convert float NaN to integer", allowed_fraction: 0.001}
  - {name: apcorr, message: "Unable to measure aperture correction", allowed_fraction: 0.001}
  - {name: masked, message: "All pixels masked", allowed_fraction: 0.001}
  - {name: raw, task: isr, message: "Unable to read raw", allowed_fraction: 0.001}
`,
    );
    expect(await main([...base, "--known-errors", all], io())).toBe(0);
    const tight = join(dir, "tight.yaml");
    writeFileSync(
      tight,
      readFileSync(all, "utf8").replace("allowed_fraction: 0.06", "allowed_fraction: 0.04"),
    );
    const out = io();
    expect(await main([...base, "--known-errors", tight], out)).toBe(1);
    expect(out.out).toMatch(/known: 56 × calibrate .* EXCEEDED/);
    // PanDA records carry no expected counts: a known error with an allowance > 0 cannot be judged.
    const panda = join(dir, "panda.yaml");
    writeFileSync(
      panda,
      `known_errors:\n  - {name: kron, message: "ext_photometryKron_KronFlux", allowed_fraction: 0.01}\n  - {name: payload, message: "^Failed to execute payload$", allowed_fraction: 0.01}\n`,
    );
    const pandaArgs = [
      "failures",
      "--report",
      data("failure_reports/cm_tools_panda_errors_hsc.yaml"),
      "--known-errors",
      panda,
    ];
    expect(await main(pandaArgs, io())).toBe(3);
    expect(
      await main(
        [...pandaArgs, "--expected", "characterizeImage=1000", "--expected", "fgcmBuildFromIsolatedStars=1"],
        io(),
      ),
    ).toBe(1);
    expect(
      await main(
        [
          ...pandaArgs,
          "--expected",
          "characterizeImage=1000",
          "--expected",
          "fgcmBuildFromIsolatedStars=1000",
        ],
        io(),
      ),
    ).toBe(0);
  });

  it("the example registry marks the RTN-041 error known: it no longer fails, the other new groups still do", async () => {
    const dir = tmp();
    const out = io();
    expect(
      await main(
        [
          ...base,
          "--known-errors",
          join(ROOT, "examples/failures/known-errors-dc2.yaml"),
          "--json",
          join(dir, "r.json"),
        ],
        out,
      ),
    ).toBe(1);
    const r = JSON.parse(readFileSync(join(dir, "r.json"), "utf8"));
    const res = r.results.find((x: { message: string }) => x.message.includes("No reference objects"));
    expect(res.status).toBe("pass");
    expect(res.message).toMatch(/known as no-reference-objects \(RTN-041\), action none: detector outside/);
    expect(r.groups.slice(0, 4).every((g: { label: string }) => g.label === "new")).toBe(true);
  });

  it("unreadable input exits 2 with a one-line message naming the file; partial input is labelled", async () => {
    const dir = tmp();
    const bad = join(dir, "broken.json");
    writeFileSync(bad, '{"tasks": {"isr": ');
    const out = io();
    expect(await main(["failures", "--report", bad], out)).toBe(2);
    expect(out.err).toMatch(/^skygate: .*broken\.json: not valid JSON/);
    expect(out.err.trim().split("\n")).toHaveLength(1);
    expect(await main(["failures"], io())).toBe(2);
    expect(
      await main(
        [
          "failures",
          "--report",
          pilot("failures/pipetask_report_v1.yaml"),
          "--registry",
          join(dir, "none.sqlite3"),
        ],
        io(),
      ),
    ).toBe(2);
    const jsonl = join(dir, "f.jsonl");
    writeFileSync(
      jsonl,
      `${JSON.stringify({ task: "isr", dataId: { visit: 1, detector: 2 }, message: "x", time: "2024-01-01T00:00:00Z" })}\n{oops\n`,
    );
    const o2 = io();
    expect(await main(["failures", "--report", jsonl, "--json", join(dir, "p.json")], o2)).toBe(1);
    const p = JSON.parse(readFileSync(join(dir, "p.json"), "utf8"));
    expect(p.partial).toBe(true);
    expect(p.inputs[0]).toMatchObject({ badCount: 1, partial: true });
    expect(o2.out).toMatch(/PARTIAL/);
  });

  it("places missing datasets of a v2 report, accepts a MOC as reference footprint and detector regions from an export", async () => {
    const dir = tmp();
    const { mocFromPolygons, mocToJson } = await import("../../src/sky/moc/index.js");
    const moc = join(dir, "refcat.moc.json");
    // The answer key's refcat RA/Dec box as a MOC at order 14 (13″ cells), built from 24 narrow strips so the
    // great-circle edges stay within 0.3″ of the box's constant-Dec edges.
    const f = JSON.parse(readFileSync(pilot("truth.json"), "utf8")).refcatFootprint;
    const strips = Array.from({ length: 24 }, (_, k): [number, number][] => {
      const r0 = f.raMin + ((f.raMax - f.raMin) * k) / 24;
      const r1 = f.raMin + ((f.raMax - f.raMin) * (k + 1)) / 24;
      return [
        [r0, f.decMin],
        [r1, f.decMin],
        [r1, f.decMax],
        [r0, f.decMax],
      ];
    });
    writeFileSync(moc, mocToJson(mocFromPolygons(14, strips)));
    const args = [
      "failures",
      "--report",
      pilot("failures/pipetask_report_v2.json"),
      "--visit",
      pilot("Visit.parquet"),
      "--refcat",
      moc,
      "--registry",
      data("ap_verify_ci_dc2/gen3.sqlite3"),
      "--inventory-json",
      join(dir, "inv.json"),
      "--json",
      join(dir, "r.json"),
    ];
    expect(await main(args, io())).toBe(1);
    const inv = JSON.parse(readFileSync(join(dir, "inv.json"), "utf8"));
    const calexp = inv.missing.find((m: { datasetType: string }) => m.datasetType === "calexp");
    // Every data id the report lists as unsuccessful (the pilot lists the 58 failed calibrate quanta; its
    // n_unsuccessful of 61 also counts the 3 blocked ones, which it does not list).
    const listed = JSON.parse(readFileSync(pilot("failures/pipetask_report_v2.json"), "utf8")).datasets.calexp
      .unsuccessful_datasets;
    expect(calexp.dataIds.map((d: { dataId: unknown }) => d.dataId)).toEqual(listed);
    expect(calexp.dataIds.every((d: { method: string }) => d.method === "cameraGeometry")).toBe(true);
    const r = JSON.parse(readFileSync(join(dir, "r.json"), "utf8"));
    // The MOC is the refcat's box: the detectors wholly outside it are classified by covered fraction 0.
    const g = r.groups.find((x: { template: string }) => x.template === "No reference objects supplied");
    expect(g.outsideFootprint).toBe(56);
    const hsc = [
      "failures",
      "--report",
      data("failure_reports/derived_failed_dataids_transcribed.csv"),
      "--export",
      data("butler_exports/testdata_jointcal_hsc_exports.yaml"),
      "--json",
      join(dir, "h.json"),
    ];
    expect(await main(hsc, io())).toBe(1);
    const h = JSON.parse(readFileSync(join(dir, "h.json"), "utf8"));
    expect(h.geometry.regions[0]).toMatchObject({ detectors: 30, problemCount: 0 });
  });

  it("writes the registry inventory compared with the report's dataset table", async () => {
    const dir = tmp();
    expect(
      await main(
        [
          "failures",
          "--report",
          pilot("failures/pipetask_report_v1.yaml"),
          "--registry",
          data("ap_verify_ci_dc2/gen3.sqlite3"),
          "--inventory-json",
          join(dir, "inv.json"),
          "--inventory-md",
          join(dir, "inv.md"),
        ],
        io(),
      ),
    ).toBe(1);
    const inv = JSON.parse(readFileSync(join(dir, "inv.json"), "utf8"));
    expect(inv.rows.reduce((s: number, r: { count: number }) => s + r.count, 0)).toBe(212);
    // The pilot's calexps are not in the ap_verify registry: all expected ones are missing.
    expect(inv.comparison.find((c: { datasetType: string }) => c.datasetType === "calexp")).toMatchObject({
      inRegistry: 0,
      expected: 1134,
      missing: 1134,
    });
    expect(readFileSync(join(dir, "inv.md"), "utf8")).toMatch(/\| skyMap \| skymaps \| 1 \|/);
  });
});

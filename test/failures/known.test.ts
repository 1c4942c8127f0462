import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { groupFailures } from "../../src/failures/group.js";
import { loadKnownErrors, matchKnownError } from "../../src/failures/known.js";
import { readFailureReport } from "../../src/failures/read.js";
import { data, pilot, ROOT, tmp } from "./data.js";

const cmTools = () => loadKnownErrors(data("failure_reports/cm_tools_error_code_decisions_hsc_rc2.yaml"));

describe("known-errors registries", () => {
  it("loads the real cm_tools HSC RC2 catalogue: every entry with code, task, tickets, flavor and allowance", () => {
    const k = cmTools();
    // 55 entries, as PyYAML counts them (and the shared PROVENANCE.md says).
    expect(k.entries.length).toBe(55);
    const fwhm = k.entries.find((e) => e.name === "FWHM_value_of_nan");
    expect(fwhm).toMatchObject({
      pandaCode: "pilot, 1305",
      task: "calibrate",
      tickets: ["DM-37089"],
      resolved: false,
      flavor: "payload",
      allowedFraction: 0.001,
    });
    expect(k.entries.filter((e) => e.flavor === "panda").length).toBeGreaterThan(5);
  });

  it("matches the pilot's failures against the real catalogue: executor-form patterns, task restrictions", async () => {
    const k = cmTools();
    const r = await readFailureReport(pilot("failures/pipetask_report_v2.json"));
    const name = (task: string, start: string) => {
      const f = r.failures.find((x) => x.task === task && x.message.startsWith(start));
      if (!f) throw new Error(`no ${task} failure starting ${start}`);
      return matchKnownError(f, k)?.name ?? null;
    };
    expect(name("calibrate", "PSF at")).toBe("FWHM_value_of_nan");
    expect(name("calibrate", "cannot convert")).toBe("NaN_to_int_calibrate");
    expect(name("characterizeImage", "Unable to measure aperture correction")).toBe("aperture_correction");
    // The catalogue lists "All pixels masked" for detection only, and has nothing about missing reference objects.
    expect(name("characterizeImage", "All pixels masked")).toBeNull();
    expect(name("calibrate", "No reference objects")).toBeNull();
  });

  it("the real PanDA Kron aperture-correction failure of characterizeImage is new: the catalogue has it for subtractImages", async () => {
    const r = await readFailureReport(data("failure_reports/cm_tools_panda_errors_hsc.yaml"));
    expect(matchKnownError(r.failures[0], cmTools())).toBeNull();
    const asSubtract = { ...r.failures[0], task: "subtractImages" };
    expect(matchKnownError(asSubtract, cmTools())?.name).toBe("kron_kron");
  });

  it("loads the skygate YAML form and refuses a file that is neither", () => {
    const k = loadKnownErrors(join(ROOT, "examples/failures/known-errors-dc2.yaml"));
    expect(k.entries.map((e) => [e.name, e.task, e.exception, e.allowedFraction])).toEqual([
      ["no-reference-objects", "calibrate", "RuntimeError", 0.1],
      ["psf-fwhm-nan", "calibrate", null, 0.001],
    ]);
    const dir = tmp();
    writeFileSync(join(dir, "x.yaml"), "hello: world\n");
    expect(() => loadKnownErrors(join(dir, "x.yaml"))).toThrow(/x\.yaml: not a known-errors file/);
  });
});

describe("grouping and judging", () => {
  it("groups the pilot by task, exception and template with rates against expected quanta; new first", async () => {
    const r = await readFailureReport(pilot("failures/pipetask_report_v1.yaml"));
    const k = loadKnownErrors(join(ROOT, "examples/failures/known-errors-dc2.yaml"));
    const groups = groupFailures(r.failures, { known: k, tasks: r.tasks });
    expect(groups.map((g) => g.label)).toEqual(["new", "new", "new", "new", "known", "known"]);
    const noRef = groups.find((g) => g.template === "No reference objects supplied");
    expect(noRef).toMatchObject({
      label: "known",
      count: 56,
      expected: 1134,
      overThreshold: false,
      resolvedRecurring: false,
    });
    expect(noRef?.rate).toBeCloseTo(56 / 1134, 12);
    expect(noRef?.known[0]).toMatchObject({
      name: "no-reference-objects",
      tickets: ["RTN-041"],
      matched: 56,
    });
    // 1 of 1134 is above 0.1 %: over threshold.
    const psf = groups.find((g) => g.template.startsWith("PSF at"));
    expect(psf).toMatchObject({ label: "known", overThreshold: false });
    expect(1 / 1134).toBeLessThan(0.001);
  });

  it("flags a resolved error that recurs, an over-threshold one, and an unknown rate", async () => {
    const r = await readFailureReport(pilot("failures/pipetask_report_v1.yaml"));
    const dir = tmp();
    const path = join(dir, "k.yaml");
    writeFileSync(
      path,
      `known_errors:\n  - {name: noref, task: calibrate, message: "No reference objects", allowed_fraction: 0.01}\n  - {name: masked, message: "All pixels masked", resolved: true, allowed_fraction: 0.5}\n`,
    );
    const groups = groupFailures(r.failures, { known: loadKnownErrors(path), tasks: r.tasks });
    expect(groups.find((g) => g.template.startsWith("No reference"))).toMatchObject({
      label: "known",
      overThreshold: true,
    });
    expect(groups.find((g) => g.template.startsWith("All pixels"))).toMatchObject({
      label: "known",
      resolvedRecurring: true,
    });
    const noRates = groupFailures(r.failures, { known: loadKnownErrors(path) });
    expect(noRates.find((g) => g.template.startsWith("No reference"))?.overThreshold).toBeNull();
    const given = groupFailures(r.failures, {
      known: loadKnownErrors(path),
      expected: { calibrate: 10_000 },
    });
    expect(given.find((g) => g.template.startsWith("No reference"))).toMatchObject({
      overThreshold: false,
      rate: 0.0056,
    });
  });
});

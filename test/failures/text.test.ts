import { describe, expect, it } from "vitest";
import { parseDataId, parseJobNameDataId, parsePandaJobName } from "../../src/failures/dataId.js";
import { messageTemplate, splitMessage } from "../../src/failures/message.js";

describe("data ids", () => {
  it("parses executor, Python dict, Gen2 DataId and command-line forms", () => {
    expect(parseDataId("{instrument: 'LSSTCam-imSim', detector: 12, visit: 1234}")).toEqual({
      instrument: "LSSTCam-imSim",
      detector: 12,
      visit: 1234,
    });
    expect(
      parseDataId(
        "{'visit': 738955, 'run': '738955', 'raftName': 'R01', 'detectorName': 'S12', 'detector': 5, 'snap': 0}",
      ),
    ).toMatchObject({ visit: 738955, detector: 5, raftName: "R01" });
    expect(
      parseDataId("DataId(initialdata={'tract': 5063, 'patch': '3,1', 'filter': 'y'}, tag=set())"),
    ).toEqual({ tract: 5063, patch: "3,1", band: "y" });
    expect(parseDataId("--id tract=5063 patch=3,1 filter=y")).toEqual({
      tract: 5063,
      patch: "3,1",
      band: "y",
    });
  });

  it("reads PanDA job names: visit/detector for per-detector tasks, tract/patch for coadd tasks", () => {
    expect(
      parsePandaJobName(
        "008058:861192d5-2e1d-45db-b656-5e658b10a344_characterizeImage_1180_102+qgraphNodeId:861192d5",
      ),
    ).toEqual({ task: "characterizeImage", dataId: { visit: 1180, detector: 102 } });
    expect(parsePandaJobName("000001:2d86190a-ba0f-4890-9145-7549b3a0d911_deblend_4648_29+x")).toEqual({
      task: "deblend",
      dataId: { tract: 4648, patch: 29 },
    });
    expect(
      parsePandaJobName("000000:2d86190a-ba0f-4890-9145-7549b3a0d911_fgcmBuildFromIsolatedStars_+q"),
    ).toEqual({ task: "fgcmBuildFromIsolatedStars", dataId: {} });
  });

  it("reads Parsl job names with patches written x-y", () => {
    expect(parseJobNameDataId("tract_5063_patch_6-0_filter_i-visit-196476")).toEqual({
      tract: 5063,
      patch: "6,0",
      band: "i",
      visit: 196476,
    });
  });
});

describe("messages", () => {
  it("splits the executor, Gen2 driver and PanDA payload forms", () => {
    expect(
      splitMessage(
        "Execution of task 'calibrate' on quantum {instrument: 'LSSTCam-imSim', detector: 12, visit: 1234} failed. Exception RuntimeError: No reference objects supplied",
      ),
    ).toEqual({
      task: "calibrate",
      dataId: { instrument: "LSSTCam-imSim", detector: 12, visit: 1234 },
      exception: "RuntimeError",
      message: "No reference objects supplied",
    });
    const gen2 = splitMessage(
      "singleFrameDriver: Failed on dataId={'visit': 738955, 'detector': 5}: RuntimeError: No objects passed our cuts for consideration as psf stars",
    );
    expect([gen2.task, gen2.dataId.detector, gen2.exception, gen2.message]).toEqual([
      "singleFrameDriver",
      5,
      "RuntimeError",
      "No objects passed our cuts for consideration as psf stars",
    ]);
    expect(
      splitMessage("Failed to execute payload:All pixels masked. Cannot estimate background").message,
    ).toBe("All pixels masked. Cannot estimate background");
    expect(splitMessage("lsst::pex::exceptions::InvalidParameterError: boom").exception).toBe(
      "InvalidParameterError",
    );
  });

  it("templates mask numbers, ids, paths, URLs, data ids and quoted names with digits, not words", () => {
    expect(messageTemplate("PSF at (1021.5, -33) has an invalid FWHM value of nan")).toBe(
      "PSF at (<n>, <n>) has an invalid FWHM value of nan",
    );
    expect(
      messageTemplate("Failure for dataset 134e9a93-8c19-4826-9007-8a2a6f00c21e (from file:///sdf/a/b.parq)"),
    ).toBe("Failure for dataset <uuid> (from <url>)");
    // cm-service's manifest report: a YAML-folded URL inside the butler's formatter wrapper, and the same
    // failure transcribed bare into a table, share one template (a known-errors entry matches both).
    const folded =
      "Failure from formatter ''lsst.daf.butler.formatters.parquet.ParquetFormatter'' for dataset 134e9a93-8c19-4826-9007-8a2a6f00c21e (objectTable_tract from file:///sdf/group/rubin/repo/dc2/2.2i/runs/test-med-1/ w_2023_37/DM-40870/step3/group0/w00_000/objectTable_tract/3828/ objectTable_tract_3828_DC2_2_2i_runs_test-med-1_w_2023_37_DM-40870_step3_group0_w00_000.parq): Column d_pixelFlags_edge specified in parameters not available in parquet file.";
    expect(messageTemplate(folded)).toBe(
      messageTemplate("Column d_pixelFlags_edge specified in parameters not available in parquet file."),
    );
    expect(messageTemplate("missing /a/b/ c/d.fits and /e/f/")).toBe("missing <path> and <path>");
    // A long path-like token is templated in linear time (the fold-joining pattern once took 19 s on a 9.7 kB
    // LD_LIBRARY_PATH line): well under a second for 40 kB.
    const start = performance.now();
    messageTemplate(`env LD_LIBRARY_PATH=${"/cvmfs/sw/lib:".repeat(1000)}${"ab/".repeat(10_000)} failed`);
    expect(performance.now() - start).toBeLessThan(1000);
    expect(
      messageTemplate("cannot create directory '/sdf/group/rubin/x/submit': directory already exists"),
    ).toBe("cannot create directory '<path>': directory already exists");
    expect(messageTemplate("Execution of task 'isr' on quantum {visit: 1, detector: 2} failed")).toBe(
      "Execution of task 'isr' on quantum {<dataId>} failed",
    );
    expect(messageTemplate("required algorithm 'modelfit_CModel': only 0 sources")).toBe(
      "required algorithm 'modelfit_CModel': only <n> sources",
    );
    // Two failures that differ only in numbers share a template; different words do not.
    expect(messageTemplate("only 3 sources remain")).toBe(messageTemplate("only 17 sources remain"));
    expect(messageTemplate("No reference objects supplied")).not.toBe(
      messageTemplate("No matches to use for photocal"),
    );
  });
});

// NaN semantics of the contract: a NaN is reported once, as nanWithoutFlag when its failure flag is false,
// as nan when no flag explains it, and not at all when the flag (or a specific flag) is set.
import { describe, expect, it } from "vitest";
import { failingIds, result, rows, runSuite } from "./helpers.js";

const NaN_ = Number.NaN;

describe("nan and nanWithoutFlag", () => {
  it("reports each NaN once, by the state of its flag", async () => {
    // row 0: finite; row 1: NaN, flag true (legitimate); row 2: NaN, flag false; row 3: NaN, flag null; row 4: finite
    const report = await runSuite({
      tables: {
        Object: {
          objectId: new BigInt64Array([1n, 2n, 3n, 4n, 5n]),
          r_psfFlux: new Float64Array([10, NaN_, NaN_, NaN_, -3]),
          r_psfFluxErr: new Float64Array([1, NaN_, 1, 1, 1]),
          r_psfFlux_flag: [false, true, false, null, false],
        },
      },
    });
    const withoutFlag = result(report, "Object.r_psfFlux.nanWithoutFlag");
    expect([withoutFlag.status, withoutFlag.failing, withoutFlag.total]).toEqual(["fail", 1, 5]);
    expect(rows(withoutFlag)).toEqual([2]);
    expect(withoutFlag.sample[0]?.key).toBe("3");
    const nan = result(report, "Object.r_psfFlux.nan");
    expect([nan.status, nan.failing]).toEqual(["fail", 1]);
    expect(rows(nan)).toEqual([3]);
    // The error column belongs to the family: its NaN in row 1 has the flag set, so nothing is reported. An
    // uncertainty is judged with its value (errorPair), so it has no nanWithoutFlag of its own.
    expect(result(report, "Object.r_psfFluxErr.nan").status).toBe("pass");
    expect(report.results.some((r) => r.id === "Object.r_psfFluxErr.nanWithoutFlag")).toBe(false);
    // A negative forced flux is legitimate: no range check fails on it.
    expect(failingIds(report)).toEqual(["Object.r_psfFlux.nan", "Object.r_psfFlux.nanWithoutFlag"]);
  });

  it("finds DP0.2 flags named differently from their measurement", async () => {
    const report = await runSuite({
      tables: {
        Object: {
          objectId: new BigInt64Array([1n, 2n]),
          g_cModelFlux: new Float64Array([NaN_, 1]),
          g_cModelFluxErr: new Float64Array([NaN_, 1]),
          g_cModel_flag: [true, false],
          g_gaap1p0Flux: new Float64Array([1, NaN_]),
          g_gaap1p0FluxErr: new Float64Array([1, NaN_]),
          g_gaapFlux_flag: [false, false],
          // a second band, as every real table has: the schema module recognises band prefixes shared by two bands
          i_cModelFlux: new Float64Array([1, 1]),
          i_cModel_flag: [false, false],
          i_gaap1p0Flux: new Float64Array([1, 1]),
          i_gaapFlux_flag: [false, false],
        },
      },
    });
    // cModel: the NaN in row 0 has g_cModel_flag set → legitimate.
    expect(result(report, "Object.g_cModelFlux.nanWithoutFlag").status).toBe("pass");
    expect(result(report, "Object.g_cModelFlux.nan").status).toBe("pass");
    // gaap1p0: NaN in row 1 while g_gaapFlux_flag is false → one finding, on the value (its error is judged with it).
    expect(result(report, "Object.g_gaap1p0Flux.nanWithoutFlag").failing).toBe(1);
    expect(failingIds(report)).toEqual(["Object.g_gaap1p0Flux.nanWithoutFlag"]);
    expect(result(report, "Object.g_gaap1p0Flux.nan").failing).toBe(0);
  });

  it("lets a specific flag of the algorithm explain a NaN", async () => {
    const report = await runSuite({
      tables: {
        T: {
          id: new BigInt64Array([1n, 2n, 3n]),
          kron_radius: new Float64Array([NaN_, NaN_, 2]),
          kron_flag: [false, false, false],
          kron_flag_bad_radius: [true, false, false],
        },
      },
    });
    const r = result(report, "T.kron_radius.nanWithoutFlag");
    expect([r.failing, rows(r)]).toEqual([1, [1]]);
  });

  it("reports a NaN of a column without any flag as nan", async () => {
    const report = await runSuite({
      tables: { T: { id: new BigInt64Array([1n, 2n, 3n]), airmass: new Float64Array([1.2, NaN_, NaN_]) } },
    });
    const r = result(report, "T.airmass.nan");
    expect([r.status, r.failing, r.total, rows(r)]).toEqual(["fail", 2, 3, [1, 2]]);
    expect(report.results.some((x) => x.check === "nanWithoutFlag" && x.column === "airmass")).toBe(false);
  });
});

describe("errorPair", () => {
  it("fails where the value is finite and the error is not finite or not positive, unless the flag is set", async () => {
    const report = await runSuite({
      tables: {
        Object: {
          objectId: new BigInt64Array([1n, 2n, 3n, 4n, 5n, 6n, 7n]),
          // rows: ok, err 0, err -1, err NaN (flag false), err +Inf, err NaN (flag true), value NaN (flag true)
          r_psfFlux: new Float64Array([5, 5, 5, 5, 5, 5, NaN_]),
          r_psfFluxErr: new Float64Array([1, 0, -1, NaN_, Number.POSITIVE_INFINITY, NaN_, NaN_]),
          r_psfFlux_flag: [false, false, false, false, false, true, true],
        },
      },
    });
    const pair = result(report, "Object.r_psfFlux.errorPair");
    expect([pair.status, pair.failing, rows(pair)]).toEqual(["fail", 4, [1, 2, 3, 4]]);
    // The negative error is also out of its range, the +Inf is inf; the NaN error (flag false) is errorPair's only.
    expect(result(report, "Object.r_psfFluxErr.range").failing).toBe(1);
    expect(report.results.some((r) => r.id === "Object.r_psfFluxErr.nanWithoutFlag")).toBe(false);
    expect(result(report, "Object.r_psfFluxErr.inf").failing).toBe(1);
  });
});

// "Could not measure" is never zero: an engine that cannot evaluate a condition (an ADQL service has no NaN test)
// or cannot compute a profile count makes the check `error`, never `pass`, and the other checks still run.
import { describe, expect, it } from "vitest";
import { checkTables } from "../../src/checks/checkTables.js";
import { ArrowEngine } from "../../src/engines/arrow/arrow-engine.js";
import { conditionToSql } from "../../src/engines/sql/condition-sql.js";
import { adqlDialect } from "../../src/engines/sql/dialect.js";
import type { CountRequest, Engine, ProfileRequest } from "../../src/engines/types.js";
import { fromColumns } from "../../src/io/interop.js";
import type { TableSource } from "../../src/io/table.js";

/** The Arrow engine behind an ADQL front: conditions must compile to ADQL, profiles lack NaN/±Inf counts. */
class AdqlLikeEngine extends ArrowEngine {
  override async countWhere(source: TableSource, request: CountRequest) {
    const types = new Map((await source.columns()).map((c) => [c.name, c.type]));
    for (const c of request.conditions) conditionToSql(c.where, types, adqlDialect); // throws what ADQL cannot say
    return super.countWhere(source, request);
  }
  override async profile(source: TableSource, request?: ProfileRequest) {
    const result = await super.profile(source, request);
    for (const p of Object.values(result.profile.columns))
      if ("nan" in p) Object.assign(p, { nan: null, posInf: null, negInf: null });
    return result;
  }
}

describe("an engine that refuses a condition", () => {
  it("turns the NaN and infinity checks into errors and still judges the rest", async () => {
    const engine: Engine = new AdqlLikeEngine();
    const source = fromColumns("T", {
      id: new BigInt64Array([1n, 2n, 3n]),
      airmass: new Float64Array([1.2, Number.NaN, 0.5]),
    });
    const report = await checkTables({
      sources: new Map([["T", source]]),
      engineFor: () => engine,
      version: "t",
    });
    const status = Object.fromEntries(report.results.map((r) => [r.id, r.status]));
    expect(status["T.airmass.nan"]).toBe("error");
    expect(status["T.airmass.inf"]).toBe("error");
    expect(report.results.find((r) => r.id === "T.airmass.nan")?.message).toMatch(
      /adql dialect cannot express/,
    );
    // airmass 0.5 < 1 is still found: one refused condition does not take the batch down with it.
    expect([status["T.airmass.range"], status["T.id.unique"]]).toEqual(["fail", "pass"]);
    expect(report.status).toBe("fail");
    // Without the range failure the run would be an error (exit 3), never a pass.
    const clean = fromColumns("T", { id: new BigInt64Array([1n]), airmass: new Float64Array([1.2]) });
    const again = await checkTables({
      sources: new Map([["T", clean]]),
      engineFor: () => engine,
      version: "t",
    });
    expect(again.status).toBe("error");
  });
});

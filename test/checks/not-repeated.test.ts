import { describe, expect, it } from "vitest";
import { errorPair } from "../../src/checks/family/errorPair.js";
import { type ConditionCheck, notRepeated } from "../../src/checks/run/conditions.js";
import type { CheckResult } from "../../src/core/results.js";

const result = (column: string, check: string, status: CheckResult["status"]): CheckResult => ({
  id: `T.${column}.${check}`,
  table: "T",
  column,
  check,
  status,
  failing: 0,
  total: 0,
  message: "m",
  sample: [],
});
const allNull = (column: string): ConditionCheck => ({
  kind: "allNull",
  table: "T",
  column,
  check: "allNull",
  where: { op: "isNull", column },
});

describe("notRepeated", () => {
  it("skips a value's errorPair when its error column is empty (allNull says it once), not otherwise", () => {
    const checks = [
      allNull("vErr"),
      errorPair("T", "v", "vErr"),
      allNull("wErr"),
      errorPair("T", "w", "wErr"),
    ];
    const results = [
      result("vErr", "allNull", "fail"),
      result("v", "errorPair", "fail"),
      result("wErr", "allNull", "pass"),
      result("w", "errorPair", "fail"),
    ];
    const out = notRepeated(results, checks);
    expect(out.map((r) => r.status)).toEqual(["fail", "skip", "pass", "fail"]);
    expect(out[1]?.message).toBe("not repeated: every value of vErr is missing (allNull); m");
    // Without the checks, only the column's own missing-value rules are judged.
    expect(notRepeated(results).map((r) => r.status)).toEqual(["fail", "fail", "pass", "fail"]);
  });
});

// The doctest convention itself: how results are read from comments and examples split into steps.
import { describe, expect, it } from "vitest";
import { commentStart, extractExamples, parseExpectation } from "./extract.js";

describe("parseExpectation", () => {
  it("reads values, approximate values, partial objects, thrown errors and remarks", () => {
    expect(parseExpectation("[1, null]")).toEqual({ kind: "equal", text: "[1, null]" });
    expect(parseExpectation("→ 3")).toEqual({ kind: "equal", text: "3" });
    expect(parseExpectation("≈ 3.15 (deg²)")).toEqual({ kind: "approx", text: "3.15" });
    expect(parseExpectation("0.0010437...")).toEqual({ kind: "approx", text: "0.0010437" });
    expect(parseExpectation("{ a: 1, … }")).toEqual({ kind: "equal", text: "{ a: 1}", partial: true });
    expect(parseExpectation("throws UsageError: bad")).toEqual({ kind: "throws", text: "UsageError: bad" });
    expect(parseExpectation('throws "table T has no column b"')).toEqual({
      kind: "throws",
      text: "table T has no column b",
    });
    expect(parseExpectation("true (a corner)")).toEqual({ kind: "equal", text: "true" });
    expect(parseExpectation("undefined: fluxes may be negative")).toEqual({
      kind: "equal",
      text: "undefined",
    });
    expect(parseExpectation("Float64Array [1, 2]")).toEqual({
      kind: "equal",
      text: "Float64Array.from([1, 2])",
    });
    expect(parseExpectation('Map { "a" => 1 }')).toEqual({ kind: "equal", text: 'new Map([["a", 1]])' });
  });

  it("keeps prose that is not a value as it is, so the doctest reports it", () => {
    expect(parseExpectation("min 0")).toEqual({ kind: "equal", text: "min 0" });
  });
});

describe("extractExamples", () => {
  it("splits statements from results, including a result on the next line and one-line doc comments", () => {
    const text = [
      "/**",
      " * Doc.",
      " * @example",
      " * const a = f(1);",
      ' * g(a, "x // y") // 2',
      " * h(a)",
      " * // [3]",
      " */",
      "/** Short. @example k() // true */",
    ].join("\n");
    const [first, second] = extractExamples("x.ts", text);
    expect(first?.steps.map((s) => [s.code, s.expect?.text])).toEqual([
      ["const a = f(1);", undefined],
      ['g(a, "x // y")', "2"],
      ["h(a)", "[3]"],
    ]);
    expect(second?.steps).toEqual([{ code: "k()", line: 9, expect: { kind: "equal", text: "true" } }]);
  });

  it("finds comments outside strings only", () => {
    expect(commentStart('f("a // b") // c')).toBe(12);
    expect(commentStart("f('http://x')")).toBe(-1);
  });
});

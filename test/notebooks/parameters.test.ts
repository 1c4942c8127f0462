// Parameter injection (pure): literals read from the command line, the injected cell placed after `parameters`.
import { describe, expect, it } from "vitest";
import type { Notebook } from "../../src/notebook/kernel/run.js";
import {
  declaredNames,
  injectParameters,
  ParameterError,
  parameterSource,
  parseParameter,
} from "../../src/notebook/parameters.js";

const code = (source: string, tags?: string[]) => ({
  cell_type: "code" as const,
  source,
  metadata: tags ? { tags } : {},
  outputs: [],
  execution_count: null,
});
const notebook = (...cells: Notebook["cells"]): Notebook => ({
  cells,
  metadata: {},
  nbformat: 4,
  nbformat_minor: 5,
});

describe("parseParameter", () => {
  it("reads numbers and booleans as literals and the rest as strings", () => {
    expect(parseParameter("tract=4431")).toEqual(["tract", 4431]);
    expect(parseParameter("zmax=-1.5e2")).toEqual(["zmax", -150]);
    expect(parseParameter("strict=true")).toEqual(["strict", true]);
    expect(parseParameter("data=../fixtures/pilot")).toEqual(["data", "../fixtures/pilot"]);
    expect(parseParameter("label='4431'")).toEqual(["label", "4431"]);
    expect(parseParameter("query=a=b")).toEqual(["query", "a=b"]);
    expect(parseParameter("empty=")).toEqual(["empty", ""]);
    expect(parseParameter("nan=NaN")).toEqual(["nan", "NaN"]);
  });

  it("rejects a missing name or an invalid identifier", () => {
    expect(() => parseParameter("4431")).toThrow(ParameterError);
    expect(() => parseParameter("=3")).toThrow(/expected name=value/);
    expect(() => parseParameter("my-tract=3")).toThrow(/expected name=value/);
  });
});

describe("parameterSource", () => {
  it("reassigns let/var, redeclares const, quotes strings as JSON", () => {
    const declared = declaredNames('const data = "a";\nlet tract = 1;\nvar on = false;');
    expect([...declared]).toEqual([
      ["data", "const"],
      ["tract", "let"],
      ["on", "var"],
    ]);
    const text = parameterSource(
      [
        ["data", 'we"ird\\path'],
        ["tract", 4431],
        ["on", true],
      ],
      declared,
    );
    expect(text).toBe('const data = "we\\"ird\\\\path";\ntract = 4431;\non = true;\n');
  });
});

describe("injectParameters", () => {
  const source = notebook(
    code("import x from 'y';"),
    code('const data = "../fixtures/pilot";\nlet tract = 1;', ["parameters"]),
    code("console.log(data, tract);"),
  );

  it("puts a cell tagged injected-parameters right after the parameters cell, leaving the input untouched", () => {
    const out = injectParameters(source, [["tract", 4431]]);
    expect(out.cells.length).toBe(4);
    expect(out.cells[2]?.metadata.tags).toEqual(["injected-parameters"]);
    expect(out.cells[2]?.source).toBe("tract = 4431;\n");
    expect(out.cells[3]?.source).toBe("console.log(data, tract);");
    expect(source.cells.length).toBe(3);
  });

  it("replaces an earlier injected cell instead of stacking a second", () => {
    const once = injectParameters(source, [["tract", 1]]);
    const twice = injectParameters(once, [["data", "other"]]);
    const injected = twice.cells.filter((c) =>
      (c.metadata.tags as string[] | undefined)?.includes("injected-parameters"),
    );
    expect(injected.map((c) => c.source)).toEqual(['const data = "other";\n']);
    expect(twice.cells.length).toBe(4);
  });

  it("refuses a name the parameters cell does not declare, and a notebook without one", () => {
    expect(() => injectParameters(source, [["trac", 1]])).toThrow(
      "parameter trac is not declared in the parameters cell (it declares: data, tract)",
    );
    expect(() => injectParameters(notebook(code("let a = 1;")), [["a", 2]])).toThrow(
      /no code cell tagged "parameters"/,
    );
  });
});

/**
 * Parameterized notebooks, as papermill does for Python: a code cell tagged `parameters` holds defaults, and a
 * cell tagged `injected-parameters` placed right after it assigns the values given on the command line.
 */
import type { Notebook, NotebookCell } from "./kernel/run.js";
import { sourceText } from "./kernel/run.js";

/** A parameter value as typed on the command line, read as a literal. */
export type ParameterValue = string | number | boolean;

/** Thrown for a parameter that cannot be injected (bad syntax, no parameters cell, undeclared name). */
export class ParameterError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ParameterError";
  }
}

const NAME = /^[A-Za-z_$][\w$]*$/;
const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * Reads `name=value`: numbers and true/false become literals, anything else a string (quotes around it removed).
 * @example parseParameter("tract=4431") // ["tract", 4431]
 * @example parseParameter("data=../fixtures/pilot") // ["data", "../fixtures/pilot"]
 * @example parseParameter("strict=false") // ["strict", false]
 * @example parseParameter('label="4431"') // ["label", "4431"]
 * @example parseParameter("4431") // throws expected name=value
 */
export function parseParameter(text: string): [string, ParameterValue] {
  const at = text.indexOf("=");
  const name = at < 0 ? "" : text.slice(0, at).trim();
  if (at < 0 || !NAME.test(name)) throw new ParameterError(`--param ${text}: expected name=value`);
  const raw = text.slice(at + 1);
  if (raw === "true" || raw === "false") return [name, raw === "true"];
  if (NUMBER.test(raw) && Number.isFinite(Number(raw))) return [name, Number(raw)];
  const quoted = /^"(.*)"$|^'(.*)'$/s.exec(raw);
  return [name, quoted ? (quoted[1] ?? quoted[2] ?? "") : raw];
}

/**
 * Names a parameters cell declares with const, let or var, and how (let/var can be reassigned, const is redeclared:
 * tslab allows a later cell to redeclare a const).
 * @example declaredNames('const data = "../fixtures/pilot";\nlet tract = 4431; // the tract') // new Map([["data", "const"], ["tract", "let"]])
 */
export function declaredNames(source: string): Map<string, "const" | "let" | "var"> {
  const names = new Map<string, "const" | "let" | "var">();
  for (const m of source.matchAll(/(?:^|[;\n])\s*(const|let|var)\s+([A-Za-z_$][\w$]*)/g))
    names.set(m[2] as string, m[1] as "const" | "let" | "var");
  return names;
}

/**
 * TypeScript for the injected cell: one assignment per parameter, strings quoted as JSON.
 * @example parameterSource([["data", "x/y"], ["tract", 4431]], new Map([["data", "const"], ["tract", "let"]])) // 'const data = "x/y";\ntract = 4431;\n'
 */
export function parameterSource(
  values: ReadonlyArray<readonly [string, ParameterValue]>,
  declared: ReadonlyMap<string, "const" | "let" | "var">,
): string {
  const lines = values.map(([name, value]) => {
    const literal = typeof value === "string" ? JSON.stringify(value) : String(value);
    const kind = declared.get(name);
    return kind === "let" || kind === "var" ? `${name} = ${literal};` : `const ${name} = ${literal};`;
  });
  return `${lines.join("\n")}\n`;
}

function tags(cell: NotebookCell): string[] {
  const value = cell.metadata.tags;
  return Array.isArray(value) ? value.map(String) : [];
}

/**
 * A copy of the notebook with an `injected-parameters` cell right after the `parameters` cell (replacing an earlier
 * injected cell). Every name must be declared in the parameters cell: a misspelt parameter must not pass silently.
 * @example injectParameters({ cells: [], metadata: {}, nbformat: 4, nbformat_minor: 5 }, [["tract", 1]]) // throws no code cell tagged "parameters"
 */
export function injectParameters(
  notebook: Notebook,
  values: ReadonlyArray<readonly [string, ParameterValue]>,
): Notebook {
  const cells = notebook.cells.filter((cell) => !tags(cell).includes("injected-parameters"));
  const at = cells.findIndex((cell) => cell.cell_type === "code" && tags(cell).includes("parameters"));
  if (at < 0) throw new ParameterError('no code cell tagged "parameters" (metadata.tags) to inject after');
  const declared = declaredNames(sourceText(cells[at] as NotebookCell));
  const unknown = values.filter(([name]) => !declared.has(name)).map(([name]) => name);
  if (unknown.length > 0)
    throw new ParameterError(
      `parameter ${unknown.join(", ")} is not declared in the parameters cell (it declares: ${[...declared.keys()].join(", ") || "nothing"})`,
    );
  const injected: NotebookCell = {
    id: "injected-parameters",
    cell_type: "code",
    source: parameterSource(values, declared),
    metadata: { tags: ["injected-parameters"] },
    outputs: [],
    execution_count: null,
  };
  return { ...notebook, cells: [...cells.slice(0, at + 1), injected, ...cells.slice(at + 1)] };
}

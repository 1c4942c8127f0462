// Doctest: every `@example` in a src/ doc comment runs and shows the result its comment states (convention in
// test/doctest/extract.ts and the README). A wrong example fails here, naming file, line, code and both values.
import { readdirSync, readFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { inspect } from "node:util";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { REPO_ROOT } from "../helpers/paths.js";
import { type Example, extractExamples, isExpression, type Step } from "./extract.js";

const SRC = resolve(REPO_ROOT, "src");

/** Examples that cannot run here, each with the reason (keep this list tiny). Key: "path:line". */
const TSLAB =
  "needs a running tslab kernel (tslab's display throws 'Not ready' elsewhere); test/notebooks runs these in notebooks";
const EXCLUDED: Record<string, string> = {
  "src/notebook/display.ts:43": TSLAB,
  "src/notebook/display.ts:63": TSLAB,
  "src/notebook/display.ts:81": TSLAB,
  "src/notebook/display.ts:98": TSLAB,
};

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? sourceFiles(join(dir, e.name))
      : e.name.endsWith(".ts") && !e.name.endsWith(".d.ts")
        ? [join(dir, e.name)]
        : [],
  );
}

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;
const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor as new (
  ...args: string[]
) => (...values: unknown[]) => Promise<unknown>;

let baseScope: Promise<Map<string, unknown>> | undefined;
/** readFileSync, apache-arrow, every src module, then the public API (package root): later names win. */
function publicScope(): Promise<Map<string, unknown>> {
  baseScope ??= (async () => {
    const scope = new Map<string, unknown>();
    scope.set("readFileSync", readFileSync);
    // Every src module's exports (so an example may use a helper of another module even when the package root
    // does not export it), then the public API, which wins on a name clash. src/cli.ts runs the CLI on import.
    const modules: Record<string, unknown>[] = [await import("apache-arrow")];
    for (const file of files) if (file !== resolve(SRC, "cli.ts")) modules.push(await import(file));
    modules.push(await import("../../src/index.js"));
    for (const module of modules)
      for (const [name, value] of Object.entries(module)) if (IDENTIFIER.test(name)) scope.set(name, value);
    return scope;
  })();
  return baseScope;
}

/**
 * Sample data examples may name without defining (like pytest's doctest_namespace), built once when used:
 * `dp02` / `schema` the DP0.2 felis schema (fixtures/schemas/dp02_dc2.yaml), `source` the pilot Object table
 * (fixtures/pilot/Object.parquet, 1500 rows, seeded defects), `columns` its columns, `spec` its check spec
 * against the DP0.2 Object table, `report` the check report of that table against that schema.
 */
const SAMPLES: Record<string, () => Promise<unknown>> = {
  dp02: async () => (await import("../../src/index.js")).loadFelis("fixtures/schemas/dp02_dc2.yaml"),
  schema: () => sample("dp02"),
  source: async () =>
    (await import("../../src/index.js")).openTable("Object", "fixtures/pilot/Object.parquet"),
  columns: async () => ((await sample("source")) as { columns(): Promise<unknown> }).columns(),
  spec: async () => {
    const api = await import("../../src/index.js");
    const object = api.requireTable((await sample("dp02")) as ReturnType<typeof api.loadFelis>, "Object");
    const columns = (await sample("columns")) as Parameters<typeof api.specFromFelis>[1];
    return api.specFromFelis(object, columns, api.defaultFamilies(columns, object).families);
  },
  report: async () => {
    const api = await import("../../src/index.js");
    const engine = new api.ArrowEngine();
    return api.checkTables({
      sources: new Map([["Object", (await sample("source")) as Awaited<ReturnType<typeof api.openTable>>]]),
      schema: (await sample("dp02")) as ReturnType<typeof api.loadFelis>,
      engineFor: () => engine,
      version: "0.1.0",
    });
  },
};
const samples = new Map<string, Promise<unknown>>();
function sample(name: string): Promise<unknown> {
  let value = samples.get(name);
  if (!value) {
    value = (SAMPLES[name] as () => Promise<unknown>)();
    samples.set(name, value);
  }
  return value;
}

/** Decimals of the most precise number written in `text` (for ≈ results). */
function decimals(text: string): number {
  let most = Number.NEGATIVE_INFINITY;
  for (const m of text.matchAll(/\d+\.(\d+)(?:e([+-]?\d+))?/gi)) {
    most = Math.max(most, (m[1]?.length ?? 0) - Number(m[2] ?? 0));
  }
  return Number.isFinite(most) ? most : 0;
}

function approxEqual(actual: unknown, expected: unknown, tolerance: number): boolean {
  if (typeof expected === "number" && typeof actual === "number")
    return Number.isNaN(expected) ? Number.isNaN(actual) : Math.abs(actual - expected) <= tolerance;
  if (Array.isArray(expected) && (Array.isArray(actual) || ArrayBuffer.isView(actual))) {
    const values = Array.from(actual as ArrayLike<unknown>);
    return (
      values.length === expected.length && expected.every((e, i) => approxEqual(values[i], e, tolerance))
    );
  }
  if (expected && typeof expected === "object" && actual && typeof actual === "object") {
    const keys = Object.keys(expected);
    return (
      keys.length === Object.keys(actual).length &&
      keys.every((k) =>
        approxEqual(
          (actual as Record<string, unknown>)[k],
          (expected as Record<string, unknown>)[k],
          tolerance,
        ),
      )
    );
  }
  return Object.is(actual, expected);
}

/** Typed arrays compare with plain arrays written in a comment. */
function normalise(actual: unknown, expected: unknown): unknown {
  if (Array.isArray(expected) && ArrayBuffer.isView(actual) && !(actual instanceof DataView))
    return Array.from(actual as unknown as ArrayLike<unknown>);
  if (Array.isArray(expected) && Array.isArray(actual))
    return actual.map((a, i) => normalise(a, expected[i]));
  const plain =
    expected !== null && typeof expected === "object" && Object.getPrototypeOf(expected) === Object.prototype;
  if (plain && actual && typeof actual === "object" && !Array.isArray(actual))
    return Object.fromEntries(
      Object.entries(actual).map(([k, v]) => [k, normalise(v, (expected as Record<string, unknown>)[k])]),
    );
  return actual;
}

function show(value: unknown): string {
  return inspect(value, { depth: 6, breakLength: 120, maxArrayLength: 20 });
}

/** JavaScript for one example: statements run as written, results go through __check(index, thunk). */
function compile(example: Example): string {
  const parts: string[] = [];
  example.steps.forEach((step: Step, index: number) => {
    if (!step.expect) parts.push(`${step.code};`);
    else if (step.declared) {
      if (step.expect.kind === "throws") {
        const init = step.code
          .replace(/^(?:const|let|var)\s+[\w$]+\s*(?::[^=]+)?=\s*/, "")
          .replace(/;\s*$/, "");
        parts.push(`await __check(${index}, async () => (${init}));`);
      } else
        parts.push(
          `${step.code.replace(/;\s*$/, "")};\nawait __check(${index}, async () => ${step.declared});`,
        );
    } else if (isExpression(step.code)) parts.push(`await __check(${index}, async () => (${step.code}\n));`);
    else parts.push(`await __check(${index}, async () => { ${step.code}\n });`);
  });
  const out = ts.transpileModule(parts.join("\n"), {
    compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext },
  });
  return out.outputText;
}

async function runExample(example: Example): Promise<void> {
  const where = (step: Step) => `${relative(REPO_ROOT, example.file)}:${step.line}: ${step.code}`;
  const module = (await import(example.file)) as Record<string, unknown>;
  const scope = new Map(await publicScope());
  for (const [name, value] of Object.entries(module)) if (IDENTIFIER.test(name)) scope.set(name, value);
  const code = example.steps.map((step) => step.code).join("\n");
  for (const name of Object.keys(SAMPLES))
    if (!scope.has(name) && new RegExp(`\\b${name}\\b`).test(code)) scope.set(name, await sample(name));
  const names = [...scope.keys()];
  const evaluate = (text: string, values: unknown[]) =>
    new AsyncFunction(
      ...names,
      `return (${ts.transpileModule(`(${text})`, {}).outputText.replace(/;\s*$/, "")});`,
    )(...values);
  const values = [...scope.values()];
  const check = async (index: number, thunk: () => Promise<unknown>) => {
    const step = example.steps[index] as Step;
    const expectation = step.expect as NonNullable<Step["expect"]>;
    if (expectation.kind === "throws") {
      let error: unknown;
      try {
        await thunk();
      } catch (e) {
        error = e;
      }
      expect(error, `${where(step)}\n  expected to throw ${expectation.text}`).toBeInstanceOf(Error);
      const text = `${(error as Error).name}: ${(error as Error).message}`;
      expect(text, `${where(step)}: thrown message`).toContain(expectation.text.replace(/^\w*Error:\s*/, ""));
      const named = /^(\w*Error):/.exec(expectation.text)?.[1];
      if (named) expect((error as Error).name, `${where(step)}: error name`).toBe(named);
      return;
    }
    expect(
      isExpression(expectation.text),
      `${where(step)}\n  stated result is not a value: ${expectation.text}`,
    ).toBe(true);
    const actual = await thunk();
    const expected = await evaluate(expectation.text, values);
    if (expectation.kind === "approx") {
      const tolerance = 10 ** -decimals(expectation.text);
      expect(
        approxEqual(actual, expected, tolerance),
        `${where(step)}\n  expected ≈ ${expectation.text} (±${tolerance})\n  got ${show(actual)}`,
      ).toBe(true);
    } else if (typeof expected === "function" && /^[A-Z]\w*$/.test(expectation.text)) {
      // A class name states the class of the result (`inferType(["1.5"]) // Float64`).
      expect(actual, `${where(step)}\n  expected an instance of ${expectation.text}`).toBeInstanceOf(
        expected,
      );
    } else if (expectation.partial) {
      expect(
        normalise(actual, expected),
        `${where(step)}\n  expected at least ${expectation.text}`,
      ).toMatchObject(expected as object);
    } else {
      expect(normalise(actual, expected), `${where(step)}\n  expected ${expectation.text}`).toEqual(expected);
    }
  };
  // import() inside a constructed function has no module to resolve from: route it through this file.
  const body = compile(example).replace(/\bimport\(/g, "__import(");
  const load = (specifier: string) => import(specifier);
  await new AsyncFunction("__check", "__import", ...names, `{\n${body}\n}`)(check, load, ...values);
}

const files = sourceFiles(SRC).sort();
const all = files.flatMap((file) => extractExamples(file));

describe("doc examples", () => {
  it("finds the examples of every documented function (about 350)", () => {
    expect(all.length).toBeGreaterThan(300);
    for (const key of Object.keys(EXCLUDED))
      expect(
        all.some((e) => `${relative(REPO_ROOT, e.file)}:${e.line}` === key),
        `excluded ${key} not found`,
      ).toBe(true);
  });
});

for (const file of files) {
  const examples = extractExamples(file).filter((e) => !EXCLUDED[`${relative(REPO_ROOT, file)}:${e.line}`]);
  if (examples.length === 0) continue;
  describe(relative(REPO_ROOT, file), () => {
    for (const example of examples) {
      it(`line ${example.line}`, () => runExample(example));
    }
  });
}

// The layer rule of src/: shared types sit at the bottom (core), data layers never reach up into the
// presentation layers, and nothing below the CLI imports it. Imports are read with TypeScript's own
// pre-processor (static, type-only, re-exports and dynamic import()), not with a regular expression.
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { REPO_ROOT } from "../helpers/paths.js";

const SRC = resolve(REPO_ROOT, "src");

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return tsFiles(path);
    return entry.name.endsWith(".ts") ? [path] : [];
  });
}

/** Area of a path under src/: its first folder, or the file name for files at the top (index.ts, cli.ts). */
function areaOf(path: string): string {
  return relative(SRC, path).split(sep)[0] ?? "";
}

interface Edge {
  from: string;
  to: string;
  file: string;
  spec: string;
}

/** Every import of a file in src/ that lands in another area of src/. */
function crossAreaImports(): Edge[] {
  const edges: Edge[] = [];
  for (const file of tsFiles(SRC)) {
    const info = ts.preProcessFile(readFileSync(file, "utf8"), true, true);
    for (const { fileName: spec } of info.importedFiles) {
      if (!spec.startsWith(".")) continue;
      const target = resolve(dirname(file), spec);
      if (!target.startsWith(SRC + sep)) continue;
      const from = areaOf(file);
      const to = areaOf(target);
      if (from !== to) edges.push({ from, to, file: relative(REPO_ROOT, file), spec });
    }
  }
  return edges;
}

const DATA_LAYERS = ["io", "schema", "sky", "metrics", "engines", "checks"];
const PRESENTATION = ["report", "cli", "cli.ts", "notebook", "plots"];

/** Why an edge breaks the layer rule, or null when it is allowed. */
function violation(edge: Edge): string | null {
  if (edge.from === "core") return "core depends on nothing above it";
  if (edge.from === "sky" && edge.to !== "core") return "skygate/sky stands alone (only core below it)";
  if (DATA_LAYERS.includes(edge.from) && PRESENTATION.includes(edge.to))
    return `${edge.from} is a data layer and must not import ${edge.to}`;
  if (edge.to === "cli" && edge.from !== "cli.ts") return "nothing below the CLI imports it";
  return null;
}

describe("layers of src/", () => {
  const edges = crossAreaImports();

  it("reads the imports it judges (type-only, re-exports and dynamic ones included)", () => {
    const seen = new Set(edges.map((e) => `${e.from}->${e.to}`));
    // Known edges: if the reader lost them the rule below would pass vacuously.
    expect(seen).toContain("checks->core"); // import type { CheckResult }
    expect(seen).toContain("index.ts->report"); // export { … } from "./report/index.js"
    expect(seen).toContain("cli.ts->cli");
  });

  it("has no forbidden edge", () => {
    const bad = edges.flatMap((e) => {
      const why = violation(e);
      return why === null ? [] : [`${e.file} imports "${e.spec}": ${why}`];
    });
    expect(bad, bad.join("\n")).toEqual([]);
  });

  it("would reject the edges the rule names", () => {
    const edge = (from: string, to: string): Edge => ({ from, to, file: "x.ts", spec: "y" });
    expect(violation(edge("core", "io"))).not.toBeNull();
    expect(violation(edge("checks", "report"))).not.toBeNull();
    expect(violation(edge("engines", "cli"))).not.toBeNull();
    expect(violation(edge("schema", "notebook"))).not.toBeNull();
    expect(violation(edge("sky", "io"))).not.toBeNull();
    expect(violation(edge("report", "cli"))).not.toBeNull();
    expect(violation(edge("checks", "core"))).toBeNull();
    expect(violation(edge("cli", "report"))).toBeNull();
  });
});

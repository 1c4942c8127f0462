// The public API is a deliberate list: the names exported by the package root (src/index.ts) and by
// `skygate/sky` (src/sky/index.ts) are compared with test/api/exports.json, every one carries a doc comment,
// and no index file re-exports a whole module with `export *`.
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { REPO_ROOT } from "../helpers/paths.js";

const SNAPSHOT = resolve(REPO_ROOT, "test/api/exports.json");
const ENTRIES = { skygate: "src/index.ts", "skygate/sky": "src/sky/index.ts" } as const;
type Entry = keyof typeof ENTRIES;

const HOW_TO_UPDATE =
  "The public API changed. If that is deliberate, update test/api/exports.json (the sorted export names; " +
  "SKYGATE_UPDATE_EXPORTS=1 npx vitest run test/api rewrites it) and " +
  "add a line to the README changelog saying what was added or removed; otherwise restore the export list.";

interface Exported {
  name: string;
  documented: boolean;
  file: string;
}

function exportsOf(program: ts.Program, file: string): Exported[] {
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(resolve(REPO_ROOT, file));
  if (!source) throw new Error(`${file} is not in the program`);
  const moduleSymbol = checker.getSymbolAtLocation(source);
  if (!moduleSymbol) throw new Error(`${file} is not a module`);
  return checker.getExportsOfModule(moduleSymbol).map((symbol) => {
    const target = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
    const declaration = target.declarations?.[0];
    return {
      name: symbol.name,
      documented: ts.displayPartsToString(target.getDocumentationComment(checker)).trim().length > 0,
      file: declaration ? relative(REPO_ROOT, declaration.getSourceFile().fileName) : "?",
    };
  });
}

function indexFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return indexFiles(path);
    return entry.name === "index.ts" ? [path] : [];
  });
}

describe("public API", () => {
  const program = ts.createProgram(
    Object.values(ENTRIES).map((file) => resolve(REPO_ROOT, file)),
    {
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      target: ts.ScriptTarget.ES2022,
      strict: true,
      skipLibCheck: true,
      noEmit: true,
      types: ["node"],
    },
  );
  const actual = Object.fromEntries(
    (Object.keys(ENTRIES) as Entry[]).map((entry) => [entry, exportsOf(program, ENTRIES[entry])]),
  ) as Record<Entry, Exported[]>;

  it("exports exactly the names in test/api/exports.json", () => {
    // SKYGATE_UPDATE_EXPORTS=1 rewrites the snapshot after a deliberate change (then say so in the changelog).
    if (process.env.SKYGATE_UPDATE_EXPORTS === "1") {
      const names = Object.fromEntries(
        (Object.keys(ENTRIES) as Entry[]).map((entry) => [entry, actual[entry].map((e) => e.name).sort()]),
      );
      writeFileSync(SNAPSHOT, `${JSON.stringify(names, null, 2)}\n`);
    }
    const expected = JSON.parse(readFileSync(SNAPSHOT, "utf8")) as Record<Entry, string[]>;
    for (const entry of Object.keys(ENTRIES) as Entry[]) {
      const names = actual[entry].map((e) => e.name).sort();
      const added = names.filter((n) => !expected[entry].includes(n));
      const removed = expected[entry].filter((n) => !names.includes(n));
      expect({ entry, added, removed }, `${HOW_TO_UPDATE}\n${entry}: +${added} -${removed}`).toEqual({
        entry,
        added: [],
        removed: [],
      });
      expect(names.length).toBeGreaterThan(50); // the reader really saw the API
    }
  });

  it("documents every exported name", () => {
    const undocumented = Object.values(actual)
      .flat()
      .filter((e) => !e.documented)
      .map((e) => `${e.name} (${e.file})`);
    expect(undocumented, "add a /** doc comment */ to each").toEqual([]);
  });

  it("keeps internals out of the API", () => {
    const root = new Set(actual.skygate.map((e) => e.name));
    const sky = new Set(actual["skygate/sky"].map((e) => e.name));
    // Hash scratch buffers, sketch internals, helpers only engines and tests need.
    for (const name of [
      "HASH_OUT",
      "hashBytes",
      "createHll",
      "kllUpdate",
      "KeyBuffer",
      "sampleRow",
      "firstLine",
    ]) {
      expect(root.has(name), name).toBe(false);
    }
    for (const name of ["MOC_EDGE_NEIGHBOURS", "checkMocOrder"]) expect(sky.has(name), name).toBe(false);
    // Each entry point has one home per name: sky geometry lives in skygate/sky only.
    expect([...sky].filter((n) => root.has(n))).toEqual([]);
    expect(actual.skygate.every((e) => !e.file.startsWith("src/sky/"))).toBe(true);
  });

  it("lists names explicitly in every index.ts (no export * barrels)", () => {
    const barrels = indexFiles(resolve(REPO_ROOT, "src"))
      .concat(resolve(REPO_ROOT, "src/index.ts"))
      .filter((file) => /^\s*export\s*\*/m.test(readFileSync(file, "utf8")))
      .map((file) => relative(REPO_ROOT, file));
    expect(barrels).toEqual([]);
  });
});

/**
 * Rewrites `export * from "./x.js"` lines of an index.ts into explicit lists of x's exported names (types marked
 * `type`), so a module's public API is a deliberate list (test/api/exports.test.ts forbids `export *`).
 * Usage: node --import tsx tools/api/expand-barrel.ts src/holes/index.ts [more index.ts files]
 */
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import ts from "typescript";

function exportedNames(program: ts.Program, file: string): { name: string; isType: boolean }[] {
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(file);
  if (!source) throw new Error(`${file} is not in the program`);
  const symbol = checker.getSymbolAtLocation(source);
  if (!symbol) return [];
  return checker.getExportsOfModule(symbol).map((s) => {
    const target = s.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(s) : s;
    const isValue = (target.flags & ts.SymbolFlags.Value) !== 0;
    return { name: s.name, isType: !isValue };
  });
}

const files = process.argv.slice(2).map((f) => resolve(f));
for (const index of files) {
  const text = readFileSync(index, "utf8");
  const targets = [...text.matchAll(/^export (type )?\* from "(\.[^"]+)\.js";$/gm)].map((m) =>
    resolve(dirname(index), `${m[2]}.ts`),
  );
  const existing = targets.map((t) => {
    try {
      readFileSync(t);
      return t;
    } catch {
      return resolve(t.replace(/\.ts$/, ""), "index.ts");
    }
  });
  const program = ts.createProgram(existing, {
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2022,
    allowJs: false,
  });
  let i = 0;
  const out = text.replace(
    /^export (type )?\* from "(\.[^"]+)\.js";$/gm,
    (_line, typeOnly: string | undefined, spec: string) => {
      const names = exportedNames(program, existing[i++]).sort((a, b) => a.name.localeCompare(b.name));
      const list = names.map((n) => (n.isType && !typeOnly ? `type ${n.name}` : n.name));
      return `export ${typeOnly ? "type " : ""}{ ${list.join(", ")} } from "${spec}.js";`;
    },
  );
  writeFileSync(index, out);
  console.log(`${index}: ${i} barrels expanded`);
}

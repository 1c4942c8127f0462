// The committed notebook toolchain: kernel specs, the tslab patch, and notebooks stored without outputs.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Notebook } from "../../tools/notebook/run.js";

const ROOT = process.cwd();

describe("kernel specs in .jupyter/kernels", () => {
  for (const [name, language] of [
    ["tslab", "typescript"],
    ["jslab", "javascript"],
  ] as const) {
    it(`${name} starts the local tslab with the connection file`, () => {
      const spec = JSON.parse(readFileSync(join(ROOT, ".jupyter", "kernels", name, "kernel.json"), "utf8"));
      expect(spec.language).toBe(language);
      expect(spec.argv.slice(0, 4)).toEqual(["tslab", "kernel", "--config-path", "{connection_file}"]);
      expect(spec.argv.includes("--js")).toBe(name === "jslab");
      // The spec calls plain `tslab`: it must exist in node_modules/.bin (npm run puts it on PATH).
      expect(existsSync(join(ROOT, "node_modules", ".bin", "tslab"))).toBe(true);
    });
  }
});

describe("tslab patch", () => {
  it("is applied to node_modules by postinstall (patch-package)", () => {
    const patch = readFileSync(join(ROOT, "patches", "tslab+1.0.22.patch"), "utf8");
    const converter = readFileSync(join(ROOT, "node_modules", "tslab", "dist", "converter.js"), "utf8");
    const version = JSON.parse(
      readFileSync(join(ROOT, "node_modules", "tslab", "package.json"), "utf8"),
    ).version;
    expect(version).toBe("1.0.22");
    // Every line the patch adds must be in the installed file.
    const added = patch
      .split("\n")
      .filter((line) => line.startsWith("+") && !line.startsWith("+++"))
      .map((line) => line.slice(1));
    expect(added.length).toBeGreaterThan(0);
    for (const line of added) expect(converter).toContain(line);
  });
});

describe("committed notebooks", () => {
  const files = readdirSync(join(ROOT, "notebooks")).filter((name) => name.endsWith(".ipynb"));
  for (const file of files) {
    it(`${file} is stored without outputs and names a repo kernel`, () => {
      const notebook = JSON.parse(readFileSync(join(ROOT, "notebooks", file), "utf8")) as Notebook;
      expect(notebook.nbformat).toBe(4);
      for (const cell of notebook.cells.filter((c) => c.cell_type === "code")) {
        expect(cell.outputs).toEqual([]);
        expect(cell.execution_count).toBeNull();
      }
      const kernel = notebook.metadata.kernelspec?.name ?? "";
      expect(existsSync(join(ROOT, ".jupyter", "kernels", kernel, "kernel.json"))).toBe(true);
    });
  }
});

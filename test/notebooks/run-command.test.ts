// `skygate notebook run` end to end on the tslab kernel: parameters injected and used, a failing cell named with
// exit 1, unreadable input and bad parameters exit 2.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.js";
import type { Notebook } from "../../src/notebook/kernel/run.js";
import { outputText } from "../../src/notebook/kernel/run.js";

const ROOT = process.cwd();
// A temporary folder outside the repository: the command falls back to the current directory's (the repository's)
// .jupyter kernel spec and tslab.
const dir = mkdtempSync(join(tmpdir(), "skygate-nbrun-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return {
    io: {
      version: "0.1.0",
      stdout: (t: string) => out.push(t),
      stderr: (t: string) => err.push(t),
      stderrIsTTY: false,
    },
    out,
    err,
  };
}

const code = (source: string, tags?: string[]) => ({
  cell_type: "code",
  source,
  metadata: tags ? { tags } : {},
  outputs: [],
  execution_count: null,
});

function write(name: string, cells: unknown[]): string {
  const path = join(dir, name);
  const nb = {
    cells,
    metadata: { kernelspec: { name: "tslab", display_name: "TypeScript", language: "typescript" } },
    nbformat: 4,
    nbformat_minor: 5,
  };
  writeFileSync(path, JSON.stringify(nb));
  return path;
}

describe("skygate notebook run", () => {
  it("injects the parameters after the parameters cell, runs, and writes the executed notebook", async () => {
    const path = write("params.ipynb", [
      { cell_type: "markdown", source: "# title", metadata: {} },
      code('const data = "default/path";\nlet tract = 1;\nlet strict = false;', ["parameters"]),
      code(
        // biome-ignore lint/suspicious/noTemplateCurlyInString: the cell's own TypeScript template literal
        "const doubled: number = tract * 2;\nconsole.log(`data=${data} tract=${tract} doubled=${doubled} strict=${strict}`);",
      ),
    ]);
    const out = join(dir, "params.out.ipynb");
    const { io, out: stdout, err } = capture();
    const code0 = await main(
      [
        "notebook",
        "run",
        path,
        "--param",
        "tract=4431",
        "--param",
        "data=../fixtures/pilot",
        "--param",
        "strict=true",
        "--out",
        out,
      ],
      io,
    );
    expect(err.join("")).toBe("");
    expect(code0).toBe(0);
    expect(stdout.join("")).toContain("3 cells ok");
    const executed = JSON.parse(readFileSync(out, "utf8")) as Notebook;
    expect(executed.cells.length).toBe(4);
    expect(executed.cells[2]?.metadata.tags).toEqual(["injected-parameters"]);
    const printed = (executed.cells[3]?.outputs ?? []).map(outputText).join("");
    expect(printed).toBe("data=../fixtures/pilot tract=4431 doubled=8862 strict=true\n");
    expect(executed.cells[3]?.execution_count).toBeGreaterThan(0);
    // The input notebook is left as it was.
    expect((JSON.parse(readFileSync(path, "utf8")) as Notebook).cells.length).toBe(3);
  }, 180_000);

  it("exports HTML with jupyter nbconvert when present, else says it is unavailable (exit 2)", async () => {
    const path = write("html.ipynb", [
      code('let label = "x";', ["parameters"]),
      // biome-ignore lint/suspicious/noTemplateCurlyInString: the cell's own TypeScript template literal
      code("console.log(`label is ${label}`);"),
    ]);
    const out = join(dir, "html.out.ipynb");
    const html = join(dir, "html.out.html");
    const { io, err } = capture();
    const status = await main(
      ["notebook", "run", path, "--param", "label=pilot-4431", "--out", out, "--html", html],
      io,
    );
    const probe = spawnSync("jupyter", ["nbconvert", "--version"]);
    if (probe.status === 0) {
      expect(err.join("")).toBe("");
      expect(status).toBe(0);
      expect(readFileSync(html, "utf8")).toContain("label is pilot-4431");
    } else {
      expect(status).toBe(2);
      expect(err.join("")).toContain("jupyter nbconvert is not available");
      expect(existsSync(out)).toBe(true);
    }
  }, 180_000);

  it("runs with the defaults when no parameter is given", async () => {
    const path = write("defaults.ipynb", [
      code('const data = "default/path";', ["parameters"]),
      code("console.log(data);"),
    ]);
    const out = join(dir, "defaults.out.ipynb");
    const { io } = capture();
    expect(await main(["notebook", "run", path, "--out", out], io)).toBe(0);
    const executed = JSON.parse(readFileSync(out, "utf8")) as Notebook;
    expect(executed.cells.length).toBe(2);
    expect((executed.cells[1]?.outputs ?? []).map(outputText).join("")).toBe("default/path\n");
  }, 180_000);

  it("exits 1 naming the failing cell's index, first line and error, and still writes the notebook", async () => {
    const path = write("broken.ipynb", [
      code("const a = 1;"),
      code('// load the catalog\nthrow new Error("catalog missing for tract 4431");'),
      code('console.log("never runs");'),
    ]);
    const out = join(dir, "broken.out.ipynb");
    const { io, err } = capture();
    expect(await main(["notebook", "run", path, "--out", out], io)).toBe(1);
    const message = err.join("");
    // numbered as in the notebook, from 1; named by its first statement, not its comment
    expect(message).toContain('cell 2 failed (throw new Error("catalog missing for tract 4431");)');
    expect(message).toContain("catalog missing for tract 4431");
    const executed = JSON.parse(readFileSync(out, "utf8")) as Notebook;
    expect(executed.cells[1]?.outputs?.map(outputText).join("")).toContain("catalog missing for tract 4431");
    expect(executed.cells[2]?.outputs).toEqual([]);
  }, 180_000);

  it("numbers the failing cell as the user's notebook does when parameters were injected before it", async () => {
    const path = write("params-broken.ipynb", [
      code('const data = "default/path";', ["parameters"]),
      code('throw new Error("no data at " + data);'),
    ]);
    const out = join(dir, "params-broken.out.ipynb");
    const { io, err } = capture();
    expect(await main(["notebook", "run", path, "--out", out, "--param", "data=elsewhere"], io)).toBe(1);
    expect(err.join("")).toContain('cell 2 failed (throw new Error("no data at " + data);): ');
    expect(err.join("")).toContain("no data at elsewhere");
  }, 180_000);

  it("exits 1 on a cell that exceeds --timeout", async () => {
    const path = write("hung.ipynb", [code("await new Promise(() => {});")]);
    const out = join(dir, "hung.out.ipynb");
    const { io, err } = capture();
    expect(await main(["notebook", "run", path, "--out", out, "--timeout", "2"], io)).toBe(1);
    expect(err.join("")).toMatch(
      /cell 1 failed \(await new Promise\(\(\) => \{\}\);\): timeout: cell did not finish within 2000 ms/,
    );
  }, 180_000);

  it("exits 2 naming tslab and zeromq when they cannot be found (a folder outside any node_modules)", () => {
    const outside = mkdtempSync(join(tmpdir(), "skygate-notslab-"));
    try {
      const nb = { cells: [code("1")], metadata: {}, nbformat: 4, nbformat_minor: 5 };
      writeFileSync(join(outside, "x.ipynb"), JSON.stringify(nb));
      const tsx = pathToFileURL(createRequire(join(ROOT, "package.json")).resolve("tsx/esm")).href;
      const run = spawnSync(
        process.execPath,
        ["--import", tsx, join(ROOT, "src", "cli.ts"), "notebook", "run", "x.ipynb"],
        {
          cwd: outside,
          encoding: "utf8",
        },
      );
      expect(run.status).toBe(2);
      expect(run.stderr).toContain("needs the optional packages tslab and zeromq");
      expect(run.stderr).toContain(`tslab not found from ${outside}`);
      expect(existsSync(join(outside, "x.executed.ipynb"))).toBe(false);
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  }, 60_000);

  it("exits 2 on a missing notebook, an undeclared parameter, a bad --param and a bad subcommand", async () => {
    const path = write("p.ipynb", [code("let tract = 1;", ["parameters"])]);
    const cases: Array<[string[], RegExp]> = [
      [["notebook", "run", join(dir, "nope.ipynb")], /nope\.ipynb: no such notebook/],
      [
        ["notebook", "run", path, "--param", "trac=2"],
        /parameter trac is not declared in the parameters cell \(it declares: tract\)/,
      ],
      [["notebook", "run", path, "--param", "tract"], /--param tract: expected name=value/],
      [["notebook", "run", path, "--timeout", "soon"], /--timeout expects seconds/],
      [["notebook", "open", path], /unknown subcommand "open"/],
      [["notebook", "run", path, "--out", path], /would overwrite the notebook itself/],
    ];
    for (const [argv, pattern] of cases) {
      const { io, err } = capture();
      expect(await main(argv, io), argv.join(" ")).toBe(2);
      expect(err.join(""), argv.join(" ")).toMatch(pattern);
    }
  });
});

// The TypeScript Jupyter client: failures are reported, hung cells time out, the kernel never outlives us.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { KernelClient } from "../../tools/notebook/kernel.js";
import { NotebookError, outputText, runNotebook } from "../../tools/notebook/run.js";

const ROOT = process.cwd();
const NOTEBOOKS = join(ROOT, "notebooks");

function alive(pid: number | undefined): boolean {
  if (pid === undefined) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("KernelClient on tslab", () => {
  it("runs cells, reports compile and runtime errors, times out a hung cell and kills the kernel", async () => {
    const kernel = await KernelClient.start({ cwd: NOTEBOOKS, projectRoot: ROOT });
    const pid = kernel.pid;
    try {
      expect(alive(pid)).toBe(true);
      const ok = await kernel.execute('console.log("sum", 40 + 2)');
      expect(ok.status).toBe("ok");
      expect(ok.outputs.map(outputText).join("")).toBe("sum 42\n");

      const compile = await kernel.execute("const n: number = notDefinedAnywhere;");
      expect(compile.status).toBe("error");
      expect(compile.outputs.map(outputText).join("")).toContain("Cannot find name 'notDefinedAnywhere'");

      await sleep(400); // tslab aborts requests that arrive within 200 ms of an error
      const runtime = await kernel.execute('throw new Error("boom from a cell")');
      expect(runtime.status).toBe("error");
      expect(runtime.outputs.map(outputText).join("")).toContain("boom from a cell");

      await sleep(400);
      await expect(kernel.execute("await new Promise(() => {});", 1500)).rejects.toThrow(/did not finish/);
    } finally {
      await kernel.shutdown();
    }
    await sleep(100);
    expect(alive(pid)).toBe(false);
  }, 120_000);

  it("starts the jslab kernel from its spec too", async () => {
    const kernel = await KernelClient.start({ cwd: NOTEBOOKS, projectRoot: ROOT, kernelName: "jslab" });
    try {
      const result = await kernel.execute(
        "const xs = [1, 2, 3];\nconsole.log(xs.map((x) => x * 2).join(','))",
      );
      expect(result.status).toBe("ok");
      expect(result.outputs.map(outputText).join("")).toBe("2,4,6\n");
    } finally {
      await kernel.shutdown();
    }
  }, 120_000);
});

describe("KernelClient start failures", () => {
  it("names a kernel spec that does not exist", async () => {
    await expect(
      KernelClient.start({ cwd: NOTEBOOKS, projectRoot: ROOT, kernelName: "nope" }),
    ).rejects.toThrow(/no kernel spec .*\.jupyter\/kernels\/nope\/kernel\.json/);
  });

  it("reports a kernel command that cannot start instead of waiting for the timeout", async () => {
    const root = mkdtempSync(join(tmpdir(), "skygate-badspec-"));
    try {
      mkdirSync(join(root, ".jupyter", "kernels", "bad"), { recursive: true });
      const spec = { argv: ["skygate-no-such-kernel-binary", "{connection_file}"], language: "typescript" };
      writeFileSync(join(root, ".jupyter", "kernels", "bad", "kernel.json"), JSON.stringify(spec));
      const started = Date.now();
      await expect(
        KernelClient.start({ cwd: root, kernelName: "bad", startTimeoutMs: 30_000 }),
      ).rejects.toThrow(/exited during start[\s\S]*ENOENT/);
      expect(Date.now() - started).toBeLessThan(10_000);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

describe("runNotebook", () => {
  const dir = mkdtempSync(join(tmpdir(), "skygate-nbtest-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("stops at the failing cell and names it", async () => {
    const path = join(dir, "broken.ipynb");
    const cell = (source: string) => ({
      cell_type: "code",
      metadata: {},
      outputs: [],
      execution_count: null,
      source,
    });
    const notebook = {
      cells: [cell("const a = 1;"), cell("a.noSuchMethod();"), cell('console.log("never runs")')],
      metadata: { kernelspec: { name: "tslab" } },
      nbformat: 4,
      nbformat_minor: 5,
    };
    writeFileSync(path, JSON.stringify(notebook));
    // The temp folder has no .jupyter of its own: take the kernel spec from the project.
    const error = await runNotebook(path, { projectRoot: ROOT }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotebookError);
    expect((error as NotebookError).cellIndex).toBe(1);
    expect((error as Error).message).toContain("noSuchMethod");
  }, 120_000);
});

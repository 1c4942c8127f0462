/**
 * `skygate notebook run`: execute a notebook headless on the tslab kernel with parameters injected after its
 * `parameters` cell (as papermill does), write the executed copy, optionally export it to HTML with nbconvert.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { InputError, UsageError } from "../core/errors.js";
import { findProjectRoot } from "../notebook/kernel/client.js";
import { type Notebook, NotebookError, runNotebook } from "../notebook/kernel/run.js";
import { loadZmq, MissingKernelPackages, resolveTslab } from "../notebook/kernel/zmq.js";
import {
  injectParameters,
  ParameterError,
  type ParameterValue,
  parseParameter,
} from "../notebook/parameters.js";
import { asUsage } from "./args.js";
import type { CliIO } from "./io.js";
import { assertWritable, writeOutput } from "./outputs.js";

export const NOTEBOOK_HELP = `Usage: skygate notebook run NOTEBOOK.ipynb [options]

Executes every code cell of a TypeScript notebook headless on the tslab kernel (no Python, no Jupyter server),
after injecting a cell tagged injected-parameters right after the cell tagged parameters (metadata.tags), which
holds the defaults. Writes the executed notebook, with outputs. Needs the packages tslab and zeromq.
Exit 1 when a cell fails (the cell's index, first line and error are named; the executed notebook is still
written, up to the failing cell); 2 on usage errors, an unreadable notebook or a missing tslab/zeromq.

Options:
  --param NAME=VALUE  a parameter (repeat); numbers and true/false are literals, anything else a string.
                      NAME must be declared (const/let) in the parameters cell
  --out PATH          executed notebook (default: NOTEBOOK.executed.ipynb beside the notebook)
  --html PATH         also export the executed notebook to HTML (needs jupyter nbconvert)
  --timeout S         limit per cell in seconds (default 120)
  -h, --help          show this help
`;

const OPTIONS = {
  param: { type: "string", multiple: true },
  out: { type: "string" },
  html: { type: "string" },
  timeout: { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

function readNotebook(path: string): Notebook {
  if (!existsSync(path)) throw new InputError(path, "missing", "no such notebook");
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    throw new InputError(path, "corrupt", `not a notebook (JSON): ${(error as Error).message}`);
  }
  const cells = (parsed as { cells?: unknown }).cells;
  if (typeof parsed !== "object" || parsed === null || !Array.isArray(cells))
    throw new InputError(path, "corrupt", "not a notebook (no cells list)");
  return parsed as Notebook;
}

/** The kernel to start: the project's `.jupyter/kernels` spec when there is one, else tslab from node_modules. */
function kernelChoice(folder: string, notebook: Notebook): { projectRoot?: string; argv?: string[] } {
  for (const from of [folder, process.cwd()]) {
    try {
      return { projectRoot: findProjectRoot(from) };
    } catch {
      // no kernel spec above this folder
    }
  }
  const bin = join(dirname(resolveTslab(folder)), "bin", "tslab");
  const js = notebook.metadata.kernelspec?.name === "jslab" ? ["--js"] : [];
  return { argv: [process.execPath, bin, "kernel", ...js, "--config-path", "{connection_file}"] };
}

function exportHtml(notebookPath: string, htmlPath: string): string | undefined {
  const probe = spawnSync("jupyter", ["nbconvert", "--version"], { encoding: "utf8" });
  if (probe.error || probe.status !== 0)
    return "jupyter nbconvert is not available (install nbconvert, e.g. apt-get install jupyter-nbconvert)";
  const full = resolve(htmlPath);
  const run = spawnSync(
    "jupyter",
    ["nbconvert", "--to", "html", "--output-dir", dirname(full), "--output", basename(full), notebookPath],
    { encoding: "utf8" },
  );
  if (run.status !== 0 || !existsSync(full)) {
    // nbconvert ends with a Python traceback: its last "…Error: …" line says why.
    const lines = `${run.stderr ?? ""}\n${run.error?.message ?? ""}`
      .split("\n")
      .filter((l) => l.trim() !== "");
    const why = [...lines].reverse().find((l) => /Error\b/.test(l)) ?? lines[lines.length - 1] ?? "";
    return `jupyter nbconvert failed: ${why.trim()}`;
  }
  return undefined;
}

/**
 * Runs `skygate notebook …` and returns its exit code (throws UsageError / InputError for exit 2).
 * @example await runNotebookCommand(["open", "x.ipynb"], { version: "0", stdout: () => {}, stderr: () => {}, stderrIsTTY: false }) // throws UsageError: notebook: unknown subcommand
 */
export async function runNotebookCommand(argv: readonly string[], io: CliIO): Promise<number> {
  const { values, positionals } = asUsage("notebook", () =>
    parseArgs({ args: [...argv], options: OPTIONS, strict: true, allowPositionals: true }),
  );
  if (values.help) {
    io.stdout(NOTEBOOK_HELP);
    return 0;
  }
  const [sub, path, ...extra] = positionals;
  if (sub !== "run")
    throw new UsageError(
      `notebook: unknown subcommand "${sub ?? ""}" (usage: skygate notebook run NOTEBOOK.ipynb)`,
    );
  if (path === undefined)
    throw new UsageError("notebook run needs NOTEBOOK.ipynb (see skygate notebook --help)");
  if (extra.length > 0) throw new UsageError(`notebook run takes one notebook, got also ${extra.join(" ")}`);
  const timeout = values.timeout;
  if (timeout !== undefined && !(/^\d+(\.\d+)?$/.test(timeout) && Number(timeout) > 0))
    throw new UsageError(`--timeout expects seconds (a positive number), got "${timeout}"`);
  const out = values.out ?? join(dirname(path), `${basename(path, ".ipynb")}.executed.ipynb`);
  if (resolve(out) === resolve(path))
    throw new UsageError(`--out ${out} would overwrite the notebook itself`);
  assertWritable({ "--out": out, "--html": values.html });

  let params: Array<[string, ParameterValue]>;
  let notebook = readNotebook(path);
  try {
    params = (values.param ?? []).map(parseParameter);
    if (params.length > 0) notebook = injectParameters(notebook, params);
  } catch (error) {
    if (error instanceof ParameterError) throw new UsageError(`${path}: ${error.message}`);
    throw error;
  }

  const folder = dirname(resolve(path));
  let kernel: { projectRoot?: string; argv?: string[] };
  try {
    loadZmq(folder);
    kernel = kernelChoice(folder, notebook);
  } catch (error) {
    if (error instanceof MissingKernelPackages) throw new UsageError(error.message);
    throw error;
  }

  const started = Date.now();
  let failure: NotebookError | undefined;
  let executed: Notebook;
  let cellCount = 0;
  try {
    const run = await runNotebook(path, {
      notebook,
      ...kernel,
      ...(timeout !== undefined ? { cellTimeoutMs: Number(timeout) * 1000 } : {}),
    });
    executed = run.notebook;
    cellCount = run.cells.length;
  } catch (error) {
    if (!(error instanceof NotebookError)) {
      const first = (error as Error).message.split("\n")[0];
      throw new UsageError(`${path}: the notebook kernel could not run: ${first}`);
    }
    failure = error;
    executed = error.notebook ?? notebook;
  }
  writeOutput(out, `${JSON.stringify(executed, null, 1)}\n`);

  if (failure) {
    const detail = failure.detail
      .split("\n") // The error, not the kernel's own stack frames.
      // tslab prefixes a thrown error with where it was (evalmachine.<anonymous>:N and a caret under the line)
      .filter(
        (line) =>
          line.trim() !== "" &&
          !/^status /.test(line) &&
          !/^\s+at /.test(line) &&
          !/^evalmachine\.<anonymous>:\d+$/.test(line.trim()) &&
          !/^\s*\^+\s*$/.test(line),
      );
    // Cells as the user's notebook numbers them (from 1): the injected parameters cell is not in it.
    const injectedAt = executed.cells.findIndex((c) => c.id === "injected-parameters");
    const place =
      failure.cellIndex === injectedAt
        ? "the injected parameters cell"
        : `cell ${failure.cellIndex + (injectedAt >= 0 && failure.cellIndex > injectedAt ? 0 : 1)}`;
    io.stderr(
      `skygate: ${path}: ${place} failed (${failure.firstLine}): ${detail.slice(0, 3).join(" | ")}\n` +
        `skygate: executed notebook up to the failing cell: ${out}\n`,
    );
    return 1;
  }
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  const shown = params.map(([name, value]) => `${name}=${JSON.stringify(value)}`).join(", ");
  io.stdout(
    `${path}: ${cellCount} cells ok in ${seconds} s${shown ? ` (parameters ${shown})` : ""} -> ${out}\n`,
  );
  if (values.html !== undefined) {
    const problem = exportHtml(out, values.html);
    if (problem) {
      io.stderr(`skygate: --html ${values.html}: ${problem}; the executed notebook is ${out}\n`);
      return 2;
    }
    io.stdout(`HTML -> ${values.html}\n`);
  }
  return 0;
}

/**
 * Notebooks inside a gate, run as `skygate notebook run` runs them (papermill-style parameters, headless tslab
 * kernel): each notebook is read, its parameters checked and the kernel packages found before any check runs
 * (a problem is an InputError naming the gate file's `notebook` line); a failing cell fails the notebook's
 * result; the executed notebook, rendered as HTML, goes into the gate's HTML report.
 */
import { existsSync, readFileSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { InputError } from "../core/errors.js";
import type { CheckResult } from "../core/results.js";
import type { Notebook } from "../notebook/kernel/run.js";
import { injectParameters, type ParameterValue } from "../notebook/parameters.js";
import { notebookHtml } from "./notebook-html.js";
import type { NotebookSpec } from "./types.js";

/** A notebook ready to run: parameters injected, kernel command chosen. */
export interface PreparedNotebook {
  spec: NotebookSpec;
  notebook: Notebook;
  kernel: { projectRoot?: string; argv?: string[] };
}

/** How a gate's notebook ran (JSON-safe; the rendered HTML is kept beside it for the HTML report). */
export interface NotebookOutcome {
  path: string;
  params: Record<string, string | number | boolean>;
  status: "pass" | "fail";
  /** Code cells run (up to the failing one). */
  cells: number;
  /** Index of the failing cell in the notebook, its first line and the error. */
  failedCell?: { index: number; firstLine: string; error: string };
}

function fail(gatePath: string, spec: NotebookSpec, detail: string): never {
  throw new InputError(
    gatePath,
    "schema",
    `notebook ${spec.path}: ${detail}`,
    spec.line === undefined ? undefined : { line: spec.line },
  );
}

/**
 * Reads a gate's notebook, injects its parameters (undeclared names refused) and finds the kernel.
 * @example await prepareNotebook("g.yaml", { path: "no/such.ipynb", params: {} }) // throws no such notebook
 */
export async function prepareNotebook(gatePath: string, spec: NotebookSpec): Promise<PreparedNotebook> {
  if (!existsSync(spec.path)) fail(gatePath, spec, "no such notebook");
  let notebook: Notebook;
  try {
    notebook = JSON.parse(readFileSync(spec.path, "utf8")) as Notebook;
  } catch (error) {
    fail(gatePath, spec, `not a notebook (JSON): ${(error as Error).message}`);
  }
  if (typeof notebook !== "object" || notebook === null || !Array.isArray(notebook.cells))
    fail(gatePath, spec, "not a notebook (no cells list)");
  const params = Object.entries(spec.params) as Array<[string, ParameterValue]>;
  try {
    if (params.length > 0) notebook = injectParameters(notebook, params);
  } catch (error) {
    fail(gatePath, spec, (error as Error).message);
  }
  const { findProjectRoot } = await import("../notebook/kernel/client.js");
  const { loadZmq, resolveTslab } = await import("../notebook/kernel/zmq.js");
  const folder = dirname(resolve(spec.path));
  try {
    loadZmq(folder);
  } catch (error) {
    fail(gatePath, spec, `cannot run notebooks here: ${(error as Error).message}`);
  }
  for (const from of [folder, process.cwd()]) {
    try {
      return { spec, notebook, kernel: { projectRoot: findProjectRoot(from) } };
    } catch {
      // no kernel spec above this folder
    }
  }
  const bin = join(dirname(resolveTslab(folder)), "bin", "tslab");
  const js = notebook.metadata?.kernelspec?.name === "jslab" ? ["--js"] : [];
  return {
    spec,
    notebook,
    kernel: { argv: [process.execPath, bin, "kernel", ...js, "--config-path", "{connection_file}"] },
  };
}

/**
 * Runs a prepared notebook: its `notebook` result (`notebook.NAME.notebook`: pass, or fail naming the cell),
 * the outcome for the JSON report, and the executed notebook as HTML.
 * @example
 * const step = await runNotebookStep(await prepareNotebook("g.yaml", { path: "test/gate/data/ok.ipynb", params: { answer: 42 } }));
 * step.result.status // "pass"
 */
export async function runNotebookStep(
  prepared: PreparedNotebook,
): Promise<{ result: CheckResult; outcome: NotebookOutcome; html: string }> {
  const { runNotebook, NotebookError } = await import("../notebook/kernel/run.js");
  const { spec } = prepared;
  const name = basename(spec.path, ".ipynb");
  let executed: Notebook;
  let cells = 0;
  let failedCell: NotebookOutcome["failedCell"];
  try {
    const run = await runNotebook(spec.path, {
      notebook: prepared.notebook,
      ...prepared.kernel,
      ...(spec.timeout !== undefined ? { cellTimeoutMs: spec.timeout * 1000 } : {}),
    });
    executed = run.notebook;
    cells = run.cells.length;
  } catch (error) {
    if (!(error instanceof NotebookError)) {
      // The kernel did not start or died: the notebook could not run, which is not a pass.
      const first = (error as Error).message.split("\n")[0];
      const outcome: NotebookOutcome = { path: spec.path, params: spec.params, status: "fail", cells: 0 };
      return {
        result: notebookResult(name, "error", `notebook ${spec.path} could not run: ${first}`, 0),
        outcome,
        html: "",
      };
    }
    executed = error.notebook ?? prepared.notebook;
    const lines = error.detail
      .split("\n")
      .filter((l) => l.trim() !== "" && !/^status /.test(l) && !/^\s+at /.test(l));
    // The thrown error's own line when there is one (the kernel also echoes stdout and the source line).
    const thrown = lines.find((l) => /^\s*\w*(Error|Exception)(\s*\[[^\]]*\])?:/.test(l));
    const detail = thrown?.trim() ?? lines.slice(0, 3).join(" | ");
    failedCell = { index: error.cellIndex, firstLine: error.firstLine, error: detail };
    cells = executed.cells.filter((c) => c.cell_type === "code" && c.outputs !== undefined).length;
  }
  const outcome: NotebookOutcome = {
    path: spec.path,
    params: spec.params,
    status: failedCell ? "fail" : "pass",
    cells,
    ...(failedCell ? { failedCell } : {}),
  };
  const message = failedCell
    ? `notebook ${basename(spec.path)}: cell ${failedCell.index} failed (${failedCell.firstLine}): ${failedCell.error}`
    : `notebook ${basename(spec.path)}: ${cells} code cells ran without error`;
  return {
    result: notebookResult(name, failedCell ? "fail" : "pass", message, failedCell ? 1 : 0, cells),
    outcome,
    html: notebookHtml(executed, spec.path),
  };
}

function notebookResult(
  name: string,
  status: CheckResult["status"],
  message: string,
  failing: number,
  total = 1,
): CheckResult {
  return {
    id: `notebook.${name}.notebook`,
    table: "notebook",
    column: name,
    check: "notebook",
    status,
    failing,
    total: Math.max(total, failing),
    message,
    sample: [],
  };
}

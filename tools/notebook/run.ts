/** Execute a whole .ipynb on its kernel with KernelClient: cells in order, stop at the first failure. */
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { KernelClient, type NotebookOutput } from "./kernel.js";

/** The parts of an nbformat 4 notebook the runner reads and writes. */
export interface Notebook {
  cells: NotebookCell[];
  metadata: { kernelspec?: { name?: string } } & Record<string, unknown>;
  nbformat: number;
  nbformat_minor: number;
}

export interface NotebookCell {
  cell_type: "code" | "markdown" | "raw";
  source: string | string[];
  metadata: Record<string, unknown>;
  outputs?: NotebookOutput[];
  execution_count?: number | null;
}

export interface CellRun {
  /** Index of the cell in `notebook.cells`. */
  index: number;
  source: string;
  outputs: NotebookOutput[];
  ms: number;
}

export interface NotebookRun {
  path: string;
  /** The notebook with outputs and execution counts filled in. */
  notebook: Notebook;
  cells: CellRun[];
  ms: number;
}

export interface RunOptions {
  /** Per-cell limit in milliseconds (default 120 s). */
  cellTimeoutMs?: number;
  startTimeoutMs?: number;
  /** Folder with .jupyter/kernels (default: nearest ancestor of the notebook that has one). */
  projectRoot?: string;
}

/** A cell that failed, with the text the kernel wrote (tslab puts compile and runtime errors on streams). */
export class NotebookError extends Error {
  constructor(
    readonly path: string,
    readonly cellIndex: number,
    detail: string,
  ) {
    super(`${path}: cell ${cellIndex} failed\n${detail}`);
    this.name = "NotebookError";
  }
}

/** Cell source as one string (nbformat allows a string or a list of lines). */
export function sourceText(cell: NotebookCell): string {
  return Array.isArray(cell.source) ? cell.source.join("") : cell.source;
}

/** Every text an output carries, for error messages and assertions. */
export function outputText(output: NotebookOutput): string {
  switch (output.output_type) {
    case "stream":
      return output.text;
    case "error":
      return [`${output.ename}: ${output.evalue}`, ...output.traceback].join("\n");
    default:
      return Object.values(output.data)
        .map((value) => (typeof value === "string" ? value : JSON.stringify(value)))
        .join("\n");
  }
}

/**
 * Run every code cell of a notebook in a fresh kernel started in the notebook's folder. Throws
 * NotebookError at the first cell whose status is not ok or that emits an error output; the kernel is
 * always shut down.
 * @example const run = await runNotebook("notebooks/01-first-look.ipynb");
 */
export async function runNotebook(path: string, options: RunOptions = {}): Promise<NotebookRun> {
  const started = Date.now();
  const absolute = resolve(path);
  const notebook = JSON.parse(readFileSync(absolute, "utf8")) as Notebook;
  const kernel = await KernelClient.start({
    cwd: dirname(absolute),
    kernelName: notebook.metadata.kernelspec?.name ?? "tslab",
    startTimeoutMs: options.startTimeoutMs,
    projectRoot: options.projectRoot,
  });
  const cells: CellRun[] = [];
  try {
    for (const [index, cell] of notebook.cells.entries()) {
      if (cell.cell_type !== "code") continue;
      const source = sourceText(cell);
      if (source.trim() === "") {
        cell.outputs = [];
        cell.execution_count = null;
        continue;
      }
      const cellStarted = Date.now();
      const result = await kernel.execute(source, options.cellTimeoutMs);
      cell.outputs = result.outputs;
      cell.execution_count = result.executionCount;
      cells.push({ index, source, outputs: result.outputs, ms: Date.now() - cellStarted });
      const errored = result.outputs.some((output) => output.output_type === "error");
      if (result.status !== "ok" || errored) {
        const text = result.outputs.map(outputText).join("\n").trim();
        throw new NotebookError(path, index, `status ${result.status}\n${text || "(no output)"}`);
      }
    }
  } finally {
    await kernel.shutdown();
  }
  return { path, notebook, cells, ms: Date.now() - started };
}

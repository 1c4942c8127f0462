/** Execute a whole .ipynb on its kernel with KernelClient: cells in order, stop at the first failure. */
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { KernelClient, type NotebookOutput } from "./client.js";

/** The parts of an nbformat 4 notebook the runner reads and writes. */
export interface Notebook {
  cells: NotebookCell[];
  metadata: { kernelspec?: { name?: string } } & Record<string, unknown>;
  nbformat: number;
  nbformat_minor: number;
}

export interface NotebookCell {
  /** nbformat ≥ 4.5 cell id. */
  id?: string;
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
  /** The kernel command, instead of a kernel spec under `.jupyter/kernels` (see KernelOptions.argv). */
  argv?: readonly string[];
  /** Run this notebook (e.g. with injected parameters) instead of reading `path`; the kernel still starts in its folder. */
  notebook?: Notebook;
}

/**
 * A cell that failed, with the text the kernel wrote (tslab puts compile and runtime errors on streams) and the
 * notebook as executed up to and including that cell (its outputs show the error, as papermill keeps them).
 */
export class NotebookError extends Error {
  constructor(
    readonly path: string,
    readonly cellIndex: number,
    readonly detail: string,
    readonly firstLine = "",
    readonly notebook?: Notebook,
  ) {
    super(`${path}: cell ${cellIndex}${firstLine ? ` (${firstLine})` : ""} failed\n${detail}`);
    this.name = "NotebookError";
  }
}

/**
 * First line of code of a cell's source (else its first non-blank line), trimmed and cut to 80 characters, to
 * name a cell in messages: a leading comment says less about the cell than its first statement.
 * @example firstSourceLine("\n  a.noSuchMethod();\nmore") // "a.noSuchMethod();"
 * @example firstSourceLine("// (tslab loses variables)\nconst r = run();") // "const r = run();"
 */
export function firstSourceLine(source: string): string {
  const lines = source.split(/\r?\n/).filter((l) => l.trim() !== "");
  const line = lines.find((l) => !/^\s*(\/\/|#|\/\*|\*)/.test(l)) ?? lines[0] ?? "";
  const trimmed = line.trim();
  return trimmed.length > 80 ? `${trimmed.slice(0, 79)}…` : trimmed;
}

/**
 * Cell source as one string (nbformat allows a string or a list of lines).
 * @example sourceText({ cell_type: "code", source: ["a = 1\n", "b"], metadata: {} }) // "a = 1\nb"
 */
export function sourceText(cell: NotebookCell): string {
  return Array.isArray(cell.source) ? cell.source.join("") : cell.source;
}

/**
 * Every text an output carries, for error messages and assertions.
 * @example outputText({ output_type: "error", ename: "Error", evalue: "boom", traceback: [] }) // "Error: boom"
 */
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
 * @example await runNotebook("no/such/notebook.ipynb") // throws ENOENT
 */
export async function runNotebook(path: string, options: RunOptions = {}): Promise<NotebookRun> {
  const started = Date.now();
  const absolute = resolve(path);
  const notebook = options.notebook ?? (JSON.parse(readFileSync(absolute, "utf8")) as Notebook);
  const kernel = await KernelClient.start({
    cwd: dirname(absolute),
    kernelName: notebook.metadata.kernelspec?.name ?? "tslab",
    startTimeoutMs: options.startTimeoutMs,
    projectRoot: options.projectRoot,
    argv: options.argv,
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
      const first = firstSourceLine(source);
      let result: Awaited<ReturnType<KernelClient["execute"]>>;
      try {
        result = await kernel.execute(source, options.cellTimeoutMs);
      } catch (error) {
        // A hung cell: record why in the notebook itself, as an error output.
        const message = (error as Error).message.split("\n")[0] ?? "";
        cell.outputs = [{ output_type: "error", ename: "Timeout", evalue: message, traceback: [] }];
        cell.execution_count = null;
        throw new NotebookError(path, index, `timeout: ${message}`, first, notebook);
      }
      cell.outputs = result.outputs;
      cell.execution_count = result.executionCount;
      cells.push({ index, source, outputs: result.outputs, ms: Date.now() - cellStarted });
      const errored = result.outputs.some((output) => output.output_type === "error");
      if (result.status !== "ok" || errored) {
        const text = result.outputs.map(outputText).join("\n").trim();
        throw new NotebookError(
          path,
          index,
          `status ${result.status}\n${text || "(no output)"}`,
          first,
          notebook,
        );
      }
    }
  } finally {
    await kernel.shutdown();
  }
  return { path, notebook, cells, ms: Date.now() - started };
}

/**
 * An executed notebook as an HTML fragment for the gate report: Markdown and code cells as text, outputs as
 * the kernel gave them (HTML, PNG/SVG images, plotly figures, text, errors). No nbconvert needed, so the
 * report stays one offline file.
 */
import type { Notebook, NotebookCell } from "../notebook/kernel/run.js";
import { escapeXml as esc } from "../report/escape.js";

const PLOTLY_MIME = "application/vnd.plotly.v1+json";
let figures = 0;

function source(cell: NotebookCell): string {
  return Array.isArray(cell.source) ? cell.source.join("") : cell.source;
}

function text(value: unknown): string {
  return Array.isArray(value) ? value.join("") : String(value);
}

function bundle(data: Record<string, unknown>): string {
  if (data[PLOTLY_MIME] !== undefined) {
    // Plotly is already on the gate report's page when it has figures; the id stays unique within the page.
    const id = `skygate-nb-fig-${figures++}`;
    const json = JSON.stringify(data[PLOTLY_MIME]).replace(/</g, "\\u003c");
    return `<div id="${id}"></div><script>(function(){var f=${json};if(window.Plotly)Plotly.newPlot(${JSON.stringify(id)},f.data,f.layout||{},f.config||{});})();</script>`;
  }
  if (data["text/html"] !== undefined) return `<div class="nb-html">${text(data["text/html"])}</div>`;
  if (data["image/png"] !== undefined)
    return `<img alt="output" src="data:image/png;base64,${esc(text(data["image/png"]).trim())}">`;
  if (data["image/svg+xml"] !== undefined) return text(data["image/svg+xml"]);
  if (data["text/markdown"] !== undefined)
    return `<pre class="nb-md">${esc(text(data["text/markdown"]))}</pre>`;
  if (data["text/plain"] !== undefined) return `<pre>${esc(text(data["text/plain"]))}</pre>`;
  return "";
}

/**
 * The executed notebook as HTML (a `<section>`), its cells in order with their outputs.
 * @example notebookHtml({ cells: [{ cell_type: "code", source: "1 + 1", metadata: {}, outputs: [{ output_type: "execute_result", data: { "text/plain": "2" }, metadata: {}, execution_count: 1 }] }], metadata: {}, nbformat: 4, nbformat_minor: 5 }, "n.ipynb").includes("<pre>2</pre>") // true
 */
export function notebookHtml(notebook: Notebook, path: string): string {
  const out = [`<section class="notebook"><h2>Notebook <code>${esc(path)}</code></h2>`];
  for (const cell of notebook.cells) {
    const src = source(cell);
    if (cell.cell_type === "markdown") {
      out.push(`<pre class="nb-md" style="white-space:pre-wrap">${esc(src)}</pre>`);
      continue;
    }
    if (cell.cell_type !== "code") continue;
    const count = cell.execution_count ?? " ";
    out.push(
      `<div class="nb-cell"><pre class="nb-in" style="background:#f6f8fa;padding:4px"><span style="color:#6e7781">[${count}]</span> ${esc(src)}</pre>`,
    );
    for (const o of cell.outputs ?? []) {
      if (o.output_type === "stream")
        out.push(
          `<pre class="nb-${o.name}"${o.name === "stderr" ? ' style="color:#cf222e"' : ""}>${esc(o.text)}</pre>`,
        );
      else if (o.output_type === "error")
        out.push(
          `<pre class="nb-error" style="color:#cf222e">${esc(`${o.ename}: ${o.evalue}\n${o.traceback.join("\n")}`)}</pre>`,
        );
      else out.push(bundle(o.data));
    }
    out.push("</div>");
  }
  out.push("</section>");
  return out.join("\n");
}

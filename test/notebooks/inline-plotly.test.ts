// Export-time plotly rewrite: JSON outputs gain an HTML rendering; the library is inlined only once.
import { describe, expect, it } from "vitest";
import { inlinePlotly } from "../../tools/inline-plotly.js";
import type { Notebook } from "../../tools/notebook/run.js";

const figure = (title: string) => ({
  data: [{ type: "bar", y: [1, 2] }],
  layout: { title: { text: title } },
});

function notebookWith(...figures: unknown[]): Notebook {
  return {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: {},
    cells: [
      { cell_type: "markdown", source: "# t", metadata: {} },
      {
        cell_type: "code",
        source: "",
        metadata: {},
        execution_count: 1,
        outputs: [
          { output_type: "stream", name: "stdout", text: "hi\n" },
          ...figures.map((f) => ({
            output_type: "display_data" as const,
            data: { "application/vnd.plotly.v1+json": f },
            metadata: {},
          })),
        ],
      },
    ],
  };
}

describe("inlinePlotly", () => {
  it("adds text/html to each plotly output and inlines the library in the first only", () => {
    const notebook = notebookWith(figure("a"), figure("</script><b>x"));
    let loads = 0;
    const count = inlinePlotly(notebook, () => {
      loads++;
      return "/*PLOTLY*/";
    });
    expect(count).toBe(2);
    expect(loads).toBe(1);
    const outputs = notebook.cells[1].outputs ?? [];
    const html = outputs.map((o) => (o.output_type === "display_data" ? String(o.data["text/html"]) : ""));
    expect(html[1]).toMatch(
      /^<script data-skygate="plotly.js">\/\*PLOTLY\*\/<\/script><div id="plotly-export-0">/,
    );
    expect(html[2]).toMatch(/^<div id="plotly-export-1">/);
    // A title containing </script> must not end the script element early.
    expect(html[2]).not.toContain("</script><b>");
    expect(html[2]).toContain("\\u003c/script>\\u003cb>x");
    // The JSON output itself is kept for front ends that render it natively.
    expect(
      outputs[1].output_type === "display_data" && outputs[1].data["application/vnd.plotly.v1+json"],
    ).toEqual(figure("a"));
  });

  it("keeps outputs that already render (showPlotly's) and does not inline the library twice", () => {
    const notebook = notebookWith(figure("a"), figure("b"));
    const outputs = notebook.cells[1].outputs ?? [];
    if (outputs[1].output_type === "display_data")
      outputs[1].data["text/html"] = '<script data-skygate="plotly.js">/*LIB*/</script><div id="x"></div>';
    const count = inlinePlotly(notebook, () => {
      throw new Error("should not be loaded");
    });
    expect(count).toBe(1);
    const html = outputs.map((o) => (o.output_type === "display_data" ? String(o.data["text/html"]) : ""));
    expect(html[1]).toBe('<script data-skygate="plotly.js">/*LIB*/</script><div id="x"></div>');
    expect(html[2]).toMatch(/^<div id="plotly-export-0">/);
  });

  it("leaves notebooks without plotly outputs alone and does not load the library", () => {
    const notebook = notebookWith();
    const before = JSON.stringify(notebook);
    const count = inlinePlotly(notebook, () => {
      throw new Error("should not be loaded");
    });
    expect(count).toBe(0);
    expect(JSON.stringify(notebook)).toBe(before);
  });
});

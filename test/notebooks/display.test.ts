// src/notebook helpers outside a kernel: HTML of tables, plotly JSON, and a clear failure when showing.
import { type Field, Float64, Int64, Table, tableFromArrays, Utf8, vectorFromArray } from "apache-arrow";
import { describe, expect, it } from "vitest";
import type { SkyTable } from "../../src/io/table.js";
import {
  display,
  PLOTLY_LIBRARY_MARK,
  PLOTLY_MIME,
  plotlyBundle,
  plotlyJson,
  showTable,
  tableHtml,
} from "../../src/notebook/index.js";

const table = new Table({
  id: vectorFromArray([9007199254740993n, 2n, null], new Int64()),
  flux: vectorFromArray([Number.NaN, null, Number.NEGATIVE_INFINITY], new Float64()),
  note: vectorFromArray(["<b>x</b>", "a & b", null], new Utf8()),
});

describe("tableHtml", () => {
  it("labels columns with Arrow types and tells null, NaN and -Inf apart", () => {
    const html = tableHtml(table);
    expect(html).toContain("<th>id<small>Int64</small></th>");
    expect(html).toContain("<th>flux<small>Float64</small></th>");
    expect(html).toContain("<th>note<small>Utf8</small></th>");
    // 2^53 + 1 survives only as bigint.
    expect(html).toContain("<td>9007199254740993</td>");
    expect(html).toContain('<td><span class="skygate-nan">NaN</span></td>');
    expect(html).toContain('<td><span class="skygate-inf">-Inf</span></td>');
    // nulls: id row 3, flux row 2, note row 3
    expect(html.match(/skygate-null">null/g)?.length).toBe(3);
  });

  it("escapes text so cell content cannot inject markup", () => {
    const html = tableHtml(table);
    expect(html).toContain("<td>&lt;b&gt;x&lt;/b&gt;</td>");
    expect(html).toContain("<td>a &amp; b</td>");
    expect(html).not.toContain("<b>x</b>");
  });

  it("shows the first rows and the chosen columns only, and says so", () => {
    const html = tableHtml(table, { rows: 1, columns: ["note", "id"] });
    expect(html.match(/<tr><td>/g)?.length).toBe(1);
    expect(html.indexOf("<th>note")).toBeLessThan(html.indexOf("<th>id"));
    expect(html).not.toContain("<th>flux");
    expect(html).toContain("3 rows × 3 columns (showing 1 rows, 2 columns (1 more not shown))");
  });

  it("rejects a column the table does not have", () => {
    expect(() => tableHtml(table, { columns: ["nope"] })).toThrow(/no column nope/);
  });

  it("captions a SkyTable with its name and source, and shows units from field metadata", () => {
    const withUnit = new Table({ ra: vectorFromArray([10.5], new Float64()) });
    const field = withUnit.schema.fields[0] as Field;
    field.metadata.set("unit", "deg");
    const sky: SkyTable = {
      name: "Object",
      data: withUnit,
      sources: [{ path: "data/a.parquet", format: "parquet", rows: 1 }],
    };
    const html = tableHtml(sky);
    expect(html).toContain("<b>Object</b>: 1 rows × 1 columns");
    expect(html).toContain("from data/a.parquet (parquet)");
    expect(html).toContain("<th>ra<small>Float64 [deg]</small></th>");
  });

  it("handles a table with no rows", () => {
    const empty = tableFromArrays({ x: new Float64Array(0) });
    const html = tableHtml(empty);
    expect(html).toContain("0 rows × 1 columns");
    expect(html).not.toContain("<tr><td>");
  });
});

describe("plotlyJson", () => {
  it("makes typed arrays plain and non-finite values null", () => {
    const figure = plotlyJson({
      data: [
        { type: "scatter", x: Float64Array.from([1, Number.NaN, 3]), y: [Number.POSITIVE_INFINITY, 2, 4n] },
      ],
      layout: { title: { text: "t" } },
    });
    expect(figure.data[0]).toEqual({ type: "scatter", x: [1, null, 3], y: [null, 2, 4] });
    expect(figure.layout).toEqual({ title: { text: "t" } });
  });
});

describe("plotlyBundle", () => {
  const figure = {
    data: [{ type: "bar", y: [1, Number.NaN] }],
    layout: { title: { text: "a </script> b" } },
  };

  it("carries the plotly JSON, an HTML fallback and a text line in one output", () => {
    const bundle = plotlyBundle(figure, { id: "f1" });
    expect(Object.keys(bundle)).toEqual([PLOTLY_MIME, "text/html", "text/plain"]);
    expect(bundle[PLOTLY_MIME]).toEqual(plotlyJson(figure));
    expect(bundle["text/plain"]).toBe("plotly figure: a </script> b (1 traces)");
    const html = String(bundle["text/html"]);
    expect(html).toContain('<div class="skygate-figure" id="f1"></div>');
    expect(html).toContain("Plotly.newPlot(el,f.data");
    // The title cannot close the script early, and without plotly.js on the page the div says why it is empty.
    expect(html).not.toContain("a </script> b");
    expect(html).toContain("plotly.js is not loaded on this page");
    expect(html).not.toContain(PLOTLY_LIBRARY_MARK);
  });

  it("inlines the library given, before the figure, in a marked script element", () => {
    const html = String(plotlyBundle(figure, { id: "f2", library: "/*PLOTLY*/" })["text/html"]);
    expect(html.startsWith(`<script ${PLOTLY_LIBRARY_MARK}>/*PLOTLY*/</script><div`)).toBe(true);
  });
});

describe("showTable and display outside a kernel", () => {
  it("throw instead of silently showing nothing", () => {
    expect(() => showTable(table)).toThrow(/no running tslab kernel/);
    expect(() => display({ results: [] })).toThrow(/no running tslab kernel/);
  });
});

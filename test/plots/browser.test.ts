// A real browser: the exported check and profile reports are opened in Debian's headless Chromium (through
// playwright-core, no browser download); every figure must render, WebGL point maps must draw pixels,
// nothing may reach the network or log an error. Screenshots are left in build/browser/ to look at.
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { CliIO } from "../../src/cli/io.js";
import { main } from "../../src/cli/main.js";
import { inspectHtml, writeFigureHtml } from "../../src/plots/export.js";
import { skyMap } from "../../src/plots/map.js";

const OUT = join(process.cwd(), "build", "browser");
mkdirSync(OUT, { recursive: true });

function io(): CliIO & { err: string[] } {
  const err: string[] = [];
  return {
    stdout: () => {},
    stderr: (t: string) => err.push(t),
    stderrIsTTY: false,
    version: "test",
    err,
  } as CliIO & {
    err: string[];
  };
}

describe("reports in headless Chromium", () => {
  it("Chromium is installed where the export looks for it", () => {
    expect(existsSync(process.env.SKYGATE_CHROMIUM ?? "/usr/bin/chromium")).toBe(true);
  });

  it("the pilot's check report renders every figure offline, with no console errors", async () => {
    const html = join(OUT, "check-report.html");
    const cli = io();
    const code = await main(
      [
        "check",
        "--schema",
        "fixtures/schemas/dp02_dc2.yaml",
        "--table",
        "Object=fixtures/pilot/Object.parquet",
        "--table",
        "Source=fixtures/pilot/Source.parquet",
        "--html",
        html,
        "--png",
        join(OUT, "check-report-cli.png"),
        "--quiet",
      ],
      cli,
    );
    expect(code).toBe(1);
    expect(cli.err.join("")).toBe("");
    // --png: the top of the same report, rendered by headless Chromium
    expect(readFileSync(join(OUT, "check-report-cli.png")).subarray(1, 4).toString()).toBe("PNG");
    const text = readFileSync(html, "utf8");
    // plotly.js inlined exactly once; no external script or stylesheet (the page must work offline)
    expect(text.match(/\* plotly\.js v\d/g)?.length).toBe(1);
    expect(/<script[^>]+src=/i.test(text)).toBe(false);
    expect(/<link[^>]+href=/i.test(text)).toBe(false);
    const seen = await inspectHtml(html, join(OUT, "check-report.png"), {
      width: 1300,
      height: 2400,
      fullPage: false,
    });
    expect(seen.problems).toEqual([]);
    expect(seen.figures).toBeGreaterThanOrEqual(4); // overview, Object and Source sky maps, patch map, histograms
    expect(seen.rendered).toBe(seen.figures);
  }, 180_000);

  it("a scattergl point map draws non-blank WebGL pixels", async () => {
    const n = 2000;
    const ra = Float64Array.from({ length: n }, (_, i) => 50 + (i % 50) * 0.2);
    const dec = Float64Array.from({ length: n }, (_, i) => -40 + Math.floor(i / 50) * 0.2);
    const html = join(OUT, "points.html");
    writeFigureHtml(
      skyMap({ center: [60, 0] })
        .points({ ra, dec, value: dec }, { size: 4 })
        .figure({ title: "points" }),
      html,
    );
    const seen = await inspectHtml(html, join(OUT, "points.png"));
    expect(seen.problems).toEqual([]);
    expect(seen.rendered).toBe(1);
    expect(seen.glNonBlank).toBeGreaterThanOrEqual(1);
  }, 120_000);
});
